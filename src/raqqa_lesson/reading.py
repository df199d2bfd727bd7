"""Read a lesson package's files into typed rows: the descriptor (its paths checked for safety
before anything is read), the article, the basemap, and each table, its cells converted by the
types and constraints its schema in ``datapackage.json`` declares. Every problem is collected."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from raqqa_lesson.problems import Problem

TABLES = (
    "citations",
    "sides",
    "actors",
    "outlets",
    "places",
    "statements",
    "events",
    "checks",
    "forecasts",
    "quantities",
    "questions",
    "positions",
    "relations",
    "coverage",
)
"""Every table a lesson package holds, in an order where each table's references come earlier."""

NEEDS_ROWS = {
    "actors": "a lesson needs the people and bodies who speak in the article, and its publisher",
    "statements": "a lesson needs the article's statements",
    "sides": "every actor is grouped on a side, even if there is only one",
    "checks": "every statement is set against the record, or marked not_checkable with the reason",
}
"""The tables a lesson cannot do without; any other may be empty, and the notebook steps that
need it are left out (``raqqa-lesson check`` says which)."""

MISSING = ""
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")


@dataclass(frozen=True)
class Article:
    """The article the lesson takes apart: its words and what is known about its publication."""

    title: str
    publisher_id: str
    published_earliest: dt.date
    published_latest: dt.date
    published_text: str
    url: str | None
    language: str
    text: str
    credits: tuple[dict, ...]
    notes: str
    license_note: str

    @property
    def lines(self) -> list[str]:
        """The article's non-empty lines; ``statements.paragraph`` counts these from 1."""
        return [line for line in self.text.splitlines() if line.strip()]


def read_descriptor(descriptor_path: Path, problems: list[Problem]) -> dict | None:
    name = str(descriptor_path)
    if not descriptor_path.is_file():
        where = "folder" if descriptor_path.parent.is_dir() else "folder (which does not exist)"
        problems.append(
            Problem(
                name,
                f"no datapackage.json in this {where}",
                "give the folder of a lesson data package (a folder holding datapackage.json, "
                "such as one of the repository's data/ folders) or the path of its datapackage.json",
            )
        )
        return None
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        problems.append(
            Problem(name, f"is not UTF-8 text ({error.reason} at byte {error.start})",
                    "save the file as UTF-8")
        )
        return None
    except json.JSONDecodeError as error:
        problems.append(
            Problem(name, f"is not valid JSON: {error.msg}", "correct the JSON syntax there",
                    row=error.lineno, column=f"character {error.colno}")
        )
        return None
    if not isinstance(descriptor, dict):
        problems.append(Problem(name, "does not hold a JSON object", "see a bundled lesson's datapackage.json, or start one with raqqa-lesson new"))
        return None
    return descriptor


def _declared_paths(descriptor: dict) -> list[tuple[str, object]]:
    """Every file path the descriptor names, with where it names it."""
    found = [(f"resources[{number}].path", resource.get("path"))
             for number, resource in enumerate(descriptor.get("resources") or [])
             if isinstance(resource, dict) and "path" in resource]
    for block in ("article", "basemap"):
        meta = descriptor.get(block)
        if isinstance(meta, dict) and "path" in meta:
            found.append((f"{block}.path", meta["path"]))
    return found


def _is_safe_path(path: object) -> bool:
    """A relative path inside the package, as the Data Package standard requires: not absolute,
    no '..', no URL, no drive or home folder."""
    if not isinstance(path, str) or not path or "\\" in path or "\0" in path:
        return False
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", path) or path.startswith(("/", "~")):
        return False
    return ".." not in Path(path).parts


def paths_are_safe(descriptor: dict, file: str, problems: list[Problem]) -> bool:
    """Refuse, before any file is opened, a path that would leave the package folder: a package is
    data from a stranger, and no file outside it may reach a message."""
    unsafe = [(where, path) for where, path in _declared_paths(descriptor)
              if not _is_safe_path(path)]
    for where, path in unsafe:
        problems.append(
            Problem(file, "is not a safe path: a package may only name files inside its own "
                    "folder", "write a relative path inside the package folder, such as "
                    "'statements.csv' (no leading '/', no '..', no URL)", column=where,
                    value=str(path))
        )
    return not unsafe


@dataclass(frozen=True)
class Schema:
    """What the descriptor says about one table."""

    name: str
    path: str
    fields: tuple[dict, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[dict, ...]

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    def field(self, name: str) -> dict:
        return next(f for f in self.fields if f["name"] == name)


def resource_schemas(descriptor: dict, file: str, problems: list[Problem]) -> dict[str, Schema]:
    resources_ = descriptor.get("resources")
    if not isinstance(resources_, list):
        problems.append(Problem(file, "has no 'resources' list", "describe each table there"))
        return {}
    found = {r.get("name"): r for r in resources_ if isinstance(r, dict)}
    schemas = {}
    for name in TABLES:
        resource = found.get(name)
        if resource is None:
            problems.append(
                Problem(file, f"describes no table '{name}'",
                        f"add a resource named '{name}' (see the bundled datapackage.json)")
            )
            continue
        schema = resource.get("schema", {})
        primary_key = schema.get("primaryKey", [])
        schemas[name] = Schema(
            name=name,
            path=resource.get("path", f"{name}.csv"),
            fields=tuple(schema.get("fields", [])),
            primary_key=tuple([primary_key] if isinstance(primary_key, str) else primary_key),
            foreign_keys=tuple(schema.get("foreignKeys", [])),
        )
    return schemas


def read_article(folder: Path, descriptor: dict, file: str, problems: list[Problem]) -> Article | None:
    meta = descriptor.get("article")
    if not isinstance(meta, dict):
        problems.append(Problem(file, "has no 'article' object", "add the article's metadata"))
        return None
    required = ("path", "title", "publisher_id", "published_earliest", "published_latest")
    missing = [key for key in required if not meta.get(key)]
    if missing:
        problems.append(
            Problem(file, f"the 'article' object lacks {', '.join(missing)}",
                    "add them (see the bundled datapackage.json)", column="article")
        )
        return None
    dates = {}
    for key in ("published_earliest", "published_latest"):
        try:
            dates[key] = dt.date.fromisoformat(meta[key])
        except (TypeError, ValueError):
            problems.append(
                Problem(file, "is not a date", "write the date as YYYY-MM-DD",
                        column=f"article.{key}", value=str(meta[key]))
            )
    text_path = folder / meta["path"]
    try:
        text = text_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(
            Problem(str(text_path), "the article's text file is missing",
                    f"put the article's text there, or correct article.path in {file}")
        )
        return None
    except UnicodeDecodeError as error:
        problems.append(
            Problem(meta["path"], f"is not UTF-8 text ({error.reason} at byte {error.start})",
                    "save the file as UTF-8")
        )
        return None
    if len(dates) < 2:
        return None
    return Article(
        title=meta["title"],
        publisher_id=meta["publisher_id"],
        published_earliest=dates["published_earliest"],
        published_latest=dates["published_latest"],
        published_text=meta.get("published_text", ""),
        url=meta.get("url") or None,
        language=meta.get("language", ""),
        text=text,
        credits=tuple(meta.get("credits", [])),
        notes=meta.get("notes", ""),
        license_note=meta.get("license_note", ""),
    )


BASEMAP_GEOMETRIES = ("Polygon", "MultiPolygon", "LineString", "MultiLineString")
"""The GeoJSON geometry types a basemap may hold."""


def read_basemap(folder: Path, descriptor: dict, problems: list[Problem]) -> pd.DataFrame:
    """The optional map background: one row per feature, its parts as lists of (lon, lat)."""
    rows: list[dict] = []
    meta = descriptor.get("basemap")
    if not isinstance(meta, dict) or "path" not in meta:
        return pd.DataFrame(rows, columns=["name", "kind", "source", "parts"])
    path = meta["path"]
    try:
        features = json.loads((folder / path).read_text(encoding="utf-8"))["features"]
    except FileNotFoundError:
        problems.append(Problem(path, "the basemap file is missing",
                                "restore it, or remove 'basemap' from datapackage.json"))
        features = []
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as error:
        problems.append(Problem(path, f"is not a GeoJSON FeatureCollection ({error})",
                                "save it as GeoJSON (a FeatureCollection in longitude/latitude)"))
        features = []
    for number, feature in enumerate(features, start=1):
        geometry = feature.get("geometry") or {}
        properties = feature.get("properties") or {}
        if geometry.get("type") not in BASEMAP_GEOMETRIES or "name" not in properties:
            problems.append(Problem(path, f"feature {number} has no name or an unsupported "
                                    f"geometry ({geometry.get('type')})",
                                    "give every feature a 'name' property and a (Multi)Polygon "
                                    "or (Multi)LineString geometry"))
            continue
        rows.append({"name": properties["name"], "kind": properties.get("kind", ""),
                     "source": properties.get("source", ""), "parts": _parts(geometry)})
    return pd.DataFrame(rows, columns=["name", "kind", "source", "parts"])


def _parts(geometry: dict) -> list[list[list[float]]]:
    """The rings (outer ones only) or lines of a geometry, each a list of [lon, lat]."""
    coordinates = geometry["coordinates"]
    kind = geometry["type"]
    if kind == "LineString":
        return [coordinates]
    if kind == "MultiLineString":
        return list(coordinates)
    if kind == "Polygon":
        return [coordinates[0]]
    return [polygon[0] for polygon in coordinates]


# --- one table: bytes -> rows of typed values ---------------------------------------------------


@dataclass
class RawTable:
    """A table's rows as typed Python values, each with the line it starts on in its file."""

    file: str
    rows: list[dict] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    complete: bool = True  # False when a row could not be read, so its keys are unknown

    def cells(self, column: str) -> Iterable[tuple[int, object]]:
        for line, row in zip(self.lines, self.rows, strict=False):
            yield line, row.get(column)


def read_table(folder: Path, schema: Schema, problems: list[Problem]) -> RawTable:
    table = RawTable(schema.path, complete=False)
    raw = _read_bytes(folder / schema.path, schema, problems)
    if raw is None:
        return table
    text = raw.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            problems.append(
                Problem(schema.path, "is empty: it has no header row",
                        f"write the header line: {','.join(schema.field_names)}", row=1)
            )
            return table
        if not _check_header(header, schema, problems):
            return table
        table.complete = True
        start = reader.line_num + 1
        for cells in reader:
            if cells:  # csv yields [] for a blank line
                _read_row(cells, header, start, schema, table, problems)
            start = reader.line_num + 1
    except csv.Error as error:
        problems.append(
            Problem(schema.path, f"is not well-formed CSV ({error}); rows after it were not read",
                    "close the quotation mark or double any quote inside a quoted cell (\"\")",
                    row=reader.line_num)
        )
        table.complete = False
    if not table.rows and schema.name in NEEDS_ROWS and not any(p.file == schema.path
                                                                 for p in problems):
        problems.append(
            Problem(schema.path, "has a header but no rows",
                    f"add at least one row: {NEEDS_ROWS[schema.name]}")
        )
    return table


def _read_bytes(path: Path, schema: Schema, problems: list[Problem]) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        problems.append(
            Problem(schema.path, f"the file for table '{schema.name}' is missing",
                    "create it with the header line "
                    f"'{','.join(schema.field_names)}', or correct its path in datapackage.json")
        )
    except OSError as error:
        problems.append(Problem(schema.path, f"cannot be read ({error.strerror})",
                                "check the file's permissions"))
    return None


def _check_header(header: list[str], schema: Schema, problems: list[Problem]) -> bool:
    expected = schema.field_names
    missing = [name for name in expected if name not in header]
    unknown = [name for name in header if name not in expected]
    for name in missing:
        problems.append(
            Problem(schema.path, "a required column is missing",
                    f"add the column '{name}' to the header line", row=1, column=name)
        )
    for name in unknown:
        problems.append(
            Problem(schema.path, "this column is not in the table's schema",
                    "remove it, or describe it in datapackage.json", row=1, column=name)
        )
    duplicated = {name for name in header if header.count(name) > 1}
    for name in sorted(duplicated):
        problems.append(
            Problem(schema.path, "this column appears twice in the header",
                    "keep one of them", row=1, column=name)
        )
    return not (missing or unknown or duplicated)


def _read_row(cells: list[str], header: list[str], line: int, schema: Schema, table: RawTable,
              problems: list[Problem]) -> None:
    if len(cells) != len(header):
        problems.append(
            Problem(schema.path,
                    f"has {len(cells)} cells where the header has {len(header)} columns",
                    "check for a missing or extra comma; quote any cell that contains a comma",
                    row=line, value=",".join(cells))
        )
        table.complete = False
        return
    row = {}
    for name, raw in zip(header, cells, strict=False):
        spec = schema.field(name)
        row[name] = _convert(raw, spec, schema.path, line, problems)
    table.rows.append(row)
    table.lines.append(line)


def _convert(raw: str, spec: dict, file: str, line: int, problems: list[Problem]) -> object:
    """One cell's text -> its typed value (None when missing), recording any problem."""
    name = spec["name"]
    constraints = spec.get("constraints", {})

    def problem(message: str, fix: str) -> None:
        problems.append(Problem(file, message, fix, row=line, column=name, value=raw))

    if any("\udc80" <= ch <= "\udcff" for ch in raw):
        shown = raw.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")
        problems.append(Problem(file, "holds bytes that are not UTF-8", "save the file as UTF-8",
                                row=line, column=name, value=shown))
        return None
    if raw == MISSING:
        if constraints.get("required"):
            problem("is empty but required", f"fill in {spec.get('description', name)}")
        return None
    kind = spec.get("type", "string")
    parse = _PARSERS.get(kind)
    if parse is None:
        problem(f"has the unknown type '{kind}' in datapackage.json",
                "use string, integer, number, boolean or date")
        return None
    try:
        value = parse(raw)
    except ValueError:
        problem(f"is not a valid {kind}", _TYPE_FIXES[kind])
        return None
    enum = constraints.get("enum")
    if enum is not None and value not in enum:
        problem("is not one of the allowed values", f"use one of: {', '.join(map(str, enum))}; "
                "or, if the value is right for your article, add it to this column's enum in "
                "datapackage.json (TABLES.md says how)")
    pattern = constraints.get("pattern")
    if pattern is not None and not re.fullmatch(pattern, raw):
        problem(f"does not match the pattern {pattern}", _pattern_fix(pattern))
    low, high = constraints.get("minimum"), constraints.get("maximum")
    if (low is not None and value < low) or (high is not None and value > high):
        problem(f"is outside the range {low}..{high}", f"give a value from {low} to {high}")
    return value


def _parse_boolean(raw: str) -> bool:
    if raw in TRUE_VALUES:
        return True
    if raw in FALSE_VALUES:
        return False
    raise ValueError(raw)


def _parse_integer(raw: str) -> int:
    if not re.fullmatch(r"[+-]?\d+", raw):
        raise ValueError(raw)
    return int(raw)


def _parse_number(raw: str) -> float:
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", raw):
        raise ValueError(raw)
    return float(raw)


def _parse_date(raw: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        raise ValueError(raw)
    return dt.date.fromisoformat(raw)


_PARSERS: dict[str, Callable[[str], object]] = {
    "string": str,
    "integer": _parse_integer,
    "number": _parse_number,
    "boolean": _parse_boolean,
    "date": _parse_date,
}
_TYPE_FIXES = {
    "integer": "write a whole number such as 14",
    "number": "write a number with a dot for decimals, such as 35.95",
    "boolean": "write true or false",
    "date": "write a real calendar date as YYYY-MM-DD, such as 2024-01-31",
}


def _pattern_fix(pattern: str) -> str:
    if pattern == ID_PATTERN:
        return "use lowercase letters, digits and underscores only, such as 'foreign_minister'"
    return f"write a value that matches {pattern}"


ID_PATTERN = "[a-z][a-z0-9_]*"


# --- typed DataFrames ----------------------------------------------------------------------------


def frame(table: RawTable, schema: Schema) -> pd.DataFrame:
    """A table as a DataFrame whose dtypes come from the schema."""
    columns = {}
    for spec in schema.fields:
        values = [row[spec["name"]] for row in table.rows]
        columns[spec["name"]] = pd.Series(values, dtype=_dtype(spec), name=spec["name"])
    return pd.DataFrame(columns)


def _dtype(spec: dict) -> object:
    enum = spec.get("constraints", {}).get("enum")
    if enum is not None:
        return pd.CategoricalDtype(enum)
    return {
        "string": "string",
        "integer": "Int64",
        "number": "Float64",
        "boolean": "boolean",
        "date": "datetime64[s]",
    }[spec.get("type", "string")]
