"""Shared fixtures: the bundled lesson, and copies of its data package to break on purpose."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import raqqa_lesson as rl

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "rt-raqqa-2017"


@pytest.fixture(scope="session")
def lesson() -> rl.Lesson:
    return rl.load()


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled data package."""
    target = tmp_path / "package"
    shutil.copytree(DATA, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target


def edit_cell(package: Path, table: str, row_id: str, column: str, value: str) -> int:
    """Set one cell of ``table`` (row picked by its first column); returns the row's line number."""
    path = package / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    for number, row in enumerate(rows[1:], start=2):
        if row[0] == row_id:
            row[header.index(column)] = value
            write_rows(path, rows)
            return number
    raise KeyError(f"{table}.csv has no row {row_id}")


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def edit_text(package: Path, name: str, change: Callable[[str], str]) -> None:
    path = package / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
