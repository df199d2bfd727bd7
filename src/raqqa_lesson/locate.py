"""Where lesson packages are: the ones that ship with raqqa-lesson, the one a teacher names, and
the default that load() reads."""

from __future__ import annotations

import csv
import os
from importlib import resources
from pathlib import Path


def bundled(name: str) -> Path:
    """A folder that ships with raqqa-lesson: "data" (the data package) or "notebooks"."""
    installed = resources.files("raqqa_lesson") / name
    if installed.is_dir():  # a wheel carries it inside the package
        return Path(str(installed))
    # a source checkout or editable install: it sits once, at the top of the repository
    return Path(__file__).resolve().parents[2] / name


LESSONS = "lessons.csv"
"""The list of the lessons that ship with raqqa-lesson, in data/: each package's folder, where
its notebooks are built (relative to notebooks/), and its title. The first is the default."""


def bundled_lessons() -> list[dict[str, str]]:
    """The lessons that ship with raqqa-lesson, as rows of ``data/lessons.csv``."""
    with (bundled("data") / LESSONS).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def bundled_names() -> list[str]:
    """The names of the packages that ship with raqqa-lesson."""
    return [row["package"] for row in bundled_lessons()]


def bundled_package(name: str | None = None) -> Path:
    """The folder of a data package that ships with raqqa-lesson (by default, the first listed)."""
    lessons = bundled_lessons()
    chosen = lessons[0] if name is None else next(
        (row for row in lessons if row["package"] == name), None)
    if chosen is None:
        known = ", ".join(row["package"] for row in lessons)
        raise KeyError(f"no bundled package {name!r}; the bundled ones are: {known}")
    return bundled("data") / chosen["package"]


DATA_VARIABLE = "RAQQA_LESSON_DATA"
"""An environment variable naming another data package for load() to use by default, so the
same notebooks run on a teacher's own article without editing them."""


def default_package() -> Path:
    """The package load() reads when given no path: the one ``RAQQA_LESSON_DATA`` names, if set,
    or else the bundled one."""
    chosen = os.environ.get(DATA_VARIABLE)
    return Path(chosen) if chosen else bundled_package()


def locate(path: str | Path | None) -> tuple[Path, Path]:
    if path is None:
        path = default_package()
    elif isinstance(path, str) and not Path(path).exists() and path in bundled_names():
        path = bundled_package(path)  # a bundled lesson by its name, as built notebooks load it
    path = Path(path)
    if path.suffix == ".json":
        return path.parent, path
    return path, path / "datapackage.json"
