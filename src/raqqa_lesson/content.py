"""Read a lesson package's own words: one Markdown file per notebook in its ``lesson/`` folder.

A file is Markdown prose with fenced blocks in MyST's directive syntax where the notebook shows or
asks something (docs/lesson-format.md):

    ```{step} voices-chart
    ```
    ```{exercise} 1.3
    kind: choice
    prompt: ...
    ```
    ```{reflection} 1.4
    Does the form in which a party appears shape what a reader believes about it?
    ```
    ```{rubric} 1.4
    looks_for: ...
    beginning: {description: ..., example: ...}
    ```

A line holding only ``+++`` starts a new text cell, as in MyST notebooks.

Exercise, try-it and rubric blocks hold YAML; a rubric is for the teacher's answer key and never
reaches the learners' notebooks. Everything is read into plain data here; the engine decides what to
do with it, so a package can hold words and data but never code.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from raqqa_lesson.datapackage import Lesson
from raqqa_lesson.markup import is_web_address
from raqqa_lesson.problems import Problem

LESSON_FOLDER = "lesson"
PAGE_NAME = re.compile(r"\d\d_[a-z0-9_]+\.md")
FENCE = re.compile(r"^```\{(?P<kind>[a-z-]+)\}[ \t]*(?P<argument>[^\n]*?)[ \t]*\n(?P<body>.*?)^```[ \t]*$",
                   re.MULTILINE | re.DOTALL)
KINDS = ("step", "exercise", "reflection", "try-it", "rubric", "assessment", "instructor")


class ContentError(ValueError):
    """A lesson file that cannot be read; the message names the file, the line and the fix."""

    def problem(self, **where) -> Problem:
        """The error as one of `check`'s problems, its own fix kept (or the format's page)."""
        message, _, fix = str(self).partition(". Fix: ")
        return Problem(LESSON_FOLDER, message, fix or "see docs/lesson-format.md", **where)


@dataclass(frozen=True)
class Block:
    """One piece of a page: prose, or a step, an exercise, a reflection, a task or a rubric."""

    kind: str  # "markdown" or one of KINDS
    text: str  # the prose, or a directive's argument (a step's name, an exercise's id)
    body: str = ""
    line: int = 0


@dataclass(frozen=True)
class Page:
    """One notebook's words, as read from ``lesson/NN_name.md``."""

    path: Path
    blocks: tuple[Block, ...]

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def title(self) -> str:
        """The first level-1 heading."""
        for block in self.blocks:
            match = re.search(r"^# (.+)$", block.text, re.MULTILINE) if block.kind == "markdown" else None
            if match:
                return match.group(1).strip()
        return self.name

    @property
    def minutes(self) -> str:
        """The stated time, from the page's "| **Time** | … |" row."""
        for block in self.blocks:
            match = re.search(r"\*\*Time\*\* \| ([^|]+) \|", block.text)
            if match:
                return match.group(1).strip()
        return ""

    def of_kind(self, kind: str) -> list[Block]:
        return [block for block in self.blocks if block.kind == kind]


def pages(package: Path) -> list[Page]:
    """Every page of a package's lesson, in the order of their numbers (none if it has none)."""
    folder = Path(package) / LESSON_FOLDER
    if not folder.is_dir():
        return []
    return [read_page(path) for path in sorted(folder.glob("*.md")) if PAGE_NAME.fullmatch(path.name)]


def read_page(path: Path) -> Page:
    """A page's blocks: prose between fenced directives, and the directives themselves."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    if FRONT_MATTER.match(text):
        raise ContentError(f"{path.name}, line 1: starts with a front-matter block (--- … ---), "
                           "which the notebook would show as text. Fix: delete it; a page's time "
                           "and aims go in its '| **Time** | … |' table")
    blocks, position = [], 0
    for match in FENCE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if match.group("kind") not in KINDS:
            raise ContentError(f"{path.name}, line {line}: unknown block '{{{match.group('kind')}}}'. "
                               f"Fix: use one of {', '.join('{' + k + '}' for k in KINDS)}")
        _prose(text[position:match.start()], blocks)
        blocks.append(Block(match.group("kind"), match.group("argument"), match.group("body").strip(), line))
        position = match.end()
    _prose(text[position:], blocks)
    return Page(path, tuple(blocks))


FRONT_MATTER = re.compile(r"---[ \t]*\n.*?\n---[ \t]*\n", re.DOTALL)
"""YAML front matter at the top of a page, which the engine does not read."""

CELL_BREAK = re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE)
"""A line of three plus signs starts a new text cell (MyST notebooks' own cell break)."""


def _prose(text: str, blocks: list[Block]) -> None:
    """Prose, one text cell per part between cell breaks."""
    for part in CELL_BREAK.split(text):
        if part.strip():
            blocks.append(Block("markdown", part.strip()))


def yaml_block(block: Block, page: Page) -> dict:
    """A block's YAML body as a dict; a ``ContentError`` naming the file and line if it is not."""
    where = f"{LESSON_FOLDER}/{page.path.name}, line {block.line}"
    try:
        spec = yaml.safe_load(block.body) or {}
    except yaml.YAMLError as error:
        raise ContentError(f"{where}: {block.kind} {block.text} is not valid YAML ({error}). "
                           "Fix: write a long value, or one that starts with a quotation mark or "
                           "contains ': ', on the lines after 'name: >-', indented; and indent "
                           "the options") from None
    if not isinstance(spec, dict):
        raise ContentError(f"{where}: {block.kind} {block.text} must be a set of 'name: value' "
                           "lines. Fix: see docs/lesson-format.md")
    return spec


def exercise_specs(package: Path) -> dict[str, tuple[dict, str]]:
    """Every exercise of a package, by id, as (its YAML as a dict, where it is), in page order."""
    found = {}
    for page in pages(package):
        for block in page.of_kind("exercise"):
            where = f"{LESSON_FOLDER}/{page.path.name}, line {block.line}"
            if block.text in found:
                raise ContentError(f"{where}: exercise {block.text} appears twice. Fix: give each "
                                   "exercise its own number")
            found[block.text] = (yaml_block(block, page), where)
    return found


CITATION_RUN = re.compile(r"(?:\s*\[\^(?:[a-z][a-z0-9_]*)\])+")
"""One or more source markers in a row, such as ``[^britannica_al_raqqah] [^reuters_airdrop]``:
prose cites ``citations.csv`` by id, the way Markdown footnotes do."""

BACKGROUND = "background.md"
"""The package's cited background primer (optional), next to the pages."""


def cited_ids(text: str) -> list[str]:
    """The citation ids that ``text``'s source markers name, in order, each once."""
    found = re.findall(r"\[\^([a-z][a-z0-9_]*)\]", text)
    return list(dict.fromkeys(found))


def sources_of(lesson: Lesson) -> dict[str, tuple[str, str]]:
    """Each citation's publisher and address: the original's, or else the copy that was read,
    which the link then says it is."""
    table = lesson.citations.set_index("citation_id")
    copy = table["url"].isna() & table["read_via"].notna()
    names = table["publisher"].where(~copy, table["publisher"] + ", as copied by another site")
    address = table["url"].fillna(table["read_via"]).fillna("")
    return {key: (names[key], address[key]) for key in table.index}


def with_source_links(text: str, sources: dict[str, tuple[str, str]]) -> str:
    """Prose with each run of source markers turned into links, " (Britannica; France 24)", for
    notebooks, whose Markdown has no footnotes. ``sources`` maps an id to (publisher, address)."""
    def links(match: re.Match) -> str:
        named = [sources[key] for key in cited_ids(match.group(0))]
        shown = "; ".join(f"[{_markdown_text(name)}]({address})" if is_web_address(address)
                          else _markdown_text(name) for name, address in named)
        return f" ({shown})"
    return CITATION_RUN.sub(links, text)


def _markdown_text(text: str) -> str:
    """Text from the data made inert in Markdown: no markup, no brackets that start a link."""
    return html.escape(text).replace("[", "\\[").replace("]", "\\]")


def background(package: Path) -> str | None:
    """The package's background primer, or None if it has none."""
    path = package / LESSON_FOLDER / BACKGROUND
    return path.read_text(encoding="utf-8") if path.is_file() else None


def passage_paragraphs(spec: dict) -> list[str]:
    """An assessment's passage as its paragraphs (a blank line parts them), each on one line."""
    return [" ".join(part.split()) for part in str(spec["passage"]).split("\n\n") if part.strip()]


def assessment_specs(package: Path) -> dict[str, tuple[dict, str, list[str]]]:
    """Every closing assessment of a package, by id, as (its YAML as a dict, where it is, the ids
    of its questions): the exercises on its page numbered under it (5.3.1, 5.3.2 … for 5.3)."""
    found = {}
    for page in pages(package):
        for block in page.of_kind("assessment"):
            questions = [b.text for b in page.of_kind("exercise") if b.text.startswith(f"{block.text}.")]
            found[block.text] = (yaml_block(block, page),
                                 f"{LESSON_FOLDER}/{page.path.name}, line {block.line}", questions)
    return found
