"""What Binder, a school's hub and a citation manager read: kept in step with the package."""

from __future__ import annotations

import json
import re
import sys

import tomllib
from conftest import DATA, ROOT

sys.path.insert(0, str(ROOT / "tools"))
from packaging.requirements import Requirement

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def environment_pins() -> dict[str, str]:
    """The conda packages environment.yml pins, name -> version (python and pip aside)."""
    pins = {}
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"\s*-\s*([A-Za-z0-9_.-]+)=([0-9][^\s#]*)\s*", line)
        if match and match.group(1) not in ("python", "pip"):
            pins[match.group(1).lower()] = match.group(2)
    return pins


def test_environment_pins_every_runtime_dependency_and_nothing_else():
    required = {Requirement(r).name.lower(): Requirement(r)
                for r in PYPROJECT["project"]["dependencies"]}
    pins = environment_pins()
    assert sorted(pins) == sorted(required)
    for name, version in pins.items():
        assert required[name].specifier.contains(version), (name, version)


def test_binder_installs_the_package_itself():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s*- pip:\s*\n\s*- -e \.\s*$", text, re.MULTILINE)


def test_environment_python_is_supported():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    version = re.search(r"- python=(\d+)\.(\d+)", text)
    minimum = re.search(r">=(\d+)\.(\d+)", PYPROJECT["project"]["requires-python"])
    assert tuple(map(int, version.groups())) >= tuple(map(int, minimum.groups()))


def test_licences_agree_across_package_data_and_citation():
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert [licence["name"] for licence in descriptor["licenses"]] == ["CC-BY-4.0"]
    assert PYPROJECT["project"]["license"] == "MIT"
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
