"""Every shipped package's tables as load() gives them: the columns in the schema's order, each
typed as its schema says, and the Frictionless reference validator's independent verdict. What
load() refuses (a bad pattern, a missing required value, a duplicate key, an unknown reference)
is tested once, in test_check.py, by breaking a copy of the package."""

from __future__ import annotations

import json

import frictionless
import pandas as pd
import pytest
from conftest import DATA

import raqqa_lesson as rl
from raqqa_lesson.datapackage import TABLES
from raqqa_lesson.locate import bundled_names, bundled_package

PACKAGES = {name: bundled_package(name) for name in bundled_names()}
RESOURCES = {resource["name"]: resource for resource in
             json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
FIELDS = [(name, spec) for name in TABLES for spec in RESOURCES[name]["schema"]["fields"]]
DTYPE_CHECKS = {
    "string": pd.api.types.is_string_dtype,
    "integer": lambda dtype: dtype == "Int64",
    "number": lambda dtype: dtype == "Float64",
    "boolean": lambda dtype: dtype == "boolean",
    "date": pd.api.types.is_datetime64_any_dtype,
}


@pytest.mark.parametrize("package", PACKAGES.values(), ids=PACKAGES.keys())
def test_descriptor_describes_exactly_the_tables(package):
    resources = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    assert sorted(resource["name"] for resource in resources) == sorted(TABLES)


@pytest.mark.parametrize("name", TABLES)
def test_columns_in_schema_order(lesson, name):
    expected = [spec["name"] for spec in RESOURCES[name]["schema"]["fields"]]
    assert list(lesson.table(name).columns) == expected
    assert len(lesson.table(name)) > 0


@pytest.mark.parametrize(("name", "spec"), FIELDS, ids=[f"{n}.{s['name']}" for n, s in FIELDS])
def test_column_is_typed_as_its_schema_says(lesson, name, spec):
    column = lesson.table(name)[spec["name"]]
    enum = spec.get("constraints", {}).get("enum")
    if enum:
        assert isinstance(column.dtype, pd.CategoricalDtype)
        assert list(column.cat.categories) == enum
    else:
        assert DTYPE_CHECKS[spec["type"]](column.dtype), column.dtype


def test_tables_are_independent_copies():
    """A learner editing one loaded table must not change what the next load() returns."""
    mine = rl.load()
    mine.statements.loc[0, "paraphrase"] = "changed"
    assert rl.load().statements.loc[0, "paraphrase"] != "changed"


@pytest.mark.parametrize("package", PACKAGES.values(), ids=PACKAGES.keys())
def test_frictionless_reference_validator_accepts_the_package(package):
    report = frictionless.validate(package / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
