"""Self-checks: questions whose answers come from the data, with feedback that explains.

Each exercise checks an answer and says why a wrong one is wrong, without giving the right one
away. ``ask`` shows an exercise as a small widget; ``check`` answers in plain Python, so the
exercises also work where widgets do not (a terminal, a read-only viewer, any notebook app).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import ipywidgets as widgets


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

    def check(self, answer: object) -> Feedback:
        if answer not in self.options:
            return Feedback(False, f"{answer!r} is not one of the options: "
                                   + "; ".join(self.options))
        if answer == self.answer:
            return Feedback(True, self.explanation)
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


class Quiz(widgets.VBox):
    """One exercise as a widget: the prompt, a way to answer, a Check button and the feedback."""

    def __init__(self, exercise: Exercise):
        self.exercise = exercise
        if isinstance(exercise, Choice):
            self.answer = widgets.RadioButtons(options=exercise.options, value=None,
                                               layout=widgets.Layout(width="auto"))
        else:
            self.answer = widgets.FloatText(description=exercise.unit, value=0)
        self.button = widgets.Button(description="Check", button_style="primary")
        self.feedback = widgets.HTML()
        self.button.on_click(self.on_check)
        super().__init__([widgets.HTML(f"<strong>Exercise {html.escape(exercise.id)}.</strong> "
                                       f"{html.escape(exercise.prompt)}"),
                          self.answer, self.button, self.feedback])

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
    lines.append(f"Run the notebook to answer here, or call "
                 f"check(lesson, {exercise.id!r}, your_answer).")
    return "\n".join(lines)


def ask(exercise: Exercise) -> Quiz:
    """Show ``exercise`` as a widget that checks the learner's answer."""
    return Quiz(exercise)
