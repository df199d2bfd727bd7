"""What a lesson package must hold true across its rows and tables, beyond what a schema can say:
keys that resolve, quotes found word for word in the article, dates in order, numbers that match the
text, every statement set against the record, and the sources of the record complete."""

from __future__ import annotations

import re

import pandas as pd

from raqqa_lesson.dates import resolve_date_text
from raqqa_lesson.markup import is_web_address
from raqqa_lesson.problems import Problem
from raqqa_lesson.reading import Article, RawTable, Schema

CHAIN_SEPARATOR = ">"
"""Separates the links of ``statements.reported_via`` ("channel > outlet")."""


def check_keys(tables: dict[str, RawTable], schemas: dict[str, Schema],
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


def _check_unique(table: RawTable, key: tuple[str, ...], problems: list[Problem]) -> None:
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


def check_against_article(tables: dict[str, RawTable], article: Article,
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


def _check_numbers(table: RawTable, problems: list[Problem]) -> None:
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


def _check_direct_quotes(table: RawTable, lines: list[str], problems: list[Problem]) -> None:
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
                        "words inside quotation marks", "for a direct quote, article_text holds only "
                        "the words inside the quotation marks (without the marks or 'he said'); "
                        "otherwise set direct_quote to false",
                        row=line, column="direct_quote", value="true")
            )


def check_lesson_rules(tables: dict[str, RawTable], problems: list[Problem]) -> None:
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


WITHOUT_EVENT = ("not_checkable", "not_yet_due")
"""Substance findings that rest on no record event: a claim no cited source can test, and a
forecast whose time has not yet come (say when it will be, in the note)."""


def _check_even_scrutiny(tables: dict[str, RawTable], problems: list[Problem]) -> None:
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
        if aspect == "wording" and (event is None or finding in WITHOUT_EVENT):
            problems.append(
                Problem(checks.file, "a wording check needs the record event that has the "
                        "speaker's own words, and a finding", "name that event in event_id and say "
                        "whether the article gives the words as said (agrees, partly, disagrees)",
                        row=line, column="event_id")
            )
        elif event is None and finding not in (None, *WITHOUT_EVENT):
            problems.append(
                Problem(checks.file, f"a finding of '{finding}' needs the record event it rests on",
                        "name the event in event_id, or make the finding 'not_checkable' ("
                        "'not_yet_due' for a forecast whose time has not come) and say why in "
                        "note", row=line, column="event_id")
            )
        elif event is not None and finding in WITHOUT_EVENT:
            problems.append(
                Problem(checks.file, f"a {finding} finding names an event",
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


def _check_record_sources(tables: dict[str, RawTable], problems: list[Problem]) -> None:
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
            for column in ("url", "read_via"):  # whatever the package's own schema allows
                address = row.get(column)
                if address is not None and not is_web_address(address):
                    problems.append(
                        Problem(table.file, "is not a plain web address", "give one address "
                                "starting with http:// or https://, with no spaces, quotation "
                                "marks, brackets or < >", row=line, column=column,
                                value=str(address)))
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


def _article(word: str) -> str:
    """The indefinite article a word takes: "an outlet_id", "a place_id"."""
    return "an" if word[:1] in "aeiou" else "a"
