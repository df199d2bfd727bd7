"""Give each learner their own copy of the notebooks, and never overwrite what they wrote.

On a shared install (a JupyterHub image) the package's notebooks are read-only; learners work on
copies in their own folder. Copying again, after an update, adds what is missing and keeps every
notebook a learner has changed, unless they ask for it to be replaced; even then the old file is
kept as a timestamped backup.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import shutil
from dataclasses import dataclass
from pathlib import Path

from raqqa_lesson.locate import bundled


@dataclass(frozen=True)
class Copied:
    """What ``copy_notebooks`` did with one notebook."""

    name: str
    action: str  # "copied", "unchanged", "kept", "replaced"
    backup: Path | None = None

    def __str__(self) -> str:
        return {
            "copied": f"copied   {self.name}",
            "unchanged": f"same     {self.name}",
            "kept": f"kept     {self.name} (yours differs from the lesson's; --force replaces it, "
                    f"keeping a backup)",
            "replaced": f"replaced {self.name} (your version is kept as {self.backup.name})"
                        if self.backup else f"replaced {self.name}",
        }[self.action]


def lesson_notebooks() -> list[Path]:
    """Every bundled lesson's notebooks as installed: the first lesson's, then each other lesson's
    in its own folder (data/lessons.csv)."""
    root = bundled("notebooks")
    others = [path for path in root.glob("*/[0-9][0-9]_*.ipynb")
              if not path.parent.name.startswith(".")]  # not .ipynb_checkpoints
    return sorted(root.glob("[0-9][0-9]_*.ipynb")) + sorted(others)


def copy_notebooks(destination: Path, *, force: bool = False,
                   now: dt.datetime | None = None) -> list[Copied]:
    """Copy the notebooks into ``destination`` (created if needed), keeping every existing file
    that differs unless ``force``; a replaced file is first renamed to a timestamped backup."""
    destination.mkdir(parents=True, exist_ok=True)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    done = []
    root = bundled("notebooks")
    for source in lesson_notebooks():
        name = source.relative_to(root).as_posix()
        target = destination / name
        target.parent.mkdir(exist_ok=True)
        if not target.exists():
            shutil.copyfile(source, target)
            done.append(Copied(name, "copied"))
        elif source.resolve() == target.resolve() or filecmp.cmp(source, target, shallow=False):
            done.append(Copied(name, "unchanged"))
        elif not force:
            done.append(Copied(name, "kept"))
        else:
            backup = target.with_name(f"{target.stem}.backup-{stamp}{target.suffix}")
            target.rename(backup)
            shutil.copyfile(source, target)
            done.append(Copied(name, "replaced", backup))
    return done


def refuse_to_overwrite(paths: list[Path], *, replace: bool) -> None:
    """Unless ``replace``, raise FileExistsError naming those of ``paths`` that exist: a teacher
    may have edited a document the command wrote before, and it is not written over unasked."""
    existing = [path.name for path in paths if path.exists()]
    if existing and not replace:
        raise FileExistsError(f"it already holds {', '.join(existing)}; nothing was written. "
                              "Choose a new folder, or add --replace to write over them")
