"""One engine for any article: `raqqa-lesson new`, `check` on the lesson's pages, and `build`."""

from __future__ import annotations

import csv
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import DATA, edit_text

import raqqa_lesson as rl
from raqqa_lesson import build, content, steps, style, template
from raqqa_lesson.datapackage import TABLES

ARTICLE = ("Ministers met in Lyon on Monday, the Daily Example reported.\n"
           "\"We will finish the bridge within a month,\" said the minister, Ana Costa.\n")
RAQQA_WORDS = ("Raqqa", "Le Drian", "Konashenkov", "Sputnik", "Syria", "Ja'afari", "Aleppo")


def rows(path: Path, *records: dict) -> None:
    with path.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    with path.open("a", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(
            [[record.get(column, "") for column in header] for record in records])


@pytest.fixture
def minimal(tmp_path) -> Path:
    """A teacher's smallest article: one speaker, one place, no forecasts, no record."""
    package = tmp_path / "bridge"
    template.new_package(package)
    (package / "article.txt").write_text(ARTICLE, encoding="utf-8")
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["article"].update(title="Bridge to be finished within a month, minister says",
                                 published_earliest="2024-05-14", published_latest="2024-05-14")
    (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    rows(package / "sides.csv", {"side_id": "city", "name": "the city"})
    rows(package / "actors.csv",
         {"actor_id": "publisher", "name": "Daily Example", "kind": "media_outlet", "bloc": "city",
          "description": "The newspaper that published the article."},
         {"actor_id": "costa", "name": "Ana Costa", "kind": "person", "bloc": "city",
          "description": "The minister, as the article names her."})
    rows(package / "outlets.csv", {"outlet_id": "publisher", "name": "Daily Example",
                                   "kind": "newspaper", "country": "not established",
                                   "ownership": "Owner not established", "funding": "not established",
                                   "description": "Publisher of the article."})
    rows(package / "statements.csv",
         {"statement_id": "met", "speaker_id": "publisher", "said_earliest": "2024-05-13",
          "said_latest": "2024-05-13", "said_text": "on Monday", "kind": "report",
          "article_text": "Ministers met in Lyon on Monday", "direct_quote": "false",
          "paraphrase": "The paper: ministers met in Lyon on Monday.",
          "paragraph": "1", "topic": "context"},
         {"statement_id": "bridge", "speaker_id": "costa", "said_earliest": "2024-05-14",
          "said_latest": "2024-05-14", "kind": "forecast",
          "article_text": "We will finish the bridge within a month", "direct_quote": "true",
          "paraphrase": "Ana Costa: the bridge will be finished within a month.",
          "reported_via": "publisher", "paragraph": "2", "topic": "timing"})
    rows(package / "checks.csv",
         {"statement_id": "met", "aspect": "substance", "finding": "not_checkable",
          "note": "No record of the meeting was looked for in this small example."},
         {"statement_id": "bridge", "aspect": "substance", "finding": "not_checkable",
          "note": "A forecast; no record of the bridge was looked for in this small example."})
    rows(package / "places.csv", {"place_id": "lyon", "name": "Lyon", "kind": "city",
                                  "country": "France"})
    return package


def test_new_writes_every_table_with_its_columns_explained(tmp_path):
    package = tmp_path / "mine"
    template.new_package(package)
    guide = (package / "TABLES.md").read_text(encoding="utf-8")
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert f"## {resource['path']}" in guide
        header = (package / resource["path"]).read_text(encoding="utf-8").splitlines()
        assert header == [",".join(field["name"] for field in resource["schema"]["fields"])]
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` |" in guide
    assert sorted(resource["name"] for resource in descriptor["resources"]) == sorted(TABLES)
    assert "Allowed values: supports, opposes, conditional, unclear" in guide
    assert [page.name for page in content.pages(package)] == list(template.PAGES)
    with pytest.raises(FileExistsError):
        template.new_package(package)  # never over what a teacher wrote


def test_a_new_package_names_what_it_still_needs(tmp_path):
    package = tmp_path / "mine"
    template.new_package(package)
    result = subprocess.run([sys.executable, "-m", "raqqa_lesson.cli", "check", str(package)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    for table in ("actors", "statements", "sides", "checks"):  # all four, in the first answer
        assert f"{table}.csv: has a header but no rows. Fix: add at least one row" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_warns_about_the_steps_a_package_cannot_fill(minimal):
    problems, warnings = build.lesson_problems(rl.load(minimal))
    assert problems == []
    assert any("step 'timeline-chart' will be left out: no forecast has both a stated reading"
               in warning for warning in warnings)
    assert any("step 'place-map' will be left out: fewer than two places drawn as points have "
               "coordinates" in warning for warning in warnings)
    assert any("still holds the template's placeholder text" in warning for warning in warnings)
    # its checks are all of substance, none against the record: these tables would be empty
    for step, why in (("checks-wording", "checks.csv has no wording checks"),
                      ("claim-checks", "checks.csv has no checks against a record event")):
        assert any(f"step '{step}' will be left out: {why}" in warning for warning in warnings)
    assert not any("'unchecked-claims'" in warning for warning in warnings)
    assert not any("'speakers'" in warning for warning in warnings)


def test_check_refuses_an_unknown_step(minimal):
    edit_text(minimal, "lesson/01_who_says_what.md", lambda t: t.replace(
        "```{step} voices-chart", "```{step} voice-chart"))
    problems, _ = build.lesson_problems(rl.load(minimal))
    assert len(problems) == 1
    assert "lesson/01_who_says_what.md" in str(problems[0])
    assert "names the unknown step 'voice-chart'" in str(problems[0])
    assert "voices-chart" in str(problems[0])  # the fix lists the steps


@pytest.mark.slow
def test_a_minimal_package_builds_a_shorter_lesson_without_an_error(minimal, tmp_path):
    written = build.build(minimal, tmp_path / "notebooks")
    assert [path.stem for path in written] == list(template.PAGES)
    for path in written:
        notebook = nbformat.read(path, as_version=4)
        assert build.error_outputs(notebook) == []
        text = json.dumps(notebook)
        for word in RAQQA_WORDS:
            assert word not in text, f"{path.name} mentions {word}"
    opening = nbformat.read(written[0], as_version=4)
    assert "Bridge to be finished within a month" in json.dumps(opening)
    timelines = nbformat.read(written[3], as_version=4)
    assert build.LEFT_OUT in [cell.source for cell in timelines.cells]


def test_every_step_names_its_code_and_what_it_needs():
    lesson = rl.load()
    for name, step in steps.STEPS.items():
        assert step.code, name
        assert step.modules, name
        assert steps.missing(name, lesson) is None, f"the bundled lesson cannot fill {name}"


def test_the_bundled_lesson_is_built_from_its_pages():
    pages = content.pages(DATA)
    built = build.notebooks_for(rl.load(), DATA.name)
    assert list(built) == [page.name for page in pages]
    sources = "\n".join(cell.source for cell in built["01_who_says_what"].cells)
    assert 'lesson = rl.load("rt-raqqa-2017")' in sources
    assert 'exercises.ask(E["1.3"])' in sources


def test_every_reflection_of_the_bundled_lesson_has_a_usable_rubric():
    assert build.rubric_problems(content.pages(DATA)) == ([], [])


def test_rubrics_are_checked_and_never_reach_the_learner(tmp_path):
    package = tmp_path / "copy"
    package.mkdir()
    (package / content.LESSON_FOLDER).mkdir()
    page = (DATA / content.LESSON_FOLDER / "02_places_and_numbers.md").read_text(encoding="utf-8")
    path = package / content.LESSON_FOLDER / "02_places_and_numbers.md"
    path.write_text(page.replace("```{rubric} 2.4", "```{rubric} 2.9"), encoding="utf-8")
    problems, warnings = build.rubric_problems(content.pages(package))
    assert ["has a rubric for 2.9, but no reflection or assessment 2.9 on the page" in str(p)
            for p in problems] == [True]
    assert warnings == [("lesson/02_places_and_numbers.md: reflection 2.4 has no rubric, so the "
                         "answer key cannot say how to mark it")]
    path.write_text(page.replace("  example: >-\n    There are 4,000", "  said: >-\n    There are 4,000"),
                    encoding="utf-8")
    problems, _ = build.rubric_problems(content.pages(package))
    assert any("rubric 2.4 lacks beginning.example" in str(p) for p in problems)
    # a level written {description: …, example: …} whose example holds a comma
    start = page.index("\nbeginning:") + 1
    end = page.index("\nemerging:") + 1
    path.write_text(page[:start] + "beginning: {description: Repeats it., example: There are "
                    "4,000 fighters.}\n" + page[end:], encoding="utf-8")
    problems, _ = build.rubric_problems(content.pages(package))
    assert [str(p) for p in problems] == [
        ("lesson/02_places_and_numbers.md, line 154: rubric 2.4's beginning has a part '000 "
        "fighters.' besides its description and example (in {…}, a comma ends a value). Fix: "
        "write the level on lines of its own, description: and example: each on one, or quote a "
        "value that holds a comma")]
    cells = build.notebooks_for(rl.load(), "rt-raqqa-2017")["02_places_and_numbers"].cells
    assert not any("looks_for" in cell.source or "Mastery" in cell.source for cell in cells)
    assert any("Reflection 2.4" in cell.source for cell in cells)


def test_an_assessment_is_one_cell_with_its_questions_inside():
    cells = build.notebooks_for(rl.load(), DATA.name)["05_what_happened_next"].cells
    sources = [cell.source for cell in cells]
    assert sources.count('exercises.assess(lesson, "5.3")') == 1
    assert not any('E["5.3.' in source for source in sources)


def test_an_assessment_without_its_source_or_questions_is_refused(package_copy):
    page = "05_what_happened_next.md"
    edit_text(package_copy, f"lesson/{page}", lambda text: text.replace(
        "source: rferl_final_drive", "source: nowhere").replace("{exercise} 5.3.", "{exercise} 5.4."))
    problems = [str(p) for p in build.assessment_problems(rl.load(package_copy))]
    assert len(problems) == 2
    assert "assessment 5.3's source is not in citations.csv" in problems[0]
    assert "nowhere" in problems[0]
    assert "assessment 5.3 has no questions" in problems[1]
    assert "5.3.1" in problems[1]
    assert f"lesson/{page}, line" in problems[0]


def test_instructor_notes_point_only_at_what_the_pages_have(package_copy):
    pages = content.pages(DATA)
    references = [m for page in pages for block in page.of_kind("instructor")
                  for m in build.INSTRUCTOR_REFERENCE.finditer(block.body)]
    assert len(references) > 30  # the notes do lean on numbers, so the check has work to do
    assert build.instructor_problems(pages) == []
    edit_text(package_copy, "lesson/03_competing_timelines.md", lambda text: text.replace(
        "Exercise 3.2's feedback", "Exercise 3.9's feedback").replace("- Try-it 3.5;", "- Try-it 3.5 and 01 §9;"))
    problems = [str(p) for p in build.instructor_problems(content.pages(package_copy))]
    assert len(problems) == 2
    assert "instructor notes name exercise 3.9, which no page asks" in problems[0]
    assert "01 §9, a section that does not exist" in problems[1]


def test_instructor_notes_never_reach_the_learner():
    cells = build.notebooks_for(rl.load(), DATA.name)["02_places_and_numbers"].cells
    assert not any("Say at the start" in cell.source for cell in cells)


def test_source_markers_become_links_and_say_when_the_link_is_a_copy():
    sources = content.sources_of(rl.load())
    assert sources["reuters_airdrop"][1].startswith("https://www.reuters.com/")
    assert sources["afp_final_push"][0] == "AFP, as copied by another site"  # only a copy was read
    text = content.with_source_links("Raqqa [^reuters_airdrop]\n[^afp_final_push].", sources)
    assert text == ("Raqqa ([Reuters](https://www.reuters.com/article/us-mideast-crisis-syria-tabqa-"
                    "idUSKBN16T1KM); [AFP, as copied by another site](https://en.hdhod.com/Final-push-on-"
                    "Syria-s-Raqa-to-begin-in-days-France_a17290.html)).")
    assert content.with_source_links("[^x]", {"x": ("<b>[A]</b>", "")}) == " (&lt;b&gt;\\[A\\]&lt;/b&gt;)"


def test_check_refuses_a_source_marker_citations_csv_lacks(package_copy):
    edit_text(package_copy, "lesson/00_start_here.md", lambda text: text.replace(
        "[^britannica_al_raqqah]", "[^nowhere_cited]", 1))
    problems, _ = build.lesson_problems(rl.load(package_copy))
    assert [str(p) for p in problems if "nowhere_cited" in str(p)] == [
        ("lesson/00_start_here.md: cites nowhere_cited, not in citations.csv. "
        "Fix: add the source to citations.csv, or correct the id")]


def test_two_places_one_of_a_kind_the_teacher_added_are_mapped_and_measured(minimal):
    """A local story: two located places, one of a kind added to the enum as TABLES.md says. The
    map draws both, and the distance explorer opens on them instead of failing for want of a third."""
    from matplotlib.lines import Line2D

    from raqqa_lesson import places

    descriptor = json.loads((minimal / "datapackage.json").read_text(encoding="utf-8"))
    schema = next(r for r in descriptor["resources"] if r["name"] == "places")["schema"]
    kind = next(f for f in schema["fields"] if f["name"] == "kind")
    kind["constraints"]["enum"].append("district")
    (minimal / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    located = {"country": "France", "source_record": "read off a map for this test"}
    header = (minimal / "places.csv").read_text(encoding="utf-8").splitlines()[0]
    (minimal / "places.csv").write_text(header + "\n", encoding="utf-8")
    rows(minimal / "places.csv",
         {"place_id": "lyon", "name": "Lyon", "kind": "city", "lat": "45.76", "lon": "4.84", **located},
         {"place_id": "confluence", "name": "Confluence", "kind": "district", "lat": "45.74",
          "lon": "4.82", **located})
    lesson = rl.load(minimal)
    assert steps.missing("distance-explorer", lesson) is None
    explorer = places.distance_explorer(lesson)
    assert {explorer.controls["origin"].value, explorer.controls["destination"].value} == {
        "lyon", "confluence"}
    assert "Confluence</strong> is 3 km" in explorer.panel.value or \
        "Lyon</strong> is 3 km" in explorer.panel.value  # 45.76,4.84 to 45.74,4.82: 2.7 km
    ax = places.place_map(lesson)
    drawn = {(line.get_xdata()[0], line.get_ydata()[0]) for line in ax.lines
             if isinstance(line, Line2D) and line.get_marker() == "o"}
    assert {(4.84, 45.76), (4.82, 45.74)} <= drawn
    assert ax.get_legend().get_texts()[0].get_text() == "city or district"
    assert "shaded" not in ax.get_title()  # the template's basemap has no outline of France
    assert "2 places are drawn as points: Lyon, Confluence" in places.describe_map(lesson)


def test_key_writes_a_teachers_own_answer_key_apart_from_the_notebooks(minimal, tmp_path):
    """`raqqa-lesson key`: the answer key and outlets of any package, from its own pages."""
    from raqqa_lesson.cli import main

    key = minimal / "lesson" / "01_who_says_what.md"
    key.write_text(key.read_text(encoding="utf-8") + "\n```{exercise} 1.9\nkind: choice\n"
                   "prompt: Who says the bridge will be finished within a month?\n"
                   "options: [Ana Costa, Daily Example]\nanswer: Ana Costa\n"
                   "from_data: {speaker: bridge}\nexplanation: the quotation is hers.\n```\n",
                   encoding="utf-8")
    assert main(["key", str(minimal), str(tmp_path / "key")]) == 0
    answers = (tmp_path / "key" / "answers.md").read_text(encoding="utf-8")
    assert "**Exercise 1.9.** Who says the bridge will be finished within a month?" in answers
    assert "- **Ana Costa** (right)" in answers
    assert "Daily Example" in (tmp_path / "key" / "outlets.md").read_text(encoding="utf-8")
    assert not (tmp_path / "key" / "background.md").exists()  # the package has no primer


def test_a_value_starting_with_a_quotation_mark_is_explained_once(minimal):
    from raqqa_lesson.cli import package_problems

    page = minimal / "lesson" / "01_who_says_what.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n```{exercise} 1.9\nkind: choice\n"
                    "prompt: Who speaks?\noptions: [Ana Costa, Daily Example]\nanswer: Ana Costa\n"
                    'explanation: "within a month" is quoted; the rest is not.\n```\n',
                    encoding="utf-8")
    problems, _warnings = package_problems(minimal)
    assert len(problems) == 1
    shown = str(problems[0])
    assert "01_who_says_what.md" in shown
    assert "exercise 1.9 is not valid YAML" in shown
    assert shown.count("Fix:") == 1
    assert "starts with a quotation mark" in shown


def test_build_never_overwrites_notebooks_unless_asked(minimal, tmp_path, capsys):
    from raqqa_lesson.cli import main

    dest = tmp_path / "notebooks"
    assert main(["build", "--no-run", str(minimal), str(dest)]) == 0
    mine = dest / "00_start_here.ipynb"
    mine.write_text(mine.read_text(encoding="utf-8").replace('"cell-0"', '"my-own-cell"'),
                    encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--no-run", str(minimal), str(dest)]) == 1
    assert "already holds 00_start_here.ipynb" in capsys.readouterr().err
    assert "my-own-cell" in mine.read_text(encoding="utf-8")
    assert main(["build", "--no-run", "--replace", str(minimal), str(dest)]) == 0
    assert "my-own-cell" not in mine.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_notebook_that_fails_to_run_is_named_and_nothing_is_written(minimal, tmp_path, capsys):
    from raqqa_lesson.cli import main

    page = minimal / "lesson" / "01_who_says_what.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n```{try-it} 1.8\nprompt: Keep the direct "
                    "quotes.\nscaffold: |\n  direct_quotes = ...\n  direct_quotes = direct_quotes[\n"
                    "answer_in: direct_quotes\ntable: statements\nwhere: {direct_quote: true}\n```\n",
                    encoding="utf-8")
    dest = tmp_path / "notebooks"
    capsys.readouterr()
    assert main(["build", str(minimal), str(dest)]) == 1
    error = capsys.readouterr().err
    assert "notebook 01_who_says_what stopped at this cell:" in error
    assert "direct_quotes = direct_quotes[" in error
    assert "SyntaxError" in error
    assert "\x1b[" not in error
    assert "Traceback" not in error
    assert list(dest.glob("*.ipynb")) == []


def test_a_package_of_far_places_without_countries_or_forecasts_maps_and_prints(minimal, tmp_path):
    """Two places on two continents, no country given, no forecast: the map draws both and names
    no country, and the handout leaves the timeline out instead of failing."""
    from raqqa_lesson import handout, places

    header = (minimal / "places.csv").read_text(encoding="utf-8").splitlines()[0]
    (minimal / "places.csv").write_text(header + "\n", encoding="utf-8")
    rows(minimal / "places.csv",
         {"place_id": "lyon", "name": "Lyon", "kind": "city", "lat": "45.76", "lon": "4.84",
          "source_record": "read off a map for this test"},
         {"place_id": "quebec", "name": "Québec", "kind": "city", "lat": "46.81", "lon": "-71.21",
          "source_record": "read off a map for this test"})
    lesson = rl.load(minimal)
    description = places.describe_map(lesson)
    assert "2 places are drawn as points: Lyon, Québec" in description
    assert description.startswith("A map of the article's places, on a plain background.")
    assert places.place_map(lesson).get_title() == "Places named in the article"
    page = handout.handout_html(lesson)
    assert 'id="sorting-grid"' in page
    assert 'id="timeline"' not in page


def test_commands_take_a_bundled_lesson_by_name_and_refuse_a_file_as_destination(tmp_path, capsys):
    from raqqa_lesson.cli import main

    assert main(["key", "voa-raqqa-2016", str(tmp_path / "key")]) == 0
    assert "Voice of America" in (tmp_path / "key" / "outlets.md").read_text(encoding="utf-8")
    (tmp_path / "taken").write_text("a teacher's file", encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--no-run", "voa-raqqa-2016", str(tmp_path / "taken")]) == 1
    assert "is a file, not a folder" in capsys.readouterr().err
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "a teacher's file"


def test_a_dollar_sign_in_a_name_is_drawn_as_itself(minimal):
    from raqqa_lesson import sources

    text = (minimal / "actors.csv").read_text(encoding="utf-8")
    (minimal / "actors.csv").write_text(text.replace("Ana Costa,", "Ana $\\\\foo$ Costa,"),
                                        encoding="utf-8")
    ax = sources.voices_chart(sources.voices(rl.load(minimal)))
    ax.figure.canvas.draw()  # mathtext would fail here on the unknown \\foo
    assert "Ana $\\\\foo$ Costa" in [label.get_text() for label in ax.get_yticklabels()]


def located_in_france_and_switzerland(package: Path) -> None:
    header = (package / "places.csv").read_text(encoding="utf-8").splitlines()[0]
    (package / "places.csv").write_text(header + "\n", encoding="utf-8")
    rows(package / "places.csv",
         {"place_id": "lyon", "name": "Lyon", "kind": "city", "lat": "45.76", "lon": "4.84",
          "country": "France", "source_record": "read off a map for this test"},
         {"place_id": "geneva", "name": "Geneva", "kind": "city", "lat": "46.20", "lon": "6.14",
          "country": "Switzerland", "source_record": "read off a map for this test"},
         {"place_id": "annecy", "name": "Annecy", "kind": "city", "lat": "45.90", "lon": "6.13",
          "country": "France", "source_record": "read off a map for this test"})


def test_basemap_gives_a_teachers_package_the_countries_around_its_places(minimal, capsys):
    from matplotlib.path import Path as Outline

    from raqqa_lesson import places
    from raqqa_lesson.cli import main

    located_in_france_and_switzerland(minimal)
    assert main(["basemap", str(minimal)]) == 0
    written = json.loads((minimal / "basemap.geojson").read_text(encoding="utf-8"))
    kinds = {feature["properties"]["name"]: feature["properties"]["kind"]
             for feature in written["features"]}
    # Russia's box spans the globe; its polygons do not reach here. Lyon and Geneva are on the Rhône
    assert kinds == {"France": "country", "Switzerland": "country", "Rhône": "river",
                     "Loire": "river"}
    assert "public domain" in (minimal / "basemap.md").read_text(encoding="utf-8")
    warning = capsys.readouterr().err
    assert "coarse at that scale" in warning  # Lyon to Geneva: a map about 280 km across
    # at 1:110m the border passes east of Geneva: the teacher is told, by name
    assert "fall outside their country's outline: Geneva (Switzerland)." in warning
    assert main(["check", str(minimal)]) == 0
    lesson = rl.load(minimal)
    ax = places.place_map(lesson)
    assert ax.get_title() == "Places named in the article (France shaded; the Loire, Rhône in blue)"
    rhone = [line for line in ax.lines if line.get_color() == style.PALETTE["blue"]]
    assert any(abs(x - 4.84) < 0.1 and abs(y - 45.76) < 0.1  # the Rhône runs through Lyon
               for line in rhone for x, y in zip(line.get_xdata(), line.get_ydata()))
    outlines = [patch.get_path() for patch in ax.patches]
    assert any(Outline(path.vertices).contains_point((4.84, 45.76)) for path in outlines)  # Lyon
    assert any(Outline(path.vertices).contains_point((6.14, 46.20)) for path in outlines)  # Geneva


def test_basemap_never_replaces_a_basemap_unless_asked(minimal, capsys):
    from raqqa_lesson.cli import main

    assert main(["basemap", str(minimal)]) == 1  # Lyon has no coordinates yet
    assert "no place in places.csv has coordinates" in capsys.readouterr().err
    assert not (minimal / "basemap.geojson").exists()
    located_in_france_and_switzerland(minimal)
    (minimal / "basemap.geojson").write_text("the teacher's own", encoding="utf-8")
    assert main(["basemap", str(minimal)]) == 1
    assert "--replace" in capsys.readouterr().err
    assert (minimal / "basemap.geojson").read_text(encoding="utf-8") == "the teacher's own"
    assert main(["basemap", str(minimal), "--replace"]) == 0
    assert "France" in (minimal / "basemap.geojson").read_text(encoding="utf-8")


def test_the_world_outlines_hold_known_cities_in_their_countries():
    """Natural Earth's outlines as the library ships them: a city is inside its own country."""
    from matplotlib.path import Path as Outline

    from raqqa_lesson import basemap

    countries = {feature["properties"]["name"]: feature["geometry"] for feature in basemap.world()}
    assert len(countries) == 177

    def inside(country: str, lon: float, lat: float) -> bool:
        return any(Outline(polygon[0]).contains_point((lon, lat))
                   for polygon in basemap.polygons(countries[country]))

    assert inside("Syria", 36.29, 33.51)  # Damascus
    assert inside("France", 4.84, 45.76)  # Lyon
    assert inside("United Kingdom", -0.13, 51.51)  # London
    assert inside("Switzerland", 8.54, 47.37)  # Zurich
    assert not inside("France", 8.54, 47.37)
    mekong = [point for river in basemap.world(basemap.RIVERS) if river["properties"]["name"] == "Mekong"
              for line in river["geometry"]["coordinates"] for point in line]
    assert any(abs(lon - 105.94) < 0.1 and abs(lat - 13.53) < 0.1 for lon, lat in mekong)  # Stung Treng


def test_a_page_with_front_matter_is_refused_before_it_reaches_a_notebook(minimal):
    page = minimal / "lesson" / "01_who_says_what.md"
    page.write_text('---\ntitle: "01"\nminutes: 15\n---\n\n' + page.read_text(encoding="utf-8"),
                    encoding="utf-8")
    from raqqa_lesson.cli import read_and_check

    _, problems, _ = read_and_check(minimal)
    assert any("01_who_says_what.md, line 1: starts with a front-matter block" in str(problem)
               for problem in problems)


def test_key_never_writes_over_a_teachers_documents_unless_asked(minimal, tmp_path, capsys):
    from raqqa_lesson.cli import main

    key = tmp_path / "key"
    assert main(["key", str(minimal), str(key)]) == 0
    (key / "answers.md").write_text("my own marking notes", encoding="utf-8")
    assert main(["key", str(minimal), str(key)]) == 1
    assert "it already holds answers.md, outlets.md" in capsys.readouterr().err
    assert (key / "answers.md").read_text(encoding="utf-8") == "my own marking notes"
    assert main(["key", str(minimal), str(key), "--replace"]) == 0
    assert (key / "answers.md").read_text(encoding="utf-8") != "my own marking notes"



def test_a_forecast_not_yet_due_is_recorded_as_such_and_counted_apart(minimal):
    """This year's article: a forecast whose time has not come is neither checked nor
    uncheckable. It stands without an event, for substance only, and is tallied on its own."""
    from raqqa_lesson import record
    from raqqa_lesson.cli import read_and_check

    checks = minimal / "checks.csv"
    text = checks.read_text(encoding="utf-8")
    checks.write_text(text.replace(
        "bridge,,substance,not_checkable,",
        "bridge,,substance,not_yet_due,"), encoding="utf-8")
    assert "not_yet_due" in checks.read_text(encoding="utf-8")
    _, problems, _ = read_and_check(minimal)
    assert problems == []
    tally = record.checks_by_party(rl.load(minimal))
    assert tally.to_dict("index") == {"Ana Costa": {"not yet due": 1, "not checkable": 0},
                                      "Daily Example": {"not yet due": 0, "not checkable": 1}}
    # a finding the teacher adds to the list is tallied after the lesson's own, not a crash
    lesson = rl.load(minimal)
    added = lesson.checks.assign(finding=lesson.checks["finding"].astype(str).replace(
        "not_checkable", "withdrawn"))
    assert list(record.checks_by_party(dataclasses.replace(lesson, checks=added)).columns) == [
        "not yet due", "withdrawn"]
    rows(checks, {"statement_id": "bridge", "aspect": "wording", "finding": "not_yet_due"})
    _, problems, _ = read_and_check(minimal)
    assert any("a wording check needs the record event" in str(p) for p in problems)
