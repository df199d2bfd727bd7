"""Every chart, checked on what it draws (artists, labels, counts), with its description."""

from __future__ import annotations

import datetime as dt

import matplotlib.dates as mdates
import pandas as pd
import pytest
from matplotlib.colors import to_rgba
from matplotlib.patches import Polygon, Rectangle
from matplotlib.text import Annotation

from raqqa_lesson import places, positions, record, sources, style, timelines


def as_date(x) -> dt.date:
    """A date from a matplotlib coordinate (a float day number or a datetime64)."""
    return mdates.num2date(x).date() if isinstance(x, float) else pd.Timestamp(x).date()


def bars(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def texts(ax):
    return [t.get_text() for t in ax.texts]


def test_voices_chart_draws_one_bar_per_speaker_and_form(lesson):
    table = sources.voices(lesson)
    ax = sources.voices_chart(table)
    assert len(bars(ax)) == table.size
    assert [t.get_text() for t in ax.get_yticklabels()] == list(table.index[::-1])
    assert sum(bar.get_width() for bar in bars(ax)) == len(lesson.statements)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(sources.QUOTE_FORMS)
    assert {bar.get_hatch() for bar in bars(ax)} >= {"//", "..", "xx"}  # not colour alone


def test_voices_chart_highlight_greys_the_others(lesson):
    table = sources.voices(lesson)
    ax = sources.voices_chart(table, highlight="Talal Selo")
    grey = to_rgba(style.PALETTE["grey"])
    coloured_rows = {bar.get_y() for bar in bars(ax) if bar.get_width() and bar.get_facecolor() != grey}
    assert len(coloured_rows) == 1


def test_describe_voices_counts_from_the_table(lesson):
    table = sources.voices(lesson)
    text = sources.describe_voices(table)
    assert f"{len(table)} speakers" in text
    assert f"{len(lesson.statements)} statements" in text


def test_chain_chart_draws_every_link(lesson):
    table = sources.chains(lesson)
    ax = sources.chain_chart(table)
    links = sum(len(path.split(" → ")) for path in table["path to the reader"])
    arrows = [a for a in ax.texts if isinstance(a, Annotation)]
    assert len(arrows) == links - len(table)  # one arrow between each pair of boxes
    assert texts(ax).count("RT") == len(table)
    assert "unnamed reporters" in texts(ax)
    assert sources.describe_chains(table, "RT").startswith(f"{len(table)} rows")


def test_timeline_chart_draws_windows_and_outcomes(lesson):
    table = timelines.forecast_windows(lesson)
    timed = table.dropna(subset=["window_start"])
    ax = timelines.timeline_chart(table, as_of=dt.date(2017, 7, 1))
    windows = [bar for bar in bars(ax) if bar.get_height() == 0.5]
    assert len(windows) == len(timed)
    starts = sorted(as_date(bar.get_x()) for bar in windows)
    assert starts == sorted(d.date() for d in timed["window_start"])
    diamonds = [line for line in ax.lines if line.get_marker() == "D"]
    assert sorted(as_date(line.get_xdata()[0]) for line in diamonds) == sorted(
        d.date() for d in timed["outcome_date"].dropna())
    hollow = [line for line in diamonds if line.get_markerfacecolor() == "white"]
    assert len(hollow) == (timed["outcome_date"] > pd.Timestamp("2017-07-01")).sum()
    assert any("as of 01 Jul 2017" in t for t in texts(ax))


def test_describe_timeline_gives_each_forecasts_distance(lesson):
    table = timelines.forecast_windows(lesson)
    text = timelines.describe_timeline(table)
    for row in table.dropna(subset=["days_off"]).itertuples():
        assert f"{abs(row.days_off)} days after" in text


def test_place_map_draws_outlines_river_and_points(lesson):
    ax = places.place_map(lesson, highlight=("aleppo", "raqqa"))
    countries = lesson.basemap[lesson.basemap["kind"] == "country"]
    assert len([p for p in ax.patches if isinstance(p, Polygon)]) == sum(map(len, countries["parts"]))
    labels = {t.get_text() for t in ax.texts if isinstance(t, Annotation)}
    assert {"Raqqa", "Aleppo", "Tabqa dam", "Dayr Hafir", "Mosul"} <= labels
    assert "Raqqa province" not in labels  # areas are not drawn as points
    assert any("Off the map: " in t and "Geneva" in t for t in texts(ax))
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(dashed) == 1  # the highlighted pair joined


def test_stance_chart_marks_every_position(lesson):
    matrix = positions.stance_matrix(lesson)
    ax = positions.stance_chart(matrix)
    marks = [t for t in texts(ax) if t in {"✓", "✗", "~", "?"}]
    assert len(marks) == len(lesson.positions)
    assert marks.count("✓") == (lesson.positions["stance"] == "supports").sum()
    columns = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert columns == list(lesson.questions["label"])
    sides = set(matrix.index.get_level_values("bloc"))
    drawn = texts(ax)
    assert sides
    assert all(drawn.count(side) == 1 for side in sides)  # each side named once, above its actors
    assert [t.get_text() for t in ax.get_yticklabels()] == list(matrix.index.get_level_values("actor"))


def test_network_chart_draws_every_relation(lesson):
    ax = positions.network_chart(lesson, highlight="us")
    arrows = [a for a in ax.texts if isinstance(a, Annotation)]
    assert len(arrows) == len(lesson.relations)
    faded = [a for a in arrows if a.arrow_patch.get_alpha() == 0.2]
    involving_us = ((lesson.relations["source_id"] == "us") | (lesson.relations["target_id"] == "us"))
    assert len(faded) == (~involving_us).sum()


def test_claims_chart_sets_article_against_record(lesson):
    ax = record.claims_chart(lesson, start=dt.date(2017, 3, 10), end=dt.date(2017, 4, 5))
    rows = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert "Syrian army takes Dayr Hafir (as Sputnik's source says)" in rows  # titles, not ids
    diamonds = [line for line in ax.lines if line.get_marker() == "D"]
    days = {as_date(line.get_xdata()[0]) for line in diamonds}
    assert dt.date(2017, 3, 29) in days  # the record's date for Dayr Hafir
    assert "Xinhua" in texts(ax)


@pytest.mark.parametrize("draw", [
    lambda lesson: sources.voices_chart(sources.voices(lesson)),
    lambda lesson: timelines.timeline_chart(timelines.forecast_windows(lesson)),
    lambda lesson: places.place_map(lesson),
], ids=["voices", "timeline", "map"])
def test_charts_render_the_same_png_twice(lesson, draw):
    assert style.png(draw(lesson)) == style.png(draw(lesson))


def test_charts_draw_on_given_axes(lesson):
    ax = style.new_axes()
    assert sources.voices_chart(sources.voices(lesson), ax=ax) is ax


def test_describe_map_names_the_place_without_coordinates(lesson):
    text = places.describe_map(lesson)
    located = lesson.places["lat"].notna().sum()
    assert f"{located} of the article's {len(lesson.places)} places" in text
    assert "(Raqqa province, Aleppo province, northern Syria have none)" in text
    assert "A map of Syria and its neighbours" in text  # the country most places are in
    assert "Places far away are listed in a corner: Geneva, Washington, Moscow." in text


def test_describe_stances_counts_the_filled_cells(lesson):
    matrix = positions.stance_matrix(lesson)
    text = positions.describe_stances(matrix)
    assert f"{len(lesson.positions)} cells hold a stance" in text
    assert "Raqqa surrounded?" in text  # Le Drian supports, Konashenkov opposes


def test_describe_network_counts_relations(lesson):
    text = positions.describe_network(lesson)
    assert f"joined by {len(lesson.relations)} relations" in text
    fights = (lesson.relations["relation"] == "fights").sum()
    assert f"{fights} fights" in text


def test_describe_claims_lists_what_is_compared(lesson):
    text = record.describe_claims(lesson, dt.date(2017, 3, 10), dt.date(2017, 4, 5))
    assert "Syrian army takes Dayr Hafir (as Sputnik's source says)" in text
    assert "IS captures Raqqa" not in text  # outside the dates


def test_a_timeline_of_days_is_marked_in_days_and_counts_one_day_as_one_day():
    """A flood warning's window is days long: the calendar shows days, and 'late' agrees in number."""
    day = pd.Timestamp("2025-02-11")
    table = pd.DataFrame([{
        "forecast_id": "f_peak", "forecaster": "the flood manager", "phrase": "by Thursday evening",
        "target": "the river peaks at Bewdley", "said_from": day, "said_to": day,
        "window_start": day, "window_end": day + pd.Timedelta(days=2),
        "outcome": "the river peaks at Bewdley", "outcome_date": day + pd.Timedelta(days=3),
        "verdict": "later than the window", "days_off": 1}])
    ax = timelines.timeline_chart(table)
    ticks = [label.get_text() for label in ax.get_xticklabels()]
    assert any(text.startswith(("11 Feb", "12 Feb", "13 Feb")) for text in ticks), ticks
    assert "1 day late" in [text.get_text() for text in ax.texts]
    assert "1 day after it" in timelines.describe_timeline(table)


def test_the_network_title_names_only_the_kinds_of_relation_drawn():
    assert positions.network_title({"allied_with", "disputes"}) == \
        "Who stands with and against whom, in the article"
    assert positions.network_title({"disputes"}) == "Who is at odds with whom, in the article"
    assert positions.network_title({"member_of"}) == "Who stands with whom, in the article"
