"""Measure what the lesson costs against its floors: what the same stack costs doing nothing of
ours. Prints a table; every figure is the median (min–max) of repeated runs.

Usage: python bench/run.py [--quick]        (make bench)

Not a test: nothing here passes or fails. Results, with the machine, go in docs/performance.md.
"""

from __future__ import annotations

import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PYTHON = sys.executable
FLOOR_CELLS = [
    "import pandas as pd\nimport matplotlib.pyplot as plt\nimport ipywidgets as widgets",
    "fig, ax = plt.subplots(figsize=(9, 5))\nax.bar(list('ABCDE'), [3, 7, 2, 9, 4])\nplt.show()",
]
PEAK_MEMORY = ("import resource, sys\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * "
               "(1 if sys.platform == 'darwin' else 1024))")


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} ({min(values):.0f}–{max(values):.0f})"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def fresh_process_ms(code: str, runs: int) -> list[float]:
    """Wall time of a fresh interpreter running ``code``, minus nothing: interpreter start included."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([PYTHON, "-c", code], check=True, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    return times


def timed_in_process(code: str, runs: int) -> list[float]:
    """Time of ``code``'s statement ``TIMED`` inside a fresh process (cold)."""
    times = []
    for _ in range(runs):
        out = subprocess.run([PYTHON, "-c", code], check=True, capture_output=True, text=True)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return times


def execute(notebook: nbformat.NotebookNode, cwd: Path) -> tuple[float, str]:
    """Seconds to run the notebook in a fresh kernel (start to shutdown), and its last output."""
    start = time.perf_counter()
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(cwd)}}).execute()
    elapsed = time.perf_counter() - start
    last = notebook.cells[-1].get("outputs", [])
    return elapsed, (last[0].get("text", "") if last else "")


def explorer_redraws(changes: int, rounds: int, *, partial: bool = True
                     ) -> dict[str, tuple[list[float], list[float]]]:
    """Per explorer control: redraw times (ms) for views not seen before, and for views seen;
    without ``partial``, every new view is drawn whole (the partial-redraw layer switched off).
    Each of ``rounds`` starts a fresh explorer, as each notebook run does, so that an explorer
    with few views (twelve speakers) still gives enough new views for a p95."""
    import raqqa_lesson as rl
    from raqqa_lesson import places, positions, sources, timelines

    lesson = rl.load()
    rng = random.Random(2017)
    results = {}
    explorers = {"speaker explorer": sources.speaker_explorer, "distance explorer":
                 places.distance_explorer, "timeline explorer": timelines.timeline_explorer,
                 "actor explorer": positions.actor_explorer}
    for name, make in explorers.items():
        for _ in range(rounds):
            explorer = make(lesson)
            explorer.blit = explorer.blit and partial
            for control_name, control in explorer.controls.items():
                first, again = results.setdefault(f"{name}: {control_name}", ([], []))
                for _ in range(changes):
                    value = random_value(control, rng)
                    if value == control.value:
                        continue
                    seen = tuple(sorted({**explorer.values(), control_name: value}.items())) \
                        in explorer.drawn
                    start = time.perf_counter()
                    control.value = value  # the observer redraws synchronously, as in a kernel
                    (again if seen else first).append((time.perf_counter() - start) * 1000)
    return results


def random_value(control, rng: random.Random):
    options = getattr(control, "options", None)
    if options:
        choice = rng.choice(list(options))
        return choice[1] if isinstance(choice, tuple) else choice
    low, high = control.value
    span = control.max - control.min
    new_high = min(control.max, max(low, high + rng.randint(-span // 10, span // 10)))
    return (low, new_high)


def venv_size_mb(requirements: list[str], workdir: Path) -> float:
    target = workdir / "venv"
    subprocess.run([PYTHON, "-m", "venv", str(target)], check=True)
    subprocess.run([str(target / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    "--disable-pip-version-check", *requirements], check=True, capture_output=True)
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file() and not p.is_symlink())
    shutil.rmtree(target)
    return size / 1e6


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    runs = 3 if quick else 7
    rows = []

    def row(what, value, floor, unit, target=""):
        ratio = "" if floor in ("", None) else f"{statistics.median(value) / statistics.median(floor):.2f}×"
        rows.append((what, summary(value) + f" {unit}", "" if floor in ("", None)
                     else summary(floor) + f" {unit}", ratio, target))

    row("import raqqa_lesson (fresh interpreter)", fresh_process_ms("import raqqa_lesson", runs),
        fresh_process_ms("import pandas, matplotlib, ipywidgets", runs), "ms",
        "≤ 1.10× the stack")
    cold = timed_in_process("import time, raqqa_lesson as rl\nt = time.perf_counter()\nrl.load()\n"
                            "print((time.perf_counter() - t) * 1000)", runs)
    row("load(), cold (first call in a fresh process)", cold, None, "ms", "≤ 50 ms")
    warm = timed_in_process("import time, raqqa_lesson as rl\nrl.load()\nt = time.perf_counter()\n"
                            "rl.load()\nprint((time.perf_counter() - t) * 1000)", runs)
    row("load(), warm (second call)", warm, None, "ms")

    workdir = Path(tempfile.mkdtemp(prefix="raqqa-bench-"))
    floor_nb = new_notebook(cells=[new_code_cell(c) for c in FLOOR_CELLS])
    floor = [execute(nbformat.from_dict(floor_nb), workdir)[0] for _ in range(runs)]
    row("floor notebook (import the stack, draw one chart)", [f * 1000 for f in floor], None, "ms")
    sequence = [0.0] * runs
    for path in NOTEBOOKS:
        times = []
        for run in range(runs):
            elapsed, _ = execute(nbformat.read(path, as_version=4), workdir)
            times.append(elapsed * 1000)
            sequence[run] += elapsed * 1000
        row(f"run {path.stem}", times, [f * 1000 for f in floor], "ms")
    row("run the whole sequence (6 notebooks)", sequence,
        [f * 1000 * len(NOTEBOOKS) for f in floor], "ms", "≤ 1.30× six floors")

    def peak_mb(cells: list) -> float:
        """ru_maxrss of a fresh kernel that ran ``cells``."""
        notebook = nbformat.from_dict(new_notebook(cells=[*cells, new_code_cell(PEAK_MEMORY)]))
        return int(execute(notebook, workdir)[1]) / 1e6

    def code_cells(path: Path) -> list:
        return [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]

    repeats = max(2, runs // 2)
    floor_peak = [peak_mb([new_code_cell(c) for c in FLOOR_CELLS]) for _ in range(repeats)]
    row("kernel peak memory after the whole lesson", [peak_mb([cell for path in NOTEBOOKS
                                                               for cell in code_cells(path)])
                                                      for _ in range(repeats)],
        floor_peak, "MB", "≤ 1.20×")
    # as Jupyter runs them: each notebook in its own kernel; the largest of the six
    row("kernel peak memory, one notebook per kernel (the largest)",
        [max(peak_mb(code_cells(path)) for path in NOTEBOOKS) for _ in range(repeats)],
        floor_peak, "MB")

    changes, rounds = (30, 3) if quick else (60, 5)
    whole = explorer_redraws(changes, rounds, partial=False)  # every new view drawn whole
    for name, (first, again) in explorer_redraws(changes, rounds).items():
        for label, values in (("new view", first), ("seen before", again)):
            if len(values) >= 3:
                floor = whole[name][0] if label == "new view" and len(whole[name][0]) >= 3 else []
                rows.append((f"{name} ({label}), n={len(values)}",
                             (f"p50 {percentile(values, 0.5):.0f} ms, "
                              f"p95 {percentile(values, 0.95):.0f} ms, max {max(values):.0f} ms"),
                             f"drawn whole: p95 {percentile(floor, 0.95):.0f} ms" if floor else "",
                             "", "p95 ≤ 100 ms"))

    if not quick:
        with_package = venv_size_mb([str(ROOT)], workdir)
        stack_only = venv_size_mb(["jupyterlab", "pandas", "matplotlib", "ipywidgets"], workdir)
        rows.append(("fresh venv with the package", f"{with_package:.0f} MB",
                     f"{stack_only:.0f} MB", f"{with_package / stack_only:.2f}×", ""))
    shutil.rmtree(workdir, ignore_errors=True)

    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    widths = [max(len(str(r[i])) for r in rows) for i in range(5)]
    header = ("what", "measured", "floor", "ratio", "target")
    for line in (header, *rows):
        print(" | ".join(str(cell).ljust(width) for cell, width in zip(line, widths)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
