"""Every self-check, answered right and wrong, in plain Python and through its widget."""

from __future__ import annotations

import pytest

import raqqa_lesson as rl
from raqqa_lesson import exercises

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
        assert str(feedback).startswith("✘")
        if not getattr(exercise, "reveal", False):
            assert str(exercise.answer) not in feedback.message, (answer, feedback.message)
            assert "Try again" in feedback.message


def test_answers_come_from_the_data():
    assert EXERCISES["1.3"].answer == "Al-Watan"
    assert EXERCISES["2.2"].answer == "160 kilometers"
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
    assert "not a number" in EXERCISES["2.1"].check("far").message


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


def test_the_bundled_lesson_builds_every_exercise():
    assert len(EXERCISES) == len(exercises.FACTORIES)


def test_a_package_without_an_exercises_statements_leaves_it_out(package_copy):
    """A teacher's own article: exercises about statements it lacks become a note, not an error."""
    path = package_copy / "forecasts.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("f_ledrian_coming_days")),
                    encoding="utf-8")
    built = exercises.build(rl.load(package_copy))
    assert "3.3" not in built
    assert "1.1" in built
    note = exercises.ask(built["3.3"])
    assert isinstance(note, exercises.NotApplicable)
    assert "does not apply to this data package" in note._repr_html_()
