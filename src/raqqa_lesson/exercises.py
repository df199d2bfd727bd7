"""Self-checks: questions whose answers come from the data, with feedback that explains.

Each exercise checks an answer and says why a wrong one is wrong, without giving the right one
away. ``ask`` shows an exercise as a small widget; ``check`` answers in plain Python, so the
exercises also work where widgets do not (a terminal, a read-only viewer, any notebook app).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import ipywidgets as widgets
import pandas as pd

from raqqa_lesson.datapackage import Lesson, chain_links
from raqqa_lesson.explore import WithLead
from raqqa_lesson.places import distance
from raqqa_lesson.timelines import forecast_windows


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer, with the reason."""

    correct: bool
    message: str

    def __str__(self) -> str:
        return f"{'✔ Right' if self.correct else '✘ Not yet'}: {self.message}"

    def _repr_html_(self) -> str:
        colour = "#006442" if self.correct else "#9a3a00"
        return f'<p style="color:{colour}"><strong>{html.escape(str(self))}</strong></p>'


@dataclass(frozen=True)
class Choice:
    """A multiple-choice exercise with one right option."""

    id: str
    prompt: str
    options: tuple[str, ...]
    answer: str
    explanation: str
    why_not: dict[str, str] = field(default_factory=dict)
    hint: str = ""
    reveal: bool = False  # a guess, not a test: a wrong answer shows what happened

    def check(self, answer: object) -> Feedback:
        if answer not in self.options:
            return Feedback(False, f"{answer!r} is not one of the options: "
                                   + "; ".join(self.options))
        if answer == self.answer:
            return Feedback(True, self.explanation)
        if self.reveal:
            return Feedback(False, self.explanation)
        reason = self.why_not.get(str(answer), "that does not fit what the article says.")
        return Feedback(False, f"{reason} Try again.")


@dataclass(frozen=True)
class Number:
    """An exercise answered with a number, right within a tolerance."""

    id: str
    prompt: str
    answer: float
    tolerance: float
    unit: str
    explanation: str
    too_low: str
    too_high: str
    hint: str = ""

    def check(self, answer: object) -> Feedback:
        try:
            value = float(answer)
        except (TypeError, ValueError):
            return Feedback(False, f"{answer!r} is not a number; give a number of {self.unit}.")
        if abs(value - self.answer) <= self.tolerance:
            return Feedback(True, self.explanation)
        return Feedback(False, f"{self.too_low if value < self.answer else self.too_high} "
                               "Try again.")


Exercise = Choice | Number


class Quiz(WithLead, widgets.VBox):
    """One exercise as a widget: the prompt, a way to answer, a Check button and the feedback."""

    def __init__(self, exercise: Exercise):
        self.exercise = exercise
        if isinstance(exercise, Choice):
            self.answer = widgets.RadioButtons(options=exercise.options, value=None,
                                               layout=widgets.Layout(width="auto"))
        else:
            self.answer = widgets.FloatText(description=exercise.unit, value=0)
        self.button = widgets.Button(description="Check", button_style="primary")
        self.hint_button = widgets.Button(description="Hint", disabled=not exercise.hint)
        self.feedback = widgets.HTML()
        self.button.on_click(self.on_check)
        self.hint_button.on_click(self.on_hint)
        self.lead_html = (f"<p><strong>Exercise {html.escape(exercise.id)}.</strong> "
                          f"{html.escape(exercise.prompt)}</p>")
        super().__init__([self.answer, widgets.HBox([self.button, self.hint_button]),
                          self.feedback])

    def on_hint(self, _button=None) -> None:
        self.feedback.value = f"<p><em>Hint:</em> {html.escape(self.exercise.hint)}</p>"

    def on_check(self, _button=None) -> None:
        if self.answer.value is None:
            self.feedback.value = "<p>Pick an answer first.</p>"
            return
        self.feedback.value = self.exercise.check(self.answer.value)._repr_html_()

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = plain_text(self.exercise)
        return bundle


def plain_text(exercise: Exercise) -> str:
    """The exercise as text, for wherever the widget cannot run."""
    lines = [f"Exercise {exercise.id}. {exercise.prompt}"]
    if isinstance(exercise, Choice):
        lines += [f"  - {option}" for option in exercise.options]
    if exercise.hint:
        lines.append(f"Hint: {exercise.hint}")
    lines.append(f"Run the notebook to answer here, or call "
                 f"check(lesson, {exercise.id!r}, your_answer).")
    return "\n".join(lines)


def ask(exercise: Exercise | NotApplicable) -> Quiz | NotApplicable:
    """Show ``exercise`` as a widget that checks the learner's answer."""
    return exercise if isinstance(exercise, NotApplicable) else Quiz(exercise)


class ExerciseSet(dict):
    """The exercises by id. An id this data package cannot support (another article, without the
    statements an exercise is about) gives a note instead of an error, so the notebooks still run."""

    def __missing__(self, exercise_id: str) -> NotApplicable:
        return NotApplicable(exercise_id)


@dataclass(frozen=True)
class NotApplicable:
    """An exercise written for the bundled article, asked of a package it does not fit."""

    id: str

    def _repr_html_(self) -> str:
        return (f"<p><em>Exercise {html.escape(self.id)} is written for the bundled article and "
                f"does not apply to this data package.</em></p>")

    def __repr__(self) -> str:
        return (f"Exercise {self.id} is written for the bundled article and does not apply to "
                "this data package.")


def build(lesson: Lesson) -> ExerciseSet:
    """Every exercise of the lesson, numbered by notebook, with answers taken from the data.

    Exercises are about particular statements of the bundled article; those a package does not
    have (a teacher's own article) are left out rather than failing.
    """
    found = ExerciseSet()
    for factory in FACTORIES:
        try:
            exercise = factory(lesson)
        except (KeyError, IndexError, ValueError):
            continue  # the statements this exercise is about are not in this package
        found[exercise.id] = exercise
    return found


def check(lesson: Lesson, exercise_id: str, answer: object) -> Feedback:
    """Check ``answer`` to exercise ``exercise_id`` ("1.1", "2.3", …) without any widget."""
    exercises = build(lesson)
    if exercise_id not in exercises:
        return Feedback(False, f"there is no exercise {exercise_id!r}; the exercises are "
                               + ", ".join(exercises))
    return exercises[exercise_id].check(answer)


def _who_reported_the_dam(lesson: Lesson) -> Choice:
    statements, names, publisher_id = _context(lesson)
    dam = statements.loc["dam_entrance"]
    not_said = "The article does not say"
    answer = not_said if dam["speaker_id"] == publisher_id else names[dam["speaker_id"]]
    publisher = names[publisher_id]
    return Choice(
        "1.1", f"Line {dam['paragraph']} says the SDF 'have reached the dam's entrance'. "
        "According to the article, who reported that?",
        ("AFP", "Jihan Sheikh Ahmed", "Sputnik", not_said), answer,
        f"the sentence names no source. The sentence before it cites AFP, and the one after "
        f"quotes Jihan Sheikh Ahmed, so a quick reader may credit either; {publisher} does not.",
        why_not={
            "AFP": "AFP is credited in the sentence before ('AFP reported'). Does the dam "
                   "sentence itself name AFP?",
            "Jihan Sheikh Ahmed": "she is quoted in the next sentence, about how long the "
                                  "liberation will take. Is she named as the source of this one?",
            "Sputnik": "Sputnik is cited earlier, about the road, not here.",
        },
        hint=f"Read line {dam['paragraph']} sentence by sentence, and look for 'reported', "
             "'said' or 'told'.")


def _which_is_a_direct_quote(lesson: Lesson) -> Choice:
    statements, _, _ = _context(lesson)
    picks = {"konashenkov_not_easy": "Konashenkov: liberating Raqqa 'will not be easy'",
             "ledrian_days_away": "Le Drian: the battle is 'just days away'",
             "selo_two_weeks": "Talal Selo: no more than two weeks were needed",
             "turkey_willing": "Ankara: willing to apply its 'successful model'"}
    direct = [sid for sid in picks if statements.loc[sid, "direct_quote"]]
    return Choice(
        "1.2", "Which of these does the article give as a direct quote: a whole sentence in the "
        "speaker's own words, inside quotation marks?",
        tuple(picks.values()), picks[direct[0]],
        f"line {statements.loc[direct[0], 'paragraph']} puts the whole sentence inside quotation "
        "marks. The others are paraphrase, some with a few quoted words.",
        why_not={
            picks["ledrian_days_away"]: "only 'very hard but essential' is in quotation marks "
                                        "there; 'just days away' is the outlet's paraphrase.",
            picks["selo_two_weeks"]: "'said … that no more than two weeks were needed' is "
                                     "reported speech: no quotation marks at all.",
            picks["turkey_willing"]: "only 'successful model' is quoted, and no Turkish speaker "
                                     "is named.",
        },
        hint="Find each sentence in the article and look at its quotation marks.")


def _through_whom(lesson: Lesson) -> Choice:
    statements, names, _ = _context(lesson)
    chain = chain_links(statements.loc["selo_two_weeks", "reported_via"])
    answer = names[chain[0]]
    line = statements.loc["selo_two_weeks", "paragraph"]
    return Choice(
        "1.3", "Through whom, according to the article, did Talal Selo's 'no more than two "
        "weeks' reach RT?", ("Sputnik", "Al-Watan", "AFP", "He told RT directly"), answer,
        "the article says he spoke 'in an interview with Syrian daily Al-Watan'. (Sputnik also "
        "carried the statement, almost word for word, the day after; the article does not say so.)",
        why_not={"Sputnik": "Sputnik is cited for the SDF's road statement and Dayr Hafir. Read "
                            f"line {line} again.",
                 "AFP": "AFP is cited for the US troops and for Tabqa, not for Selo.",
                 "He told RT directly": f"the article names a newspaper in line {line}."},
        hint=f"Line {line}.")


def _distance_exercise(lesson: Lesson) -> Number:
    measured = distance(lesson, "aleppo", "raqqa")["km"]
    return Number(
        "2.1", "Use the distance explorer or the table: how many km is Raqqa from Aleppo in a "
        "straight line, by the places' coordinates? (to the nearest 5 km)",
        answer=round(measured), tolerance=5, unit="km",
        explanation=f"about {measured:.0f} km, a little more than the article's 160 km: close "
                    f"enough for a news report, and a road would be longer still.",
        too_low="that is less than the coordinates give. The article says 160 km; is that "
                "what the coordinates say?",
        too_high="that is more than the coordinates give. Did you read a road distance?",
        hint="Pick Aleppo and Raqqa in the distance explorer.")


def _unhedged_number(lesson: Lesson) -> Choice:
    quantities = lesson.quantities.set_index("quantity_id")
    options = {"q_is_fighters": "up to 4,000 fighters", "q_population": "some 300,000 people",
               "q_distance_km": "160 kilometers", "q_us_troops_present": "hundreds of US troops"}
    bare = [q for q in options if pd.isna(quantities.loc[q, "qualifier"])]
    return Choice(
        "2.2", "Which of these numbers does the article give without a hedge (no 'up to', "
        "'some', 'possibly' or vague word)?", tuple(options.values()), options[bare[0]],
        "the distance is stated flat, and it is the one number a reader can check for "
        "themselves, with a map.",
        why_not={options["q_is_fighters"]: "'up to' and 'might be' are both hedges, and the "
                                           "estimates are not attributed.",
                 options["q_population"]: "'some' is a hedge: an approximate figure.",
                 options["q_us_troops_present"]: "'hundreds' is a vague word, not a number: "
                                                 "it leaves the size open."},
        hint="The numbers table has a 'hedge' column.")


def _what_moscow_means(lesson: Lesson) -> Choice:
    statements, names, _ = _context(lesson)
    answer = names[statements.loc["mod_no_optimism", "speaker_id"]]
    return Choice(
        "2.3", "In 'Moscow does not share the \"optimism\" of the French official', who is "
        "'Moscow'?", ("the city of Moscow", answer, "the Russian people", "RT"), answer,
        "the same sentence ends 'Russia's Defense Ministry said Saturday'. Capitals often stand "
        "for governments in news writing; a careful reader asks which body exactly.",
        why_not={"the city of Moscow": "a city does not share optimism: who in Moscow spoke?",
                 "the Russian people": "nobody asked them; the sentence names one ministry.",
                 "RT": "RT is based in Moscow, but here it is reporting someone else's words."},
        hint=f"Read to the end of line {statements.loc['mod_no_optimism', 'paragraph']}.")


FORECAST_BUCKETS = ("within two weeks", "two weeks to three months", "three to six months",
                    "more than six months")


def _own_forecast(lesson: Lesson) -> Choice:
    windows = forecast_windows(lesson).set_index("forecast_id")
    row = windows.loc["f_ledrian_coming_days"]
    days = (row["outcome_date"] - row["said_to"]).days
    answer = FORECAST_BUCKETS[(days > 14) + (days > 91) + (days > 183)]
    return Choice(
        "3.1", "Before you look: on 24 March 2017, how long do you think it would be until the "
        "battle for Raqqa city began? Lock in a guess; the feedback tells you what happened.",
        FORECAST_BUCKETS, answer,
        f"the SDF began the battle on {row['outcome_date']:%d %B %Y}, {days} days after Le "
        f"Drian's interview. Were you closer than the forecasters in the article?",
        hint="There is no shame in a wrong guess: on the lesson's readings, the timed forecasts in "
             "the article missed too.", reveal=True)


def _closest_forecast(lesson: Lesson) -> Choice:
    table = forecast_windows(lesson).dropna(subset=["days_off"])
    closest = table.loc[table["days_off"].abs().astype(int).idxmin(), "forecaster"]
    options = tuple(dict.fromkeys(table["forecaster"]))
    return Choice(
        "3.2", "With the lesson's default readings, whose timed forecast missed what happened "
        "by the fewest days?", options, closest,
        "with these readings, the most cautious forecast came closest, and it still missed: "
        "'several months' read as three to six ended before the SDF said the fighting was over. "
        "That verdict rests on two choices: the reading (up to seven months would include it) "
        "and which event counts as the end.",
        why_not={name: "look at the 'days outside the window' column: this one is further off."
                 for name in options},
        hint="The lateness table under the timeline.")


def _days_late(lesson: Lesson) -> Number:
    row = forecast_windows(lesson).set_index("forecast_id").loc["f_ledrian_coming_days"]
    return Number(
        "3.3", "With the default reading (1 to 10 days), how many days after Le Drian's window "
        "closed did the battle for Raqqa begin?", answer=int(row["days_off"]), tolerance=0,
        unit="days",
        explanation=f"{int(row['days_off'])} days: the window closed on "
                    f"{row['window_end']:%d %B} and the battle began on "
                    f"{row['outcome_date']:%d %B %Y}.",
        too_low="count from the end of the window, not from the interview… or check your "
                "subtraction.",
        too_high="count from the end of the window (10 days after the interview), not from "
                 "the interview itself.",
        hint="The lateness table has the answer once you find the right row.")


def _turkey_stance(lesson: Lesson) -> Choice:
    positions = lesson.positions.set_index(["actor_id", "question_id"])
    stance = str(positions.loc[("turkey_government", "turkey_take_part"), "stance"])
    return Choice(
        "4.1", "What is the Turkish government's stance, in the article, on Turkey taking part "
        "in retaking Raqqa?", ("supports", "opposes", "conditional", "unclear"), stance,
        "willing to take part, but, as the article puts it, not in any operation that involves "
        "'the Kurds' (the Turkish minister's own words named the PYD): a condition.",
        why_not={"supports": "it is willing, but read the rest of the sentence: does it set "
                             "no limits?",
                 "opposes": "it 'expressed willingness to be involved'. Is that opposition?",
                 "unclear": "the article is clear enough here: willing, on one condition."},
        hint="The last line of the article, both halves of the sentence.")


def _silent_party(lesson: Lesson) -> Choice:
    questions = lesson.positions[lesson.positions["question_id"] == "foreign_presence_legitimate"]
    silent = "us" not in set(questions["actor_id"])
    answer = "nothing: no US official is quoted on it" if silent else "supports"
    return Choice(
        "4.2", "What does the article tell you about how the US government itself sees the "
        "legitimacy of its military presence in Syria?",
        ("it says the presence is legitimate", "it says the presence is illegitimate",
         answer, "it says it will leave if asked"), answer,
        "the article gives the Syrian government's view, but quotes no US official on this. An "
        "absent voice is also part of how a report is built.",
        why_not={"it says the presence is legitimate": "find the US official who says so in the "
                                                       "article: is there one?",
                 "it says the presence is illegitimate": "that is Ja'afari, Syria's negotiator, "
                                                         "not the US.",
                 "it says it will leave if asked": "nothing like this is in the article."},
        hint="Use the actor explorer on 'United States': what does it say?")


def _dayr_hafir(lesson: Lesson) -> Choice:
    events = lesson.events.set_index("event_id")
    captured = events.loc["r_dayr_hafir_captured", "earliest"]
    answer = f"{captured:%A %d %B %Y}"
    return Choice(
        "5.1", "The article (via Sputnik's unnamed source) says the Syrian army took Dayr Hafir "
        "'on Friday', 24 March 2017. When do SANA, Xinhua and Reuters date the capture?",
        ("Friday 24 March 2017", "Thursday 23 March 2017", answer, "they do not date it"), answer,
        "five days after the article's Friday. On 24 March Tasnim described the town as "
        "besieged, not taken. All three rest on the Syrian side's word, as does the report the "
        "article relays: agreeing sources from one side are not independent confirmation.",
        why_not={"Friday 24 March 2017": "that is the article's claim. What do the other sources "
                                         "say?",
                 "Thursday 23 March 2017": "no source in the record says so.",
                 "they do not date it": "they do: look at the record table."},
        hint="The record table, rows about Dayr Hafir.")


def _uncredited_wording(lesson: Lesson) -> Choice:
    statements, names, _ = _context(lesson)
    speaker = names[statements.loc["jaafari_illegitimate_quote", "speaker_id"]]
    return Choice(
        "5.2", "Whose quotations in the article are, word for word, in a Reuters report of the "
        "same day, although the article credits only 'reporters'?",
        ("Igor Konashenkov", speaker, "Talal Selo", "Jihan Sheikh Ahmed"), speaker,
        "Reuters reported Ja'afari's remarks in Geneva on 24 March 2017 in the same words. "
        "Outlets often build on wire copy; good practice is to credit it.",
        why_not={"Igor Konashenkov": "his words were translated from Russian, and the Russian "
                                     "and AFP versions differ from the article's.",
                 "Talal Selo": "his words match Sputnik's, not Reuters'.",
                 "Jihan Sheikh Ahmed": "the record shows she said it to AFP (the article names no "
                                       "outlet); her words are not in Reuters' report."},
        hint="Look at the notes of Ja'afari's statements (the speaker explorer in notebook 01).")


def _outlets_own_voice(lesson: Lesson) -> Choice:
    statements, _, _ = _context(lesson)
    picks = ("lede_partnership_lacking", "konashenkov_coordinate", "jaafari_illegitimate_paraphrase",
             "mod_no_optimism")
    texts = {sid: statements.loc[sid, "article_text"] for sid in picks}
    own = [sid for sid in picks if statements.loc[sid, "speaker_id"] == lesson.article.publisher_id]
    return Choice(
        "5.3", "Closing question. Which of these four sentences is the outlet's own judgement, "
        "attributed to nobody?",
        tuple(texts.values()), texts[own[0]],
        f"line {statements.loc[own[0], 'paragraph']} states it in the outlet's own voice, right "
        "after summing up Moscow's view. It reads like reporting, but no one is quoted: it is "
        "framing.",
        why_not={texts["konashenkov_coordinate"]: "this is Konashenkov, quoted ('Konashenkov "
                                                  "told the media').",
                 texts["jaafari_illegitimate_paraphrase"]: "this paraphrases Ja'afari, who is "
                                                           "named in the sentence.",
                 texts["mod_no_optimism"]: "this is attributed: 'Russia's Defense Ministry said "
                                           "Saturday'."},
        hint="For each sentence, ask: who is the speaker, and where does the article say so?")


def _context(lesson: Lesson) -> tuple[pd.DataFrame, pd.Series, str]:
    """Statements by id, actor names by id, and the publisher's id."""
    return (lesson.statements.set_index("statement_id"),
            lesson.actors.set_index("actor_id")["name"], lesson.article.publisher_id)


FACTORIES = (_who_reported_the_dam, _which_is_a_direct_quote, _through_whom, _distance_exercise,
             _unhedged_number, _what_moscow_means, _own_forecast, _closest_forecast, _days_late,
             _turkey_stance, _silent_party, _dayr_hafir, _uncredited_wording, _outlets_own_voice)
