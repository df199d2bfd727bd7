"""Turn an article's own words for a date ("on Friday", "last week") into a date interval.

News articles date things relative to their publication: "on Friday" means the Friday before
the article appeared. When the publication date itself is only known as an interval, every
reading is the union over the possible publication days, so nothing is more precise than its
source.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")

Interval = tuple[dt.date, dt.date]


def resolve_date_text(words: str, published_earliest: dt.date,
                      published_latest: dt.date | None = None) -> Interval | None:
    """The interval that ``words`` name, read from the publication date; None if not understood.

    Understood: a weekday ("Friday", "on Friday"), "this week", "earlier in the week",
    "last week", "<Month> last year", "last year" and a bare year ("2013", "in 2013").
    """
    last = published_latest or published_earliest
    days = [published_earliest + dt.timedelta(n) for n in range((last - published_earliest).days + 1)]
    readings = [_resolve_one(words.strip().lower(), day) for day in days]
    if not readings or any(r is None for r in readings):
        return None
    return min(r[0] for r in readings), max(r[1] for r in readings)


def _resolve_one(words: str, published: dt.date) -> Interval | None:
    words = re.sub(r"^(on|in)\s+", "", words)
    monday = published - dt.timedelta(published.weekday())
    if words in WEEKDAYS:
        back = (published.weekday() - WEEKDAYS.index(words)) % 7
        day = published - dt.timedelta(back)
        return day, day
    if words == "this week":
        return monday, published
    if words in ("earlier in the week", "earlier this week"):
        return monday, max(monday, published - dt.timedelta(1))
    if words == "last week":
        return monday - dt.timedelta(7), monday - dt.timedelta(1)
    if words == "last year":
        return dt.date(published.year - 1, 1, 1), dt.date(published.year - 1, 12, 31)
    month = re.fullmatch(r"(\w+) last year", words)
    if month and month.group(1) in MONTHS:
        return _month(published.year - 1, MONTHS.index(month.group(1)) + 1)
    if re.fullmatch(r"\d{4}", words):
        year = int(words)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None


def _month(year: int, month: int) -> Interval:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, 1), following - dt.timedelta(1)


def window_text(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """"3 to 17 March 2017", or with both years when the window runs into the next one."""
    first = f"{start:%d %B}" if start.year == end.year else f"{start:%d %B %Y}"
    return f"{first} to {end:%d %B %Y}"


MONTH_STEPS = (1, 2, 3, 4, 6, 12)
"""How many months apart a calendar's month ticks may be."""


def month_step(start: pd.Timestamp, end: pd.Timestamp, most: int = 15) -> int:
    """The smallest step in MONTH_STEPS that keeps a calendar from ``start`` to ``end`` to
    ``most`` month ticks (every month on a short calendar; quarters or years on a long one)."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return next((step for step in MONTH_STEPS if months / step <= most), MONTH_STEPS[-1])


def interval_text(earliest: pd.Timestamp, latest: pd.Timestamp) -> str:
    """A date interval as a reader would write it: one day, a month, a year, or "from – to"."""
    if earliest == latest:
        return f"{earliest:%d %b %Y}"
    if (earliest.year, earliest.month) == (latest.year, latest.month) and earliest.day == 1 \
            and (latest + pd.Timedelta(days=1)).day == 1:
        return f"{earliest:%B %Y}"
    if earliest.month == 1 and earliest.day == 1 and latest.month == 12 and latest.day == 31:
        return f"{earliest.year}" if earliest.year == latest.year else f"{earliest.year}–{latest.year}"
    return f"{earliest:%d %b %Y} – {latest:%d %b %Y}"
