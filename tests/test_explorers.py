"""Every explorer, driven headless: set its controls as a learner would and check that the chart
and the text it shows changed to what the library says they should."""

from __future__ import annotations

import datetime as dt
import gc
import io

import ipywidgets as widgets
import matplotlib
import matplotlib.dates as mdates
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.colors import to_rgba
from PIL import Image

from raqqa_lesson import explore, places, positions, sources, style, timelines


def test_speaker_explorer_lists_the_speakers_statements(lesson):
    explorer = sources.speaker_explorer(lesson)
    before = explorer.png
    explorer.controls["speaker"].value = "Talal Selo"
    assert explorer.png != before
    grey = to_rgba(style.PALETTE["grey"])
    coloured = {bar.get_y() for bar in explorer.axes.patches
                if bar.get_width() and bar.get_facecolor() != grey}
    rows = [label.get_text() for label in explorer.axes.get_yticklabels()]
    assert len(coloured) == 1
    assert rows[round(next(iter(coloured)) + 0.4)] == "Talal Selo"
    assert "Talal Selo</strong>: 1 statement" in explorer.panel.value
    assert "no more than two weeks" in explorer.panel.value
    assert "Talal Selo → Al-Watan → RT" in explorer.panel.value


def test_distance_explorer_measures_the_picked_places(lesson):
    explorer = places.distance_explorer(lesson)
    assert explorer.controls["origin"].value == "aleppo"
    assert explorer.controls["destination"].value != "raqqa"  # the learner picks the article's pair
    explorer.controls["destination"].value = "raqqa"
    # 168 km and east: worked out independently in test_analyses (law of cosines on GeoNames points)
    assert "168 km" in explorer.panel.value
    assert "heading east" in explorer.panel.value
    explorer.controls["origin"].value = "raqqa"
    assert "Pick two different places" in explorer.panel.value


def test_timeline_explorer_sliders_change_the_verdicts(lesson):
    explorer = timelines.timeline_explorer(lesson)
    before = explorer.png
    assert "later than the window" in explorer.panel.value
    explorer.controls["f_jihan_several_months"].value = (90, 230)
    assert explorer.png != before
    windows = timelines.forecast_windows(lesson, {"f_jihan_several_months": (90, 230)})
    end = windows.set_index("forecast_id").loc["f_jihan_several_months", "window_end"]
    drawn_ends = {mdates.num2date(bar.get_x() + bar.get_width()).date()
                  for bar in explorer.axes.patches if bar.get_height() == 0.5}
    assert end.date() in drawn_ends
    assert "within the window" in explorer.panel.value


def test_timeline_explorer_as_of_hides_the_future(lesson):
    explorer = timelines.timeline_explorer(lesson)
    explorer.controls["as_of"].value = dt.date(2017, 3, 25)
    assert "not yet known" in explorer.alt
    assert "SDF begins the battle" not in explorer.panel.value.split("Known from later sources")[1]


def test_actor_explorer_profiles_the_picked_actor(lesson):
    explorer = positions.actor_explorer(lesson)
    assert "none in the article" in explorer.panel.value  # the US never speaks
    explorer.controls["actor"].value = "turkey_government"
    assert "rejected taking part in any operation that would involve the Kurds" in explorer.panel.value
    assert "conditional" in explorer.panel.value
    assert "Turkish government are picked out" in explorer.alt


def test_explorer_shows_a_readable_fallback_without_a_kernel(lesson):
    data, metadata = sources.speaker_explorer(lesson)._repr_mimebundle_()
    assert data["text/plain"] == explore.FALLBACK
    assert data["image/png"]
    assert metadata["image/png"]["alt"].startswith("A bar for each")


def test_a_failing_redraw_is_shown_not_lost(lesson):
    explorer = sources.speaker_explorer(lesson)
    chart = explorer.png
    explorer.render = lambda ax, **_: 1 / 0
    explorer.controls["speaker"].value = "Talal Selo"
    assert "Could not redraw" in explorer.panel.value
    assert "ZeroDivisionError: division by zero" in explorer.panel.value
    assert explorer.png == chart


@pytest.mark.parametrize(("make", "control", "value"), [
    (sources.speaker_explorer, "speaker", "Talal Selo"),
    (places.distance_explorer, "origin", "damascus"),
    (positions.actor_explorer, "actor", "turkey_government"),
    (timelines.timeline_explorer, "f_jihan_several_months", (90, 300)),
    (timelines.timeline_explorer, "as_of", dt.date(2017, 3, 25)),
], ids=["speaker", "distance", "actor", "timeline-slider", "timeline-as-of"])
def test_a_fast_redraw_has_the_pixels_of_a_full_drawing(lesson, make, control, value):
    """Explorers draw only what changed over a copy of the rest; the result must be exactly what
    drawing the whole figure gives."""
    explorer = make(lesson)
    explorer.controls[control].value = value
    ax, _, _ = explorer.render(None, **explorer.values())
    full = style.png(ax, compress_level=1)
    assert pixels(explorer.png) == pixels(full)


@pytest.mark.parametrize("make", [sources.speaker_explorer, places.distance_explorer,
                                  positions.actor_explorer, timelines.timeline_explorer],
                         ids=["speaker", "distance", "actor", "timeline"])
def test_the_first_view_has_the_pixels_of_a_full_drawing(lesson, make):
    """The first view is drawn in two layers (what stays, then what changes); together they must
    be exactly the whole figure."""
    explorer = make(lesson)
    ax, _, _ = explorer.render(None, **explorer.values())
    assert pixels(explorer.png) == pixels(style.png(ax, compress_level=1))


def test_an_explorer_keeps_no_pixel_buffer_between_views(lesson):
    """A renderer holds the figure's raw pixels (2–3 MB); an open notebook keeps its explorers
    and may keep a chart's figure until the cycle collector runs, so none may keep one."""
    gc.collect()
    before = len(renderers())
    chart = sources.voices_chart(sources.voices(lesson))
    assert style.png(chart)
    explorers = [make(lesson) for make in (sources.speaker_explorer, places.distance_explorer,
                                           positions.actor_explorer, timelines.timeline_explorer)]
    explorers[0].controls["speaker"].value = "Talal Selo"
    explorers[1].controls["origin"].value = "damascus"
    explorers[2].controls["actor"].value = "turkey_government"
    explorers[3].controls["as_of"].value = dt.date(2017, 3, 25)
    gc.collect()
    assert len(renderers()) == before
    assert all(explorer.png for explorer in explorers)


def test_every_view_of_the_speaker_explorer_is_a_full_drawing(lesson):
    explorer = sources.speaker_explorer(lesson)
    for speaker in explorer.controls["speaker"].options:
        explorer.controls["speaker"].value = speaker
        ax, _, _ = explorer.render(None, **explorer.values())
        assert pixels(explorer.png) == pixels(style.png(ax, compress_level=1)), speaker


def test_views_are_full_drawings_whatever_the_users_dpi_and_colours(lesson):
    """An explorer draws on a canvas at its figure's dpi; the library's charts are 100 dpi on
    white whatever the user's matplotlibrc says, so its views match them."""
    with matplotlib.rc_context({"figure.dpi": 72, "savefig.facecolor": "yellow",
                                "figure.facecolor": "yellow"}):
        explorer = sources.speaker_explorer(lesson)
        first = explorer.png
        explorer.controls["speaker"].value = "Talal Selo"
        ax, _, _ = explorer.render(None, **explorer.values())
        full = style.png(ax, compress_level=1)
    assert Image.open(io.BytesIO(first)).size == (900, 720)
    assert pixels(explorer.png) == pixels(full)
    assert Image.open(io.BytesIO(full)).getpixel((2, 2)) == (255, 255, 255, 255)


def test_views_with_a_hidden_marked_artist_and_limits_not_yet_worked_out_are_full_drawings():
    """A chart whose marked artists include a hidden one, drawn before its axes' limits are
    worked out: each view must still be exactly the full drawing."""

    def render(ax, height):
        ax = style.axes_or_new(ax, 4, 3)
        ax.bar([0, 1, 2], [10, 3, 1], color="grey")  # the tallest bar fixes the limits
        ax.bar([2], [height], color="red", gid=style.DYNAMIC)
        line, = ax.plot([0, 2], [0, height], gid=style.DYNAMIC)
        line.set_visible(False)
        for bar in ax.containers[1]:
            bar.set_gid(style.DYNAMIC)
        return ax, f"a red bar {height} high", ""

    explorer = explore.Explorer({"height": widgets.IntSlider(value=4, min=1, max=9)}, render,
                                blit=True)
    for height in (4, 7):
        explorer.controls["height"].value = height
        ax, _, _ = render(None, height)
        assert pixels(explorer.png) == pixels(style.png(ax, compress_level=1)), height


def renderers() -> list[RendererAgg]:
    return [thing for thing in gc.get_objects() if isinstance(thing, RendererAgg)]


def pixels(png: bytes) -> bytes:
    return Image.open(io.BytesIO(png)).convert("RGBA").tobytes()
