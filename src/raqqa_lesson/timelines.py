"""Competing timelines: each forecast as a window of dates, set against what happened.

A forecast's window opens ``horizon_min_days`` after it was made and closes ``horizon_max_days``
after; both are readings of a vague phrase ("in the coming days"), which learners can change.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import ipywidgets as widgets
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.transforms import ScaledTranslation

from raqqa_lesson.datapackage import Lesson
from raqqa_lesson.dates import month_step, window_text
from raqqa_lesson.explore import Explorer
from raqqa_lesson.markup import element, join
from raqqa_lesson.show import small_table
from raqqa_lesson.sources import readable
from raqqa_lesson.style import DYNAMIC, HATCHES, PALETTE, axes_or_new, styled

Readings = dict[str, tuple[int, int]]
VERDICTS = ("within the window", "earlier than the window", "later than the window",
            "no time given", "not settled by the record")
VERDICT_STYLE = {  # colour and hatching, so colour is never the only cue
    "within the window": (PALETTE["green"], HATCHES[0]),
    "earlier than the window": (PALETTE["sky"], HATCHES[2]),
    "later than the window": (PALETTE["vermillion"], HATCHES[1]),
}


def default_readings(lesson: Lesson) -> Readings:
    """The data's stated reading of each timed forecast: forecast_id -> (min days, max days)."""
    timed = lesson.forecasts.dropna(subset=["horizon_min_days", "horizon_max_days"])
    return {row.forecast_id: (int(row.horizon_min_days), int(row.horizon_max_days))
            for row in timed.itertuples()}


WINDOW_COLUMNS = ["forecast_id", "forecaster", "phrase", "target", "said_from", "said_to",
                  "window_start", "window_end", "outcome", "outcome_date", "verdict", "days_off"]


def forecast_windows(lesson: Lesson, readings: Readings | None = None,
                     outcomes: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per forecast: when it was made, its window under ``readings``, what happened, and
    how early or late that was (``days_off``: days outside the window, negative when early).

    ``outcomes`` (forecast_id -> event_id) counts another record event as what settles a
    forecast, instead of the one the data names: a verdict depends on that choice too.
    """
    readings = {**default_readings(lesson), **(readings or {})}
    outcomes = outcomes or {}
    statements = lesson.statements.set_index("statement_id")
    events = lesson.events.set_index("event_id")
    names = lesson.actors.set_index("actor_id")["name"]
    rows = []
    for forecast in lesson.forecasts.itertuples():
        said = statements.loc[forecast.statement_id]
        said_from = said["said_earliest"] if pd.notna(said["said_earliest"]) else said["said_latest"]
        row = {
            "forecast_id": forecast.forecast_id,
            "forecaster": names[forecast.forecaster_id],
            "phrase": forecast.phrase,
            "target": forecast.target,
            "said_from": said_from,
            "said_to": said["said_latest"],
            "window_start": pd.NaT,
            "window_end": pd.NaT,
            "outcome": None,
            "outcome_date": pd.NaT,
            "verdict": "no time given",
            "days_off": pd.NA,
        }
        if forecast.forecast_id in readings:
            low, high = readings[forecast.forecast_id]
            row["window_start"] = said_from + pd.Timedelta(days=low)
            row["window_end"] = said["said_latest"] + pd.Timedelta(days=high)
        outcome_id = outcomes.get(forecast.forecast_id, forecast.outcome_event_id)
        if pd.isna(outcome_id):
            row["verdict"] = "not settled by the record"
        else:
            outcome = events.loc[outcome_id]
            row["outcome"] = outcome["title"]
            row["outcome_date"] = outcome["earliest"]
            if forecast.forecast_id in readings:
                row["verdict"], row["days_off"] = _verdict(row, outcome["earliest"],
                                                           outcome["latest"])
        rows.append(row)
    table = pd.DataFrame(rows, columns=WINDOW_COLUMNS)  # the columns, even with no forecast
    table["verdict"] = pd.Categorical(table["verdict"], VERDICTS)
    table["days_off"] = table["days_off"].astype("Int64")
    return table


def outcome_choices(lesson: Lesson, forecast_id: str) -> list[tuple[str, str]]:
    """The record events that could count as settling a forecast: every one dated after it was
    made, earliest first, as (label, event_id)."""
    forecast = lesson.forecasts.set_index("forecast_id").loc[forecast_id]
    said = lesson.statements.set_index("statement_id").loc[forecast["statement_id"]]
    made = said["said_earliest"] if pd.notna(said["said_earliest"]) else said["said_latest"]
    events = lesson.events
    later = events[(events["source_kind"] == "record") & (events["latest"] >= made)]
    later = later.sort_values(["earliest", "event_id"])
    return [(f"{row.earliest:%d %b %Y}: {row.title}", row.event_id) for row in later.itertuples()]


def forecast_table(lesson: Lesson, readings: Readings | None = None) -> pd.DataFrame:
    """The forecasts as a learner reads them: who, the phrase, about what, when it was said, its
    window under the readings, and the verdict."""
    windows = forecast_windows(lesson, readings)
    table = pd.DataFrame({"forecaster": windows["forecaster"], "phrase": windows["phrase"],
                          "about": windows["target"], "said no later than": windows["said_to"]})
    if windows["window_start"].notna().any():
        return table.assign(**{"window opens": windows["window_start"],
                               "window closes": windows["window_end"],
                               "verdict": windows["verdict"].astype(str)})
    # no forecast gives a time, so none can be early or late: show what became of each instead
    return table.assign(**{"what happened": [happened(title, date) for title, date in
                                             zip(windows["outcome"], windows["outcome_date"])]})


def happened(outcome: str | None, date: pd.Timestamp) -> str:
    """What settled a forecast and the day it came, or 'not in the record' when nothing has."""
    return f"{outcome} ({date:%d %b %Y})" if pd.notna(date) else "not in the record"


def _verdict(row: dict, earliest: pd.Timestamp, latest: pd.Timestamp) -> tuple[str, int]:
    if earliest > row["window_end"]:
        return "later than the window", (earliest - row["window_end"]).days
    if latest < row["window_start"]:
        return "earlier than the window", -(row["window_start"] - latest).days
    return "within the window", 0


def lateness(table: pd.DataFrame) -> pd.DataFrame:
    """The timed, settled forecasts: who, the phrase, the window, what happened, how far off."""
    settled = table.dropna(subset=["window_end", "outcome_date"])
    return pd.DataFrame({
        "forecaster": settled["forecaster"],
        "phrase": settled["phrase"],
        "window": [f"{a:%d %b %Y} – {b:%d %b %Y}" for a, b in
                   zip(settled["window_start"], settled["window_end"])],
        "what happened": [happened(title, date) for title, date in
                          zip(settled["outcome"], settled["outcome_date"])],
        "verdict": settled["verdict"].astype(str),
        "days outside the window": settled["days_off"],
    }).set_index("forecaster")


@styled
def timeline_chart(table: pd.DataFrame, *, as_of: dt.date | None = None,
                   span: tuple[dt.date, dt.date] | None = None, ax: Axes | None = None) -> Axes:
    """The timed forecasts as windows on one time axis, each with the date that settled it.

    Outcomes after ``as_of`` are drawn hollow: on that day nobody knew them yet. ``span`` fixes
    the calendar shown (otherwise it fits the data), so an explorer's axes stay put.
    """
    timed = table.dropna(subset=["window_start"]).reset_index(drop=True)
    ax = axes_or_new(ax, 10, 0.9 * len(timed) + 2)
    cutoff = pd.Timestamp(as_of) if as_of is not None else None
    for y, row in zip(range(len(timed), 0, -1), timed.itertuples()):
        colour, hatch = VERDICT_STYLE.get(row.verdict, (PALETTE["grey"], ""))
        known = pd.notna(row.outcome_date) and (cutoff is None or row.outcome_date <= cutoff)
        width = max((row.window_end - row.window_start).days, 1)
        drawn = [*ax.barh(y, width, left=row.window_start, height=0.5,
                          color=colour if known else PALETTE["grey"], hatch=hatch,
                          edgecolor="black", linewidth=0.6),
                 *ax.plot(row.said_to, y, marker="|", markersize=18, color=PALETTE["black"])]
        if pd.notna(row.outcome_date):
            drawn += ax.plot(row.outcome_date, y, marker="D", markersize=9,
                             color=PALETTE["black"],
                             markerfacecolor=PALETTE["black"] if known else "white")
            timing = (f"{days(row.days_off)} late" if row.days_off > 0 else
                      f"{days(-row.days_off)} early" if row.days_off < 0 else "in the window") \
                if known and pd.notna(row.days_off) else ""
            labels = (ax.annotate(timing, (row.outcome_date, y), xytext=(9, 0), va="center",
                                  textcoords="offset points", fontsize=10),
                      ax.annotate(textwrap.fill(row.outcome, 26), (row.outcome_date, y),
                                  xytext=(0, -10), textcoords="offset points", ha="center",
                                  va="top", fontsize=8.5, color="#333333"))
            for label in labels:  # what each diamond is, and how far off
                label.set_in_layout(False)  # the layout must not move when a label changes
            drawn += labels
        for artist in drawn:  # what the sliders change; the rest is drawn once in an explorer
            artist.set_gid(DYNAMIC)
    ax.set_yticks(range(len(timed), 0, -1),
                  [f"{r.forecaster}\n“{r.phrase}”" for r in timed.itertuples()])
    if cutoff is not None:
        ax.axvline(cutoff, color=PALETTE["purple"], linestyle="--", linewidth=2).set_gid(DYNAMIC)
        ax.annotate(f"as of {cutoff:%d %b %Y}", (cutoff, len(timed) + 0.55), xytext=(4, 0),
                    textcoords="offset points", color=PALETTE["purple"],
                    fontsize=10).set_gid(DYNAMIC)
    if span is not None:
        ax.set_xlim(*(pd.Timestamp(day) for day in span))
    else:  # room on the right for the labels of the last diamond
        low, high = ax.get_xlim()
        ax.set_xlim(low - 0.04 * (high - low), high + 0.18 * (high - low))
    low, high = (mdates.num2date(limit) for limit in ax.get_xlim())
    if (high - low).days >= SHORT_CALENDAR_DAYS:  # a long calendar in quarters or years
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, month_step(low, high))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
    else:  # windows of days: a month tick would leave them unreadable
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%Y"))
    ax.set_ylim(0.3, len(timed) + 0.9)
    ax.set_title("Forecast windows (bars) and the event counted as what happened (diamonds)")
    handles = [Patch(facecolor=colour, hatch=hatch, edgecolor="black", label=verdict)
               for verdict, (colour, hatch) in VERDICT_STYLE.items()]
    handles.append(Patch(facecolor=PALETTE["grey"], edgecolor="black", label="not yet known"))
    # half an inch under the axes whatever the chart's height, clear of two-line date labels
    below = ax.transAxes + ScaledTranslation(0, -0.5, ax.figure.dpi_scale_trans)
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=below,
              ncols=2, frameon=False)
    return ax


def describe_timeline(table: pd.DataFrame, as_of: dt.date | None = None) -> str:
    """One paragraph saying what the timeline chart shows."""
    timed = table.dropna(subset=["window_start"])
    parts = []
    for row in timed.itertuples():
        window = window_text(row.window_start, row.window_end)
        if pd.isna(row.outcome_date):
            parts.append(f"{possessive(row.forecaster)} “{row.phrase}” sets a window from {window}, "
                         "and the record settles nothing.")
        elif as_of is not None and row.outcome_date > pd.Timestamp(as_of):
            parts.append(f"{possessive(row.forecaster)} “{row.phrase}” sets a window from {window}; "
                         f"on {as_of:%d %B %Y} the outcome was not yet known.")
        else:
            parts.append(f"{possessive(row.forecaster)} “{row.phrase}” sets a window from {window}; "
                         f"what happened ({row.outcome}) came on {row.outcome_date:%d %B %Y}, "
                         f"{_distance(row.days_off)}.")
    start = timed["said_from"].min()
    return (f"One bar for each of the {len(timed)} timed forecasts, on a calendar from "
            f"{start:%B %Y}. A tick marks when each was made, a diamond the event counted as what "
            f"happened. " + " ".join(parts))


def possessive(name: str) -> str:
    """A name with its possessive: "Selo's", "Girard's", "the ministries'"."""
    return f"{name}'" if name.endswith("s") and name.split()[-1].islower() else f"{name}'s"


def _distance(days_off: int) -> str:
    if days_off == 0:
        return "inside the window"
    return f"{days(abs(days_off))} {'after' if days_off > 0 else 'before'} it"


def days(count: int) -> str:
    """'1 day', '3 days'."""
    return f"{count} day" if count == 1 else f"{count} days"


def article_day(lesson: Lesson) -> dt.date:
    """The last day the article may have been published: what was claimed and known by then is
    what its readers could have known."""
    return lesson.article.published_latest


def known_by(lesson: Lesson, as_of: dt.date) -> pd.DataFrame:
    """What the record had established by ``as_of`` (events whose latest date is on or before),
    oldest first."""
    events = lesson.events
    record = events[(events["source_kind"] == "record")
                    & (events["latest"] <= pd.Timestamp(as_of))].sort_values(
        ["earliest", "latest"], kind="stable")
    return pd.DataFrame({"date": record["earliest"], "what happened": record["title"],
                         "note": readable(lesson, record["note"])})


def claimed_by(lesson: Lesson, as_of: dt.date) -> pd.DataFrame:
    """The forecasts already made by ``as_of``, in the article's words."""
    names = lesson.actors.set_index("actor_id")["name"]
    statements = lesson.statements.set_index("statement_id")
    forecasts = lesson.forecasts.assign(said=lambda f: statements.loc[f["statement_id"],
                                                                      "said_latest"].to_numpy())
    made = forecasts[forecasts["said"] <= pd.Timestamp(as_of)]
    return pd.DataFrame({"said no later than": made["said"], "who": made["forecaster_id"].map(names),
                         "forecast": made["phrase"], "about": made["target"]})


def key_dates(lesson: Lesson) -> list[dt.date]:
    """Dates worth stopping at on an "as of" slider: every statement and record event date."""
    dates = set(lesson.statements["said_latest"]) | set(
        lesson.events.loc[lesson.events["source_kind"] == "record", "latest"])
    start = lesson.statements["said_latest"].min()
    return sorted(d.date() for d in dates if d >= start)


SHORT_CALENDAR_DAYS = 90
"""A timeline calendar shorter than this is marked in days, a longer one in months."""

OUTCOME = " outcome"
"""Ends the name of an explorer control that picks a forecast's outcome event."""


def timeline_explorer(lesson: Lesson) -> Explorer:
    """Sliders for what each vague phrase means to you, a menu for which event counts as what
    happened, and an "as of" date: the windows, the verdicts and what was known on that day
    update together."""
    table = forecast_windows(lesson)
    timed = table.dropna(subset=["window_start"])
    controls: dict[str, widgets.ValueWidget] = {}
    furthest = [table["outcome_date"].max()]
    events = lesson.events.set_index("event_id")
    outcomes = lesson.forecasts.set_index("forecast_id")["outcome_event_id"]
    for row in timed.itertuples():
        low, high = default_readings(lesson)[row.forecast_id]
        choices = outcome_choices(lesson, row.forecast_id)
        default = outcomes[row.forecast_id]
        outcome = events.loc[default, "latest"] if pd.notna(default) else row.said_to
        # long enough to stretch the window over the outcome, fine enough to set a few days; a
        # window of years stretches by one more year, not by its own length again
        reach = max(60, min(2 * high, high + 365), (outcome - row.said_to).days + 7)
        controls[row.forecast_id] = widgets.IntRangeSlider(
            value=(low, high), min=0, max=reach, step=1, continuous_update=False,
            description=f"“{row.phrase}”", style={"description_width": "14em"},
            layout=widgets.Layout(width="40em"))
        furthest.append(row.said_to + pd.Timedelta(days=reach))
        if choices and pd.notna(default):
            controls[row.forecast_id + OUTCOME] = widgets.Dropdown(
                options=choices, value=default, description="counts as what happened",
                style={"description_width": "14em"}, layout=widgets.Layout(width="40em"))
    dates = key_dates(lesson)
    furthest.append(pd.Timestamp(dates[-1]))
    span = (table["said_from"].min() - pd.Timedelta(days=7), max(furthest) + pd.Timedelta(days=14))
    controls["as_of"] = widgets.SelectionSlider(
        options=[(f"{d:%d %b %Y}", d) for d in dates], value=dates[-1], continuous_update=False,
        description="As of", style={"description_width": "14em"}, layout=widgets.Layout(width="40em"))

    def render(ax, as_of: dt.date, **values):
        readings = {k: v for k, v in values.items() if not k.endswith(OUTCOME)}
        outcomes = {k.removesuffix(OUTCOME): v for k, v in values.items() if k.endswith(OUTCOME)}
        windows = forecast_windows(lesson, readings, outcomes)
        verdicts = lateness(windows).reset_index()
        verdicts["days after the window closed"] = verdicts.pop("days outside the window")
        known = known_by(lesson, as_of)
        panel = join([
            element("p", element("strong", "Verdicts with your readings and outcomes"),
                    " (days counted from when each forecast was made)"),
            small_table(verdicts),
            element("p", element("strong", f"Known from later sources by {as_of:%d %B %Y}:"),
                    " " + ("; ".join(known["what happened"].iloc[-4:]) or "nothing yet"))])
        return (timeline_chart(windows, as_of=as_of, span=span, ax=ax),
                describe_timeline(windows, as_of), panel)

    return Explorer(controls, render, blit=True)
