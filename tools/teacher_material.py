"""Write the bundled lessons' teacher documents into docs/ (``raqqa_lesson.key``: the answer key,
the outlets, the instructor notes and the primer), so they never drift from the notebooks.

Usage: python tools/teacher_material.py          rewrite docs/ (the first lesson) and docs/PACKAGE/
       python tools/teacher_material.py --check  exit 1 if any is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

import raqqa_lesson as rl
from raqqa_lesson import key
from raqqa_lesson.locate import bundled_lessons, bundled_package

DOCS = Path(__file__).resolve().parent.parent / "docs"


def wanted_files() -> dict[Path, str]:
    """Every generated document (``key.documents``): the first bundled lesson's in docs/, each
    other lesson's in docs/PACKAGE/."""
    wanted = {}
    for number, row in enumerate(bundled_lessons()):
        folder = DOCS if number == 0 else DOCS / row["package"]
        documents = key.documents(rl.load(bundled_package(row["package"])))
        wanted |= {folder / name: text for name, text in documents.items()}
    return wanted


def main(argv: list[str]) -> int:
    wanted = wanted_files()
    stale = [str(path.relative_to(DOCS)) for path, text in wanted.items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if "--check" in argv:
        if stale:
            print(f"out of date: {', '.join(stale)}; run python tools/teacher_material.py")
        return 1 if stale else 0
    for path, text in wanted.items():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
