"""Keep the notebooks' navigation current: a line of links at the top and bottom of each notebook
(previous, contents, next) and, in 00, the table of contents. Generated, never edited by hand.

Usage: python tools/navigation.py          rewrite the navigation cells in place
       python tools/navigation.py --check  exit 1 if any notebook's navigation is out of date
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_markdown_cell

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
TAG = "navigation"


def lesson_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def title(notebook: nbformat.NotebookNode) -> str:
    """The notebook's first level-1 heading."""
    for cell in notebook.cells:
        match = re.search(r"^# (.+)$", cell.source, re.MULTILINE) if cell.cell_type == "markdown" else None
        if match:
            return match.group(1).strip()
    raise ValueError("a lesson notebook needs a '# ' title")


def minutes(notebook: nbformat.NotebookNode) -> str:
    for cell in notebook.cells:
        match = re.search(r"\*\*Time\*\* \| ([^|]+) \|", cell.source)
        if match:
            return match.group(1).strip()
    return ""


def navigation(paths: list[Path], titles: list[str], index: int) -> str:
    links = []
    if index > 0:
        links.append(f"[← {titles[index - 1]}]({paths[index - 1].name})")
    if index != 0:
        links.append(f"[Contents]({paths[0].name}#Contents)")
    if index < len(paths) - 1:
        links.append(f"[{titles[index + 1]} →]({paths[index + 1].name})")
    return " | ".join(links)


def contents(paths: list[Path], notebooks: list[nbformat.NotebookNode]) -> str:
    rows = "\n".join(f"| [{title(nb)}]({path.name}) | {minutes(nb)} |"
                     for path, nb in zip(paths[1:], notebooks[1:]))
    return f"## Contents\n\n| notebook | time |\n|---|---|\n{rows}"


def with_navigation(paths: list[Path]) -> dict[Path, nbformat.NotebookNode]:
    """Every notebook with its navigation cells replaced by current ones."""
    notebooks = [nbformat.read(path, as_version=4) for path in paths]
    titles = [title(nb) for nb in notebooks]
    updated = {}
    for index, (path, notebook) in enumerate(zip(paths, notebooks)):
        cells = [c for c in notebook.cells if TAG not in c.metadata.get("tags", [])]
        line = navigation(paths, titles, index)
        bottom = line if index else contents(paths, notebooks) + "\n\n" + line
        # fixed ids, so regenerating the cells changes nothing when their text has not changed
        cells.insert(0, new_markdown_cell(line, id="navigation-top", metadata={"tags": [TAG]}))
        cells.append(new_markdown_cell(bottom, id="navigation-bottom", metadata={"tags": [TAG]}))
        notebook.cells = cells
        updated[path] = notebook
    return updated


def main(argv: list[str]) -> int:
    paths = lesson_notebooks()
    stale = []
    for path, notebook in with_navigation(paths).items():
        if nbformat.writes(notebook).rstrip("\n") != path.read_text(encoding="utf-8").rstrip("\n"):
            stale.append(path.name)
            if "--check" not in argv:
                nbformat.write(notebook, path)
    if stale and "--check" in argv:
        print("navigation out of date in: " + ", ".join(stale) + "; run python tools/navigation.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
