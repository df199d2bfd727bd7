"""`raqqa-lesson check` and `load()` on broken packages: every fault found, named and explained."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, edit_cell, edit_text

import raqqa_lesson as rl
from raqqa_lesson.datapackage import check


def run_check(path: Path | None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "raqqa_lesson.cli", "check"]
    return subprocess.run([*command, *([str(path)] if path else [])], capture_output=True,
                          text=True, timeout=60, check=False)


def test_bundled_package_is_valid():
    result = run_check(DATA)
    assert result.returncode == 0, result.stderr
    assert "valid lesson data package" in result.stdout


def test_default_is_the_bundled_package():
    result = run_check(None)
    assert result.returncode == 0, result.stderr


def break_malformed_row(package):
    edit_text(package, "places.csv", lambda t: t.replace("raqqa,Raqqa,", 'raqqa,"Raqqa"h,', 1))
    return "places.csv", "row 2", "not well-formed CSV"


def break_cell_count(package):
    edit_text(package, "questions.csv", lambda t: t.replace("battle_imminent,", "battle_imminent,,", 1))
    return "questions.csv", "row 2", "5 cells where the header has 4"


def break_missing_column(package):
    edit_text(package, "quantities.csv", lambda t: t.replace(",unit,", ",units,", 1))
    return "quantities.csv", "row 1", "column 'unit'"


def break_unknown_reference(package):
    row = edit_cell(package, "statements", "ledrian_coming_days", "speaker_id", "le_drain")
    return "statements.csv", f"row {row}", "column 'speaker_id'"


def break_bad_date(package):
    row = edit_cell(package, "events", "r_raqqa_battle_begins", "earliest", "2017-06-31")
    return "events.csv", f"row {row}", "column 'earliest'"


def break_earliest_after_latest(package):
    row = edit_cell(package, "events", "r_tabqa_taken", "earliest", "2017-05-11")
    return "events.csv", f"row {row}", "column 'earliest'"


def break_quote_not_in_article(package):
    row = edit_cell(package, "statements", "ledrian_coming_days", "article_text",
                    "the battle will begin in the coming weeks")
    return "statements.csv", f"row {row}", "column 'article_text'"


def break_duplicate_id(package):
    edit_text(package, "actors.csv", lambda t: t.replace("\ncnews,", "\nrt,", 1))
    return "actors.csv", "row 3", "column 'actor_id'"


def break_bad_enum(package):
    row = edit_cell(package, "positions", "le_drian", "stance", "agrees")
    return "positions.csv", f"row {row}", "column 'stance'"


def break_latitude_out_of_range(package):
    row = edit_cell(package, "places", "mosul", "lat", "136.34")
    return "places.csv", f"row {row}", "column 'lat'"


def break_required_value_empty(package):
    row = edit_cell(package, "statements", "ledrian_surrounded", "kind", "")
    return "statements.csv", f"row {row}", "column 'kind'"


def break_pattern(package):
    row = edit_cell(package, "sides", "turkey", "side_id", "Turkey side")
    return "sides.csv", f"row {row}", "column 'side_id'"


def break_address_with_markup(package):
    """An address the package's own pattern (https?://.+) lets through, that would end a link."""
    row = edit_cell(package, "citations", "reuters_airdrop", "url",
                    "https://example.org/a) <img src=x onerror=alert(1)> (")
    return "citations.csv", f"row {row}", "column 'url'"


def break_missing_file(package):
    (package / "relations.csv").unlink()
    return "relations.csv", "missing", "header line"


def break_not_utf8(package):
    path = package / "outlets.csv"
    path.write_bytes(path.read_bytes().replace("iTélé".encode(), "iTélé".encode("latin-1"), 1))
    return "outlets.csv", "row 3", "column 'ownership'"


def break_empty_table(package):
    path = package / "statements.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return "statements.csv: has a header but no rows", "a lesson needs the article's statements", ""


def break_date_words(package):
    row = edit_cell(package, "statements", "mod_no_optimism", "said_earliest", "2017-03-24")
    return "statements.csv", f"row {row}", "'Saturday' resolves to 2017-03-25..2017-03-25"


def break_chain(package):
    row = edit_cell(package, "statements", "ledrian_coming_days", "reported_via", "cnew > rt")
    return "statements.csv", f"row {row}", "column 'reported_via'"


def break_chain_end(package):
    row = edit_cell(package, "statements", "selo_two_weeks", "reported_via", "al_watan")
    return "statements.csv", f"row {row}", "does not end at the publisher"


def break_paragraph(package):
    row = edit_cell(package, "statements", "ledrian_coming_days", "paragraph", "3")
    return "statements.csv", f"row {row}", "use 5"


def break_boolean(package):
    row = edit_cell(package, "statements", "ledrian_coming_days", "direct_quote", "yes")
    return "statements.csv", f"row {row}", "write true or false"


def break_record_without_citation(package):
    row = edit_cell(package, "events", "r_tabqa_taken", "citation", "")
    return "events.csv", f"row {row}", "column 'citation'"


def break_unchecked_statement(package):
    """Even scrutiny: a statement set against nothing in the record is refused, whoever said it."""
    edit_text(package, "checks.csv", lambda t: "\n".join(
        line for line in t.splitlines() if not line.startswith("jaafari_who_fights,")) + "\n")
    lines = (package / "statements.csv").read_text(encoding="utf-8").splitlines()
    row = next(number for number, line in enumerate(lines, start=1)
               if line.startswith("jaafari_who_fights,"))
    return "statements.csv", f"row {row}", "not set against the record"


def break_check_against_the_article_itself(package):
    row = edit_cell(package, "checks", "ledrian_days_away", "event_id", "a_ledrian_interview")
    return "checks.csv", f"row {row}", "names an article event"


def break_record_source_without_outlet(package):
    row = edit_cell(package, "citations", "ap_tabqa_airlift", "outlet_id", "")
    return "citations.csv", f"row {row}", "column 'outlet_id'"


def break_number_not_in_the_article(package):
    """A teacher types 400 for the article's "up to 4,000"."""
    row = edit_cell(package, "quantities", "q_is_fighters", "value", "400")
    return "quantities.csv", f"row {row}", "not a number the article's words state (4,000)"


def break_direct_quote_without_quotation_marks(package):
    row = edit_cell(package, "statements", "selo_two_weeks", "direct_quote", "true")
    return "statements.csv", f"row {row}", "does not put these words inside quotation marks"


def break_descriptor_json(package):
    edit_text(package, "datapackage.json", lambda t: t.replace('"resources"', '"resources" "', 1))
    return "datapackage.json", "not valid JSON", "row"


FAULTS = [value for name, value in sorted(globals().items()) if name.startswith("break_")]


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.__name__.removeprefix("break_"))
def test_check_names_file_row_and_column(package_copy, fault):
    expected = [part for part in fault(package_copy) if part]
    result = run_check(package_copy)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    line = next((line for line in result.stderr.splitlines() if expected[0] in line
                 and all(part in line for part in expected)), None)
    assert line is not None, f"expected a line with {expected} in:\n{result.stderr}"
    assert "Fix:" in line


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.__name__.removeprefix("break_"))
def test_load_raises_with_the_same_problems(package_copy, fault):
    fault(package_copy)
    with pytest.raises(rl.DataPackageError) as raised:
        rl.load(package_copy)
    assert raised.value.problems == check(package_copy)
    assert isinstance(raised.value, ValueError)
    assert str(raised.value.problems[0]) in str(raised.value)


def test_a_dropped_row_does_not_cascade_into_false_references(package_copy):
    break_cell_count(package_copy)
    assert [problem.file for problem in check(package_copy)] == ["questions.csv"]


def test_a_missing_table_is_reported_once(package_copy):
    (package_copy / "actors.csv").unlink()
    assert [problem.file for problem in check(package_copy)] == ["actors.csv"]


def test_every_problem_is_reported_at_once(package_copy):
    break_bad_enum(package_copy)
    break_latitude_out_of_range(package_copy)
    break_missing_file(package_copy)
    files = {problem.file for problem in check(package_copy)}
    assert {"positions.csv", "places.csv", "relations.csv"} <= files


def test_missing_package_folder(tmp_path):
    result = run_check(tmp_path / "nowhere")
    assert result.returncode == 1
    assert "no datapackage.json" in result.stderr
    assert "Fix:" in result.stderr
    assert "Traceback" not in result.stderr


def test_descriptor_path_is_accepted(package_copy):
    assert rl.load(package_copy / "datapackage.json").statements.shape == rl.load().statements.shape


def test_an_environment_variable_points_load_at_another_package(package_copy, monkeypatch):
    """How a teacher runs the same notebooks on their own article, without editing them."""
    edit_cell(package_copy, "questions", "battle_imminent", "label", "changed by a teacher")
    monkeypatch.setenv("RAQQA_LESSON_DATA", str(package_copy))
    assert rl.load().questions.loc[0, "label"] == "changed by a teacher"
    assert rl.load().source == package_copy
    result = subprocess.run([sys.executable, "-m", "raqqa_lesson.cli", "check"], capture_output=True,
                            text=True, timeout=60, check=False,
                            env={**os.environ, "RAQQA_LESSON_DATA": str(package_copy)})
    assert str(package_copy) in result.stdout


@pytest.mark.parametrize(("where", "path"), [
    ("resources", "/etc/passwd"),
    ("resources", "../outside.csv"),
    ("resources", "tables/../../outside.csv"),
    ("resources", "https://example.org/statements.csv"),
    ("article", "/etc/passwd"),
    ("basemap", "~/basemap.geojson"),
])
def test_paths_outside_the_package_are_refused_before_reading(package_copy, where, path):
    """A package is data from a stranger: a path that leaves its folder is refused, and no file
    outside the package is opened, so none of its content can reach a message."""
    (package_copy.parent / "outside.csv").write_text("SECRET-LINE,x\n", encoding="utf-8")
    descriptor = package_copy / "datapackage.json"
    meta = json.loads(descriptor.read_text(encoding="utf-8"))
    if where == "resources":
        meta["resources"][4]["path"] = path
    else:
        meta[where]["path"] = path
    descriptor.write_text(json.dumps(meta), encoding="utf-8")
    result = run_check(package_copy)
    assert result.returncode == 1
    assert "is not a safe path" in result.stderr
    assert path in result.stderr
    assert "Fix:" in result.stderr
    assert "SECRET-LINE" not in result.stderr
    assert "root:" not in result.stderr
    with pytest.raises(rl.DataPackageError, match="not a safe path"):
        rl.load(package_copy)


def test_help_names_the_default_package():
    result = subprocess.run([sys.executable, "-m", "raqqa_lesson.cli", "check", "--help"],
                            capture_output=True, text=True, timeout=60, check=True)
    assert "RAQQA_LESSON_DATA" in " ".join(result.stdout.split())
    assert "(default: ," not in result.stdout


def test_a_value_not_in_a_list_says_it_may_be_added_to_the_list(package_copy):
    """A teacher's article may need a kind or a finding the lesson did not (a company, a forecast
    not yet due in a package made before that finding existed)."""
    break_bad_enum(package_copy)
    fixes = [problem.fix for problem in check(package_copy)
             if problem.message == "is not one of the allowed values"]
    assert fixes
    assert all("add it to this column's enum in datapackage.json" in fix for fix in fixes)
