"""Read and validate a lesson data package once, and hand out typed pandas DataFrames.

A data package is a folder holding ``datapackage.json`` (a Frictionless Data Package descriptor),
one CSV file per table and the article's text. The descriptor's table schemas are the single source
of column types and constraints: this module applies them, then checks what a generic validator
cannot (quotes found verbatim in the article, date intervals in order, attribution chains that
reach the publisher). Every problem is collected, so a teacher fixing a package sees all of them
at once, each naming the file, the row, the column and the fix.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from raqqa_lesson.dates import resolve_date_text

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

NEEDS_ROWS = ("actors", "statements")
"""The tables a lesson cannot do without; any other may be empty, and the notebook steps that
need it are left out (``raqqa-lesson check`` says which)."""

CHAIN_SEPARATOR = ">"
"""Separates the links of ``statements.reported_via`` ("channel > outlet")."""

MISSING = ""
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")


@dataclass(frozen=True)
class Problem:
    """One fault in a data package: where it is, what is wrong, and how to fix it."""

    file: str
    message: str
    fix: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        shown = "" if self.value is None else f" (value: {_shorten(self.value)!r})"
        return f"{where}: {self.message}{shown}. Fix: {self.fix}"


class DataPackageError(ValueError):
    """A data package that cannot be loaded; ``problems`` lists every fault found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(
            f"the data package has {count}:\n" + "\n".join(f"- {p}" for p in problems)
        )


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


@dataclass(frozen=True)
class Lesson:
    """A validated lesson: the article plus one typed DataFrame per table."""

    article: Article
    citations: pd.DataFrame
    sides: pd.DataFrame
    actors: pd.DataFrame
    outlets: pd.DataFrame
    places: pd.DataFrame
    statements: pd.DataFrame
    events: pd.DataFrame
    checks: pd.DataFrame
    forecasts: pd.DataFrame
    quantities: pd.DataFrame
    questions: pd.DataFrame
    positions: pd.DataFrame
    relations: pd.DataFrame
    coverage: pd.DataFrame
    basemap: pd.DataFrame = field(compare=False, repr=False)
    source: Path = field(compare=False)

    def table(self, name: str) -> pd.DataFrame:
        """The table called ``name`` (one of ``TABLES``)."""
        if name not in TABLES:
            raise KeyError(f"no table {name!r}; the tables are: {', '.join(TABLES)}")
        return getattr(self, name)


def bundled(name: str) -> Path:
    """A folder that ships with raqqa-lesson: "data" (the data package) or "notebooks"."""
    installed = resources.files("raqqa_lesson") / name
    if installed.is_dir():  # a wheel carries it inside the package
        return Path(str(installed))
    # a source checkout or editable install: it sits once, at the top of the repository
    return Path(__file__).resolve().parents[2] / name


LESSONS = "lessons.csv"
"""The list of the lessons that ship with raqqa-lesson, in data/: each package's folder, where
its notebooks are built (relative to notebooks/), and its title. The first is the default."""


def bundled_lessons() -> list[dict[str, str]]:
    """The lessons that ship with raqqa-lesson, as rows of ``data/lessons.csv``."""
    with (bundled("data") / LESSONS).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def bundled_names() -> list[str]:
    """The names of the packages that ship with raqqa-lesson."""
    return [row["package"] for row in bundled_lessons()]


def bundled_package(name: str | None = None) -> Path:
    """The folder of a data package that ships with raqqa-lesson (by default, the first listed)."""
    lessons = bundled_lessons()
    chosen = lessons[0] if name is None else next(
        (row for row in lessons if row["package"] == name), None)
    if chosen is None:
        known = ", ".join(row["package"] for row in lessons)
        raise KeyError(f"no bundled package {name!r}; the bundled ones are: {known}")
    return bundled("data") / chosen["package"]


def load(path: str | Path | None = None) -> Lesson:
    """Load and validate a lesson data package (the bundled one by default).

    ``path`` is a folder holding ``datapackage.json`` or the descriptor itself. Raises
    ``DataPackageError`` listing every problem when the package is not valid.
    """
    lesson, problems = read_package(path)
    if problems:
        raise DataPackageError(problems)
    assert lesson is not None
    return lesson


def check(path: str | Path | None = None) -> list[Problem]:
    """Every problem in a data package; an empty list means it is valid."""
    return read_package(path)[1]


def read_package(path: str | Path | None = None) -> tuple[Lesson | None, list[Problem]]:
    """Read a package and collect every problem; the Lesson is None when any problem was found."""
    folder, descriptor_path = _locate(path)
    problems: list[Problem] = []
    descriptor = _read_descriptor(descriptor_path, problems)
    if descriptor is None:
        return None, problems
    if not _paths_are_safe(descriptor, descriptor_path.name, problems):
        return None, problems
    schemas = _resource_schemas(descriptor, descriptor_path.name, problems)
    article = _read_article(folder, descriptor, descriptor_path.name, problems)
    basemap = _read_basemap(folder, descriptor, problems)
    tables = {
        name: _read_table(folder, schema, problems)
        for name, schema in schemas.items()
    }
    if len(schemas) == len(TABLES):
        _check_keys(tables, schemas, problems)
        if article is not None:
            _check_against_article(tables, article, problems)
        _check_lesson_rules(tables, problems)
    if problems or article is None:
        return None, problems
    frames = {name: _frame(tables[name], schemas[name]) for name in TABLES}
    return Lesson(article=article, basemap=basemap, source=folder, **frames), problems


# --- where the package is ---------------------------------------------------------------------


DATA_VARIABLE = "RAQQA_LESSON_DATA"
"""An environment variable naming another data package for load() to use by default, so the
same notebooks run on a teacher's own article without editing them."""


def default_package() -> Path:
    """The package load() reads when given no path: the one ``RAQQA_LESSON_DATA`` names, if set,
    or else the bundled one."""
    chosen = os.environ.get(DATA_VARIABLE)
    return Path(chosen) if chosen else bundled_package()


def _locate(path: str | Path | None) -> tuple[Path, Path]:
    if path is None:
        path = default_package()
    elif isinstance(path, str) and not Path(path).exists() and path in bundled_names():
        path = bundled_package(path)  # a bundled lesson by its name, as built notebooks load it
    path = Path(path)
    if path.suffix == ".json":
        return path.parent, path
    return path, path / "datapackage.json"


def _read_descriptor(descriptor_path: Path, problems: list[Problem]) -> dict | None:
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


def _paths_are_safe(descriptor: dict, file: str, problems: list[Problem]) -> bool:
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
class _Schema:
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


def _resource_schemas(descriptor: dict, file: str, problems: list[Problem]) -> dict[str, _Schema]:
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
        schemas[name] = _Schema(
            name=name,
            path=resource.get("path", f"{name}.csv"),
            fields=tuple(schema.get("fields", [])),
            primary_key=tuple([primary_key] if isinstance(primary_key, str) else primary_key),
            foreign_keys=tuple(schema.get("foreignKeys", [])),
        )
    return schemas


def _read_article(folder: Path, descriptor: dict, file: str, problems: list[Problem]) -> Article | None:
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


def _read_basemap(folder: Path, descriptor: dict, problems: list[Problem]) -> pd.DataFrame:
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
class _Table:
    """A table's rows as typed Python values, each with the line it starts on in its file."""

    file: str
    rows: list[dict] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    complete: bool = True  # False when a row could not be read, so its keys are unknown

    def cells(self, column: str) -> Iterable[tuple[int, object]]:
        for line, row in zip(self.lines, self.rows, strict=False):
            yield line, row.get(column)


def _read_table(folder: Path, schema: _Schema, problems: list[Problem]) -> _Table:
    table = _Table(schema.path, complete=False)
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
                    "add at least one row: a lesson needs the article's statements and who "
                    "speaks in them", row=2)
        )
    return table


def _read_bytes(path: Path, schema: _Schema, problems: list[Problem]) -> bytes | None:
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


def _check_header(header: list[str], schema: _Schema, problems: list[Problem]) -> bool:
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


def _read_row(cells: list[str], header: list[str], line: int, schema: _Schema, table: _Table,
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
        problem("is not one of the allowed values", f"use one of: {', '.join(map(str, enum))}")
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


# --- across rows and tables --------------------------------------------------------------------


def _check_keys(tables: dict[str, _Table], schemas: dict[str, _Schema],
                problems: list[Problem]) -> None:
    for name, schema in schemas.items():
        table = tables[name]
        if schema.primary_key:
            _check_unique(table, schema.primary_key, problems)
        for spec in schema.fields:
            if spec.get("constraints", {}).get("unique") and (spec["name"],) != schema.primary_key:
                _check_unique(table, (spec["name"],), problems)
        for foreign in schema.foreign_keys:
            column = foreign["fields"]
            target = foreign["reference"]["resource"] or name
            target_column = foreign["reference"]["fields"]
            if not tables[target].complete:
                continue  # its unreadable rows are reported already; their keys are unknown
            known = {row.get(target_column) for row in tables[target].rows}
            for line, value in table.cells(column):
                if value is not None and value not in known:
                    problems.append(
                        Problem(table.file, f"refers to {_article(target_column)} {target_column} "
                                f"that {target} does not have",
                                f"use an existing {target_column} from {schemas[target].path}, "
                                f"or add a row for it there", row=line, column=column, value=value)
                    )


def _check_unique(table: _Table, key: tuple[str, ...], problems: list[Problem]) -> None:
    first_seen: dict[tuple, int] = {}
    for line, row in zip(table.lines, table.rows, strict=False):
        value = tuple(row.get(column) for column in key)
        if None in value:
            continue
        if value in first_seen:
            problems.append(
                Problem(table.file, f"repeats the key of row {first_seen[value]}",
                        "give each row its own id, or merge the two rows",
                        row=line, column="+".join(key), value=",".join(map(str, value)))
            )
        else:
            first_seen[value] = line


def _check_against_article(tables: dict[str, _Table], article: Article,
                           problems: list[Problem]) -> None:
    """Quotes verbatim, paragraphs right, phrases inside their statement, dates as the words say."""
    lines = article.lines
    statements = {row["statement_id"]: row for row in tables["statements"].rows}
    for name in ("statements", "quantities"):
        table = tables[name]
        for line, row in zip(table.lines, table.rows, strict=False):
            span = row.get("article_text")
            if span is not None and span not in article.text:
                problems.append(
                    Problem(table.file, "is not found word for word in the article",
                            "copy the exact words from the article's text (same quotes, "
                            "spelling and spacing)", row=line, column="article_text", value=span)
                )
    table = tables["statements"]
    for line, row in zip(table.lines, table.rows, strict=False):
        paragraph, span = row.get("paragraph"), row.get("article_text")
        if paragraph is None or span is None or span not in article.text:
            continue
        if not 1 <= paragraph <= len(lines) or span not in lines[paragraph - 1]:
            actual = next((i for i, text in enumerate(lines, 1) if span in text), None)
            problems.append(
                Problem(table.file, "does not hold this statement's article_text",
                        f"use {actual}: paragraphs count the article's non-empty lines from 1",
                        row=line, column="paragraph", value=str(paragraph))
            )
    publisher = article.publisher_id
    for line, row in zip(table.lines, table.rows, strict=False):
        chain = [row.get("speaker_id"), *chain_links(row.get("reported_via"))]
        if chain[-1] != publisher:
            problems.append(
                Problem(table.file, f"the chain from the speaker does not end at the publisher "
                        f"('{publisher}')", f"end reported_via with '{publisher}' (such as "
                        f"'channel > {publisher}'), or leave it empty for the publisher's own words",
                        row=line, column="reported_via", value=row.get("reported_via") or "")
            )
    for name, column in (("forecasts", "phrase"), ("quantities", "article_text")):
        table = tables[name]
        for line, row in zip(table.lines, table.rows, strict=False):
            statement = statements.get(row.get("statement_id"))
            span = row.get(column)
            if statement is None or span is None or statement.get("article_text") is None:
                continue
            if span not in statement["article_text"]:
                problems.append(
                    Problem(table.file, f"is not part of statement {row['statement_id']}'s words",
                            "quote words from that statement's article_text, or point "
                            "statement_id at the statement that holds them",
                            row=line, column=column, value=span)
                )
    _check_numbers(tables["quantities"], problems)
    _check_direct_quotes(tables["statements"], lines, problems)
    for name, text_column, start, end in (
        ("statements", "said_text", "said_earliest", "said_latest"),
        ("events", "date_text", "earliest", "latest"),
    ):
        table = tables[name]
        for line, row in zip(table.lines, table.rows, strict=False):
            if name == "events" and row.get("source_kind") != "article":
                continue
            words = row.get(text_column)
            resolved = resolve_date_text(words, article.published_earliest,
                                         article.published_latest) if words else None
            stated = (row.get(start), row.get(end))
            if resolved is not None and stated != resolved:
                problems.append(
                    Problem(table.file,
                            f"'{words}' resolves to {resolved[0]}..{resolved[1]} from the "
                            f"publication date, not {stated[0]}..{stated[1]}",
                            f"set {start} to {resolved[0]} and {end} to {resolved[1]}",
                            row=line, column=f"{start}+{end}", value=words)
                )


NUMBER_WORDS = {word: number for number, word in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty"))}
"""Small numbers as news reports write them in words ("two weeks")."""


def numbers_in(text: str) -> set[float]:
    """The numbers a piece of the article states, in digits ("4,000", "2.5") or words ("two")."""
    found = {float(match.replace(",", "")) for match in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}
    found |= {float(NUMBER_WORDS[word]) for word in re.findall(r"[a-z]+", text.lower())
              if word in NUMBER_WORDS}
    return found


def _check_numbers(table: _Table, problems: list[Problem]) -> None:
    """A quantity's value is a number its own article_text states, when that text states one:
    a teacher who types 200 for the article's "2,000" is told so."""
    for line, row in zip(table.lines, table.rows, strict=False):
        stated = numbers_in(row.get("article_text") or "")
        for column in ("value", "value_high"):
            value = row.get(column)
            if value is not None and stated and float(value) not in stated:
                shown = ", ".join(f"{number:,g}" for number in sorted(stated))
                problems.append(
                    Problem(table.file, f"is not a number the article's words state ({shown})",
                            "give the number as the article_text states it, or quote the words "
                            "that state this number", row=line, column=column, value=str(value))
                )


def _check_direct_quotes(table: _Table, lines: list[str], problems: list[Problem]) -> None:
    """A statement marked as a direct quote sits inside quotation marks in the article."""
    for line, row in zip(table.lines, table.rows, strict=False):
        paragraph, span = row.get("paragraph"), row.get("article_text")
        if not row.get("direct_quote") or paragraph is None or span is None:
            continue
        if not 1 <= paragraph <= len(lines) or span not in lines[paragraph - 1]:
            continue  # reported above, as a wrong paragraph or a span not in the article
        before = lines[paragraph - 1][:lines[paragraph - 1].index(span)]
        if before.count('"') % 2 == 0 and before.count("“") <= before.count("”"):
            problems.append(
                Problem(table.file, "is marked a direct quote, but the article does not put these "
                        "words inside quotation marks", "set direct_quote to false (a paraphrase "
                        "or the outlet's own words), or correct article_text",
                        row=line, column="direct_quote", value="true")
            )


def _check_lesson_rules(tables: dict[str, _Table], problems: list[Problem]) -> None:
    """Rules of the lesson's data model that a table schema cannot state."""
    for name, low, high in (
        ("statements", "said_earliest", "said_latest"),
        ("events", "earliest", "latest"),
        ("forecasts", "horizon_min_days", "horizon_max_days"),
        ("quantities", "value", "value_high"),
    ):
        table = tables[name]
        for line, row in zip(table.lines, table.rows, strict=False):
            if row.get(low) is not None and row.get(high) is not None and row[low] > row[high]:
                problems.append(
                    Problem(table.file, f"{low} ({row[low]}) is after {high} ({row[high]})",
                            f"swap them, or correct the one that is wrong; {low} must not be "
                            f"later than {high}", row=line, column=low, value=str(row[low]))
                )
    actors = {row["actor_id"] for row in tables["actors"].rows}
    table = tables["statements"]
    for line, row in zip(table.lines, table.rows, strict=False):
        for link in chain_links(row.get("reported_via")):
            if tables["actors"].complete and link not in actors:
                problems.append(
                    Problem(table.file, f"names '{link}', which is not an actor_id",
                            "use actor ids separated by '>' (such as 'channel > outlet'), adding "
                            "any missing outlet to actors.csv", row=line, column="reported_via",
                            value=row.get("reported_via"))
                )
    table = tables["events"]
    for line, row in zip(table.lines, table.rows, strict=False):
        needed = "statement_id" if row.get("source_kind") == "article" else "citation"
        if row.get("source_kind") is not None and row.get(needed) is None:
            problems.append(
                Problem(table.file, f"a {row['source_kind']} event needs its {needed}",
                        "an article event names the statement that reports it; a record event "
                        "names the citation that establishes it", row=line, column=needed)
            )
    _check_even_scrutiny(tables, problems)
    _check_record_sources(tables, problems)
    speakers = {row["statement_id"]: row.get("speaker_id") for row in tables["statements"].rows}
    table = tables["forecasts"]
    for line, row in zip(table.lines, table.rows, strict=False):
        speaker = speakers.get(row.get("statement_id"))
        if speaker is not None and row.get("forecaster_id") not in (None, speaker):
            problems.append(
                Problem(table.file, f"differs from the speaker of {row['statement_id']} ({speaker})",
                        "a forecast belongs to whoever made the statement it comes from",
                        row=line, column="forecaster_id", value=row.get("forecaster_id"))
            )


def _check_even_scrutiny(tables: dict[str, _Table], problems: list[Problem]) -> None:
    """Every statement is set against the record, whoever made it: each has a 'substance' check
    (record events and what they show, or not_checkable with the reason); a 'wording' check
    names the event that records the speaker's words; no check rests on an article event."""
    checks = tables["checks"]
    checked = {row.get("statement_id") for row in checks.rows if row.get("aspect") == "substance"}
    if checks.complete:
        statements = tables["statements"]
        for line, statement_id in statements.cells("statement_id"):
            if statement_id is not None and statement_id not in checked:
                problems.append(
                    Problem(statements.file, "is not set against the record in checks.csv",
                            f"add a 'substance' row to checks.csv for '{statement_id}': the record "
                            "events that bear on it with what they show, or finding 'not_checkable' "
                            "and why; every party's claims are checked the same way",
                            row=line, column="statement_id", value=statement_id)
                )
    kinds = {row["event_id"]: row.get("source_kind") for row in tables["events"].rows}
    for line, row in zip(checks.lines, checks.rows, strict=False):
        event, finding, aspect = row.get("event_id"), row.get("finding"), row.get("aspect")
        if aspect == "wording" and (event is None or finding == "not_checkable"):
            problems.append(
                Problem(checks.file, "a wording check needs the record event that has the "
                        "speaker's own words, and a finding", "name that event in event_id and say "
                        "whether the article gives the words as said (agrees, partly, disagrees)",
                        row=line, column="event_id")
            )
        elif event is None and finding not in (None, "not_checkable"):
            problems.append(
                Problem(checks.file, f"a finding of '{finding}' needs the record event it rests on",
                        "name the event in event_id, or make the finding 'not_checkable' and say "
                        "why in note", row=line, column="event_id")
            )
        elif event is not None and finding == "not_checkable":
            problems.append(
                Problem(checks.file, "a not_checkable finding names an event",
                        "leave event_id empty, or give what the event shows (agrees, disagrees, "
                        "partly, unsettled)", row=line, column="finding", value=finding)
            )
        elif event is not None and kinds.get(event) == "article":
            problems.append(
                Problem(checks.file, "names an article event: a claim cannot check itself",
                        "name a record event (one a later, cited source establishes)",
                        row=line, column="event_id", value=event)
            )


RECORD_SOURCE_FIXES = {
    "outlet_id": ("name the publisher's outlet_id from outlets.csv (add the outlet, with its "
                  "ownership and funding, if it is missing)"),
    "origin_kind": ("say where the fact comes from: own_reporting, one_party, several_parties, "
                    "monitor, international_body or reference"),
}
"""What a record event's source must say beyond the schema, and how to fix it when it does not."""


def _check_record_sources(tables: dict[str, _Table], problems: list[Problem]) -> None:
    """Every citation gives an address (the original's, or the copy read); a record event's
    source names its publisher as an outlet (whose ownership the learner sees beside the claim)
    and says where the fact comes from."""
    for name in ("citations", "coverage"):
        table = tables[name]
        for line, row in zip(table.lines, table.rows, strict=False):
            if row.get("url") is None and row.get("read_via") is None:
                problems.append(
                    Problem(table.file, "gives no address: neither the original's (url) nor the "
                            "copy that was read (read_via)", "give the original publisher's page "
                            "in url, or, when only a copy could be read, that copy in read_via",
                            row=line, column="url")
                )
    table = tables["citations"]
    used = {row.get("citation") for row in tables["events"].rows
            if row.get("source_kind") == "record"}
    for line, row in zip(table.lines, table.rows, strict=False):
        if row.get("citation_id") not in used:
            continue
        for column, fix in RECORD_SOURCE_FIXES.items():
            if row.get(column) is None:
                problems.append(
                    Problem(table.file, f"the source of a record event needs its {column}", fix,
                            row=line, column=column)
                )


def chain_links(reported_via: str | None) -> list[str]:
    """The actor ids in a ``reported_via`` value, in order ("channel > outlet" -> ["channel", "outlet"])."""
    if reported_via is None or pd.isna(reported_via) or not reported_via.strip():
        return []
    return [link.strip() for link in reported_via.split(CHAIN_SEPARATOR)]


# --- typed DataFrames ----------------------------------------------------------------------------


def _frame(table: _Table, schema: _Schema) -> pd.DataFrame:
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


def _article(word: str) -> str:
    """The indefinite article a word takes: "an outlet_id", "a place_id"."""
    return "an" if word[:1] in "aeiou" else "a"


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
