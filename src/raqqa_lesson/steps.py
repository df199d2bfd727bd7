"""The steps a lesson page can name: the code cell each becomes, and the data each needs.

A page says ```{step} voices-chart``` where the notebook should show the voices chart; the engine
writes the cell below, the same for every article. A step whose data a package lacks is left out
of the built notebook with a note (``missing``), and ``raqqa-lesson check`` warns about it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from raqqa_lesson.datapackage import Lesson
from raqqa_lesson.places import point_places


@dataclass(frozen=True)
class Step:
    """One step: its code cell, the library modules it uses, and what it needs from the data."""

    code: str
    modules: tuple[str, ...]
    needs: Callable[[Lesson], str | None] = lambda lesson: None


def _rows(table: str, what: str) -> Callable[[Lesson], str | None]:
    return lambda lesson: None if len(lesson.table(table)) else f"the package has no {what}"


def _located(lesson: Lesson) -> str | None:
    located = point_places(lesson.places.dropna(subset=["lat", "lon"]))
    return None if len(located) >= 2 else "fewer than two places drawn as points have coordinates"


def _distances(lesson: Lesson) -> str | None:
    quantities = lesson.quantities.dropna(subset=["place_from", "place_to"])
    return None if len(quantities) else "no number in quantities.csv names place_from and place_to"


def _timed(lesson: Lesson) -> str | None:
    timed = lesson.forecasts.dropna(subset=["horizon_min_days", "horizon_max_days",
                                            "outcome_event_id"])
    return None if len(timed) else "no forecast has both a stated reading and an outcome event"


def _shared(lesson: Lesson) -> str | None:
    events = lesson.events
    kinds = events.groupby("about")["source_kind"].agg(lambda k: set(k.astype(str)))
    if (kinds.map(len) == 2).any():
        return None
    return "no article event shares an 'about' with a record event"


def _record(lesson: Lesson) -> str | None:
    return None if (lesson.events["source_kind"] == "record").any() else "the package has no record events"


def _checks(aspect: str | None = None, *, against_record: bool | None = None
            ) -> Callable[[Lesson], str | None]:
    """Needs checks of one question (``aspect``), or ones made (or not) against a record event."""
    def needs(lesson: Lesson) -> str | None:
        checks = lesson.checks
        if aspect:
            checks = checks[checks["aspect"] == aspect]
        if against_record is not None:
            checks = checks[checks["event_id"].notna() == against_record]
        if len(checks):
            return None
        kind = {True: " against a record event", False: " marked not checkable", None: ""}
        return f"checks.csv has no {aspect + ' ' if aspect else ''}checks{kind[against_record]}"
    return needs


def _chains(lesson: Lesson) -> str | None:
    return None if lesson.statements["reported_via"].notna().any() else \
        "no statement names the chain it reached the publisher through (reported_via)"


STEPS: dict[str, Step] = {
    "article-facts": Step("show.table(sources.article_facts(lesson))", ("show", "sources")),
    "article-text": Step("show.article(lesson.article)", ("show",)),
    "speakers": Step("show.table(sources.speakers(lesson))", ("show", "sources")),
    "statements": Step('show.table(sources.statement_table(lesson)[["line", "speaker", "form", '
                       '"words"]].head(12), index=False)', ("show", "sources")),
    "voices-chart": Step("voices = sources.voices(lesson)\n"
                         "show.chart(sources.voices_chart(voices), sources.describe_voices(voices))",
                         ("show", "sources")),
    "chains-chart": Step("chains = sources.chains(lesson)\n"
                         "show.chart(sources.chain_chart(chains), "
                         "sources.describe_chains(chains, sources.publisher_name(lesson)))",
                         ("show", "sources"), _chains),
    "chain-outlets": Step("show.table(sources.chain_outlets(lesson), index=False)",
                          ("show", "sources"), _rows("outlets", "outlets")),
    "speaker-explorer": Step("sources.speaker_explorer(lesson)", ("sources",)),
    "place-map": Step("show.chart(places.place_map(lesson), places.describe_map(lesson))",
                      ("show", "places"), _located),
    "place-table": Step("show.table(places.place_table(lesson))", ("show", "places"),
                        _rows("places", "places")),
    "distance-check": Step("show.table(places.distance_check(lesson))", ("show", "places"),
                           _distances),
    "distance-explorer": Step("places.distance_explorer(lesson)", ("places",), _located),
    "numbers": Step("show.table(places.numbers(lesson), index=False)", ("show", "places"),
                    _rows("quantities", "numbers (quantities)")),
    "forecast-table": Step("show.table(timelines.forecast_table(lesson), index=False)",
                           ("show", "timelines"), _rows("forecasts", "forecasts")),
    "timeline-chart": Step("windows = timelines.forecast_windows(lesson)\n"
                           "show.chart(timelines.timeline_chart(windows), "
                           "timelines.describe_timeline(windows))", ("show", "timelines"), _timed),
    "lateness": Step("show.table(timelines.lateness(timelines.forecast_windows(lesson)))",
                     ("show", "timelines"), _timed),
    "timeline-explorer": Step("timelines.timeline_explorer(lesson)", ("timelines",), _timed),
    "claimed-by": Step("show.table(timelines.claimed_by(lesson, timelines.article_day(lesson)), "
                       "index=False)", ("show", "timelines"), _rows("forecasts", "forecasts")),
    "known-by": Step("show.table(timelines.known_by(lesson, timelines.article_day(lesson)), "
                     "index=False)", ("show", "timelines"), _record),
    "stance-chart": Step("matrix = positions.stance_matrix(lesson)\n"
                         "show.chart(positions.stance_chart(matrix), "
                         "positions.describe_stances(matrix))", ("show", "positions"),
                         _rows("positions", "positions")),
    "stance-evidence": Step("show.table(positions.stance_evidence(lesson), index=False)",
                            ("show", "positions"), _rows("positions", "positions")),
    "network-chart": Step("show.chart(positions.network_chart(lesson), "
                          "positions.describe_network(lesson))", ("show", "positions"),
                          _rows("relations", "relations")),
    "relation-table": Step("show.table(positions.relation_table(lesson), index=False)",
                           ("show", "positions"), _rows("relations", "relations")),
    "actor-explorer": Step("positions.actor_explorer(lesson)", ("positions",),
                           _rows("relations", "relations")),
    "claims-vs-record": Step("show.table(record.claims_vs_record(lesson))", ("show", "record"),
                             _shared),
    "claims-charts": Step("show.charts(record.claims_charts(lesson))", ("show", "record"), _shared),
    "sources-of-record": Step("show.table(record.sources_of_record(lesson), index=False,\n"
                              '           fold="every source of the record")',
                              ("show", "record"), _record),
    "checks-wording": Step('show.table(record.checks_by_party(lesson, "wording"))',
                           ("show", "record"), _checks("wording")),
    "checks-substance": Step('show.table(record.checks_by_party(lesson, "substance"))',
                             ("show", "record"), _checks("substance")),
    "claim-checks": Step("show.table(record.claim_checks(lesson, checkable=True), index=False,\n"
                         '           fold="every checked claim")',
                         ("show", "record"), _checks(against_record=True)),
    "unchecked-claims": Step("show.table(record.unchecked_claims(lesson), index=False)",
                             ("show", "record"), _checks(against_record=False)),
    "coverage": Step("show.table(sources.coverage_table(lesson), index=False,\n"
                     '           fold="every report from other outlets")', ("show", "sources"),
                     _rows("coverage", "reports from other outlets (coverage)")),
    "outlets": Step("show.table(sources.outlet_table(lesson), index=False)", ("show", "sources"),
                    _rows("outlets", "outlets")),
}
"""Every step a page can name, by name."""


def missing(name: str, lesson: Lesson) -> str | None:
    """Why the package cannot fill step ``name`` (None when it can)."""
    return STEPS[name].needs(lesson)
