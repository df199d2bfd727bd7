"""Who says what, through whom: the article's publisher, its speakers and its attribution chains."""

from __future__ import annotations

import itertools
import re

import ipywidgets as widgets
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from raqqa_lesson.datapackage import Lesson
from raqqa_lesson.explore import Explorer
from raqqa_lesson.markup import element, join
from raqqa_lesson.rules import chain_links
from raqqa_lesson.show import small_table
from raqqa_lesson.style import DYNAMIC, HATCHES, PALETTE, axes_or_new, styled


def article_facts(lesson: Lesson) -> pd.DataFrame:
    """The article's identity card: what it is, who published it, when, and what is not known."""
    article = lesson.article
    outlets = lesson.outlets.set_index("outlet_id")
    publisher = outlets.loc[article.publisher_id] if article.publisher_id in outlets.index else None
    published = article.published_text or (
        str(article.published_earliest) if article.published_earliest == article.published_latest
        else f"between {article.published_earliest} and {article.published_latest}"
    )
    rows = [
        ("title", article.title),
        ("publisher", article.publisher_id if publisher is None else publisher["name"]),
        ("publisher's owner", "" if publisher is None else publisher["ownership"]),
        ("publisher's funding", "" if publisher is None else publisher["funding"]),
        ("published", published),
        ("address", article.url or "not established"),
        ("words", f"{len(article.text.split()):,}"),
        *((f"{credit['for']} credit", f"{credit['caption']}: {credit['credit']}")
          for credit in article.credits),
        ("what is not known", article.notes),
    ]
    return pd.DataFrame({"value": [value for _, value in rows]}, index=[key for key, _ in rows])


ID_IN_BRACKETS = re.compile(r"\(([a-z][a-z0-9_]*)\)")


def readable(lesson: Lesson, texts: pd.Series) -> pd.Series:
    """Notes as a learner reads them: a citation's or an event's id in brackets, as the data's
    notes cite them, becomes the publisher's name or the event's title."""
    labels = {**lesson.citations.set_index("citation_id")["publisher"].to_dict(),
              **lesson.events.set_index("event_id")["title"].to_dict()}

    def label(match: re.Match) -> str:
        return f"({labels[match.group(1)]})" if match.group(1) in labels else match.group(0)

    return texts.map(lambda text: text if pd.isna(text) else ID_IN_BRACKETS.sub(label, text))


def publisher_name(lesson: Lesson) -> str:
    """The name of the outlet that published the article."""
    return lesson.actors.set_index("actor_id").loc[lesson.article.publisher_id, "name"]


def outlet_table(lesson: Lesson) -> pd.DataFrame:
    """Every outlet the lesson relies on, each described in the same form: kind, base, owner,
    funding, its part in the lesson, and the source of that description."""
    outlets = lesson.outlets
    sources = lesson.citations.set_index("citation_id")["publisher"]
    return pd.DataFrame({
        "outlet": outlets["name"],
        "kind": outlets["kind"].astype("string").str.replace("_", " "),
        "based in": outlets["country"].fillna("not stated by the source"),
        "owner": outlets["ownership"],
        "funding": outlets["funding"],
        "its part in the lesson": outlets["description"],
        "described by": outlets["citation"].map(sources),
    })


FORMS = {"direct_quote": "direct quote", "partial_quote": "partial quote",
         "paraphrase": "paraphrase", "own_voice": "outlet's own voice"}


def coverage_table(lesson: Lesson, statement_id: str | None = None) -> pd.DataFrame:
    """How other outlets reported the article's statements in the same days: for each report,
    the article's words it is about (once per statement), the outlet, who owns and funds it, the day, how it gives the
    speaker's words, its words, and how it frames them. Oldest first within each statement; an
    outlet's owner and funding are given on its first row."""
    coverage = lesson.coverage
    if statement_id is not None:
        coverage = coverage[coverage["statement_id"] == statement_id]
    coverage = coverage.sort_values(["statement_id", "published"], kind="stable")
    words = lesson.statements.set_index("statement_id")["article_text"]
    outlet = coverage["outlet_id"].map(lesson.outlets.set_index("outlet_id")["name"])
    return pd.DataFrame({
        "the article's words": said_once(coverage["statement_id"], coverage["statement_id"].map(words),
                                         again="(as above)"),
        "outlet": outlet.to_numpy(),
        "owned and funded": said_once(outlet, coverage["outlet_id"].map(outlet_lines(lesson))),
        "published": coverage["published"].to_numpy(),
        "form": coverage["form"].astype(str).map(FORMS).to_numpy(),
        "its words": coverage["excerpt"].to_numpy(),
        "how it compares": coverage["note"].to_numpy(),
    })


def outlet_lines(lesson: Lesson) -> pd.Series:
    """Each outlet's ownership and funding in one line of the same form: "owner; funding"."""
    outlets = lesson.outlets.set_index("outlet_id")
    return outlets["ownership"].str.rstrip(".") + "; " + outlets["funding"]


def said_once(names: pd.Series, lines: pd.Series, again: str = "as for {} above") -> list[str]:
    """``lines`` with each name's line given on its first row only; later rows say ``again``
    (with the name), so a long description is not repeated down a table."""
    seen: set[str] = set()
    shown = []
    for name, line in zip(names, lines):
        if pd.isna(line) or line == "":
            shown.append("")
        elif name in seen:
            shown.append(again.format(name))
        else:
            seen.add(name)
            shown.append(line)
    return shown


def chain_outlets(lesson: Lesson) -> pd.DataFrame:
    """The outlets along the article's attribution chains and its publisher, described as
    ``outlet_table`` describes every outlet: who owns them and who pays for them."""
    named = {lesson.article.publisher_id}
    for chain in lesson.statements["reported_via"].dropna():
        named.update(chain_links(chain))
    return outlet_table(lesson)[lesson.outlets["outlet_id"].isin(named).to_numpy()]


def speakers(lesson: Lesson) -> pd.DataFrame:
    """One row per speaker: how often the article gives them a voice, and how.

    Columns: name, kind of actor, statements, direct quotes, and the chains their words came
    through to the publisher ("Channel → Outlet"). Sorted with the most-heard speaker first.
    """
    statements = lesson.statements
    actors = lesson.actors.set_index("actor_id")
    names = actors["name"]
    publisher = lesson.article.publisher_id
    grouped = statements.groupby("speaker_id", observed=True)
    table = pd.DataFrame({
        "statements": grouped.size(),
        "direct quotes": grouped["direct_quote"].sum().astype("Int64"),
        "reported via": grouped["reported_via"].agg(
            lambda chains: "; ".join(sorted({" → ".join(names[link] for link in chain_links(c))
                                             or names[publisher] for c in chains}))),
    })
    table.insert(0, "kind", actors.loc[table.index, "kind"].astype("string").str.replace("_", " "))
    table.index = pd.Index(names[table.index], name="speaker")
    return table.sort_values(["statements", "speaker"], ascending=[False, True])


QUOTE_FORMS = ("direct quote", "partial quote", "paraphrase", "outlet's own voice")
"""How the article presents a statement, from the speaker's own words to the outlet's."""


QUOTE_MARKS = ('"', "“", "”", "«", "»")
"""Double quotation marks, straight, curly or French: inside a paraphrase they make it partial
(single marks are left out, since an apostrophe is the same character)."""


def quote_form(statement: pd.Series, publisher: str) -> str:
    """Direct quote, partial quote (paraphrase with quoted words), paraphrase, or own voice."""
    direct, partial, paraphrase, own = QUOTE_FORMS
    if statement["speaker_id"] == publisher:
        return own
    if statement["direct_quote"]:
        return direct
    return partial if any(mark in statement["article_text"] for mark in QUOTE_MARKS) else paraphrase


def chain_names(lesson: Lesson, statement: pd.Series) -> list[str]:
    """The names along a statement's path, from its speaker to the publisher."""
    names = lesson.actors.set_index("actor_id")["name"]
    links = [statement["speaker_id"], *chain_links(statement["reported_via"])]
    if links[-1] != lesson.article.publisher_id:
        links.append(lesson.article.publisher_id)
    return [names[link] for link in links]


def statement_table(lesson: Lesson) -> pd.DataFrame:
    """Every statement with its speaker's name, kind, quote form and path to the reader."""
    publisher = lesson.article.publisher_id
    names = lesson.actors.set_index("actor_id")["name"]
    statements = lesson.statements
    table = pd.DataFrame({
        "statement": statements["statement_id"],
        "line": statements["paragraph"],
        "speaker": statements["speaker_id"].map(names),
        "kind": statements["kind"],
        "form": [quote_form(row, publisher) for _, row in statements.iterrows()],
        "words": statements["article_text"],
        "path to the reader": [" → ".join(chain_names(lesson, row))
                               for _, row in statements.iterrows()],
        "note": readable(lesson, statements["note"]),
    })
    return table.set_index("statement")


def voices(lesson: Lesson) -> pd.DataFrame:
    """Statements per speaker (rows, most first) and quote form (columns)."""
    table = statement_table(lesson)
    counts = pd.crosstab(table["speaker"], pd.Categorical(table["form"], QUOTE_FORMS),
                         dropna=False)
    counts.columns.name = "form"
    totals = counts.sum(axis=1)
    return counts.loc[totals.sort_values(ascending=False, kind="stable").index]


@styled
def voices_chart(table: pd.DataFrame, *, highlight: str | None = None, ax: Axes | None = None) -> Axes:
    """Horizontal bars of statements per speaker, split by quote form (colour and hatching).

    ``highlight`` (a speaker's name) greys out every other speaker.
    """
    ax = axes_or_new(ax, 9, 0.45 * len(table) + 1.8)
    rows = table.iloc[::-1]  # the most-heard speaker on top
    left = pd.Series(0, index=rows.index)
    for number, form in enumerate(table.columns):
        colour = FORM_COLOURS[form]
        colours = [colour if highlight in (None, name) else PALETTE["grey"] for name in rows.index]
        bars = ax.barh(rows.index, rows[form], left=left, color=colours, hatch=HATCHES[number],
                       edgecolor="white")
        for bar in bars:
            bar.set_gid(DYNAMIC)  # the highlight recolours the bars and nothing else
        left += rows[form]
    ax.set_xlabel("number of statements")
    ax.set_title("Who speaks in the article, and how")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlim(0, left.max() * 1.02)
    ax.legend(handles=[Patch(facecolor=FORM_COLOURS[form], hatch=HATCHES[number],
                             edgecolor="white", label=form)
                       for number, form in enumerate(table.columns)],
              loc="lower right", frameon=False)
    return ax


FORM_COLOURS = dict(zip(QUOTE_FORMS, (PALETTE["blue"], PALETTE["sky"], PALETTE["orange"],
                                      PALETTE["vermillion"])))


def describe_voices(table: pd.DataFrame) -> str:
    """One paragraph saying what the voices chart shows."""
    totals = table.sum(axis=1)
    top = totals.index[0]
    direct = table["direct quote"]
    quoted = direct[direct > 0]
    own = table["outlet's own voice"].sum()
    directly = (f"{len(quoted)} {plural(len(quoted), 'speaker')} {'is' if len(quoted) == 1 else 'are'}"
                f" quoted directly, in whole sentences: {', '.join(quoted.index)}."
                if len(quoted) else "No speaker is quoted directly, in whole sentences.")
    return (
        f"A bar for each of the {len(table)} {plural(len(table), 'speaker')}, longest first, "
        f"counting their {int(totals.sum())} {plural(int(totals.sum()), 'statement')}. {top} has "
        f"the most ({int(totals.iloc[0])}). {own} {plural(int(own), 'statement')} "
        f"{'is' if own == 1 else 'are'} in the outlet's own voice. {directly} The rest of what "
        f"speakers say reaches the reader as paraphrase, sometimes with a few words in quotation "
        f"marks."
    )


def plural(count: int, word: str) -> str:
    """``word`` as ``count`` of it reads: "1 speaker", "2 speakers"."""
    return word if count == 1 else f"{word}s"


def chains(lesson: Lesson) -> pd.DataFrame:
    """Each distinct path from a speaker to the reader, with how many statements took it: its
    links as a tuple of names (for drawing) and as one line of text (for reading)."""
    links = pd.Series([tuple(chain_names(lesson, row)) for _, row in lesson.statements.iterrows()],
                      name="links")
    table = links.groupby(links, sort=False).size().rename("statements").reset_index()
    table.insert(0, "path to the reader", [" → ".join(path) for path in table["links"]])
    return table.sort_values(["statements", "path to the reader"], ascending=[False, True],
                             ignore_index=True)


@styled
def chain_chart(table: pd.DataFrame, *, unnamed: tuple[str, ...] = ("unnamed reporters",),
                ax: Axes | None = None) -> Axes:
    """Each path as a row of boxes joined by arrows, speaker on the left, publisher on the right.

    Links the article leaves unnamed are drawn dashed; the outlet's own words have no speaker box.
    """
    ax = axes_or_new(ax, 11, 0.55 * len(table) + 1)
    width = max(len(links) for links in table["links"])
    for row, (links, count) in enumerate(zip(table["links"], table["statements"])):
        y = len(table) - row
        if len(links) == 1:
            ax.text(0, y, "(the outlet's own words)", ha="center", va="center", fontsize=10,
                    style="italic", color=PALETTE["black"])
        boxes = []
        for column, name in enumerate(links):
            x = column if column < len(links) - 1 else width - 1  # the publisher lines up
            dashed = name in unnamed
            boxes.append(ax.text(
                x, y, name, ha="center", va="center", fontsize=10,
                bbox={"boxstyle": "round,pad=0.3", "facecolor": "white",
                      "edgecolor": PALETTE["grey"] if dashed else PALETTE["blue"],
                      "linestyle": "--" if dashed else "-"}))
        for start, end in itertools.pairwise(boxes):
            ax.annotate("", xy=(0, 0.5), xycoords=end, xytext=(1, 0.5), textcoords=start,
                        arrowprops={"arrowstyle": "->", "color": PALETTE["black"],
                                    "shrinkA": 4, "shrinkB": 4})
        ax.text(width - 0.55, y, f"× {count}", va="center", fontsize=10)
    ax.set_xlim(-0.75, width - 0.3)
    ax.set_ylim(0.3, len(table) + 0.7)
    ax.set_axis_off()
    ax.set_title("How each statement travelled: speaker → … → publisher")
    return ax


def describe_chains(table: pd.DataFrame, publisher: str) -> str:
    """One paragraph saying what the chain chart shows."""
    hops = table["path to the reader"].str.count("→")
    own, straight, relayed = (int(table.loc[mask, "statements"].sum())
                              for mask in (hops == 0, hops == 1, hops > 1))
    return (
        f"{len(table)} rows, one for each path a statement took to reach the reader; every path "
        f"ends at {publisher}. {own} statements are the outlet's own words, {straight} come "
        f"from a speaker with no intermediary named, and {relayed} passed through another outlet "
        f"or through reporters the article does not name (dashed boxes) before {publisher} "
        f"reported them."
    )


def speaker_explorer(lesson: Lesson) -> Explorer:
    """Pick a speaker: their bar is picked out in the chart, and their statements listed below."""
    table = voices(lesson)
    statements = statement_table(lesson)
    speaker = widgets.Dropdown(options=list(table.index), value=table.index[1],
                               description="Speaker", layout=widgets.Layout(width="28em"))

    def render(ax, speaker: str):
        rows = statements.loc[statements["speaker"] == speaker,
                              ["line", "form", "words", "path to the reader", "note"]]
        return (voices_chart(table, highlight=speaker, ax=ax),
                f"{describe_voices(table)} The bar of {speaker} is picked out.",
                join([element("p", element("strong", speaker), f": {len(rows)} statement(s)"),
                      small_table(rows)]))

    return Explorer({"speaker": speaker}, render, blit=True)
