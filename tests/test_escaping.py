"""Text from the data reaches HTML only escaped: a hostile package cannot run script in a notebook,
whatever path the text takes (tables, chart descriptions, explorer panels, exercises)."""

from __future__ import annotations

import html as html_module

import pandas as pd
import pytest
from conftest import edit_cell

import raqqa_lesson as rl
from raqqa_lesson import exercises, places, positions, record, show, sources, style, timelines

SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src=x onerror="alert(2)">'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A valid package whose free-text fields carry markup."""
    import shutil

    from conftest import DATA

    package = tmp_path_factory.mktemp("hostile") / "package"
    shutil.copytree(DATA, package)
    for path in package.iterdir():
        path.chmod(0o644)
    edit_cell(package, "actors", "le_drian", "name", SCRIPT)
    edit_cell(package, "actors", "talal_selo", "name", IMAGE)
    edit_cell(package, "actors", "us", "name", IMAGE)
    edit_cell(package, "actors", "rt", "name", IMAGE)
    edit_cell(package, "outlets", "rt", "ownership", IMAGE)
    edit_cell(package, "statements", "selo_two_weeks", "note", SCRIPT)
    edit_cell(package, "places", "raqqa", "name", IMAGE)
    edit_cell(package, "places", "mosul", "note", SCRIPT)
    edit_cell(package, "quantities", "q_population", "note", SCRIPT)
    edit_cell(package, "events", "r_tabqa_airlift", "title", SCRIPT)
    edit_cell(package, "events", "r_dayr_hafir_captured", "note", IMAGE)
    edit_cell(package, "citations", "ap_tabqa_airlift", "publisher", IMAGE)
    edit_cell(package, "questions", "turkey_take_part", "label", SCRIPT)
    edit_cell(package, "relations", "us", "note", IMAGE)
    return rl.load(package)


def assert_escaped(html: str) -> None:
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html or "&lt;img" in html


# Every library table a notebook displays with show.table.
TABLES = {
    "article_facts": sources.article_facts,
    "speakers": sources.speakers,
    "statement_table": sources.statement_table,
    "voices": sources.voices,
    "chains": sources.chains,
    "place_table": places.place_table,
    "numbers": places.numbers,
    "lateness": lambda lesson: timelines.lateness(timelines.forecast_windows(lesson)),
    "forecast_windows": timelines.forecast_windows,
    "known_by": lambda lesson: timelines.known_by(lesson, pd.Timestamp("2017-12-31").date()),
    "stance_matrix": positions.stance_matrix,
    "relation_table": positions.relation_table,
    "stance_evidence": positions.stance_evidence,
    "claims_vs_record": record.claims_vs_record,
    "sources_of_record": record.sources_of_record,
}


@pytest.mark.parametrize("name", TABLES)
def test_displayed_tables_escape_markup(hostile, name):
    table = TABLES[name](hostile)
    assert_escaped(show.table(table)._repr_html_())


def test_table_escapes_index_and_column_labels():
    html = show.table(pd.DataFrame({SCRIPT: [IMAGE]}, index=[IMAGE]))._repr_html_()
    assert "<script" not in html
    assert "<img" not in html


def test_chart_description_is_escaped():
    image, description = show.chart_outputs(style.new_axes(), SCRIPT + IMAGE)
    assert_escaped(description.data)
    assert image._repr_mimebundle_()[1]["image/png"]["alt"] == SCRIPT + IMAGE  # JSON, not HTML


@pytest.mark.parametrize("explorer", [sources.speaker_explorer, places.distance_explorer,
                                      timelines.timeline_explorer, positions.actor_explorer],
                         ids=lambda f: f.__name__)
def test_explorer_panels_escape_markup(hostile, explorer):
    widget = explorer(hostile)
    shown = [widget.panel.value + widget.description.value]
    control = next(iter(widget.controls.values()))
    for option in getattr(control, "options", ())[:12]:
        control.value = option[1] if isinstance(option, tuple) else option
        shown.append(widget.panel.value + widget.description.value)
    assert not any("<script" in text or "<img" in text for text in shown)
    assert any("&lt;script&gt;" in text or "&lt;img" in text for text in shown)


def test_feedback_and_quiz_text_are_escaped():
    assert_escaped(exercises.Feedback(False, SCRIPT)._repr_html_())
    exercise = exercises.Choice("9.1", SCRIPT, (IMAGE, "b"), "b", "fine")
    quiz = exercises.ask(exercise)
    assert_escaped(quiz.lead_html)
    quiz.answer.value = IMAGE
    quiz.button.click()
    assert "<img" not in quiz.feedback.value


def test_article_text_is_escaped(package_copy):
    path = package_copy / "article.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + SCRIPT + IMAGE, encoding="utf-8")
    assert_escaped(show.article(rl.load(package_copy).article).data)


def test_assessment_passage_and_source_are_escaped(package_copy):
    edit_cell(package_copy, "citations", "rferl_final_drive", "title", IMAGE)
    page = package_copy / "lesson" / "05_what_happened_next.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "passage: |\n", f"passage: |\n  {SCRIPT}\n\n", 1), encoding="utf-8")
    lead = exercises.assess(rl.load(package_copy), "5.3").lead_html
    assert "<script" not in lead
    assert "<img" not in lead
    assert "&lt;script&gt;" in lead
    assert "&lt;img" in lead


def test_the_handout_escapes_markup(hostile):
    from raqqa_lesson import handout

    assert_escaped(handout.handout_html(hostile))


def test_a_folded_table_names_itself_and_keeps_every_row():
    frame = pd.DataFrame({"claim": [SCRIPT, "b", "c"]})
    html = show.table(frame, fold=IMAGE)._repr_html_()
    assert_escaped(html)
    assert html.startswith("<details><summary>Show &lt;img")
    assert "(3 rows)" in html
    assert html.count("<tr") == 4  # the header and every row, inside the fold
    assert not show.table(frame)._repr_html_().startswith("<details>")


def test_an_explorers_chart_carries_its_description_as_escaped_alt_text(hostile):
    widget = sources.speaker_explorer(hostile)
    control = widget.controls["speaker"]
    for option in control.options:
        control.value = option[1] if isinstance(option, tuple) else option
        chart = widget.chart.value
        assert chart.startswith('<img alt="')
        assert chart.count("<img") == 1
        assert SCRIPT not in chart
        assert IMAGE not in chart
        assert html_module.escape(widget.alt) in chart


def test_element_escapes_text_and_attributes_and_passes_only_its_own_markup():
    from raqqa_lesson.markup import Markup, element, join

    image = '<img src=x onerror="alert(1)">'
    made = element("p", SCRIPT, element("strong", image), title=f'"{image}', class_="box")
    assert "<script>" not in made
    assert "<img" not in made
    assert made.startswith('<p title="&quot;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" class="box">')
    assert "<strong>&lt;img" in made  # a child element's tags stay, its text is escaped
    assert join([SCRIPT, Markup("<br>")]) == "&lt;script&gt;alert(1)&lt;/script&gt;<br>"
    assert element("col", style="width:2em") == '<col style="width:2em">'
    with pytest.raises(ValueError, match="takes no content"):
        element("col", "text")


@pytest.mark.parametrize("address", ["javascript:alert(1)", "https://x.org/a) <img src=x onerror=alert(1)> (",
                                     'https://x.org/"onmouseover="alert(1)', "data:text/html,<script>"])
def test_only_a_plain_web_address_becomes_a_link(address):
    from raqqa_lesson.content import with_source_links
    from raqqa_lesson.markup import link

    shown = link("the source", address)
    assert "<a" not in shown
    assert "<img" not in shown
    assert "<script" not in shown
    assert with_source_links("A fact.[^s]", {"s": ("Publisher", address)}) == "A fact. (Publisher)"
    assert link("the source", "https://x.org/page?id=1") == '<a href="https://x.org/page?id=1">the source</a>'
