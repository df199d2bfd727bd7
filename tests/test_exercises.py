"""Every self-check, answered right and wrong, in plain Python and through its widget."""

from __future__ import annotations

import pytest
from conftest import edit_cell

import raqqa_lesson as rl
from raqqa_lesson import content, exercises

EXERCISES = exercises.build(rl.load())


def wrong_answers(exercise):
    if isinstance(exercise, exercises.Choice):
        return [option for option in exercise.options if option != exercise.answer]
    return [exercise.answer - exercise.tolerance - 1, exercise.answer + exercise.tolerance + 1]


@pytest.mark.parametrize("exercise", EXERCISES.values(), ids=EXERCISES.keys())
def test_right_answer_is_confirmed_with_a_reason(exercise):
    feedback = exercise.check(exercise.answer)
    assert feedback.correct
    assert len(feedback.message) > 20
    assert str(feedback).startswith("✔")


@pytest.mark.parametrize("exercise", EXERCISES.values(), ids=EXERCISES.keys())
def test_every_wrong_answer_is_explained_without_the_answer(exercise):
    for answer in wrong_answers(exercise):
        feedback = exercise.check(answer)
        assert not feedback.correct
        assert str(feedback).startswith("→" if getattr(exercise, "guess", False) else "✘")
        if not getattr(exercise, "guess", False):
            assert str(exercise.answer) not in feedback.message, (answer, feedback.message)
            assert "Try again" in feedback.message


def test_answers_come_from_the_data():
    assert EXERCISES["1.3"].answer == "Al-Watan"
    assert EXERCISES["2.3"].answer == "160 kilometers"
    assert EXERCISES["3.2"].answer == "Jihan Sheikh Ahmed"
    assert EXERCISES["5.1"].answer == "Wednesday 29 March 2017"


def test_each_notebook_after_00_has_at_least_two_exercises():
    per_notebook = {}
    for key in EXERCISES:
        per_notebook.setdefault(key.split(".")[0], []).append(key)
    assert sorted(per_notebook) == ["1", "2", "3", "4", "5"]
    assert all(len(keys) >= 2 for keys in per_notebook.values())


def test_check_by_id_works_without_widgets(lesson):
    assert exercises.check(lesson, "1.3", "Al-Watan").correct
    assert not exercises.check(lesson, "1.3", "AFP").correct
    unknown = exercises.check(lesson, "9.9", "x")
    assert not unknown.correct
    assert "1.1" in unknown.message


def test_bad_input_gets_a_clear_message():
    assert "not one of the options" in EXERCISES["1.1"].check("Reuters").message
    assert "not a number" in EXERCISES["2.2"].check("far").message


def test_typed_answers_forgive_case_quotes_and_take_numbers():
    choice = EXERCISES["1.3"]
    right = choice.answer
    number = choice.options.index(right) + 1
    assert choice.check(f"  {right.upper()} ").correct
    assert choice.check(number).correct
    assert not choice.check(len(choice.options) + 1).correct
    assert not choice.check(True).correct  # a bool is not an option number
    quoted = next(o for o in EXERCISES["1.2"].options if "'" in o)
    curly = quoted.replace("'", "’")
    assert EXERCISES["1.2"].option_for(curly) == quoted


def test_quiz_widget_checks_wrong_then_right():
    quiz = exercises.ask(EXERCISES["1.3"])
    quiz.button.click()
    assert "Pick an answer first" in quiz.feedback.value
    quiz.answer.value = "AFP"
    quiz.button.click()
    assert "✘" in quiz.feedback.value
    quiz.answer.value = "Al-Watan"
    quiz.button.click()
    assert "✔" in quiz.feedback.value
    quiz.hint_button.click()
    assert "Hint" in quiz.feedback.value


def test_number_quiz_widget():
    quiz = exercises.ask(EXERCISES["3.3"])
    quiz.answer.value = EXERCISES["3.3"].answer + 5
    quiz.button.click()
    assert "✘" in quiz.feedback.value
    quiz.answer.value = EXERCISES["3.3"].answer
    quiz.button.click()
    assert "✔" in quiz.feedback.value


def test_quiz_fallback_text_shows_the_question_and_options():
    quiz = exercises.ask(EXERCISES["1.3"])
    bundle = quiz._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "Exercise 1.3" in data["text/plain"]
    assert "- Al-Watan" in data["text/plain"]
    assert "Exercise 1.3" in quiz.lead_html


def test_every_answer_is_the_one_the_data_gives(lesson):
    assert exercises.answer_problems(lesson) == []
    specs = content.exercise_specs(lesson.source)
    # questions on an assessment's passage may ask about words that are in no table
    on_passages = {key for *_, keys in content.assessment_specs(lesson.source).values() for key in keys}
    tied = [exercise_id for exercise_id, (spec, _) in specs.items() if spec.get("from_data")]
    assert set(specs) - set(tied) <= on_passages, "every other exercise is tied to the data"
    assert set(tied) & on_passages, "the assessment checks the passage against the data too"


def test_an_answer_that_drifts_from_the_data_is_refused(package_copy):
    """A teacher edits the data: an exercise whose stated answer no longer follows is named."""
    edit_cell(package_copy, "statements", "selo_two_weeks", "reported_via", "sputnik > rt")
    problems = exercises.answer_problems(rl.load(package_copy))
    assert len(problems) == 1
    assert "exercise 1.3's answer is not what the data gives ('Sputnik')" in str(problems[0])
    assert "lesson/01_who_says_what.md, line" in str(problems[0])
    assert "Fix:" in str(problems[0])


def test_a_guess_is_never_marked_wrong():
    guess = EXERCISES["3.1"]
    assert guess.guess
    for option in guess.options:
        feedback = guess.check(option)
        assert "✘" not in str(feedback)
        assert guess.explanation in feedback.message


def test_closing_assessment_gathers_checked_answers_on_one_screen(lesson):
    assessment = exercises.assess(lesson, "5.3")
    assert [quiz.exercise.id for quiz in assessment.quizzes] == ["5.3.1", "5.3.2", "5.3.3", "5.3.4"]
    assert "Talal Sello told AFP" in assessment.lead_html
    assert "RFE/RL" in assessment.lead_html
    first, second, *_ = assessment.quizzes
    first.answer.value = next(o for o in first.exercise.options if o != first.exercise.answer)
    first.button.click()
    second.answer.value = second.exercise.answer
    second.button.click()
    second.answer.value = "Sputnik"  # picked, never checked: the sheet keeps the checked answer
    second.hint_button.click()
    first.answer.value = first.exercise.answer  # right at the second check
    first.button.click()
    sheet = exercises.answer_sheet([quiz.exercise for quiz in assessment.quizzes], assessment.checked,
                                   assessment.first)
    assert sheet["verdict"].tolist() == ["✔ Right", "✔ Right", "", ""]
    assert sheet["first try"].tolist() == ["✘ Not yet", "✔ Right", "", ""]
    assert sheet["your answer"].tolist()[1:] == ["AFP", "not checked yet", "not checked yet"]
    assert "✔ Right" in assessment.summary.value
    assert "not checked yet" in assessment.summary.value
    bundle = assessment._repr_mimebundle_()
    text = (bundle[0] if isinstance(bundle, tuple) else bundle)["text/plain"]
    assert "Exercise 5.3.4" in text
    assert "exercises.check(lesson, '5.3.1'" in text


def test_a_number_may_be_typed_with_its_unit_or_a_thousands_comma():
    distance = EXERCISES["2.2"]
    assert distance.check(f"{distance.answer:g} {distance.unit}").correct
    assert distance.check(f" {distance.answer:g}{distance.unit} ").correct
    assert not distance.check("about a hundred").correct
    assert "is not a number" in str(distance.check("km 168"))
    assert exercises._number("1,000") == 1000.0


def test_closest_forecast_refuses_a_tie_a_learner_could_answer_either_way(lesson, monkeypatch):
    import pandas as pd

    settled = pd.DataFrame({"forecaster": ["Ann", "Ben", "Ann", "Cy"], "days_off": [0, 0, -0, 12]})
    monkeypatch.setattr(exercises, "_settled", lambda _lesson: settled)
    with pytest.raises(ValueError, match="Ann and Ben are equally close"):
        exercises.computed_answer(lesson, {"closest_forecast": None})
    settled.loc[1, "days_off"] = -3  # Ben now 3 days early: Ann, twice on time, is the answer
    assert exercises.computed_answer(lesson, {"closest_forecast": None}) == "Ann"
