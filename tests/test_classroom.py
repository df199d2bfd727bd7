"""Copies for learners: everything missing is added, nothing a learner wrote is overwritten."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from conftest import ROOT

from raqqa_lesson.classroom import copy_notebooks, lesson_notebooks

NOW = dt.datetime(2026, 11, 25, 9, 30, 0)


def test_copy_brings_every_notebook(tmp_path):
    results = copy_notebooks(tmp_path / "learner")
    assert [r.action for r in results] == ["copied"] * len(lesson_notebooks())
    for source in lesson_notebooks():
        assert (tmp_path / "learner" / source.name).read_bytes() == source.read_bytes()


def test_copy_again_keeps_a_learners_edited_notebook(tmp_path):
    copy_notebooks(tmp_path)
    mine = tmp_path / "03_competing_timelines.ipynb"
    mine.write_text(mine.read_text(encoding="utf-8").replace("Your answer:", "Your answer: months"),
                    encoding="utf-8")
    edited = mine.read_bytes()
    (tmp_path / "01_who_says_what.ipynb").unlink()
    results = {r.name: r for r in copy_notebooks(tmp_path)}
    assert results["03_competing_timelines.ipynb"].action == "kept"
    assert "--force" in str(results["03_competing_timelines.ipynb"])
    assert results["01_who_says_what.ipynb"].action == "copied"
    assert results["00_start_here.ipynb"].action == "unchanged"
    assert mine.read_bytes() == edited


def test_force_replaces_but_keeps_a_timestamped_backup(tmp_path):
    copy_notebooks(tmp_path)
    mine = tmp_path / "03_competing_timelines.ipynb"
    mine.write_text("{}", encoding="utf-8")
    results = {r.name: r for r in copy_notebooks(tmp_path, force=True, now=NOW)}
    replaced = results["03_competing_timelines.ipynb"]
    assert replaced.action == "replaced"
    assert replaced.backup == tmp_path / "03_competing_timelines.backup-20261125-093000.ipynb"
    assert replaced.backup.read_text(encoding="utf-8") == "{}"
    assert mine.read_bytes() == (ROOT / "notebooks" / mine.name).read_bytes()
    assert results["00_start_here.ipynb"].action == "unchanged"  # unchanged files are left alone


def test_copy_command_reports_and_fails_clearly(tmp_path):
    command = [sys.executable, "-m", "raqqa_lesson.cli", "copy"]
    first = subprocess.run([*command, str(tmp_path / "w")], capture_output=True, text=True,
                           check=True, timeout=60)
    assert first.stdout.count("copied") == len(lesson_notebooks())
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    failed = subprocess.run([*command, str(blocked)], capture_output=True, text=True,
                            check=False, timeout=60)
    assert failed.returncode == 1
    assert "cannot copy into" in failed.stderr
    assert "Traceback" not in failed.stderr
