"""What is wrong with a lesson package: each problem names the file, the row, the column and the
fix, and an error that carries them all."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One fault in a data package: where it is, what is wrong, and how to fix it."""

    file: str
    message: str
    fix: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:  # a CSV has rows; a page or a JSON file has lines
            where += f", {'row' if self.file.endswith('.csv') else 'line'} {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        shown = "" if self.value is None else f" (value: {_shorten(self.value)!r})"
        return f"{where}: {self.message}{shown}. Fix: {self.fix}"


class DataPackageError(ValueError):
    """A data package that cannot be loaded; ``problems`` lists every fault found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(
            f"the data package has {count}:\n" + "\n".join(f"- {p}" for p in problems)
        )


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
