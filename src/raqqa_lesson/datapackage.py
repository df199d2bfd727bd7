"""Read and validate a lesson data package once, and hand out typed pandas DataFrames.

A data package is a folder holding ``datapackage.json`` (a Frictionless Data Package descriptor),
one CSV file per table and the article's text. The work is split by job: ``locate`` finds a
package, ``reading`` reads its files by the descriptor's schemas (the single source of column types
and constraints), and ``rules`` checks what a generic validator cannot (quotes found verbatim in the
article, date intervals in order, attribution chains that reach the publisher). Every problem is
collected, so a teacher fixing a package sees all of them at once, each naming the file, the row,
the column and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from raqqa_lesson.locate import locate
from raqqa_lesson.problems import DataPackageError, Problem
from raqqa_lesson.reading import (
    TABLES,
    Article,
    frame,
    paths_are_safe,
    read_article,
    read_basemap,
    read_descriptor,
    read_table,
    resource_schemas,
)
from raqqa_lesson.rules import check_against_article, check_keys, check_lesson_rules

__all__ = ["TABLES", "Article", "DataPackageError", "Lesson", "Problem", "check", "load", "read_package"]


@dataclass(frozen=True)
class Lesson:
    """A validated lesson: the article plus one typed DataFrame per table."""

    article: Article
    citations: pd.DataFrame
    sides: pd.DataFrame
    actors: pd.DataFrame
    outlets: pd.DataFrame
    places: pd.DataFrame
    statements: pd.DataFrame
    events: pd.DataFrame
    checks: pd.DataFrame
    forecasts: pd.DataFrame
    quantities: pd.DataFrame
    questions: pd.DataFrame
    positions: pd.DataFrame
    relations: pd.DataFrame
    coverage: pd.DataFrame
    basemap: pd.DataFrame = field(compare=False, repr=False)
    source: Path = field(compare=False)

    def table(self, name: str) -> pd.DataFrame:
        """The table called ``name`` (one of ``TABLES``)."""
        if name not in TABLES:
            raise KeyError(f"no table {name!r}; the tables are: {', '.join(TABLES)}")
        return getattr(self, name)


def load(path: str | Path | None = None) -> Lesson:
    """Load and validate a lesson data package (the bundled one by default).

    ``path`` is a folder holding ``datapackage.json`` or the descriptor itself. Raises
    ``DataPackageError`` listing every problem when the package is not valid.
    """
    lesson, problems = read_package(path)
    if problems:
        raise DataPackageError(problems)
    assert lesson is not None
    return lesson


def check(path: str | Path | None = None) -> list[Problem]:
    """Every problem in a data package; an empty list means it is valid."""
    return read_package(path)[1]


def read_package(path: str | Path | None = None) -> tuple[Lesson | None, list[Problem]]:
    """Read a package and collect every problem; the Lesson is None when any problem was found."""
    folder, descriptor_path = locate(path)
    problems: list[Problem] = []
    descriptor = read_descriptor(descriptor_path, problems)
    if descriptor is None:
        return None, problems
    if not paths_are_safe(descriptor, descriptor_path.name, problems):
        return None, problems
    schemas = resource_schemas(descriptor, descriptor_path.name, problems)
    article = read_article(folder, descriptor, descriptor_path.name, problems)
    basemap = read_basemap(folder, descriptor, problems)
    tables = {
        name: read_table(folder, schema, problems)
        for name, schema in schemas.items()
    }
    if len(schemas) == len(TABLES):
        check_keys(tables, schemas, problems)
        if article is not None:
            check_against_article(tables, article, problems)
        check_lesson_rules(tables, problems)
    if problems or article is None:
        return None, problems
    frames = {name: frame(tables[name], schemas[name]) for name in TABLES}
    return Lesson(article=article, basemap=basemap, source=folder, **frames), problems
