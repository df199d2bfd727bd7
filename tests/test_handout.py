"""The printable handout: every part is there, from the package, and it prints on A4 and Letter."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import DATA

import raqqa_lesson as rl
from raqqa_lesson import content, exercises, handout, timelines
from raqqa_lesson.sources import QUOTE_FORMS

LESSON = rl.load()
PAGE = handout.handout_html(LESSON, "a4")


def words(html: str) -> str:
    """The page's text, tags dropped and entities read, spaces made single."""
    import html as markup

    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", html)).split())


TEXT = words(PAGE)


def test_the_article_is_there_with_every_line_numbered():
    rows = re.findall(r"<tr><td>(\d+)</td><td>", PAGE.split('id="sorting-grid"')[0])
    assert [int(n) for n in rows] == list(range(1, len(LESSON.article.lines) + 1))
    assert words(LESSON.article.lines[-1]) in TEXT


def test_the_sorting_grid_holds_one_sentence_per_speaker_to_sort():
    grid = handout.grid_statements(LESSON)
    speakers = LESSON.statements["speaker_id"].unique()
    assert len(grid) == len(speakers)  # every voice once; none too short to sort
    section = words(PAGE.split('id="sorting-grid"')[1].split("<section")[0])
    for text in grid["article_text"]:
        assert " ".join(text.split()) in section
    assert section.count(" ".join(f"☐ {form}" for form in QUOTE_FORMS)) == len(grid)
    assert "Syrian soldiers" not in section  # a two-word caption teaches nothing to sort


def test_the_timeline_is_blank_with_a_row_per_forecast():
    section = PAGE.split('id="timeline"')[1].split("<section")[0]
    for name, phrase in zip(timelines.forecast_windows(LESSON)["forecaster"],
                            timelines.forecast_windows(LESSON)["phrase"]):
        assert words(f"{name}: '{phrase}'") in words(section)
    assert "<svg" in section
    assert "outcome" not in words(section).lower()  # a blank to fill: no answer drawn


def test_the_closing_assessment_and_exit_ticket_are_there():
    for key, (spec, _where, questions) in content.assessment_specs(LESSON.source).items():
        assert f"Closing assessment {key}" in TEXT
        assert " ".join(str(spec["passage"]).split()[:12]) in TEXT
        for question in questions:
            exercise = exercises.build(LESSON)[question]
            assert words(exercise.prompt) in TEXT
            for option in exercise.options:
                assert f"☐ {words(option)}" in TEXT
            assert words(exercise.explanation) not in TEXT  # the answers stay in the key
    for prompt in handout.EXIT_TICKET:
        assert words(prompt) in TEXT


def test_paper_size_is_set_for_print():
    assert "size: A4;" in PAGE
    assert "size: letter;" in handout.handout_html(LESSON, "letter")


@pytest.mark.slow
@pytest.mark.browser
def test_make_handout_prints_every_part_on_a4_and_letter(tmp_path):
    """The command teachers run, end to end: PDFs of the right size holding every part."""
    if handout.chromium() is None:
        message = "Chromium is not installed: run 'apt-get install chromium' (Debian)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from pypdf import PdfReader

    command = [str(Path(sys.executable).parent / "raqqa-lesson"), "handout", str(DATA), str(tmp_path)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    for paper, (width, height) in {"a4": (595, 842), "letter": (612, 792)}.items():
        reader = PdfReader(tmp_path / f"handout-{paper}.pdf")
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (width, height)
        text = unicodedata.normalize("NFKC", " ".join(" ".join((page.extract_text() or "").split())
                                                      for page in reader.pages))  # "ﬁ" → "fi"
        for part in ("Who says what, through whom?", "The timeline, to fill in",
                     "Closing assessment 5.3", "Exit ticket", LESSON.article.title):
            assert part in text, (paper, part)
        assert 4 <= len(reader.pages) <= 12


def test_the_first_page_lets_paper_stand_alone():
    """Definitions, who speaks, who owns the outlets a learner meets, and the four moves: a room
    without devices needs them before the article."""
    section = words(PAGE.split('id="before-reading"')[1].split("<section")[0])
    for form, meaning in handout.FORM_MEANINGS.items():
        assert f"{form} : {meaning}" in section  # the form in bold, then its meaning
    speakers = LESSON.statements["speaker_id"].unique()
    names = LESSON.actors.set_index("actor_id").loc[speakers, "name"]
    assert all(words(name) in section for name in names)
    outlets = handout.handout_outlets(LESSON)
    assert LESSON.outlets.set_index("outlet_id").loc["rt", "name"] == outlets["name"].iloc[0]
    for row in outlets.itertuples():  # the assessment asks how its passage's outlet is paid for
        assert words(row.funding) in section
    assert set(exercises.build(LESSON)["5.3.4"].answer.split()) <= set(section.split())
    for move in handout.MOVES:
        assert words(move) in section


def test_the_timeline_gives_each_reading_and_when_it_was_said():
    section = words(PAGE.split('id="timeline"')[1].split("<section")[0])
    readings = timelines.default_readings(LESSON)
    for forecast_id, (low, high) in readings.items():
        assert f"{low}–{high} days after" in section, forecast_id
    untimed = timelines.forecast_windows(LESSON).query("window_start.isna()")
    assert "no band" in section
    assert all(words(phrase) in section for phrase in untimed["phrase"])
