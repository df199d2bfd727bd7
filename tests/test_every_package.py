"""Every lesson that ships (data/lessons.csv), held to what a teacher's own package must meet:
`check` finds nothing, every exercise answers, and every explorer its pages use draws a new
chart for each choice a learner can make."""

from __future__ import annotations

import pytest
from ipywidgets import Dropdown

import raqqa_lesson as rl
from raqqa_lesson import content, exercises, places, positions, sources, timelines
from raqqa_lesson.cli import package_problems
from raqqa_lesson.locate import bundled_names, bundled_package

PACKAGES = bundled_names()
EXPLORERS = {"speaker-explorer": sources.speaker_explorer,
             "distance-explorer": places.distance_explorer,
             "timeline-explorer": timelines.timeline_explorer,
             "actor-explorer": positions.actor_explorer}


def test_more_than_one_lesson_ships():
    assert len(PACKAGES) >= 2, PACKAGES


@pytest.mark.parametrize("name", PACKAGES)
def test_check_finds_no_problem_and_no_unmarked_reflection(name):
    problems, warnings = package_problems(bundled_package(name))
    assert problems == []
    assert [warning for warning in warnings if "rubric" in warning] == []


@pytest.mark.parametrize("name", PACKAGES)
def test_every_exercise_accepts_its_answer_and_refuses_every_other_option(name):
    built = exercises.build(rl.load(name))
    assert len(built) >= 10, "a lesson asks at least two questions per notebook"
    for key, exercise in built.items():
        assert exercise.check(exercise.answer).correct, key
        if isinstance(exercise, exercises.Choice) and not exercise.guess:
            for option in exercise.options:
                if option != exercise.answer:
                    feedback = exercise.check(option)
                    assert not feedback.correct, (key, option)
                    assert feedback.message, (key, option)


@pytest.mark.parametrize("name", PACKAGES)
def test_every_explorer_the_pages_use_draws_each_choice(name):
    lesson = rl.load(name)
    named = {block.text for page in content.pages(lesson.source) for block in page.of_kind("step")}
    used = [step for step in EXPLORERS if step in named]
    assert used, "each shipped lesson uses at least one explorer"
    for step in used:
        explorer = EXPLORERS[step](lesson)
        assert explorer.png, step
        assert explorer.alt, step
        for control in explorer.controls.values():
            if not isinstance(control, Dropdown):
                continue
            values = [option[1] if isinstance(option, tuple) else option for option in control.options]
            for value in values[:6]:
                before = explorer.png
                if value == control.value:
                    continue
                control.value = value
                assert explorer.png != before, (step, value)
                assert explorer.panel.value, (step, value)
