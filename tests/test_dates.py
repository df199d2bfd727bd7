"""The article's date words resolved from its publication date."""

import datetime as dt

import pandas as pd
import pytest

from raqqa_lesson.dates import month_step, resolve_date_text, window_text

SATURDAY, SUNDAY = dt.date(2017, 3, 25), dt.date(2017, 3, 26)


@pytest.mark.parametrize(("words", "earliest", "latest"), [
    ("on Friday", "2017-03-24", "2017-03-24"),
    ("Saturday", "2017-03-25", "2017-03-25"),
    ("this week", "2017-03-20", "2017-03-26"),
    ("Earlier in the week", "2017-03-20", "2017-03-25"),
    ("last week", "2017-03-13", "2017-03-19"),
    ("November last year", "2016-11-01", "2016-11-30"),
    ("December last year", "2016-12-01", "2016-12-31"),
    ("in 2013", "2013-01-01", "2013-12-31"),
])
def test_words_resolve_over_both_possible_publication_days(words, earliest, latest):
    assert resolve_date_text(words, SATURDAY, SUNDAY) == (dt.date.fromisoformat(earliest),
                                                          dt.date.fromisoformat(latest))


def test_a_known_publication_day_narrows_the_interval():
    assert resolve_date_text("this week", SATURDAY) == (dt.date(2017, 3, 20), SATURDAY)


def test_a_weekday_on_the_publication_day_is_that_day():
    assert resolve_date_text("Saturday", SATURDAY) == (SATURDAY, SATURDAY)


@pytest.mark.parametrize("words", ["next year", "soon", "Friday week", ""])
def test_words_it_does_not_understand_are_left_unresolved(words):
    assert resolve_date_text(words, SATURDAY, SUNDAY) is None


def test_a_window_names_both_years_when_it_runs_into_the_next():
    assert window_text(pd.Timestamp("2025-08-31"), pd.Timestamp("2026-03-14")) == \
        "31 August 2025 to 14 March 2026"
    assert window_text(pd.Timestamp("2017-03-03"), pd.Timestamp("2017-03-17")) == \
        "03 March to 17 March 2017"


def test_a_long_calendar_is_marked_in_quarters_or_years_not_every_month():
    # March 2017 to April 2018: 14 months, each marked (the first lesson's timeline explorer)
    assert month_step(pd.Timestamp("2017-03-10"), pd.Timestamp("2018-04-20")) == 1
    # February 2025 to September 2028: 44 months, so every third month (15 ticks at most)
    assert month_step(pd.Timestamp("2025-02-01"), pd.Timestamp("2028-09-30")) == 3
    # ten years: one a year
    assert month_step(pd.Timestamp("2020-01-01"), pd.Timestamp("2029-12-31")) == 12
