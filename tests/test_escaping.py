"""Text from the data reaches HTML only escaped: a hostile package cannot run script in a notebook."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import edit_cell

import raqqa_lesson as rl
from raqqa_lesson import show, sources

SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src=x onerror="alert(2)">'


@pytest.fixture
def hostile(package_copy):
    edit_cell(package_copy, "actors", "le_drian", "name", SCRIPT)
    edit_cell(package_copy, "outlets", "rt", "ownership", IMAGE)
    edit_cell(package_copy, "actors", "rt", "name", IMAGE)
    return rl.load(package_copy)


# Every library function whose table a notebook displays as HTML.
DISPLAYED = [sources.article_facts, sources.speakers]


def assert_escaped(html: str) -> None:
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html or "&lt;img" in html


@pytest.mark.parametrize("table", DISPLAYED, ids=lambda f: f.__name__)
def test_displayed_tables_escape_markup(hostile, table):
    assert_escaped(table(hostile)._repr_html_())
    assert_escaped(show.table(table(hostile))._repr_html_())


def test_table_escapes_index_and_column_labels():
    frame = pd.DataFrame({SCRIPT: [IMAGE]}, index=[IMAGE])
    html = show.table(frame)._repr_html_()
    assert "<script" not in html
    assert "<img" not in html


def test_article_text_is_escaped(package_copy):
    (package_copy / "article.txt").write_text(
        (package_copy / "article.txt").read_text(encoding="utf-8") + "\n" + SCRIPT + IMAGE,
        encoding="utf-8")
    lesson = rl.load(package_copy)
    assert_escaped(show.article(lesson.article).data)
