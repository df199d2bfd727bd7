"""The wheel: built from this checkout, installed into a fresh virtual environment outside the
repository, it carries the data and loads it from any working directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out),
                    str(ROOT)], check=True, capture_output=True, timeout=300)
    (path,) = out.glob("raqqa_lesson-*.whl")
    return path


@pytest.fixture(scope="module")
def wheel_env(wheel, tmp_path_factory) -> Path:
    """A fresh venv with only the wheel installed. Its dependencies (pandas, matplotlib, …) are
    borrowed from this test run's environment through a .pth line instead of downloaded again;
    a .pth line adds a folder without running that folder's own .pth files, so the editable
    install of this checkout stays invisible."""
    env = tmp_path_factory.mktemp("wheel-env")
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    str(wheel)], check=True, capture_output=True, timeout=300)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return env


def test_wheel_carries_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in DATA.rglob("*"):
        if path.is_file():
            assert f"raqqa_lesson/data/{path.relative_to(DATA.parent).as_posix()}" in names
    assert "raqqa_lesson/data/lessons.csv" in names
    assert "raqqa_lesson/__init__.py" in names


def test_wheel_carries_the_notebooks_and_the_offline_voila_template(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        assert f"raqqa_lesson/notebooks/{path.name}" in names
    template = ROOT / "src" / "raqqa_lesson" / "share" / "voila" / "templates" / "raqqa-lesson"
    for path in template.iterdir():
        assert f"raqqa_lesson/share/voila/templates/raqqa-lesson/{path.name}" in names


def test_wheel_loads_from_another_directory(wheel_env, tmp_path):
    script = (
        "import json, raqqa_lesson as rl\n"
        "lesson = rl.load()\n"
        "print(json.dumps({'module': rl.__file__, 'source': str(lesson.source),\n"
        "  'rows': {name: len(lesson.table(name)) for name in rl.datapackage.TABLES},\n"
        "  'date': str(lesson.statements['said_latest'].dtype)}))\n"
    )
    result = subprocess.run([str(wheel_env / "bin" / "python"), "-c", script], cwd=tmp_path,
                            capture_output=True, text=True, check=True, timeout=120)
    seen = json.loads(result.stdout)
    assert seen["module"].startswith(str(wheel_env))
    assert seen["source"].startswith(str(wheel_env))
    assert seen["source"].endswith(f"raqqa_lesson/data/{DATA.name}")
    import raqqa_lesson as rl

    local = rl.load()
    assert seen["rows"] == {name: len(local.table(name)) for name in rl.datapackage.TABLES}
    assert seen["date"] == str(local.statements["said_latest"].dtype)


def test_wheel_console_script_checks_the_bundled_package(wheel_env, tmp_path):
    result = subprocess.run([str(wheel_env / "bin" / "raqqa-lesson"), "check"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "valid lesson data package" in result.stdout


def test_this_install_loads_from_another_directory(tmp_path):
    """The install the tests run in (editable in a checkout) finds the same data from anywhere."""
    script = "import raqqa_lesson as rl; print(len(rl.load().statements), rl.load().source)"
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                            text=True, check=True, timeout=120)
    import raqqa_lesson as rl

    count, source = result.stdout.split()
    assert int(count) == len(rl.load().statements)
    assert Path(source) == rl.load().source


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


def test_lesson_runs_from_a_read_only_install(wheel_env, tmp_path):
    """A JupyterHub image: the package folder is read-only, learners copy the notebooks and run
    them. Nothing may be written inside the install (checked by a snapshot of every file, since
    permissions do not stop root)."""
    python = wheel_env / "bin" / "python"
    where = "import os, raqqa_lesson; print(os.path.dirname(raqqa_lesson.__file__))"
    package = Path(subprocess.run([str(python), "-c", where], capture_output=True, text=True,
                                  check=True).stdout.strip())
    before = snapshot(package)
    modes = {p: p.stat().st_mode for p in [package, *package.rglob("*")]}
    for path, mode in modes.items():
        path.chmod(mode & ~0o222)
    try:
        learner = tmp_path / "learner"
        subprocess.run([str(wheel_env / "bin" / "raqqa-lesson"), "copy", str(learner)],
                       check=True, capture_output=True, timeout=60)
        run = ("import nbformat\nfrom nbclient import NotebookClient\n"
               "nb = nbformat.read('03_competing_timelines.ipynb', as_version=4)\n"
               "NotebookClient(nb, timeout=180, kernel_name='python3').execute()\n"
               "errors = [o for c in nb.cells for o in c.get('outputs', []) "
               "if o.output_type == 'error']\n"
               "print(len(errors))\n")
        env = {**os.environ, "JUPYTER_PATH": str(tmp_path / "jp"),
               "JUPYTER_DATA_DIR": str(tmp_path / "jd"), "IPYTHONDIR": str(tmp_path / "ipy")}
        result = subprocess.run([str(python), "-c", run], cwd=learner, capture_output=True,
                                text=True, timeout=300, env=env, check=True)
        assert result.stdout.strip().splitlines()[-1] == "0"
    finally:
        for path, mode in modes.items():
            path.chmod(mode)
    assert snapshot(package) == before
