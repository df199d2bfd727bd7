"""Text from the data reaches HTML only escaped: a hostile package cannot run script in a notebook."""

from __future__ import annotations

import pytest

import raqqa_lesson as rl
from conftest import edit_cell
from raqqa_lesson import sources

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


@pytest.mark.parametrize("table", DISPLAYED, ids=lambda f: f.__name__)
def test_displayed_tables_escape_markup(hostile, table):
    html = table(hostile)._repr_html_()
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html or "&lt;img" in html
