"""Golden test: the founding article (examples/seed, The New Arab, January
2017) coded as a careful analyst would (shared/seed/README.md).

The article states every fact twice; each must come out once.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.api import ReadOptions, Sitrep
from sitrep.gazetteer import haversine_km
from sitrep.records import Event, Statistic

from .conftest import SEED

DEIR_EZ_ZOR = (35.336, 40.141)
SYRIA = "Military Forces of Syria (2000-)"
RUSSIA = "Military Forces of Russia (2000-)"
IS = "Islamic State"


@pytest.fixture(scope="module")
def seed(sitrep: Sitrep) -> tuple[list[Event], list[Statistic], str]:
    events, statistics = sitrep.extract([SEED], ReadOptions(published=dt.date(2017, 1, 16)))
    document = next(iter(sitrep.read([SEED])))
    from sitrep.clean import clean

    cleaned = clean(document)  # type: ignore[arg-type]
    return events, statistics, cleaned.text  # type: ignore[union-attr]


def _of(events: list[Event], sub_event_type: str) -> list[Event]:
    return [e for e in events if e.sub_event_type == sub_event_type]


def _actors(e: Event) -> set[str | None]:
    return {e.actor1, e.assoc_actor_1, e.actor2, e.assoc_actor_2}


def test_battles_by_islamic_state(seed: tuple[list[Event], list[Statistic], str]) -> None:
    events, _, _ = seed
    battles = [e for e in events if e.event_type == "Battles" and e.actor1 == IS]
    assert battles, "the IS offensive is a Battles event"
    # "IS ground offensive on the regime-held districts": against the Syrian forces
    # the report has IS fighting elsewhere (the offensive's sentence names no opponent).
    clash = _of(events, "Armed clash")
    assert len(clash) == 1 and clash[0].actor2 == SYRIA
    assert _of(events, "Non-state actor overtakes territory"), "IS cut the airport road"


def test_republican_guard_regains_territory_on_sunday(
    seed: tuple[list[Event], list[Statistic], str],
) -> None:
    events, _, _ = seed
    regained = _of(events, "Government regains territory")
    assert len(regained) == 1
    event = regained[0]
    assert event.actor1 == SYRIA
    assert event.actor2 == IS
    assert event.event_date == dt.date(2017, 1, 15)
    assert event.time_precision == 1
    assert event.attribution == "Pro-regime media"
    assert any("won back" in span.text for span in event.evidence)


def test_shelling_and_suicide_bombers_by_islamic_state(
    seed: tuple[list[Event], list[Statistic], str],
) -> None:
    events, _, _ = seed
    shelling = _of(events, "Shelling/artillery/missile attack")
    suicide = _of(events, "Suicide bomb")
    assert len(shelling) == 1 and shelling[0].actor1 == IS
    assert len(suicide) == 1 and suicide[0].actor1 == IS


def test_syrian_and_russian_air_raids_on_islamic_state(
    seed: tuple[list[Event], list[Statistic], str],
) -> None:
    events, _, _ = seed
    strikes = _of(events, "Air/drone strike")
    assert len(strikes) == 1
    strike = strikes[0]
    assert {strike.actor1, strike.assoc_actor_1} == {SYRIA, RUSSIA}
    assert strike.actor2 == IS
    assert strike.attribution == "unnamed reports"


def test_every_event_at_deir_ez_zor_on_the_weekend(
    seed: tuple[list[Event], list[Statistic], str],
) -> None:
    events, _, _ = seed
    assert events
    for event in events:
        assert event.latitude is not None and event.longitude is not None
        assert haversine_km(event.latitude, event.longitude, *DEIR_EZ_ZOR) < 10
        # ACLED-style (OCHA COD-AB) name, GeoNames' spelling beside it.
        assert (event.admin1, event.admin1_geonames) == ("Deir-ez-Zor", "Deir ez-Zor")
        assert event.country == "Syria"
        assert event.geo_precision == 1
        assert event.event_date is not None
        assert dt.date(2017, 1, 14) <= event.event_date <= dt.date(2017, 1, 15)
        assert event.time_precision in {1, 2}
        if event.time_precision == 2:  # "this weekend": 14-15 January
            assert (event.date_start, event.date_end) == (
                dt.date(2017, 1, 14),
                dt.date(2017, 1, 15),
            )


def test_each_incident_once_although_the_article_repeats_itself(
    seed: tuple[list[Event], list[Statistic], str],
) -> None:
    events, statistics, _ = seed
    keys = [(e.sub_event_type, e.event_date, e.actor1, e.actor2) for e in events]
    assert len(keys) == len(set(keys))
    measures = [(s.measure, s.value) for s in statistics]
    assert len(measures) == len(set(measures))


def test_background_is_not_coded_as_incidents(
    seed: tuple[list[Event], list[Statistic], str],
) -> None:
    events, _, _ = seed
    # "Regime forces have confiscated ... the group claims"; "Those attempting to
    # flee the city are shot by regime forces": ongoing conditions, not incidents.
    assert not _of(events, "Looting/property destruction")
    assert not [e for e in events if e.event_type == "Violence against civilians"]


def test_cumulative_figures_are_statistics_not_fatalities(
    seed: tuple[list[Event], list[Statistic], str],
) -> None:
    events, statistics, _ = seed
    by_value = {s.value: s for s in statistics}
    assert by_value[115_000].measure == "trapped"
    assert by_value[210].measure == "killed"
    assert by_value[210].victims == "civilians"
    assert by_value[210].perpetrator in {"IS", IS}
    assert by_value[52].measure == "starved"
    assert by_value[30].measure == "killed"
    assert by_value[30].qualifier == "around"
    assert all(e.fatalities == 0 and e.fatalities_high == 0 for e in events)


def test_evidence_spans_point_at_the_sentences(
    seed: tuple[list[Event], list[Statistic], str],
) -> None:
    events, statistics, text = seed
    for record in [*events, *statistics]:
        assert record.evidence
        for span in record.evidence:
            assert text[span.start : span.end] == span.text
    assert (
        "115,000 residents trapped"
        in next(s for s in statistics if s.value == 115_000).evidence[0].text
    )
