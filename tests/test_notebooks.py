"""The committed notebooks: valid, executed, free of errors, and current with the library and data."""

from __future__ import annotations

import json
import re
import shutil
import sys

import nbformat
import pytest
from conftest import ROOT

from raqqa_lesson.build import error_outputs, run
from raqqa_lesson.classroom import lesson_notebooks

sys.path.insert(0, str(ROOT / "tools"))


def execute(path):
    """The notebook at ``path``, run from scratch in its own folder."""
    return run(nbformat.read(path, as_version=4), path.stem, cwd=path.parent)


NOTEBOOKS = lesson_notebooks()
"""Every bundled lesson's notebooks: the first lesson's in notebooks/, each other's in a folder."""


def notebook_id(path) -> str:
    return path.relative_to(ROOT / "notebooks").with_suffix("").as_posix()


def package_of(path):
    """The data package a committed notebook is built from (data/lessons.csv)."""
    from raqqa_lesson.locate import bundled_lessons, bundled_package

    folder = path.parent.relative_to(ROOT / "notebooks").as_posix().strip(".")
    row = next(row for row in bundled_lessons() if row["notebooks"].strip("/") == folder)
    return bundled_package(row["package"])


def visible_outputs(notebook: nbformat.NotebookNode) -> list[list[tuple[str, str]]]:
    """Per code cell: each output's kind and its text (images by kind only, since their bytes
    may differ between matplotlib builds)."""
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.outputs:
            if output.output_type == "stream":
                outputs.append((output.name, output.text))
            elif output.output_type in ("display_data", "execute_result"):
                data = output.data
                for kind in sorted(data):
                    value = data[kind]
                    text = json.dumps(value, sort_keys=True) if isinstance(value, dict) else str(value)
                    outputs.append((kind, "" if kind.startswith("image/") else text))
            else:
                outputs.append((output.output_type, ""))
        cells.append(outputs)
    return cells


def test_there_is_a_notebook_to_start_with():
    assert ROOT / "notebooks" / "00_start_here.ipynb" in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_committed_notebook_is_valid_executed_and_clean(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    assert all(cell.execution_count for cell in code), "run every cell before committing"
    assert any(cell.outputs for cell in code)
    assert error_outputs(notebook) == []
    widgets = notebook.metadata.get("widgets")
    assert widgets is None or widgets["application/vnd.jupyter.widget-state+json"]["state"]


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_notebook_runs_from_scratch_and_matches_the_committed_outputs(path, tmp_path):
    copy = tmp_path / path.name  # in a folder of its own, as the learner's copy would be
    shutil.copy(path, copy)
    fresh = execute(copy)
    assert error_outputs(fresh) == []
    committed = nbformat.read(path, as_version=4)
    assert visible_outputs(fresh) == visible_outputs(committed), (
        f"{path.name} is out of date: run 'make notebooks' and commit the result")


LESSON = [path for path in NOTEBOOKS if path.name != "00_start_here.ipynb"]
FIRST_LESSON = [path for path in LESSON if path.parent == ROOT / "notebooks"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_every_image_has_alt_text(path):
    notebook = nbformat.read(path, as_version=4)
    images = [output for cell in notebook.cells for output in cell.get("outputs", [])
              if "image/png" in output.get("data", {})]
    for output in images:
        assert len(output.metadata["image/png"]["alt"]) > 40


@pytest.mark.parametrize("path", LESSON, ids=notebook_id)
def test_lesson_notebook_follows_the_frame(path):
    """Title and hook, time and objectives, one setup cell, charts, two or more exercises with
    self-checks, key points."""
    notebook = nbformat.read(path, as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "**Time**" in text
    assert "**You will**" in text
    assert "## Key points" in text
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    assert code.count("exercises.ask(") >= 2
    assert code.count("lesson = rl.load(") == 1
    setup = next(cell for cell in notebook.cells if "setup" in cell.metadata.get("tags", []))
    assert setup.metadata["jupyter"]["source_hidden"], "the setup cell's code is folded away"
    images = [o for c in notebook.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    if path in FIRST_LESSON:  # another article may have no data for a chart here (a note says so)
        assert images, "every lesson notebook shows at least one chart as an image"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_no_raw_widget_repr_or_traceback_reaches_a_reader(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            plain = str(output.get("data", {}).get("text/plain", "")) + str(output.get("text", ""))
            assert "Box(children" not in plain
            assert "Traceback" not in plain
            assert "object at 0x" not in plain




def test_committed_notebooks_are_what_the_lesson_packages_build():
    """The notebooks are built from data/*/lesson/*.md by the engine: a page edited without
    rebuilding fails here."""
    from navigation import main as navigation

    assert navigation(["--check"]) == 0, "run: make notebooks"


def package_ids(package) -> set[str]:
    """The package's row ids that look like ids (a snake_case word with an underscore)."""
    import csv

    found = set()
    for path in package.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            found |= {row[0] for row in list(csv.reader(handle))[1:] if row and "_" in row[0]}
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_no_internal_id_reaches_what_a_learner_reads(path):
    """Tables, panels and descriptions name people, places and events, never the data's ids."""
    notebook = nbformat.read(path, as_version=4)
    shown = " ".join(str(output.get("data", {}).get(kind, ""))
                     for cell in notebook.cells for output in cell.get("outputs", [])
                     for kind in ("text/html", "text/plain", "text/markdown"))
    leaked = sorted(identifier for identifier in package_ids(package_of(path))
                    if re.search(rf"(?<![\w/.-]){re.escape(identifier)}(?![\w/.-])", shown))
    assert leaked == [], leaked


def shown_outputs(path) -> str:
    """Everything the notebook's code cells show a reader (the pages' own prose aside)."""
    notebook = nbformat.read(path, as_version=4)
    return " ".join(str(output.get("data", {}).get(kind, "")) + str(output.get("text", ""))
                    for cell in notebook.cells for output in cell.get("outputs", [])
                    for kind in ("text/html", "text/plain", "text/markdown"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_no_output_of_one_lesson_names_another_lessons_people(path):
    """What the engine draws and tabulates comes from the notebook's own package: no actor of
    another bundled article, that this package never names, is left over in a table, a chart's
    description or a widget."""
    import raqqa_lesson as rl
    from raqqa_lesson.locate import bundled_names, bundled_package

    own = package_of(path)
    own_text = " ".join(file.read_text(encoding="utf-8") for file in own.rglob("*")
                        if file.suffix in (".csv", ".json", ".md", ".txt"))
    others = {name for package in bundled_names() if bundled_package(package) != own
              for name in rl.load(bundled_package(package)).actors["name"]
              if name not in own_text}  # a name the package itself never writes
    shown = shown_outputs(path)
    leftovers = sorted(name for name in others if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", shown))
    assert leftovers == [], leftovers
