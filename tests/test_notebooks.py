"""The committed notebooks: valid, executed, free of errors, and current with the library and data."""

from __future__ import annotations

import shutil
import sys

import nbformat
import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from execute_notebooks import error_outputs, execute

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


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
                    outputs.append((kind, "" if kind.startswith("image/") else str(data[kind])))
            else:
                outputs.append((output.output_type, ""))
        cells.append(outputs)
    return cells


def test_there_is_a_notebook_to_start_with():
    assert ROOT / "notebooks" / "00_start_here.ipynb" in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
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
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_from_scratch_and_matches_the_committed_outputs(path, tmp_path):
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    fresh = execute(copy)
    assert error_outputs(fresh) == []
    committed = nbformat.read(path, as_version=4)
    assert visible_outputs(fresh) == visible_outputs(committed), (
        f"{path.name} is out of date: run 'make notebooks' and commit the result")
