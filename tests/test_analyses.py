"""The analyses behind the charts: values checked against the data and against known geometry."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from raqqa_lesson import places, positions, record, sources, timelines


def test_great_circle_matches_a_known_distance():
    # London (51.5074 N, 0.1278 W) to Paris (48.8566 N, 2.3522 E) is about 343.5 km
    assert places.great_circle_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.5, abs=1)
    assert places.bearing_degrees(0, 0, 0, 1) == pytest.approx(90)
    assert places.compass(100) == "east"


def test_distance_check_compares_with_the_articles_words(lesson):
    """Expected values computed here independently: the spherical law of cosines on the
    gazetteer's points (GeoNames 170063 Aleppo, 172955 Raqqa), not the library's haversine."""
    table = places.distance_check(lesson)
    assert list(table["the article says"]) == ["160 km, to the east", "100 miles, to the east"]
    lat1, lon1, lat2, lon2 = map(math.radians, (36.20124, 37.16117, 35.95283, 39.00788))
    km = 6371.0088 * math.acos(math.sin(lat1) * math.sin(lat2)
                               + math.cos(lat1) * math.cos(lat2) * math.cos(lon2 - lon1))
    assert round(km) == 168
    assert table["the coordinates give"].iloc[0].startswith(f"{km:.0f} km, to the east")
    assert table["the coordinates give"].iloc[1].startswith(f"{km / 1.609344:.0f} miles")
    assert table["difference"].iloc[0] == "+8 km (+5%); same direction"


def test_distance_to_a_place_without_coordinates_says_why(lesson):
    with pytest.raises(ValueError, match="northern Syria has no sourced coordinates"):
        places.distance(lesson, "northern_syria", "raqqa")


def test_numbers_keep_hedges_and_speakers(lesson):
    table = places.numbers(lesson).set_index("what")
    assert table.loc["IS fighters based in Raqqa", "hedge"] == "Based on various estimates; up to; might be"
    assert table.loc["additional US personnel that may be deployed", "given by"] == "unnamed US official"


def test_quote_forms_follow_the_quotation_marks(lesson):
    table = sources.statement_table(lesson)
    assert table.loc["konashenkov_not_easy", "form"] == "direct quote"
    assert table.loc["ledrian_days_away", "form"] == "partial quote"
    assert table.loc["selo_two_weeks", "form"] == "paraphrase"
    assert table.loc["lede_partnership_lacking", "form"] == "outlet's own voice"
    assert table.loc["selo_two_weeks", "path to the reader"] == "Talal Selo → Al-Watan → RT"


def test_forecast_windows_follow_the_readings(lesson):
    table = timelines.forecast_windows(lesson).set_index("forecast_id")
    le_drian = table.loc["f_ledrian_coming_days"]
    said = pd.Timestamp("2017-03-24")
    assert (le_drian["window_start"], le_drian["window_end"]) == (said + pd.Timedelta(days=1),
                                                                  said + pd.Timedelta(days=10))
    began = lesson.events.set_index("event_id").loc["r_raqqa_battle_begins", "earliest"]
    assert le_drian["days_off"] == (began - le_drian["window_end"]).days
    assert le_drian["verdict"] == "later than the window"
    assert table.loc["f_konashenkov_not_easy", "verdict"] == "no time given"
    assert table.loc["f_us_troops", "verdict"] == "not settled by the record"


def test_a_wide_enough_reading_puts_the_outcome_inside(lesson):
    table = timelines.forecast_windows(lesson, {"f_ledrian_coming_days": (1, 80)})
    row = table.set_index("forecast_id").loc["f_ledrian_coming_days"]
    assert (row["verdict"], row["days_off"]) == ("within the window", 0)
    early = timelines.forecast_windows(lesson, {"f_ledrian_coming_days": (100, 120)})
    assert early.set_index("forecast_id").loc["f_ledrian_coming_days", "days_off"] < 0


def test_known_by_and_claimed_by_respect_the_date(lesson):
    day = dt.date(2017, 3, 24)
    known = timelines.known_by(lesson, day)
    assert (known["date"] <= pd.Timestamp(day)).all()
    assert known["date"].is_monotonic_increasing
    assert "SDF begins the battle to capture Raqqa city" not in set(known["what happened"])
    claimed = timelines.claimed_by(lesson, day)
    assert "in the coming days" in set(claimed["forecast"])
    assert "will take several months" in set(claimed["forecast"])  # said to AFP on 24 March
    assert "will not be easy" not in set(claimed["forecast"])  # said on Saturday 25 March


def test_stance_matrix_holds_every_position(lesson):
    matrix = positions.stance_matrix(lesson)
    assert int(matrix.notna().sum().sum()) == len(lesson.positions)
    assert matrix.loc[("Turkey", "Turkish government"), "Turkey should take part?"] == "conditional"


def test_actor_profile_reads_relations_both_ways(lesson):
    profile = positions.actor_profile(lesson, "us")
    assert set(profile["allies"]["actor"]) == {"Syrian Democratic Forces (SDF)", "Turkey"}
    assert set(profile["adversaries"]["actor"]) == {"Syrian government", "Turkey"}
    assert profile["statements"].empty  # the US government never speaks in the article


def test_claims_vs_record_pairs_article_and_record(lesson):
    table = record.claims_vs_record(lesson)
    row = "Syrian army takes Dayr Hafir (as Sputnik's source says)"  # a title, not an id
    assert row in table.index
    assert "29 Mar 2017" in table.loc[row, "the record says"]
    assert "“on Friday”" in table.loc[row, "the article says"]


def test_sources_of_record_cite_every_record_event(lesson):
    table = record.sources_of_record(lesson)
    assert len(table) == (lesson.events["source_kind"] == "record").sum()
    assert table["address"].str.contains("http").all()


def test_long_owner_lines_are_given_once_per_source(lesson):
    lines = sources.outlet_lines(lesson)
    for table, name in [(record.sources_of_record(lesson), "source"),
                        (record.claim_checks(lesson), "source"),
                        (sources.coverage_table(lesson), "outlet")]:
        owned = table["owned and funded"]
        assert owned.isin(lines).sum() == table[name].replace("", pd.NA).nunique()
        pointer = owned.str.startswith("as for ")
        assert pointer.any()
        assert (owned[pointer] == "as for " + table.loc[pointer, name] + " above").all()
        first = owned.isin(lines)
        assert table.loc[first, name].is_unique
    words = sources.coverage_table(lesson)["the article's words"]
    assert (words != "(as above)").sum() == lesson.coverage["statement_id"].nunique()


def test_stance_evidence_names_actor_question_and_words(lesson):
    table = positions.stance_evidence(lesson)
    assert len(table) == len(lesson.positions)
    turkey = table[(table["actor"] == "Turkish government")
                   & (table["question"] == "Kurdish forces should take part?")].iloc[0]
    assert turkey["stance"] == "opposes"
    assert "would involve the Kurds" in turkey["evidence (the article's words)"]
