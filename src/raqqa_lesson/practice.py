"""The optional code track: "Try it in pandas" tasks, checked in plain words.

A page asks a task in a ``{try-it}`` block (docs/lesson-format.md): a prompt, a scaffold with
``...`` for the learner to fill, the name of the variable the scaffold fills, and what the answer
is, as a query of the tables. ``check`` compares the learner's value with the answer the data gives
and says what is right or wrong, in the manner of Data 8's tests, with no grading server.
"""

from __future__ import annotations

import pandas as pd

from raqqa_lesson import content
from raqqa_lesson.datapackage import Lesson
from raqqa_lesson.exercises import Feedback


def tasks(lesson: Lesson) -> dict[str, dict]:
    """Every task the lesson's pages ask, by id."""
    return {block.text: content.yaml_block(block, page)
            for page in content.pages(lesson.source) for block in page.of_kind("try-it")}


def expected(lesson: Lesson, task: dict) -> pd.DataFrame | int:
    """The answer the data gives: the rows of ``table`` where every ``where`` column has its
    value, or, for ``count``, how many there are."""
    table = lesson.table(task["table"])
    keep = pd.Series(True, index=table.index)
    for column, value in (task.get("where") or {}).items():
        keep &= table[column].isna() if value is None else (table[column] == value).fillna(False)
    rows = table[keep]
    return len(rows) if task.get("answer") == "count" else rows


def solution(task: dict) -> str:
    """A pandas expression that answers a try-it task (its table, filtered as ``where`` says): the
    answer key's solution, which the tests run through ``check``."""
    table = f'lesson.{task["table"]}'
    conditions = [f'{table}["{column}"]' + (".isna()" if value is None else "" if value is True
                                             else f" == {value!r}")
                  for column, value in (task.get("where") or {}).items()]
    joined = " & ".join(f"({c})" for c in conditions) if len(conditions) > 1 else "".join(conditions)
    rows = f"{table}[{joined}]" if conditions else table
    return f"len({rows})" if task.get("answer") == "count" else rows


def check(lesson: Lesson, task_id: str, answer: object) -> Feedback:
    """Say, in plain words, whether ``answer`` is what task ``task_id`` asks for."""
    task = tasks(lesson)[task_id]
    want = expected(lesson, task)
    if answer is Ellipsis:
        return Feedback(False, "replace the ... in the cell above with your code, run it, then run "
                             "this cell again.")
    if isinstance(want, int):
        if isinstance(answer, pd.DataFrame | pd.Series):
            return Feedback(False, "this is a table; the task asks for a number. Try len(...) or "
                                 ".sum() on it.")
        if answer == want:
            return Feedback(True, task.get("explanation", f"{want}."))
        return Feedback(False, f"{answer!r} is not it. {task.get('hint', 'Check your filter.')}")
    if not isinstance(answer, pd.DataFrame):
        return Feedback(False, f"this is a {type(answer).__name__}; the task asks for a table (a "
                             "DataFrame), such as lesson.statements[...]")
    key = want.columns[0]
    if key not in answer.columns:
        return Feedback(False, f"your table has no column {key!r}: start from lesson.{task['table']}.")
    got, wanted = set(answer[key]), set(want[key])
    if got == wanted:
        return Feedback(True, task.get("explanation", f"{len(wanted)} rows."))
    if got > wanted:
        return Feedback(False, f"your table has {len(got)} rows, {len(got - wanted)} too many. "
                             f"{task.get('hint', '')}".strip())
    if got < wanted:
        return Feedback(False, f"your table has {len(got)} rows; {len(wanted - got)} are missing. "
                             f"{task.get('hint', '')}".strip())
    return Feedback(False, f"some of your rows are not the ones asked for. {task.get('hint', '')}"
                  .strip())
