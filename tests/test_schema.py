"""Every table against its schema in datapackage.json: generated from the list of tables, so a
new table is tested the day it is added."""

from __future__ import annotations

import json

import frictionless
import pandas as pd
import pytest
from conftest import DATA

import raqqa_lesson as rl
from raqqa_lesson.datapackage import TABLES

DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {resource["name"]: resource for resource in DESCRIPTOR["resources"]}
FIELDS = [(name, spec) for name in TABLES for spec in RESOURCES[name]["schema"]["fields"]]
DTYPE_CHECKS = {
    "string": pd.api.types.is_string_dtype,
    "integer": lambda dtype: dtype == "Int64",
    "number": lambda dtype: dtype == "Float64",
    "boolean": lambda dtype: dtype == "boolean",
    "date": pd.api.types.is_datetime64_any_dtype,
}


def test_descriptor_describes_exactly_the_tables():
    assert sorted(RESOURCES) == sorted(TABLES)


@pytest.mark.parametrize("name", TABLES)
def test_columns_in_schema_order(lesson, name):
    expected = [spec["name"] for spec in RESOURCES[name]["schema"]["fields"]]
    assert list(lesson.table(name).columns) == expected
    assert len(lesson.table(name)) > 0


@pytest.mark.parametrize(("name", "spec"), FIELDS, ids=[f"{n}.{s['name']}" for n, s in FIELDS])
def test_column_dtype_and_constraints(lesson, name, spec):
    column = lesson.table(name)[spec["name"]]
    constraints = spec.get("constraints", {})
    if "enum" in constraints:
        assert isinstance(column.dtype, pd.CategoricalDtype)
        assert list(column.cat.categories) == constraints["enum"]
    else:
        assert DTYPE_CHECKS[spec["type"]](column.dtype), column.dtype
    if constraints.get("required"):
        assert column.notna().all()
    if constraints.get("unique"):
        assert column.is_unique
    if "minimum" in constraints:
        assert (column.dropna() >= constraints["minimum"]).all()
    if "maximum" in constraints:
        assert (column.dropna() <= constraints["maximum"]).all()
    if "pattern" in constraints:
        assert column.dropna().str.fullmatch(constraints["pattern"]).all()


@pytest.mark.parametrize("name", TABLES)
def test_primary_key_is_unique(lesson, name):
    key = RESOURCES[name]["schema"]["primaryKey"]
    assert not lesson.table(name).duplicated(subset=[key] if isinstance(key, str) else key).any()


FOREIGN_KEYS = [(name, fk) for name in TABLES for fk in RESOURCES[name]["schema"].get("foreignKeys", [])]


@pytest.mark.parametrize(("name", "fk"), FOREIGN_KEYS,
                         ids=[f"{n}.{fk['fields']}" for n, fk in FOREIGN_KEYS])
def test_foreign_key_resolves(lesson, name, fk):
    target = lesson.table(fk["reference"]["resource"] or name)[fk["reference"]["fields"]]
    values = lesson.table(name)[fk["fields"]].dropna()
    assert values.isin(set(target)).all(), sorted(set(values) - set(target))


def test_tables_are_independent_copies():
    """A learner editing one loaded table must not change what the next load() returns."""
    mine = rl.load()
    mine.statements.loc[0, "paraphrase"] = "changed"
    assert rl.load().statements.loc[0, "paraphrase"] != "changed"


def test_frictionless_reference_validator_accepts_the_package():
    report = frictionless.validate(DATA / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
