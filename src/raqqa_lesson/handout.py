"""The printable handout: the article with numbered lines, a grid for sorting its statements, a
blank timeline, the closing assessment and an exit ticket, for a class without devices or a
learner who reads better on paper.

It is one HTML page, generated from the package (so it never drifts from the notebooks), and
printed to PDF by Chromium, the browser the tests already drive: Chromium lays out tables, wraps
text and honours CSS's ``@page`` size, so A4 and US Letter differ by one line of CSS. Every text
that comes from the package is escaped.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import matplotlib.dates as mdates
import pandas as pd
from matplotlib import rc_context
from matplotlib.figure import Figure

from raqqa_lesson import content, timelines
from raqqa_lesson.classroom import refuse_to_overwrite
from raqqa_lesson.datapackage import Lesson
from raqqa_lesson.dates import interval_text, month_step
from raqqa_lesson.exercises import Choice, build, passage_html
from raqqa_lesson.markup import Markup, element, join
from raqqa_lesson.rules import chain_links
from raqqa_lesson.show import small_table
from raqqa_lesson.sources import QUOTE_FORMS

MIN_GRID_WORDS = 8

PAPERS = {"a4": "A4", "letter": "letter"}
"""File suffix → CSS page size."""

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")

EXIT_TICKET = (
    "One sentence from today's article that you now read differently, and why:",
    ("The next time a news story surprises you, which of the four moves on the first page will you "
     "make first, and how?"),
    "One question about the article or its sources that you still have:",
)

TICKS = join(element("div", f"☐ {form}", class_="tick") for form in QUOTE_FORMS)

FORM_MEANINGS = dict(zip(QUOTE_FORMS, (
    "only the speaker's own (translated) words, inside quotation marks",
    "the outlet's own sentence with some of the speaker's words in quotation marks",
    "the speaker's point in the outlet's words, with no quotation marks",
    "what the outlet states itself, with no one named or quoted for it",
)))

MOVES = ("Stop: before you share or believe it, ask what you know about the source",
         "Investigate the source: who published it, who owns and funds it, who speaks in it",
         "Find better coverage: how did other outlets report the same words or events?",
         "Trace the claim: follow it back to the first report and the speaker's own words")
"""The four moves of lateral reading (SIFT), as the lesson names them."""

STYLE = """
@page { size: %(size)s; margin: 16mm 15mm; }
body { font: 10.5pt/1.4 "DejaVu Serif", Georgia, serif; color: #000; }
h1 { font-size: 16pt; margin: 0 0 4pt; } h2 { font-size: 13pt; margin: 14pt 0 6pt; }
section { break-before: page; } section:first-of-type { break-before: auto; }
table { border-collapse: collapse; width: 100%%; } td, th { border: 1px solid #000;
  padding: 3pt 5pt; vertical-align: top; text-align: left; }
th { background: #e6e6e6; } tr { break-inside: avoid; }
.lines td:first-child { width: 2.2em; text-align: right; border: none; color: #333; }
.lines td { border: none; padding: 1pt 4pt; }
.blank { height: 2.2em; } .write { border-bottom: 1px solid #000; height: 2.4em; }
blockquote { border-left: 3pt solid #000; margin: 6pt 0; padding: 0 8pt; }
.box { font-size: 12pt; } .note { font-size: 9pt; } svg { width: 100%%; height: auto; }
.tick { white-space: nowrap; }
@page { @bottom-center { content: "page " counter(page) " of " counter(pages); font: 9pt sans-serif; } }
"""


def handout_html(lesson: Lesson, paper: str = "a4") -> str:
    """The whole handout as one HTML page sized for ``paper`` ("a4" or "letter")."""
    parts = [_before_reading(lesson), _article(lesson), _sorting_grid(lesson), _timeline(lesson),
             _assessments(lesson), _exit_ticket()]
    head = join([element("meta", charset="utf-8"), element("title", f"Handout: {lesson.article.title}"),
                 element("style", Markup(STYLE % {"size": PAPERS[paper]}))])
    return "<!DOCTYPE html>" + element("html", element("head", head), element("body", join(parts)),
                                       lang="en")


def speakers(lesson: Lesson) -> pd.DataFrame:
    """Everyone who speaks in the article, in the order they first speak: their name, their role
    (or the data's description of them), and the side the lesson groups them with."""
    actors = lesson.actors.set_index("actor_id")
    sides = lesson.sides.set_index("side_id")["name"]
    order = lesson.statements.sort_values("paragraph", kind="stable")["speaker_id"].drop_duplicates()
    chosen = actors.loc[order]
    return pd.DataFrame({"who": chosen["name"].to_numpy(),
                         "role": chosen["role"].fillna(chosen["description"]).fillna("").to_numpy(),
                         "side": chosen["bloc"].map(sides).fillna("").to_numpy()})


def handout_outlets(lesson: Lesson) -> pd.DataFrame:
    """The outlets a learner on paper meets: the publisher, every outlet the article's statements
    passed through, and the publishers of the assessments' passages, with owner and funding."""
    chains = [link for via in lesson.statements["reported_via"] for link in chain_links(via)]
    passages = [spec["source"] for spec, *_ in content.assessment_specs(lesson.source).values()]
    from_passages = lesson.citations.set_index("citation_id").loc[passages, "outlet_id"].dropna()
    wanted = [lesson.article.publisher_id, *chains, *from_passages]
    outlets = lesson.outlets.set_index("outlet_id")
    chosen = outlets.loc[[key for key in dict.fromkeys(wanted) if key in outlets.index]]
    return chosen[["name", "ownership", "funding"]].reset_index(drop=True)


def _before_reading(lesson: Lesson) -> Markup:
    forms = [element("li", element("strong", form), f": {meaning}")
             for form, meaning in FORM_MEANINGS.items()]
    return element(
        "section",
        element("h1", "Before you read"),
        element("h2", "Four ways an article gives a statement"), element("ul", *forms),
        element("h2", "Who speaks in the article"),
        small_table(speakers(lesson).set_axis(["who", "role", "grouped with"], axis=1)),
        element("h2", "Who owns and pays for the outlets"),
        small_table(handout_outlets(lesson).set_axis(["outlet", "owner", "funding"], axis=1)),
        element("p", "Who pays is context for weighing a report, not a verdict on it.", class_="note"),
        element("h2", "Four moves for reading the news"),
        element("ol", *(element("li", move) for move in MOVES)),
        id="before-reading")


NAME_LINE = element("p", "Name: ______________________")


def _article(lesson: Lesson) -> Markup:
    article = lesson.article
    lines = (element("tr", element("td", number), element("td", line))
             for number, line in enumerate(article.lines, start=1))
    return element(
        "section", element("h1", article.title),
        element("p", f"Published {article.published_text}. {article.license_note}", class_="note"),
        element("p", "Name: ______________________ \u00a0 Date: ____________"),
        element("table", *lines, class_="lines"), id="article")


def grid_statements(lesson: Lesson) -> pd.DataFrame:
    """The statements to sort on paper: each speaker's first sentence of some length (a two-word
    caption teaches little), in the article's order, so every voice appears once."""
    statements = lesson.statements.sort_values("paragraph", kind="stable")
    long_enough = statements["article_text"].str.split().str.len() >= MIN_GRID_WORDS
    first = statements[long_enough].drop_duplicates("speaker_id")
    return first[["statement_id", "paragraph", "article_text"]]


def _sorting_grid(lesson: Lesson) -> Markup:
    widths = ("width:2.5em", None, "width:9em", "width:17%", "width:17%")
    columns = element("colgroup", *(element("col", style=width) for width in widths))
    head = element("tr", *(element("th", name) for name in
                           ("line", "the article's words", "how it is given", "who says it",
                            "through whom")))
    rows = (element("tr", element("td", row.paragraph), element("td", row.article_text),
                    element("td", TICKS, class_="box"), element("td"), element("td"))
            for row in grid_statements(lesson).itertuples())
    return element(
        "section", element("h2", "Who says what, through whom?"),
        element("p", "For each sentence, tick how the article gives it, then write who says it and "
                     "through whom it reached the outlet (a news agency, a newspaper, a TV channel, "
                     "or nobody named)."),
        element("table", columns, head, *rows), id="sorting-grid")


def _timeline(lesson: Lesson) -> Markup | str:
    """Each timed forecast as an empty band on a date axis, to be shaded by hand, with when it
    was said and the lesson's reading of its words; untimed forecasts are listed under it."""
    table = timelines.forecast_windows(lesson)
    timed = table.dropna(subset=["window_start"])
    if timed.empty:
        return ""
    day = pd.Timestamp(timelines.article_day(lesson))
    start = timed["said_from"].min() - pd.Timedelta(days=7)
    dates = [*timed["window_end"], *timed["outcome_date"].dropna()]
    end = max([day + pd.Timedelta(days=60), *dates]) + pd.Timedelta(days=14)
    figure = Figure(figsize=(7.2, 0.75 * len(timed) + 1.1))
    ax = figure.add_subplot()
    for row, (name, phrase) in enumerate(zip(timed["forecaster"], timed["phrase"])):
        ax.text(start + pd.Timedelta(days=1), row - 0.45, f"{name}: '{phrase}'", fontsize=9,
                va="top", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1}, zorder=3)
        ax.axhline(row + 0.5, color="#000", linewidth=0.8)  # each band: its label, then room to shade
    ax.set_yticks([])
    ax.set_ylim(len(timed) - 0.5, -0.5)
    ax.set_xlim(start, end)
    step = month_step(start, end)  # a calendar of years: a thin line a month, not a week
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, step)))
    ax.xaxis.set_minor_locator(mdates.WeekdayLocator(byweekday=mdates.MO) if step == 1
                               else mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b" if step == 1 else "%b\n%Y"))
    ax.grid(axis="x", which="both", color="#999", linewidth=0.5)
    ax.axvline(day, color="#000", linestyle="--")
    ax.set_xlabel(f"{start.year}{'' if end.year == start.year else f'–{end.year}'}. Dashed line: "
                  f"the article's day; thin lines: {'Mondays' if step == 1 else 'months'}",
                  fontsize=9)
    figure.tight_layout()
    svg = io.StringIO()
    with rc_context({"svg.fonttype": "none", "text.parse_math": False}):  # real text: printed sharp, found by search
        figure.savefig(svg, format="svg", metadata={"Date": None})
    drawing = svg.getvalue()
    readings = timelines.default_readings(lesson)
    rows = pd.DataFrame(
        [(f"{row.forecaster}: '{row.phrase}'", interval_text(row.said_from, row.said_to),
          f"{readings[row.forecast_id][0]}–{readings[row.forecast_id][1]} days after",
          "from ______ to ______") for row in timed.itertuples()],
        columns=["forecast", "said", "the lesson's reading", "so the window is"])
    untimed = "; ".join(f"{row.forecaster}: '{row.phrase}'" for row in table.itertuples()
                        if pd.isna(row.window_start))
    note = element("p", f"These forecasts give no time, so they have no band: {untimed}.") if untimed else ""
    return element(
        "section", element("h2", "The timeline, to fill in"),
        element("p", "1. For each forecast, work out the days it promised: count the reading from the "
                     "day it was said (when the day is not known, from the earliest to the latest day "
                     "it could have been said). 2. Shade those days in its band. 3. Find out when it "
                     "really happened (notebook 03, or your own search) and mark it with a cross. "
                     "Which forecast came closest? Would another reading of its words change your "
                     "answer?"),
        small_table(rows), note,
        Markup(drawing[drawing.index("<svg"):]),  # matplotlib's SVG escapes the text it draws
        id="timeline")


def _assessments(lesson: Lesson) -> Markup:
    questions = build(lesson)
    return join(
        element("section", element("h2", f"Closing assessment {key}"), NAME_LINE,
                element("p", "A passage you have not seen analysed:"), passage_html(lesson, spec),
                *(_question(questions[question]) for question in keys), id=f"assessment-{key}")
        for key, (spec, _where, keys) in content.assessment_specs(lesson.source).items())


def _question(exercise) -> Markup:
    if isinstance(exercise, Choice):
        answers = join(element("div", f"☐ {option}", class_="box") for option in exercise.options)
    else:
        answers = join([element("div", class_="write"), element("p", f"({exercise.unit})")])
    return join([element("p", element("strong", f"{exercise.id}."), f" {exercise.prompt}"), answers])


def _exit_ticket() -> Markup:
    prompts = (join([element("p", f"{number}. {prompt}"), element("div", class_="write"),
                     element("div", class_="write")])
               for number, prompt in enumerate(EXIT_TICKET, 1))
    return element("section", element("h2", "Exit ticket"), NAME_LINE, *prompts, id="exit-ticket")


def chromium() -> str | None:
    """The path of a Chromium (or Chrome) on this computer, or None."""
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def write(lesson: Lesson, folder: Path, *, browser: str | None = None,
          replace: bool = False) -> list[Path]:
    """Write the handout's HTML for each paper size into ``folder`` and, with a Chromium,
    print each to PDF (over files it holds only with ``replace``); the paths written."""
    refuse_to_overwrite([folder / f"handout-{paper}.{kind}" for paper in PAPERS
                         for kind in ("html", "pdf")], replace=replace)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for paper in PAPERS:
        page = folder.resolve() / f"handout-{paper}.html"
        page.write_text(handout_html(lesson, paper), encoding="utf-8")
        written.append(page)
        if browser:
            pdf = page.with_suffix(".pdf")
            subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                            "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                           check=True, capture_output=True, timeout=180)
            written.append(pdf)
    return written
