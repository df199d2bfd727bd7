"""Copies for learners: everything missing is added, nothing a learner wrote is overwritten."""

from __future__ import annotations

import datetime as dt
import importlib.util
import subprocess
import sys

import pytest
from conftest import ROOT

from raqqa_lesson import cli
from raqqa_lesson.classroom import copy_notebooks, lesson_notebooks

NOW = dt.datetime(2026, 11, 25, 9, 30, 0)


def test_copy_brings_every_notebook(tmp_path):
    results = copy_notebooks(tmp_path / "learner")
    assert [r.action for r in results] == ["copied"] * len(lesson_notebooks())
    root = lesson_notebooks()[0].parent
    assert any(source.parent != root for source in lesson_notebooks())  # every lesson, in its folder
    for source in lesson_notebooks():
        assert (tmp_path / "learner" / source.relative_to(root)).read_bytes() == source.read_bytes()


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


@pytest.mark.parametrize(("command", "module"), [(["lab"], "jupyterlab"), (["present", "03"], "voila")])
def test_lab_and_present_without_their_server_say_how_to_install_it(tmp_path, monkeypatch, capsys,
                                                                   command, module):
    """Colab and a hub install the lesson without the `serve` extra; the two server commands then
    stop with the install line, before copying anything."""
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *args: None if name == module else real_find_spec(name, *args))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cli.main(command) == 1
    error = capsys.readouterr().err
    assert 'pip install "raqqa-lesson[serve]"' in error
    assert list(tmp_path.iterdir()) == []
