"""Who stands where: the parties' stances on the contested questions, and who backs or fights whom."""

from __future__ import annotations

import math
import textwrap

import ipywidgets as widgets
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from raqqa_lesson.datapackage import Lesson
from raqqa_lesson.explore import Explorer
from raqqa_lesson.markup import element, join
from raqqa_lesson.show import small_table
from raqqa_lesson.sources import readable
from raqqa_lesson.style import DYNAMIC, PALETTE, axes_or_new, styled, word_list

STANCE_MARKS = {  # a symbol and a colour, so colour is never the only cue
    "supports": ("✓", PALETTE["green"]),
    "opposes": ("✗", PALETTE["vermillion"]),
    "conditional": ("~", PALETTE["orange"]),
    "unclear": ("?", PALETTE["grey"]),
}
RELATION_STYLES = {  # colour, line style, arrow
    "backs": (PALETTE["blue"], "-", "->"),
    "allied_with": (PALETTE["green"], "-", "-"),
    "member_of": (PALETTE["grey"], "-", "->"),
    "fights": (PALETTE["vermillion"], "--", "->"),
    "disputes": (PALETTE["orange"], ":", "->"),
    "rift_with": (PALETTE["orange"], "-.", "-"),
    "refuses_to_join": (PALETTE["purple"], "-.", "->"),
    "met_with": (PALETTE["black"], ":", "-"),
}
FRIENDLY = ("backs", "allied_with", "member_of")
HOSTILE = ("fights", "disputes", "rift_with", "refuses_to_join")


def side_names(lesson: Lesson) -> pd.Series:
    """Each side's name, by side_id, in the order charts show them."""
    return lesson.sides.set_index("side_id")["name"]


def side_order(lesson: Lesson) -> dict[str, tuple[int, str]]:
    """Where each actor sorts, by actor_id: by its side, then by its name (a sort key, worked
    out once rather than per comparison)."""
    rank = {side: number for number, side in enumerate(side_names(lesson).index)}
    return {actor: (rank[side], name) for actor, side, name
            in zip(lesson.actors["actor_id"], lesson.actors["bloc"], lesson.actors["name"])}


SIDE_SHAPES = ("o", "s", "D", "^", "v", "P", "X", "h", "<", ">", "p", "*")
"""Node shapes for the sides, in their order (black outlines on white, so a node's side never
competes with the colours of the relations); they repeat if a package has more sides."""


def side_shapes(lesson: Lesson) -> dict[str, str]:
    """Each side's node shape, by side_id."""
    return {side: SIDE_SHAPES[number % len(SIDE_SHAPES)]
            for number, side in enumerate(side_names(lesson).index)}


def stance_matrix(lesson: Lesson) -> pd.DataFrame:
    """Actors (rows, grouped by bloc) × questions (columns, by label): each cell a stance or NA."""
    actors = lesson.actors.set_index("actor_id")
    labels = lesson.questions.set_index("question_id")["label"]
    matrix = lesson.positions.pivot(index="actor_id", columns="question_id", values="stance")
    matrix = matrix.reindex(columns=list(labels.index)).astype("string")
    order = sorted(matrix.index, key=side_order(lesson).__getitem__)
    matrix = matrix.loc[order]
    sides = side_names(lesson)
    matrix.index = pd.MultiIndex.from_arrays(
        [[sides[actors.loc[a, "bloc"]] for a in order], [actors.loc[a, "name"] for a in order]],
        names=["bloc", "actor"])
    matrix.columns = [labels[q] for q in matrix.columns]
    return matrix


@styled
def stance_chart(matrix: pd.DataFrame, *, highlight: str | None = None,
                 ax: Axes | None = None) -> Axes:
    """A grid of stances: ✓ supports, ✗ opposes, ~ conditional, ? unclear; blank where the
    article gives the actor no stance. ``highlight`` (an actor's name) marks that row."""
    blocs = list(matrix.index.get_level_values("bloc"))
    headers, labels, positions, y = [], [], [], 0
    for number, (bloc, actor) in enumerate(matrix.index):
        if number == 0 or bloc != blocs[number - 1]:  # the side, once, above its actors
            headers.append((y, bloc))
            y += 1
        labels.append(actor)
        positions.append(y)
        y += 1
    rows = y
    ax = axes_or_new(ax, 12, 0.4 * rows + 3.2)
    for y, bloc in headers:
        if y:
            ax.axhline(y - 0.5, color=PALETTE["black"], linewidth=0.8)
        ax.text(-0.45, y, bloc, ha="left", va="center", fontsize=11, style="italic",
                fontweight="bold", color="#404040")
    for y, ((_bloc, actor), stances) in zip(positions, matrix.iterrows()):
        if actor == highlight:
            ax.axhspan(y - 0.5, y + 0.5, color=PALETTE["yellow"], alpha=0.35, zorder=0)
        for x, stance in enumerate(stances):
            if pd.notna(stance):
                mark, colour = STANCE_MARKS[stance]
                ax.text(x, y, mark, ha="center", va="center", fontsize=16, color=colour,
                        fontweight="bold")
    ax.set_xticks(range(len(matrix.columns)),
                  [textwrap.fill(label, 12, break_long_words=False) for label in matrix.columns], fontsize=9)
    ax.xaxis.tick_top()
    ax.set_yticks(positions, labels)
    ax.set_xlim(-0.5, len(matrix.columns) - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.grid(True, color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(length=0)
    ax.set_title("Stances on the contested questions (blank: the article gives none)")
    legend = ax.legend(handles=[Line2D([], [], linestyle="", label=f"{mark}  {STANCE_WORDS[stance]}")
                                for stance, (mark, _) in STANCE_MARKS.items()],
                       loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
                       handlelength=0, handletextpad=0)
    for text, (_, colour) in zip(legend.get_texts(), STANCE_MARKS.values()):
        text.set_color(colour)
        text.set_fontweight("bold")
    return ax


STANCE_WORDS = {"supports": "supports, or says it is so", "opposes": "opposes, or says it is not so",
                "conditional": "on a condition", "unclear": "unclear"}
"""The legend's words: a question of fact is answered 'it is so' or 'it is not so', a question
of judgement 'supports' or 'opposes'."""


def describe_stances(matrix: pd.DataFrame) -> str:
    """One paragraph saying what the stance grid shows."""
    filled = matrix.notna().sum()
    most = filled.idxmax()
    opposed = [q for q in matrix.columns
               if {"supports", "opposes"} <= set(matrix[q].dropna())]
    return (
        f"A grid of {len(matrix)} actors (rows, grouped by side) and {len(matrix.columns)} "
        f"contested questions (columns). {int(matrix.notna().sum().sum())} cells hold a stance; "
        f"the rest are blank because the article reports no stance. The question with most "
        f"stances is '{most}' ({int(filled[most])})."
        + (f" Actors disagree outright (some support, some oppose) on: {'; '.join(opposed)}."
           if opposed else " On no question do some actors support and others oppose.")
    )


def stance_evidence(lesson: Lesson) -> pd.DataFrame:
    """Every stance with who holds it, on which question, and the article's words behind it."""
    names = lesson.actors.set_index("actor_id")["name"]
    labels = lesson.questions.set_index("question_id")["label"]
    words = lesson.statements.set_index("statement_id")["article_text"]
    positions = lesson.positions
    return pd.DataFrame({
        "actor": positions["actor_id"].map(names),
        "question": positions["question_id"].map(labels),
        "stance": positions["stance"],
        "evidence (the article's words)": positions["statement_id"].map(words),
        "how it is read": readable(lesson, positions["note"]),
    })


def relation_table(lesson: Lesson) -> pd.DataFrame:
    """Every relation with both actors' names and the words of its evidence."""
    names = lesson.actors.set_index("actor_id")["name"]
    words = lesson.statements.set_index("statement_id")["article_text"]
    relations = lesson.relations
    return pd.DataFrame({
        "from": relations["source_id"].map(names),
        "relation": relations["relation"].astype("string").str.replace("_", " "),
        "to": relations["target_id"].map(names),
        "evidence": relations["statement_id"].map(words),
        "note": readable(lesson, relations["note"]),
    })


def network_layout(lesson: Lesson) -> dict[str, tuple[float, float]]:
    """Positions on a circle for every actor in a relation, sides kept together."""
    ids = sorted(set(lesson.relations["source_id"]) | set(lesson.relations["target_id"]),
                 key=side_order(lesson).__getitem__)
    step = 2 * math.pi / len(ids)
    return {a: (math.cos(math.pi / 2 - i * step), math.sin(math.pi / 2 - i * step))
            for i, a in enumerate(ids)}


@styled
def network_chart(lesson: Lesson, *, highlight: str | None = None, ax: Axes | None = None) -> Axes:
    """Actors on a circle, grouped by side, joined by their relations (colour, line style and
    arrow per kind). ``highlight`` (an actor_id) fades every relation it is not part of."""
    ax = axes_or_new(ax, 11, 8)
    layout = network_layout(lesson)
    actors = lesson.actors.set_index("actor_id")
    shapes = side_shapes(lesson)
    drawn: dict[frozenset, int] = {}  # a second relation between the same two bends further
    for row in lesson.relations.itertuples():
        pair = frozenset((row.source_id, row.target_id))
        bend = 0.08 + 0.18 * drawn.get(pair, 0)
        drawn[pair] = drawn.get(pair, 0) + 1
        colour, style, arrow = RELATION_STYLES[row.relation]
        faded = highlight is not None and highlight not in (row.source_id, row.target_id)
        line = ax.annotate(
            "", xy=layout[row.target_id], xytext=layout[row.source_id],
            arrowprops={"arrowstyle": arrow, "color": colour, "linestyle": style,
                        "linewidth": 1.0 if faded else 2.0, "alpha": 0.2 if faded else 1,
                        "shrinkA": 12, "shrinkB": 12, "connectionstyle": f"arc3,rad={bend}"})
        line.set_gid(DYNAMIC)  # a highlight fades lines and rings one node, nothing else
    for actor, (x, y) in layout.items():
        node, = ax.plot(x, y, shapes[actors.loc[actor, "bloc"]], markersize=11,
                        markerfacecolor="white", markeredgecolor=PALETTE["black"],
                        markeredgewidth=1.8)
        node.set_gid(DYNAMIC)
        if actor == highlight:
            ring, = ax.plot(x, y, "o", markersize=22, markerfacecolor="none",
                            markeredgecolor=PALETTE["black"], markeredgewidth=2)
            ring.set_gid(DYNAMIC)
        name = textwrap.fill(actors.loc[actor, "name"], 24, break_long_words=False)
        ax.text(x * 1.09, y * 1.09, name, fontsize=10,
                ha="left" if x > 0.05 else "right" if x < -0.05 else "center",
                va="bottom" if y > 0 else "top")
    relation_handles = [Line2D([], [], color=c, linestyle=s, linewidth=2,
                               label=name.replace("_", " ") + (" →" if a == "->" else ""))
                        for name, (c, s, a) in RELATION_STYLES.items()
                        if name in set(lesson.relations["relation"])]
    relations_key = ax.legend(handles=relation_handles, loc="upper left",
                              bbox_to_anchor=(1.0, 1.0), frameon=False, title="relation")
    ax.add_artist(relations_key)
    shown_sides = {actors.loc[actor, "bloc"] for actor in layout}
    ax.legend(handles=[Line2D([], [], marker=shapes[side], linestyle="", markersize=10,
                              markerfacecolor="white", markeredgecolor=PALETTE["black"],
                              markeredgewidth=1.8, label=name)
                       for side, name in side_names(lesson).items() if side in shown_sides],
              loc="lower left", bbox_to_anchor=(1.0, 0.0), frameon=False,
              title="side (the lesson's grouping)")
    ax.set_xlim(-2.0, 1.9)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(network_title(set(lesson.relations["relation"].astype(str))))
    return ax


def network_title(kinds: set[str]) -> str:
    """The network chart's title, from the kinds of relation it draws (a war, a council vote)."""
    friendly, hostile = bool(kinds & set(FRIENDLY)), bool(kinds & set(HOSTILE))
    stance = ("stands with and against" if friendly and hostile else "stands with" if friendly
              else "is at odds with" if hostile else "meets")
    return f"Who {stance} whom, in the article"


def describe_network(lesson: Lesson) -> str:
    """One paragraph saying what the network chart shows."""
    relations = lesson.relations
    counts = relations["relation"].value_counts()
    counts = counts[counts > 0]
    names = lesson.actors.set_index("actor_id")["name"]
    targets = sorted(set(relations.loc[relations["relation"] == "fights", "target_id"].map(names)))
    pairs = relations.assign(pair=[frozenset(p) for p in zip(relations["source_id"],
                                                              relations["target_id"])])
    twice = [pair for pair, group in pairs.groupby("pair") if len(group) > 1]
    return (
        f"{len(layout_ids(lesson))} actors on a circle, each side kept together, joined by "
        f"{len(relations)} relations the article states: "
        + ", ".join(f"{n} {r.replace('_', ' ')}" for r, n in counts.items()) + "."
        + (f" Every 'fights' line ends at {word_list(targets)}." if targets else "")
        + "".join(f" {' and '.join(sorted(names[list(pair)]))} are joined more than once."
                  for pair in twice)
    )


def layout_ids(lesson: Lesson) -> set[str]:
    return set(lesson.relations["source_id"]) | set(lesson.relations["target_id"])


def actor_profile(lesson: Lesson, actor_id: str) -> dict[str, pd.DataFrame]:
    """Everything the article says by or about one actor: statements, stances, allies and
    adversaries (from the relations, in both directions)."""
    names = lesson.actors.set_index("actor_id")["name"]
    statements = lesson.statements
    said = statements[statements["speaker_id"] == actor_id]
    labels = lesson.questions.set_index("question_id")["label"]
    stances = lesson.positions[lesson.positions["actor_id"] == actor_id]
    relations = lesson.relations[(lesson.relations["source_id"] == actor_id)
                                 | (lesson.relations["target_id"] == actor_id)]
    other = relations["target_id"].where(relations["source_id"] == actor_id,
                                         relations["source_id"])
    linked = pd.DataFrame({"actor": other.map(names),
                           "relation": relations["relation"].astype("string").str.replace("_", " "),
                           "direction": ["→ them" if s == actor_id else "← from them"
                                         for s in relations["source_id"]]})
    return {
        "statements": pd.DataFrame({"line": said["paragraph"], "kind": said["kind"],
                                    "words": said["article_text"]}),
        "stances": pd.DataFrame({"question": stances["question_id"].map(labels),
                                 "stance": stances["stance"],
                                 "note": readable(lesson, stances["note"])}),
        "allies": linked[relations["relation"].isin(FRIENDLY).to_numpy()],
        "adversaries": linked[relations["relation"].isin(HOSTILE).to_numpy()],
    }


def actor_explorer(lesson: Lesson) -> Explorer:
    """Pick an actor: their relations are picked out in the network, and everything the article
    says by or about them is listed below (statements, stances, allies, adversaries)."""
    actors = lesson.actors.set_index("actor_id")
    ids = sorted(layout_ids(lesson) | set(lesson.positions["actor_id"]),
                 key=lambda a: actors.loc[a, "name"])
    actor = widgets.Dropdown(options=[(actors.loc[a, "name"], a) for a in ids], value=ids[0],
                             description="Actor", layout=widgets.Layout(width="28em"))

    def render(ax, actor: str):
        profile = actor_profile(lesson, actor)
        panel = join(
            join([element("p", element("strong", title)),
                  small_table(frame) if len(frame)
                  else element("p", element("em", "none in the article"))])
            for title, frame in (("What they say", profile["statements"]),
                                 ("Their stances", profile["stances"]),
                                 ("Allies and backers", profile["allies"]),
                                 ("Adversaries and disputes", profile["adversaries"])))
        name = actors.loc[actor, "name"]
        return (network_chart(lesson, highlight=actor, ax=ax),
                f"{describe_network(lesson)} The relations of {name} are picked out.", panel)

    return Explorer({"actor": actor}, render, blit=True)
