"""What happened next: the article's claims beside what later sources recorded, with citations."""

from __future__ import annotations

import datetime as dt

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from raqqa_lesson.datapackage import Lesson
from raqqa_lesson.style import PALETTE, axes_or_new, styled


def sources_of_record(lesson: Lesson) -> pd.DataFrame:
    """Every record event with the source that establishes it (publisher, title, address, date)."""
    citations = lesson.citations.set_index("citation_id")
    record = lesson.events[lesson.events["source_kind"] == "record"]
    cited = citations.loc[record["citation"]]
    return pd.DataFrame({
        "date": [_interval(a, b) for a, b in zip(record["earliest"], record["latest"])],
        "what happened": record["title"].to_numpy(),
        "source": cited["publisher"].to_numpy(),
        "title": cited["title"].to_numpy(),
        "address": cited["url"].to_numpy(),
        "note": record["note"].to_numpy(),
    })


def claims_vs_record(lesson: Lesson) -> pd.DataFrame:
    """For everything both the article and the record date: what each says, side by side."""
    events = lesson.events
    rows = []
    for about, group in events.groupby("about", sort=False):
        article = group[group["source_kind"] == "article"]
        record = group[group["source_kind"] == "record"]
        if article.empty or record.empty:
            continue
        claim = article.iloc[0]
        rows.append({
            "about": about.replace("_", " "),
            "the article says": f"{claim['title']}: “{claim['date_text']}” "
                                f"({_interval(claim['earliest'], claim['latest'])})",
            "the record says": "; ".join(f"{r.title} ({_interval(r.earliest, r.latest)})"
                                         for r in record.itertuples()),
            "how they compare": " ".join(record["note"].dropna()),
        })
    return pd.DataFrame(rows).set_index("about")


def _interval(earliest: pd.Timestamp, latest: pd.Timestamp) -> str:
    if earliest == latest:
        return f"{earliest:%d %b %Y}"
    if (earliest.year, earliest.month) == (latest.year, latest.month) and earliest.day == 1 \
            and (latest + pd.Timedelta(days=1)).day == 1:
        return f"{earliest:%B %Y}"
    if earliest.month == 1 and earliest.day == 1 and latest.month == 12 and latest.day == 31:
        return f"{earliest.year}" if earliest.year == latest.year else f"{earliest.year}–{latest.year}"
    return f"{earliest:%d %b %Y} – {latest:%d %b %Y}"


@styled
def claims_chart(lesson: Lesson, *, start: dt.date, end: dt.date, ax: Axes | None = None) -> Axes:
    """One row per thing both the article and the record date, between ``start`` and ``end``:
    the article's date as a hatched bar (its interval), the record's as black diamonds."""
    events = lesson.events
    low, high = pd.Timestamp(start), pd.Timestamp(end)
    shared = [about for about, group in events.groupby("about", sort=False)
              if set(group["source_kind"]) == {"article", "record"}
              and group["latest"].max() >= low and group["earliest"].min() <= high]
    ax = axes_or_new(ax, 10, 0.8 * len(shared) + 2)
    publishers = lesson.citations.set_index("citation_id")["publisher"].str.split(" (", regex=False).str[0]
    noon = pd.Timedelta(hours=12)  # a day-precise date sits in the middle of its day
    for y, about in zip(range(len(shared), 0, -1), shared):
        group = events[events["about"] == about]
        for row in group.itertuples():
            if row.source_kind == "article":
                width = max((row.latest - row.earliest).days + 1, 1)
                ax.barh(y, width, left=row.earliest, height=0.45, color=PALETTE["orange"],
                        hatch="//", edgecolor="black", linewidth=0.6)
            else:
                ax.plot(row.earliest + noon, y, "D", color=PALETTE["black"], markersize=8)
                if row.latest != row.earliest:
                    ax.plot([row.earliest + noon, row.latest + noon], [y, y], color=PALETTE["black"])
                ax.annotate(publishers[row.citation], (row.earliest + noon, y), xytext=(0, 15),
                            textcoords="offset points", ha="center", fontsize=9,
                            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.set_yticks(range(len(shared), 0, -1), [a.replace("_", " ") for a in shared])
    ax.set_xlim(low, high)
    ax.set_ylim(0.3, len(shared) + 0.7)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(True, axis="x", color="#dddddd")
    ax.set_title("The article's dates (hatched bars) and the record's (diamonds)")
    ax.legend(handles=[Line2D([], [], color=PALETTE["orange"], linewidth=8,
                              label="the article (its interval)"),
                       Line2D([], [], marker="D", linestyle="", color=PALETTE["black"],
                              label="a later source")],
              loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return ax


def describe_claims(lesson: Lesson, start: dt.date, end: dt.date) -> str:
    """One paragraph saying what the claims chart shows for the same dates."""
    table = claims_vs_record(lesson)
    events = lesson.events
    low, high = pd.Timestamp(start), pd.Timestamp(end)
    shown = [a for a in table.index
             if events.loc[events["about"] == a.replace(" ", "_"), "latest"].max() >= low
             and events.loc[events["about"] == a.replace(" ", "_"), "earliest"].min() <= high]
    return (
        f"From {start:%d %B %Y} to {end:%d %B %Y}, {len(shown)} things both the article and "
        f"later sources date: {', '.join(shown)}. Where a diamond falls outside its hatched bar, "
        f"the record dates the event differently from the article."
    )
