"""Self-checks: questions that a lesson package holds as data, checked against its tables.

A page of the lesson (``lesson/NN_name.md``) asks its questions in ``{exercise}`` blocks: prompt,
options, answer, an explanation, and for every wrong option why it is wrong, without giving the
right one away. ``from_data`` ties an answer to the tables: ``answer_problems`` computes it and
says where the stated answer disagrees, so an answer cannot drift from the data. ``ask`` shows an
exercise as a small widget; ``check`` answers in plain Python, so the exercises also work where
widgets do not (a terminal, a read-only viewer, any notebook app).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import ipywidgets as widgets
import pandas as pd

from raqqa_lesson import content, show
from raqqa_lesson.datapackage import Lesson
from raqqa_lesson.explore import WithLead
from raqqa_lesson.markup import Markup, element, join, link
from raqqa_lesson.places import distance
from raqqa_lesson.problems import Problem
from raqqa_lesson.rules import chain_links
from raqqa_lesson.timelines import forecast_windows

MARKS = {"right": "✔ Right", "wrong": "✘ Not yet", "noted": "→ What happened"}


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer, with the reason. A guess is never wrong: it is "noted"."""

    correct: bool
    message: str
    noted: bool = False

    def __str__(self) -> str:
        mark = MARKS["right" if self.correct else "noted" if self.noted else "wrong"]
        return f"{mark}: {self.message}"

    def _repr_html_(self) -> str:
        colour = "#006442" if self.correct else "#333333" if self.noted else "#9a3a00"
        return element("p", element("strong", str(self)), style=f"color:{colour}")


@dataclass(frozen=True)
class Choice:
    """A multiple-choice exercise with one right option. ``guess`` marks a prediction: any
    answer is welcome, and the feedback tells what happened instead of saying "wrong"."""

    id: str
    prompt: str
    options: tuple[str, ...]
    answer: str
    explanation: str
    why_not: dict[str, str] = field(default_factory=dict)
    hint: str = ""
    guess: bool = False

    def check(self, answer: object) -> Feedback:
        """Feedback on ``answer``: an option's text (capitals, spaces and curly or straight
        quotes need not match) or its number, counted from 1."""
        answer = self.option_for(answer)
        if answer is None:
            return Feedback(False, "that is not one of the options; type its text or its number: "
                            + "; ".join(f"{n}. {o}" for n, o in enumerate(self.options, 1)))
        if answer == self.answer:
            return Feedback(True, self.explanation)
        if self.guess:
            return Feedback(False, self.explanation, noted=True)
        reason = self.why_not.get(str(answer), "that does not fit what the article says.")
        return Feedback(False, f"{reason} Try again.")

    def option_for(self, answer: object) -> str | None:
        """The option ``answer`` names, or None: typed answers are forgiven case and quotes."""
        if isinstance(answer, int) and not isinstance(answer, bool):
            return self.options[answer - 1] if 1 <= answer <= len(self.options) else None
        typed = _loose(str(answer))
        return next((option for option in self.options if _loose(option) == typed), None)


def _loose(text: str) -> str:
    """Text as a learner might type it: one case, straight quotes, single spaces."""
    straight = text.translate(str.maketrans("‘’“”", "''\"\""))
    return " ".join(straight.casefold().split())


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
        """Feedback on ``answer``: a number, or text such as "168 km" or "1,000"."""
        value = _number(answer)
        if value is None:
            return Feedback(False, f"{answer!r} is not a number; give a number of {self.unit}.")
        if abs(value - self.answer) <= self.tolerance:
            return Feedback(True, self.explanation)
        return Feedback(False, f"{self.too_low if value < self.answer else self.too_high} "
                               "Try again.")


def _number(answer: object) -> float | None:
    """The number in an answer as a learner may type it ("168", "168 km", "1,000"), or None."""
    if isinstance(answer, int | float) and not isinstance(answer, bool):
        return float(answer)
    match = re.fullmatch(r"\s*(-?\d[\d,]*(?:\.\d+)?)\s*[^\d\s]*\s*", str(answer))
    return float(match.group(1).replace(",", "")) if match else None


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
        self.lead_html = element("p", element("strong", f"Exercise {exercise.id}."),
                                 f" {exercise.prompt}")
        super().__init__([self.answer, widgets.HBox([self.button, self.hint_button]),
                          self.feedback])

    def on_hint(self, _button=None) -> None:
        self.feedback.value = element("p", element("em", "Hint:"), f" {self.exercise.hint}")

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
                 f"exercises.check(lesson, {exercise.id!r}, your_answer).")
    return "\n".join(lines)


class Assessment(WithLead, widgets.VBox):
    """A passage the lesson has not analysed, the questions on it, and the learner's answers
    gathered in one table that fills in as each is checked, so learner and teacher see them all
    on one screen."""

    def __init__(self, passage_html: str, quizzes: list[Quiz]):
        self.quizzes = quizzes
        self.checked: dict[str, object] = {}
        self.first: dict[str, object] = {}
        self.lead_html = passage_html
        self.summary = widgets.HTML()
        parts = []
        for quiz in quizzes:  # each question with its prompt, in a box of its own
            parts.append(widgets.VBox([widgets.HTML(quiz.lead_html), quiz]))
            quiz.button.on_click(lambda _button, quiz=quiz: self.record(quiz))
        self.record()
        super().__init__([*parts, widgets.HTML("<h4>Your answers</h4>"), self.summary])

    def record(self, quiz: Quiz | None = None) -> None:
        """Keep the answer ``quiz`` was just checked with, and redraw the table of answers."""
        if quiz is not None and quiz.answer.value is not None:
            self.checked[quiz.exercise.id] = quiz.answer.value
            self.first.setdefault(quiz.exercise.id, quiz.answer.value)
        sheet = answer_sheet([quiz.exercise for quiz in self.quizzes], self.checked, self.first)
        self.summary.value = show.table(sheet, index=False)._repr_html_()

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = "\n\n".join(plain_text(quiz.exercise) for quiz in self.quizzes)
        return bundle


def answer_sheet(questions: list[Exercise], checked: dict[str, object],
                 first: dict[str, object] | None = None) -> pd.DataFrame:
    """One row per question: its number, the answer last checked and its verdict, and whether
    the first answer checked was right (what a teacher marks by)."""
    first = first or {}
    rows = []
    for exercise in questions:
        key = exercise.id
        rows.append({"question": key,
                     "verdict": _mark(exercise, checked[key]) if key in checked else "",
                     "your answer": str(checked[key]) if key in checked else "not checked yet",
                     "first try": _mark(exercise, first[key]) if key in first else ""})
    return pd.DataFrame(rows)


def _mark(exercise: Exercise, answer: object) -> str:
    """The verdict on ``answer`` in a word or two: "✔ Right", "✘ Not yet" or "→ What happened"."""
    return str(exercise.check(answer)).split(":")[0]


def passage_html(lesson: Lesson, spec: dict) -> Markup:
    """The passage as a quotation, with its source under it (publisher, title, date, address),
    every part escaped."""
    quoted = (element("p", paragraph) for paragraph in content.passage_paragraphs(spec))
    source = lesson.citations.set_index("citation_id").loc[spec["source"]]
    date = "" if pd.isna(source["published"]) else f", {source['published']:%d %B %Y}"
    _publisher, address = content.sources_of(lesson)[spec["source"]]
    return join([element("blockquote", *quoted, style="border-left:4px solid #888;padding-left:1em"),
                 element("p", f"Source: {source['publisher']}, “{source['title']}”{date}. ",
                         link(address, address))])


def assess(lesson: Lesson, assessment_id: str) -> Assessment:
    """Show closing assessment ``assessment_id``: its passage, its questions and the answers."""
    spec, _where, questions = content.assessment_specs(lesson.source)[assessment_id]
    built = build(lesson)
    return Assessment(passage_html(lesson, spec), [Quiz(built[key]) for key in questions])


def ask(exercise: Exercise) -> Quiz:
    """Show ``exercise`` as a widget that checks the learner's answer."""
    return Quiz(exercise)


def build(lesson: Lesson) -> dict[str, Exercise]:
    """Every exercise the lesson's pages ask, by id, in the order they are asked."""
    return {exercise_id: make(exercise_id, spec)
            for exercise_id, (spec, _where) in content.exercise_specs(lesson.source).items()}


def check(lesson: Lesson, exercise_id: str, answer: object) -> Feedback:
    """Check ``answer`` to exercise ``exercise_id`` ("1.1", "2.3", …) without any widget."""
    exercises = build(lesson)
    if exercise_id not in exercises:
        return Feedback(False, f"there is no exercise {exercise_id!r}; the exercises are "
                               + ", ".join(exercises))
    return exercises[exercise_id].check(answer)


def make(exercise_id: str, spec: dict) -> Exercise:
    """An exercise from its block's fields (docs/lesson-format.md)."""
    if spec.get("kind") == "number":
        return Number(exercise_id, spec["prompt"], float(spec["answer"]),
                      float(spec.get("tolerance", 0)), spec.get("unit", ""), spec["explanation"],
                      spec["too_low"], spec["too_high"], spec.get("hint", ""))
    return Choice(exercise_id, spec["prompt"], tuple(map(str, spec["options"])), str(spec["answer"]),
                  spec["explanation"], {str(k): v for k, v in (spec.get("why_not") or {}).items()},
                  spec.get("hint", ""), guess=spec.get("kind") == "guess")


# --- answers computed from the data ---------------------------------------------------------


def _names(lesson: Lesson) -> pd.Series:
    return lesson.actors.set_index("actor_id")["name"]


def _statement(lesson: Lesson, statement_id: str) -> pd.Series:
    return lesson.statements.set_index("statement_id").loc[statement_id]


def _speaker(lesson: Lesson, arg) -> str:
    arg = arg if isinstance(arg, dict) else {"statement": arg}
    speaker = _statement(lesson, arg["statement"])["speaker_id"]
    if speaker == lesson.article.publisher_id and "publisher" in arg:
        return arg["publisher"]
    return _names(lesson)[speaker]


def _first_link(lesson: Lesson, statement_id: str) -> str:
    links = chain_links(_statement(lesson, statement_id)["reported_via"])
    return _names(lesson)[links[0]] if links else _names(lesson)[lesson.article.publisher_id]


def _among(test: Callable[[Lesson, str], bool]) -> Callable[[Lesson, dict], str]:
    """A rule that picks, from options keyed by id, the one option whose row passes ``test``."""
    def rule(lesson: Lesson, options: dict) -> str:
        passing = [text for row_id, text in options.items() if test(lesson, row_id)]
        if len(passing) != 1:
            raise ValueError(f"{len(passing)} of the options pass, where exactly one should")
        return passing[0]
    return rule


def _distance(lesson: Lesson, arg: dict) -> float:
    return round(distance(lesson, arg["from"], arg["to"])["km"])


def _stance(lesson: Lesson, arg: dict) -> str:
    positions = lesson.positions
    found = positions[(positions["actor_id"] == arg["actor"])
                      & (positions["question_id"] == arg["question"])]
    if found.empty:
        if "none" in arg:
            return arg["none"]
        raise ValueError(f"{arg['actor']} has no stance on {arg['question']}")
    return str(found["stance"].iloc[0])


def _event_date(lesson: Lesson, arg) -> str:
    arg = arg if isinstance(arg, dict) else {"event": arg}
    day = lesson.events.set_index("event_id").loc[arg["event"], "earliest"]
    return f"{day:{arg.get('format', '%d %B %Y')}}"


def _settled(lesson: Lesson) -> pd.DataFrame:
    return forecast_windows(lesson).dropna(subset=["days_off"]).set_index("forecast_id")


def _days_late(lesson: Lesson, forecast_id: str) -> int:
    return int(_settled(lesson).loc[forecast_id, "days_off"])


def _closest(lesson: Lesson, _arg=None) -> str:
    table = _settled(lesson)
    off = table["days_off"].abs().astype(int)
    closest = list(dict.fromkeys(table.loc[off == off.min(), "forecaster"]))
    if len(closest) != 1:  # a learner naming either would be right
        raise ValueError(f"{' and '.join(closest)} are equally close ({off.min()} days off)")
    return closest[0]


def _delay_bucket(lesson: Lesson, arg: dict) -> str:
    row = forecast_windows(lesson).set_index("forecast_id").loc[arg["forecast"]]
    days = (row["outcome_date"] - row["said_to"]).days
    return next(text for limit, text in arg["buckets"] if limit is None or days <= limit)


def _earliest_report(lesson: Lesson, statement_id: str) -> str:
    """The outlet of the earliest dated report, in the coverage table, of a statement."""
    reports = lesson.coverage[lesson.coverage["statement_id"] == statement_id].dropna(
        subset=["published"])
    first = reports[reports["published"] == reports["published"].min()]
    outlets = set(first["outlet_id"])
    if len(outlets) != 1:
        raise ValueError(f"{len(outlets)} outlets share the earliest date")
    return lesson.outlets.set_index("outlet_id").loc[first["outlet_id"].iloc[0], "name"]


def _coverage_form(lesson: Lesson, report_id: str) -> str:
    """How a report in the coverage table gives the speaker's words, as a learner names it."""
    from raqqa_lesson.sources import FORMS

    return FORMS[str(lesson.coverage.set_index("report_id").loc[report_id, "form"])]


RULES: dict[str, Callable[[Lesson, object], object]] = {
    "speaker": _speaker,
    "first_link": _first_link,
    "direct_quote_among": _among(lambda lesson, sid: bool(_statement(lesson, sid)["direct_quote"])),
    "own_voice_among": _among(
        lambda lesson, sid: _statement(lesson, sid)["speaker_id"] == lesson.article.publisher_id),
    "unhedged_among": _among(lambda lesson, qid: pd.isna(
        lesson.quantities.set_index("quantity_id").loc[qid, "qualifier"])),
    "distance_km": _distance,
    "stance": _stance,
    "event_date": _event_date,
    "days_late": _days_late,
    "closest_forecast": _closest,
    "delay_bucket": _delay_bucket,
    "earliest_report": _earliest_report,
    "coverage_form": _coverage_form,
    "outlet_of": lambda lesson, report_id: lesson.outlets.set_index("outlet_id").loc[
        lesson.coverage.set_index("report_id").loc[report_id, "outlet_id"], "name"],
    "outlet_funding": lambda lesson, outlet_id: lesson.outlets.set_index("outlet_id").loc[outlet_id, "funding"],
}
"""How ``from_data`` computes an answer from the tables (docs/lesson-format.md lists them)."""


def computed_answer(lesson: Lesson, rule: dict) -> object:
    """The answer ``rule`` (a one-entry ``{name: argument}``) computes from the data."""
    (name, argument), = rule.items()
    return RULES[name](lesson, argument)


def answer_problems(lesson: Lesson) -> list[Problem]:
    """Every exercise whose stated answer the data does not give, or whose fields are wrong."""
    problems = []
    try:
        specs = content.exercise_specs(lesson.source)
    except content.ContentError as error:
        return [error.problem()]
    for exercise_id, (spec, where) in specs.items():
        try:
            exercise = make(exercise_id, spec)
        except KeyError as error:
            problems.append(Problem(where, f"exercise {exercise_id} lacks {error}",
                                    "add it (see docs/lesson-format.md)"))
            continue
        if isinstance(exercise, Choice) and exercise.answer not in exercise.options:
            problems.append(Problem(where, f"exercise {exercise_id}'s answer is not one of its "
                                    "options", "make the answer one of the options, word for word",
                                    value=exercise.answer))
        if isinstance(exercise, Choice) and exercise.answer in exercise.why_not:
            problems.append(Problem(where, f"exercise {exercise_id} explains why its right answer "
                                    "is wrong (why_not names it)", "remove the answer from why_not",
                                    value=exercise.answer))
        rule = spec.get("from_data")
        if not rule:
            continue
        if not isinstance(rule, dict) or len(rule) != 1 or next(iter(rule)) not in RULES:
            problems.append(Problem(where, f"exercise {exercise_id}'s from_data is not one rule",
                                    f"use one of: {', '.join(RULES)}", value=str(rule)))
            continue
        try:
            expected = computed_answer(lesson, rule)
        except (KeyError, ValueError, IndexError) as error:
            problems.append(Problem(where, f"exercise {exercise_id}: the data cannot give this "
                                    f"answer ({error})", "check the ids in from_data against "
                                    "the tables; where the data gives two right answers, ask a "
                                    "question it answers once", value=str(rule)))
            continue
        stated = exercise.answer
        if (stated != expected) if isinstance(exercise, Choice) else (float(stated) != float(expected)):
            problems.append(Problem(where, f"exercise {exercise_id}'s answer is not what the data "
                                    f"gives ({expected!r})", "correct the answer, or the data if "
                                    "the data is wrong", value=str(stated)))
    return problems
