"""What happened next: the article's claims beside what later sources recorded, with citations."""

from __future__ import annotations

import datetime as dt
import textwrap

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from raqqa_lesson.datapackage import Lesson
from raqqa_lesson.dates import interval_text
from raqqa_lesson.sources import outlet_lines, readable, said_once
from raqqa_lesson.style import PALETTE, axes_or_new, styled


def sources_of_record(lesson: Lesson) -> pd.DataFrame:
    """Every record event with the source that establishes it: publisher, who owns and funds it,
    where the fact comes from (flagged when it rests on one party's word), title and address."""
    record = lesson.events[lesson.events["source_kind"] == "record"].sort_values(
        ["earliest", "latest"], kind="stable")
    cited = source_details(lesson).loc[record["citation"]]
    return pd.DataFrame({
        "date": [interval_text(a, b) for a, b in zip(record["earliest"], record["latest"])],
        "what happened": record["title"].to_numpy(),
        "source": cited["source"].to_numpy(),
        "owned and funded": said_once(cited["source"], cited["owned and funded"]),
        "rests on": cited["rests on"].to_numpy(),
        "title": cited["title"].to_numpy(),
        "address": cited["address"].to_numpy(),
        "note": readable(lesson, record["note"]).to_numpy(),
    })


ONE_PARTY = "one party's word: "
"""How the lesson flags a source whose fact rests on a single party to the events."""


def source_details(lesson: Lesson) -> pd.DataFrame:
    """Every citation, by citation_id, as a reader weighs it: the publisher, who owns and funds
    it, what the fact rests on, the title and the address (with the copy read, if not the
    original)."""
    citations = lesson.citations.set_index("citation_id")
    owned = citations["outlet_id"].map(outlet_lines(lesson))
    rests_on = [(ONE_PARTY if kind == "one_party" else "") + (origin if pd.notna(origin) else "")
                for origin, kind in zip(citations["origin"], citations["origin_kind"])]
    address = [url if pd.isna(copy) else
               f"original not found; read via {copy}" if pd.isna(url) else f"{url} (read via {copy})"
               for url, copy in zip(citations["url"], citations["read_via"])]
    return pd.DataFrame({"source": citations["publisher"], "owned and funded": owned,
                         "rests on": rests_on, "title": citations["title"],
                         "address": address}, index=citations.index)


def parties(lesson: Lesson) -> pd.Series:
    """Each actor's party: the top of its chain of parents (a spokesman's ministry's state), by
    actor_id, as a name. Actors with no parent are their own party."""
    actors = lesson.actors.set_index("actor_id")
    names = actors["name"]
    parents = actors["parent_id"]

    def top(actor: str) -> str:
        seen = {actor}
        while pd.notna(parents[actor]) and parents[actor] not in seen:
            actor = parents[actor]
            seen.add(actor)
        return names[actor]

    return pd.Series({actor: top(actor) for actor in actors.index}, name="party")


QUESTIONS = {"wording": "said as the article gives it?", "substance": "borne out by the record?"}
"""The two questions every statement is checked on, whoever made it, in the learner's words."""


def claim_checks(lesson: Lesson, *, checkable: bool | None = None) -> pd.DataFrame:
    """Every check of the article's claims, whoever made them: the party and speaker, the
    article's words, which question is asked (were the words said as given; does the record bear
    the claim out), what the record shows, the event and its source, and what that rests on.

    ``checkable`` True keeps the checks against a record event, False those that cannot be
    checked (with why), None all of them. Sorted by party, line and question.
    """
    checks = lesson.checks
    if checkable is not None:
        checks = checks[checks["event_id"].notna() == checkable]
    statements = lesson.statements.set_index("statement_id").loc[checks["statement_id"]]
    names = lesson.actors.set_index("actor_id")["name"]
    events = lesson.events.set_index("event_id")
    linked = checks["event_id"].notna().to_numpy()
    event_rows = events.reindex(checks["event_id"])
    sources = source_details(lesson).reindex(event_rows["citation"])
    table = pd.DataFrame({
        "party": statements["speaker_id"].map(parties(lesson)).to_numpy(),
        "speaker": statements["speaker_id"].map(names).to_numpy(),
        "line": statements["paragraph"].to_numpy(),
        "the article's words": statements["article_text"].to_numpy(),
        "question": checks["aspect"].astype(str).map(QUESTIONS).to_numpy(),
        "finding": checks["finding"].astype("string").str.replace("_", " ").to_numpy(),
        "what the record shows": [
            f"{title} ({interval_text(a, b)})" if has else ""
            for has, title, a, b in zip(linked, event_rows["title"], event_rows["earliest"],
                                        event_rows["latest"])],
        "source": sources["source"].to_numpy(),
        "owned and funded": sources["owned and funded"].to_numpy(),
        "rests on": sources["rests on"].to_numpy(),
        "note": readable(lesson, checks["note"]).to_numpy(),
    }).sort_values(["party", "line", "question"], kind="stable", ignore_index=True)
    table["owned and funded"] = said_once(table["source"], table["owned and funded"])
    table["the article's words"] = said_once(table["the article's words"],
                                             table["the article's words"], again="(as above)")
    return table


def unchecked_claims(lesson: Lesson) -> pd.DataFrame:
    """The statements whose substance cannot be checked, with who made them and why not."""
    return claim_checks(lesson, checkable=False)[["party", "speaker", "line", "the article's words",
                                                  "note"]]


def checks_by_party(lesson: Lesson, aspect: str = "substance") -> pd.DataFrame:
    """For one of the two questions (``aspect``: "wording" or "substance"), how many of each
    party's statements the record confirms, contradicts, partly confirms or leaves unsettled, and
    how many cannot be checked: one row per party, each statement counted once, by its least
    favourable finding when several events bear on it. The wording tally is about the article
    (how faithfully it gives each party's words), not about the party."""
    checks = lesson.checks[lesson.checks["aspect"] == aspect]
    found = set(checks["finding"].astype(str))  # a finding a teacher added comes after ours
    order = [*FINDING_ORDER, *sorted(found - set(FINDING_ORDER))]
    checks = checks.assign(rank=checks["finding"].astype(str).map(order.index))
    worst = checks.sort_values("rank").drop_duplicates(subset="statement_id")
    speakers = lesson.statements.set_index("statement_id")["speaker_id"]
    party = worst["statement_id"].map(speakers).map(parties(lesson))
    counts = pd.crosstab(party, pd.Categorical(worst["finding"].astype(str), order), dropna=False)
    counts.columns = [c.replace("_", " ") for c in order]
    counts.index.name = "whose words the article gives" if aspect == "wording" else "party"
    counts = counts.loc[:, counts.sum() > 0]
    return counts.loc[counts.sum(axis=1).sort_values(ascending=False, kind="stable").index]


FINDING_ORDER = ("disagrees", "partly", "unsettled", "not_yet_due", "agrees", "not_checkable")
"""Findings from least to most favourable to the claim."""


def claims_vs_record(lesson: Lesson) -> pd.DataFrame:
    """For everything both the article and the record date: what each says, side by side."""
    events = lesson.events
    rows = []
    for _about, group in events.groupby("about", sort=False):
        article = group[group["source_kind"] == "article"]
        record = group[group["source_kind"] == "record"]
        if article.empty or record.empty:
            continue
        claim = article.iloc[0]
        rows.append({
            "what": claim["title"],
            "the article says": f"“{claim['date_text']}” "
                                f"({interval_text(claim['earliest'], claim['latest'])})",
            "the record says": "; ".join(f"{r.title} ({interval_text(r.earliest, r.latest)})"
                                         for r in record.itertuples()),
            "how they compare": " ".join(readable(lesson, record["note"]).dropna()),
        })
    return pd.DataFrame(rows).set_index("what")


@styled
def claims_chart(lesson: Lesson, *, start: dt.date, end: dt.date, ax: Axes | None = None) -> Axes:
    """One row per thing both the article and the record date, between ``start`` and ``end``:
    the article's date as a hatched bar (its interval), the record's as black diamonds."""
    events = lesson.events
    low, high = pd.Timestamp(start), pd.Timestamp(end)
    shared = abouts_between(lesson, start, end)
    ax = axes_or_new(ax, 10, 0.8 * len(shared) + 2)
    publishers = lesson.citations.set_index("citation_id")["publisher"]
    noon = pd.Timedelta(hours=12)  # a day-precise date sits in the middle of its day
    for y, about in zip(range(len(shared), 0, -1), shared):
        group = events[events["about"] == about]
        claimed = group[group["source_kind"] == "article"]
        record = group[group["source_kind"] == "record"]
        for row in claimed.itertuples():
            width = max((row.latest - row.earliest).days + 1, 1)
            ax.barh(y, width, left=row.earliest, height=0.45, color=PALETTE["orange"],
                    hatch="//", edgecolor="black", linewidth=0.6)
        for (earliest, latest), same_day in record.groupby(["earliest", "latest"], sort=True):
            agrees = ((claimed["earliest"] <= latest) & (claimed["latest"] >= earliest)).any()
            ax.plot(earliest + noon, y, "D", color=PALETTE["black"], markersize=8,
                    markerfacecolor=PALETTE["black"] if agrees else "white", markeredgewidth=1.5)
            if latest != earliest:
                ax.plot([earliest + noon, latest + noon], [y, y], color=PALETTE["black"])
            label = textwrap.fill(", ".join(dict.fromkeys(publishers[same_day["citation"]])), 36)
            ax.annotate(label, (earliest + noon, y), xytext=(0, 15), textcoords="offset points",
                        ha="center", fontsize=9,
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.set_yticks(range(len(shared), 0, -1), [textwrap.fill(label, 32) for label in
                                              about_labels(lesson, shared)])
    ax.set_xlim(low, high)
    ax.set_ylim(0.3, len(shared) + 0.7)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=6))
    span_days = (high - low).days  # month and year on two lines, so ticks never run together
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b" if span_days < 120 else "%b\n%Y"))
    ax.grid(True, axis="x", color="#dddddd")
    ax.set_title("The article's dates (hatched bars) and later sources' (diamonds)")
    ax.legend(handles=[Line2D([], [], color=PALETTE["orange"], linewidth=8,
                              label="the article (its interval)"),
                       Line2D([], [], marker="D", linestyle="", color=PALETTE["black"],
                              label="a later source: same date"),
                       Line2D([], [], marker="D", linestyle="", color=PALETTE["black"],
                              markerfacecolor="white", markeredgewidth=1.5,
                              label="a later source: another date")],
              loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return ax


def claim_windows(lesson: Lesson) -> list[tuple[dt.date, dt.date]]:
    """The calendars the claims charts show, from the data: the weeks around the article, and,
    when the article and the record also date things long before it, that earlier stretch."""
    events = lesson.events[lesson.events["about"].isin(shared_abouts(lesson))]
    published = pd.Timestamp(lesson.article.published_latest)
    recent = events[events["latest"] >= published - pd.Timedelta(days=60)]
    windows = []
    if len(recent):
        windows.append(((recent["earliest"].min() - pd.Timedelta(days=5)).date(),
                        (max(recent["latest"].max(), published) + pd.Timedelta(days=8)).date()))
    earlier = events[events["latest"] < published - pd.Timedelta(days=60)]
    if len(earlier):
        start = earlier["earliest"].min() - pd.Timedelta(days=150)
        end = earlier["latest"].max() + pd.Timedelta(days=60)
        windows.append((start.date(), end.date()))
    return windows


def shared_abouts(lesson: Lesson) -> list[str]:
    """The things (``about``) that both the article and the record date."""
    kinds = lesson.events.groupby("about", sort=False)["source_kind"].agg(
        lambda k: set(k.astype(str)))
    return [about for about, seen in kinds.items() if seen == {"article", "record"}]


def claims_charts(lesson: Lesson) -> list[tuple[Axes, str]]:
    """The claims chart and its description for each of ``claim_windows``."""
    return [(claims_chart(lesson, start=start, end=end), describe_claims(lesson, start, end))
            for start, end in claim_windows(lesson)]


def describe_claims(lesson: Lesson, start: dt.date, end: dt.date) -> str:
    """One paragraph saying what the claims chart shows for the same dates."""
    shown = about_labels(lesson, abouts_between(lesson, start, end))
    return (
        f"From {start:%d %B %Y} to {end:%d %B %Y}, {len(shown)} "
        f"{'thing' if len(shown) == 1 else 'things'} both the article and "
        f"later sources date: {'; '.join(shown)}. Where a diamond falls outside its hatched bar, "
        f"the record dates the event differently from the article."
    )


def abouts_between(lesson: Lesson, start: dt.date, end: dt.date) -> list[str]:
    """The shared things (``about``) with a date between ``start`` and ``end``."""
    spans = lesson.events.groupby("about").agg(earliest=("earliest", "min"), latest=("latest", "max"))
    low, high = pd.Timestamp(start), pd.Timestamp(end)
    return [about for about in shared_abouts(lesson)
            if spans.loc[about, "latest"] >= low and spans.loc[about, "earliest"] <= high]


def about_labels(lesson: Lesson, abouts: list[str]) -> list[str]:
    """Each shared thing named by the title of the article's event about it."""
    article = lesson.events[lesson.events["source_kind"] == "article"].drop_duplicates("about")
    titles = article.set_index("about")["title"]
    return [titles[about] for about in abouts]
