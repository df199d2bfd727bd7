"""What Binder, a school's hub and a citation manager read: kept in step with the package."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import types
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

import nbformat
import pytest
from conftest import DATA, ROOT
from packaging.requirements import Requirement

from raqqa_lesson.content import pages

sys.path.insert(0, str(ROOT / "tools"))
from navigation import COLAB_MARK, GUIDE, README, home, lesson_notebooks, project, render

NOTEBOOKS = lesson_notebooks()
PROJECT = project()


def environment_pins() -> dict[str, str]:
    """The conda packages environment.yml pins, name -> version (python and pip aside)."""
    pins = {}
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"\s*-\s*([A-Za-z0-9_.-]+)=([0-9][^\s#]*)\s*", line)
        if match and match.group(1) not in ("python", "pip"):
            pins[match.group(1).lower()] = match.group(2)
    return pins


def environment_python() -> str:
    """The Python version environment.yml asks for, such as "3.11"."""
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    return re.search(r"^\s*- python=(\S+)\s*$", text, re.MULTILINE).group(1)


def test_environment_pins_every_runtime_dependency_and_nothing_else():
    """Binder gets the library and both servers: the core dependencies and the `serve` extra."""
    required = {Requirement(r).name.lower(): Requirement(r)
                for r in [*PROJECT["dependencies"], *PROJECT["optional-dependencies"]["serve"]]}
    pins = environment_pins()
    assert sorted(pins) == sorted(required)
    for name, version in pins.items():
        assert required[name].specifier.contains(version), (name, version)


def test_the_tests_run_with_the_versions_binder_builds():
    """`make` installs environment.yml's pins as constraints; this suite runs on exactly them."""
    installed = {name: metadata.version(name) for name in environment_pins()}
    assert installed == environment_pins(), "run the tests through make test (it installs the pins)"


def test_binder_installs_the_package_itself():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s*- pip:\s*\n\s*- -e \.\s*$", text, re.MULTILINE)


@pytest.mark.slow
def test_repo2docker_builds_from_environment_yml_with_the_repository_in_place(tmp_path):
    """What Binder would build, as far as this machine allows (no Docker here): repo2docker's own
    Dockerfile for this repository. It must choose the conda build pack with our Python, and copy
    the repository in before it installs environment.yml, or `-e .` would find nothing to install."""
    repo2docker = Path(sys.executable).parent / "repo2docker"
    result = subprocess.run([str(repo2docker), "--no-build", "--no-run", "--debug", str(ROOT)],
                            capture_output=True, text=True, timeout=120, check=True, cwd=tmp_path)
    dockerfile = result.stdout + result.stderr
    assert f"Building conda environment for python={environment_python()}" in dockerfile
    copy_repository = dockerfile.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    install_environment = dockerfile.index('env update -p ${NB_PYTHON_PREFIX} --file "environment.yml"')
    assert copy_repository < install_environment


def test_environment_python_is_supported():
    minimum = re.search(r">=(\d+)\.(\d+)", PROJECT["requires-python"])
    assert tuple(map(int, environment_python().split("."))) >= tuple(map(int, minimum.groups()))


def test_licences_agree_across_package_data_and_citation():
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert [licence["name"] for licence in descriptor["licenses"]] == ["CC-BY-4.0"]
    assert PROJECT["license"] == "MIT"
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(r"^license: MIT$", citation, re.MULTILINE)
    assert f'version: "{descriptor["version"]}"' in citation
    notes = (ROOT / "LICENSES" / "DATA-AND-TEXT.md").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0" in notes
    assert "© RT" in notes


def test_citation_version_is_the_package_version():
    import raqqa_lesson

    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f'version: "{raqqa_lesson.__version__}"' in citation


def test_teacher_material_is_current():
    from teacher_material import main as teacher_material

    assert teacher_material(["--check"]) == 0, "run: python tools/teacher_material.py"


def test_the_answer_keys_code_solutions_pass_the_checker():
    """The key's one solution per try-it task is real pandas that the learner's checker accepts."""
    import raqqa_lesson as rl
    from raqqa_lesson import practice

    lesson = rl.load()
    tasks = practice.tasks(lesson)
    assert len(tasks) >= 5
    for key, task in tasks.items():
        answer = eval(practice.solution(task), {"lesson": lesson})  # the key's own generated code
        assert practice.check(lesson, key, answer).correct, key


class RecordingShell:
    """Stands in for IPython: records the line magics a cell runs instead of running them."""

    def __init__(self):
        self.magics = []

    def run_line_magic(self, name, line):
        self.magics.append((name, line))


def run_setup_cell_head(notebook_path, monkeypatch, *, in_colab):
    """Run the generated Colab lines of a notebook's setup cell as IPython would, in or out of a
    (stand-in) Colab; returns the magics run and whether Colab's widget manager was switched on."""
    from IPython.core.inputtransformer2 import TransformerManager

    setup = next(c for c in nbformat.read(notebook_path, as_version=4).cells if c.cell_type == "code")
    assert setup.source.startswith(COLAB_MARK)
    head = setup.source.split("\n\n", 1)[0]
    switched_on = []
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    if in_colab:
        output = types.SimpleNamespace(enable_custom_widget_manager=lambda: switched_on.append(True))
        colab = types.ModuleType("google.colab")
        colab.output = output
        monkeypatch.setitem(sys.modules, "google", types.ModuleType("google"))
        monkeypatch.setitem(sys.modules, "google.colab", colab)
    shell = RecordingShell()
    exec(TransformerManager().transform_cell(head), {"get_ipython": lambda: shell})  # noqa: S102
    return shell.magics, bool(switched_on)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_setup_cell_installs_the_lesson_in_colab_only(path, monkeypatch):

    magics, switched_on = run_setup_cell_head(path, monkeypatch, in_colab=True)
    assert [name for name, _ in magics] == ["pip"]
    requirement = Requirement(re.fullmatch(r'install --quiet "(.+)"', magics[0][1]).group(1))
    assert requirement.name == "raqqa-lesson"
    assert requirement.url == f"git+{home().url}@main"
    assert not requirement.extras  # the core only: Colab keeps its own Jupyter
    assert switched_on
    assert run_setup_cell_head(path, monkeypatch, in_colab=False) == ([], False)


LINK = re.compile(r"https://(?:github\.com|nbviewer\.org|colab\.research\.google\.com|mybinder\.org)/[^\s)\"'>]+"
                  r"|git\+https://[^\s\"]+|repo=[^&\s]+")


def generated_texts():

    return {path.name: path.read_text(encoding="utf-8") for path in [README, GUIDE, *lesson_notebooks()]}


def test_every_link_to_the_repository_is_made_from_its_one_address():
    """Binder, nbviewer, Colab, pip and nbgitpuller links all carry [project.urls] Repository, and
    every notebook is linked on nbviewer and Colab."""

    site = home()
    texts = generated_texts()
    links = [link for text in texts.values() for link in LINK.findall(text)]
    assert len(links) > 3 * len(NOTEBOOKS)
    for link in links:
        if "badge_logo.svg" in link or "raw.githubusercontent" in link:
            continue
        assert site.slug in link or quote(site.url, safe="") in link, link
    for path in NOTEBOOKS:
        for url in (site.nbviewer(path.name), site.colab(path.name), site.binder_lab(path.name)):
            assert url in texts["README.md"] + texts[path.name]


def test_a_new_address_reaches_every_link_and_no_old_one_is_left(tmp_path):
    """The drift test: regenerate with another address, and nothing of the current one remains."""

    pyproject = tmp_path / "pyproject.toml"
    moved = (ROOT / "pyproject.toml").read_text(encoding="utf-8").replace(
        home().url, "https://github.com/a-school/news-lesson")
    pyproject.write_text(moved, encoding="utf-8")
    rendered = render(home(pyproject))
    for path, text in rendered.items():
        assert home().slug not in text, path.name
        assert quote(home().url, safe="") not in text, path.name
    assert all("a-school/news-lesson" in text for text in rendered.values())


def test_guide_times_are_the_notebooks_stated_times():
    """The guide's table of times must not drift from what each notebook states at its top."""
    guide = GUIDE.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (\d\d) [^|]+ \| ([^|]+?) \|$", guide, re.MULTILINE))
    stated = {page.name[:2]: page.minutes.replace("minutes", "min") for page in pages(DATA)}
    assert rows == stated


def test_every_fact_in_the_background_primer_is_cited():
    """Each paragraph, list item and table row of the primer names a source that citations.csv
    holds; only headings and the lesson's own italic asides carry none."""
    import raqqa_lesson as rl
    from raqqa_lesson import content

    lesson = rl.load()
    text = content.background(lesson.source)
    cited = set(lesson.citations["citation_id"])
    units = []
    for block in re.split(r"\n\s*\n", text):
        lines = block.strip().split("\n")
        if lines[0].startswith("|"):
            units += [line for line in lines[2:]]  # a table's rows, after its header
        elif lines[0].startswith("- "):
            units += re.split(r"\n(?=- )", block.strip())
        elif not lines[0].startswith("#") and not (block.strip().startswith("*") and block.strip().endswith("*")):
            units.append(block)
    assert len(units) > 20
    uncited = [unit[:60] for unit in units if not content.cited_ids(unit)]
    assert uncited == []
    assert set(content.cited_ids(text)) <= cited
    rendered = (ROOT / "docs" / "background.md").read_text(encoding="utf-8")
    for key in content.cited_ids(text):
        assert f"\n[^{key}]: " in rendered
