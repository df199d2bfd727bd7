"""Show the lesson's tables and text in a notebook: readable, and always HTML-escaped.

Every piece of text that comes from a data package passes through ``html.escape`` (or pandas'
own escaping) here before a notebook shows it, so a package cannot inject markup or script.
"""

from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import dataclass

import pandas as pd
from IPython.display import HTML, display
from matplotlib.axes import Axes
from pandas.io.formats.style import Styler

from raqqa_lesson import style
from raqqa_lesson.datapackage import Article
from raqqa_lesson.markup import Markup, element, join

LEFT = [{"selector": "th, td", "props": [("text-align", "left"), ("vertical-align", "top")]}]


@dataclass(frozen=True)
class Table:
    """A DataFrame shown for reading: text left-aligned, missing values blank, every cell escaped.

    Its HTML and text forms depend only on the data, so a re-executed notebook is identical.
    """

    frame: pd.DataFrame
    index: bool = True
    fold: str = ""  # a long reference table shows this line, and opens on a click

    def styler(self) -> Styler:
        stable_id = hashlib.sha1(self.frame.to_csv().encode()).hexdigest()[:8]
        styler = self.frame.style.set_uuid(stable_id).set_table_styles(LEFT)
        styler = styler.format(escape="html", na_rep="")
        listed = [c for c in self.frame.columns if self.frame[c].map(_is_list).any()]
        if listed:  # a structured column (a tuple of names) reads as its items, escaped
            styler = styler.format(lambda v: html.escape(", ".join(map(str, v))) if _is_list(v)
                                   else html.escape(str(v)), subset=listed)
        dates = [c for c in self.frame.columns if pd.api.types.is_datetime64_any_dtype(self.frame[c])]
        if dates:  # a day, not midnight of it
            styler = styler.format(lambda d: "" if pd.isna(d) else f"{d:%d %b %Y}", subset=dates)
        styler = styler.format_index(escape="html", axis=0).format_index(escape="html", axis=1)
        addresses = [c for c in self.frame.columns if "address" in str(c)]
        if addresses:  # a long web address wraps instead of widening the table off the page
            styler = styler.set_properties(subset=addresses, **{"word-break": "break-all",
                                                                "min-width": "14em"})
        return styler if self.index else styler.hide(axis="index")

    def _repr_html_(self) -> str:
        # a wide table scrolls inside a region of its own, which a keyboard can reach and scroll
        shown = element("div", Markup(self.styler().to_html()), role="region", tabindex="0",
                        aria_label="table", style="overflow-x:auto;max-width:100%")
        if not self.fold:
            return shown
        return element("details", element("summary", f"Show {self.fold} ({len(self.frame)} rows): "
                                                     "click to open, click again to close"), shown)

    def __repr__(self) -> str:
        return self.frame.to_string(index=self.index, na_rep="")


def _is_list(value: object) -> bool:
    return isinstance(value, tuple | list)


def table(frame: pd.DataFrame, *, index: bool = True, fold: str = "") -> Table:
    """Show ``frame`` as a readable, escaped table (the notebooks' way to display a DataFrame);
    with ``fold``, a long reference table starts closed under a line naming it."""
    return Table(frame, index, fold)


def chart(ax: Axes, description: str) -> None:
    """Show a chart as a PNG whose alt text is ``description``, with the description beside it.

    A plain image output, so GitHub and nbviewer show it without a kernel or widget state.
    """
    display(*chart_outputs(ax, description))


def charts(pairs: list[tuple[Axes, str]]) -> None:
    """Show several charts, each as ``chart`` shows one."""
    for ax, description in pairs:
        chart(ax, description)


def chart_outputs(ax: Axes, description: str) -> tuple[ChartImage, HTML]:
    """The two outputs ``chart`` shows: the PNG with its alt text, and the escaped description."""
    return ChartImage(style.png(ax), description), HTML(description_html(description))


def description_html(description: str) -> str:
    """What a chart shows, in words, under the chart (and its alt text, where the chart has one)."""
    return element("p", element("em", "What the chart shows:"), f" {description}",
                   style="max-width:50em;color:#333")


def small_table(frame: pd.DataFrame) -> Markup:
    """A small HTML table with every cell escaped, quick enough for an explorer's every redraw
    and plain enough for print (``table``, through pandas' Styler, is for the tables a notebook
    shows once)."""
    head = element("tr", *(element("th", column, style="text-align:left")
                           for column in frame.columns))
    body = (element("tr", *(element("td", _text(value), style="text-align:left;vertical-align:top")
                            for value in row)) for row in frame.itertuples(index=False))
    return element("table", element("thead", head), element("tbody", *body))


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


@dataclass(frozen=True)
class ChartImage:
    """A PNG with alt text in its output metadata (nbconvert and nbviewer use it as img alt)."""

    png: bytes
    alt: str

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": self.alt}
        return data, {"image/png": {"alt": self.alt}}


def article(article: Article) -> HTML:
    """The article's text as numbered paragraphs (the numbers ``statements.paragraph`` uses)."""
    rows = (element("tr", element("td", number, style="color:#595959;text-align:right;"
                                                      "vertical-align:top;padding-right:1em"),
                    element("td", line, style="text-align:left"))
            for number, line in enumerate(article.lines, start=1))
    return HTML(join([element("h4", article.title, style="margin-bottom:0.3em"),
                      element("table", *rows, style="max-width:50em;line-height:1.5")]))
