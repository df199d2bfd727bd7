"""Start a lesson package for another article: ``raqqa-lesson new DEST``.

The new package has the bundled package's table schemas (so ``check`` holds it to the same
rules), empty tables with their headers, a page explaining every table and column, a file for the
article's text, and the lesson's pages with every step in place, for the teacher to rewrite.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from raqqa_lesson.locate import bundled_package

PAGES = {
    "00_start_here": ("00 · Start here", "10–15 minutes", ["article-facts", "article-text",
                                                           "speakers"]),
    "01_who_says_what": ("01 · Who says what", "15–20 minutes",
                         ["statements", "voices-chart", "chains-chart", "chain-outlets",
                          "speaker-explorer"]),
    "02_places_and_numbers": ("02 · Places and numbers", "15 minutes",
                              ["place-map", "place-table", "distance-check", "distance-explorer",
                               "numbers"]),
    "03_competing_timelines": ("03 · Competing timelines", "15–20 minutes",
                               ["forecast-table", "timeline-chart", "lateness", "timeline-explorer",
                                "claimed-by", "known-by"]),
    "04_positions": ("04 · The parties' positions", "15–20 minutes",
                     ["stance-chart", "stance-evidence", "network-chart", "relation-table",
                      "actor-explorer"]),
    "05_what_happened_next": ("05 · What happened next", "15–20 minutes",
                              ["claims-vs-record", "claims-charts", "sources-of-record",
                               "checks-wording", "checks-substance", "claim-checks",
                               "unchecked-claims", "outlets"]),
}
"""The pages a new lesson starts with: title, stated time, and the steps in order."""


def new_package(destination: Path) -> None:
    """Write a new, empty lesson package at ``destination`` (which must not exist yet)."""
    destination.mkdir(parents=True)
    descriptor = json.loads((bundled_package() / "datapackage.json").read_text(encoding="utf-8"))
    descriptor.update(name="my-lesson", title="(the article's title), taken apart for a lesson",
                      version="0.1.0", sources=[{"title": "The article", "path": "article.txt"}])
    descriptor["description"] = "One news article's statements, speakers and sources as tables."
    descriptor.pop("basemap", None)  # a map needs outlines of the article's region: see TABLES.md
    descriptor["article"] = {
        "path": "article.txt", "title": "(the article's headline)", "publisher_id": "publisher",
        "published_earliest": "2000-01-01", "published_latest": "2000-01-01",
        "published_text": "(the publication date as you can establish it)", "url": None,
        "language": "en", "credits": [], "notes": "(what is not known about the article)",
        "license_note": "(whose text it is, and why you may reproduce it)"}
    (destination / "datapackage.json").write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (destination / "article.txt").write_text(
        "Paste the article's text here: each paragraph on a line of its own, word for word.\n",
        encoding="utf-8")
    for resource in descriptor["resources"]:
        with (destination / resource["path"]).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerow(
                [field["name"] for field in resource["schema"]["fields"]])
    (destination / "TABLES.md").write_text(tables_guide(descriptor), encoding="utf-8")
    pages = destination / "lesson"
    pages.mkdir()
    for name, (title, minutes, steps) in PAGES.items():
        (pages / f"{name}.md").write_text(page(title, minutes, steps), encoding="utf-8")


def tables_guide(descriptor: dict) -> str:
    """Every table and column of the package, explained, from its own schema."""
    lines = ["# The tables of a lesson package", "",
             ("Fill them in with a spreadsheet or a text editor, then run `raqqa-lesson check` on "
             "this folder: it lists every problem with the file, row, column and fix. "
             "`actors.csv`, `statements.csv`, `sides.csv` and `checks.csv` need rows (every actor "
             "is on a side; every statement is set against the record or marked not checkable); "
             "every other table may stay empty, and the notebook steps that need it are then "
             "left out. The bundled lesson's package shows a complete example of every table. A "
             "map draws its places on a plain background unless the package has a `basemap` (a "
             "GeoJSON file of the region's outlines, named in datapackage.json as the bundled "
             "lesson does): `raqqa-lesson basemap` writes one from the country outlines and "
             "rivers that ship with raqqa-lesson, once places.csv has coordinates. The lesson's "
             "words are in `lesson/`; docs/lesson-format.md explains "
             "them."), ""]
    for resource in descriptor["resources"]:
        lines += [f"## {resource['path']}", "", resource.get("description", ""), "",
                  "| column | what it holds |", "|---|---|"]
        for field in resource["schema"]["fields"]:
            constraints = field.get("constraints", {})
            notes = [field.get("description", "")]
            if constraints.get("required"):
                notes.append("**Required.**")
            if "enum" in constraints:
                notes.append(f"Allowed values: {', '.join(map(str, constraints['enum']))} (to add "
                             f"one, add it to this column's `enum` in datapackage.json).")
            if field.get("type") == "date":
                notes.append("A date as YYYY-MM-DD.")
            lines.append(f"| `{field['name']}` | {' '.join(notes)} |")
        lines.append("")
    return "\n".join(lines)


def page(title: str, minutes: str, steps: list[str]) -> str:
    """A starting page: a title, the time table, and the steps, to be written around."""
    parts = [(f"# {title}\n\n(One paragraph: what this notebook is about, for this article.)\n\n"
             f"| | |\n|---|---|\n| **Time** | {minutes} |\n| **You will** | (what the learner "
             f"will do) |\n| **You need** | (what to do first) |")]
    parts += [f"```{{step}} {step}\n```" for step in steps]
    parts.append("## Key points\n\n* (what to remember)")
    parts.append("```{instructor}\n### Say at the start\n(For the teacher, never shown to learners: "
                 "what to say at the start, the likely misconceptions, where learners get stuck, an "
                 "extension, differentiation.)\n```")
    return "\n\n".join(parts) + "\n"
