"""Who says what, through whom: the article's publisher, its speakers and its attribution chains."""

from __future__ import annotations

import pandas as pd

from raqqa_lesson.datapackage import Lesson, chain_links


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
        ("publisher's ownership", "" if publisher is None else publisher["ownership"]),
        ("published", published),
        ("address", article.url or "not established"),
        ("words", f"{len(article.text.split()):,}"),
        *((f"{credit['for']} credit", f"{credit['caption']}: {credit['credit']}")
          for credit in article.credits),
        ("what is not known", article.notes),
    ]
    return pd.DataFrame({"value": [value for _, value in rows]}, index=[key for key, _ in rows])


def speakers(lesson: Lesson) -> pd.DataFrame:
    """One row per speaker: how often the article gives them a voice, and how.

    Columns: name, kind of actor, statements, direct quotes, and the chains their words came
    through to the publisher ("cnews > rt"). Sorted with the most-heard speaker first.
    """
    statements = lesson.statements
    actors = lesson.actors.set_index("actor_id")
    publisher = lesson.article.publisher_id
    grouped = statements.groupby("speaker_id", observed=True)
    table = pd.DataFrame({
        "statements": grouped.size(),
        "direct quotes": grouped["direct_quote"].sum().astype("Int64"),
        "reported via": grouped["reported_via"].agg(
            lambda chains: "; ".join(sorted({" > ".join(chain_links(c)) or publisher for c in chains}))
        ),
    })
    table.insert(0, "kind", actors.loc[table.index, "kind"].astype("string"))
    table.insert(0, "name", actors.loc[table.index, "name"])
    table.index.name = "speaker_id"
    return table.sort_values(["statements", "name"], ascending=[False, True])
