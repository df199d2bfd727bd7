"""The optional code track: each task's checker says right or wrong, and why, in plain words."""

from __future__ import annotations

import pandas as pd
import pytest

from raqqa_lesson import practice


def test_every_page_after_00_has_a_task(lesson):
    assert sorted(task_id.split(".")[0] for task_id in practice.tasks(lesson)) == list("12345")


def test_an_unfilled_scaffold_asks_for_code_not_an_error(lesson):
    result = practice.check(lesson, "1.7", ...)
    assert not result.correct
    assert "replace the ..." in result.message


def test_the_right_rows_are_confirmed(lesson):
    statements = lesson.statements
    result = practice.check(lesson, "1.7", statements[statements["direct_quote"] == True])
    assert result.correct
    assert str(result).startswith("✔")


@pytest.mark.parametrize(("answer", "says"), [
    (lambda s: s, "32 too many"),
    (lambda s: s[s["direct_quote"] == True].head(3), "5 are missing"),
    (lambda s: s["direct_quote"], "the task asks for a table"),
    (lambda s: s[["article_text"]], "no column 'statement_id'"),
])
def test_a_wrong_table_is_explained(lesson, answer, says):
    result = practice.check(lesson, "1.7", answer(lesson.statements))
    assert not result.correct
    assert says in result.message
    assert str(result).startswith("✘")


def test_a_count_task_checks_the_number(lesson):
    opposed = int((lesson.positions["stance"] == "opposes").sum())
    assert practice.check(lesson, "4.4", opposed).correct
    wrong = practice.check(lesson, "4.4", opposed + 1)
    assert not wrong.correct
    assert ".sum()" in wrong.message
    assert "asks for a number" in practice.check(lesson, "4.4", lesson.positions).message


def test_empty_cells_are_matched_by_null(lesson):
    task = practice.tasks(lesson)["2.5"]
    rows = practice.expected(lesson, task)
    assert isinstance(rows, pd.DataFrame)
    assert rows["qualifier"].isna().all()
    assert len(rows) == lesson.quantities["qualifier"].isna().sum()
