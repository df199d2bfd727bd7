"""Execute the lesson's notebooks in place, so the committed outputs are current.

Usage: python tools/execute_notebooks.py [NOTEBOOK ...]   (default: every notebooks/*.ipynb)

Runs each notebook from a fresh kernel in its own folder, keeps widget state for nbviewer, and
leaves out what changes from run to run (timings), so two runs give the same file.
"""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def execute(path: Path, cwd: Path | None = None) -> nbformat.NotebookNode:
    """Run the notebook at ``path`` top to bottom in a fresh kernel and return it with outputs."""
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["kernelspec"] = KERNEL
    client = NotebookClient(notebook, timeout=180, kernel_name="python3", record_timing=False,
                            store_widget_state=True,
                            resources={"metadata": {"path": str(cwd or path.parent)}})
    client.execute()
    widgets = notebook.metadata.get("widgets", {})
    if not widgets.get("application/vnd.jupyter.widget-state+json", {}).get("state"):
        notebook.metadata.pop("widgets", None)  # GitHub refuses widget metadata without state
        return notebook
    return stable_widget_ids(notebook, path.stem)


def stable_widget_ids(notebook: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """The notebook with its random widget model ids replaced by ids derived from the notebook's
    name and the order the models appear in, so a re-run writes the same file."""
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    text = json.dumps(notebook)
    for number, model_id in enumerate(state):
        text = text.replace(model_id, uuid.uuid5(uuid.NAMESPACE_URL, f"{name}/{number}").hex)
    return nbformat.from_dict(json.loads(text))


def error_outputs(notebook: nbformat.NotebookNode) -> list[str]:
    """Every error output and stderr stream in the notebook, as text."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                found.append(f"{output.ename}: {output.evalue}")
            elif output.output_type == "stream" and output.name == "stderr":
                found.append(output.text)
    return found


def main(paths: list[str]) -> int:
    targets = [Path(p) for p in paths] or sorted(NOTEBOOKS.glob("*.ipynb"))
    for path in targets:
        notebook = execute(path)
        errors = error_outputs(notebook)
        nbformat.write(notebook, path)
        print(f"{path}: {'ok' if not errors else 'ERRORS: ' + '; '.join(errors)}")
        if errors:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
