"""Who says what, through whom: the tables behind notebook 00 and 01."""

from __future__ import annotations

import re

from raqqa_lesson import show, sources


def test_article_facts_state_what_is_not_known(lesson):
    facts = sources.article_facts(lesson)["value"]
    assert facts["publisher"] == "RT"
    assert facts["address"] == "not established"
    assert "25 or 26 March 2017" in facts["published"]
    assert "TV-Novosti" in facts["publisher's owner"]
    assert "subsidies from the Russian federal government" in facts["publisher's funding"]
    assert facts["photo credit"] == "Syrian soldiers: © Rodi Said / Reuters"
    assert int(facts["words"]) == len(lesson.article.text.split())


def test_speakers_count_every_statement_once(lesson):
    table = sources.speakers(lesson)
    assert table["statements"].sum() == len(lesson.statements)
    assert table["statements"].is_monotonic_decreasing
    assert table.index[0] == "RT"  # the outlet's own voice is the largest
    le_drian = table.loc["Jean-Yves Le Drian"]
    assert le_drian["reported via"] == "CNEWS → RT"  # names, never ids
    assert le_drian["direct quotes"] == 3
    assert table.loc["Igor Konashenkov", "reported via"] == "RT; unnamed reporters → RT"


def test_article_is_shown_with_the_paragraph_numbers_statements_use(lesson):
    html = show.article(lesson.article).data
    numbered = dict(re.findall(r">(\d+)</td><td[^>]*>([^<]*)<", html))
    for row in lesson.statements.itertuples():
        assert row.article_text.replace('"', "&quot;").replace("'", "&#x27;") in numbered[
            str(row.paragraph)], row.statement_id


def test_shown_tables_are_the_same_on_every_run(lesson):
    first, second = show.table(sources.speakers(lesson)), show.table(sources.speakers(lesson))
    assert first._repr_html_() == second._repr_html_()
    assert "0x" not in repr(first)
    assert "Jean-Yves Le Drian" in repr(first)
