"""Merging (issue 8, point 6): mentions from different inputs are one event
only for the same incident -- the same day within their precision, both
placed within ``SAME_PLACE_KM`` (under the issue's 25 km), the same act and
compatible actors; otherwise they stay apart. A place-less mention merges only
within its own input. A place-less event takes the one country the user gave."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.lexicon import load_lexicon
from sitrep.merge import SAME_PLACE_KM, UCDP_COUNTRY, cluster, same_incident, to_event
from sitrep.records import Actor, EventMention, Place

# Sibi and Quetta (Balochistan, GeoNames cities500), about 90 km apart.
SIBI = Place(1164909, "Sibi", 29.543, 67.8773, "PK", "Pakistan", admin1="Balochistan")
QUETTA = Place(1167528, "Quetta", 30.1841, 67.0014, "PK", "Pakistan", admin1="Balochistan")
# A second GeoNames entry a few km from Sibi (two spellings of one town).
NEAR_SIBI = Place(9, "Sibi Cantonment", 29.56, 67.90, "PK", "Pakistan", admin1="Balochistan")
ARMY = Actor("Military Forces of Pakistan (2024-)", 1, country="PK")
BLA = Actor("BLA: Baloch Liberation Army", 2, country="PK")
GUNMEN = Actor("Unidentified Armed Group (Pakistan)", 3, country="PK")
POLICE = Actor("Police Forces of Pakistan (2024-)", 1, country="PK")
TUESDAY = dt.date(2025, 3, 11)


def _mention(
    doc_id: str,
    place: Place | None = SIBI,
    day: dt.date | None = TUESDAY,
    *,
    precision: int = 1,
    end: dt.date | None = None,
    **values: object,
) -> EventMention:
    return EventMention(
        doc_id=doc_id,
        index=0,
        event_type=str(values.pop("event_type", "Battles")),
        sub_event_type=str(values.pop("sub_event_type", "Armed clash")),
        trigger="clashed",
        evidence=[],
        place=place,
        event_date=day,
        date_start=day,
        date_end=end or day,
        time_precision=precision if day else None,
        actor1=values.pop("actor1", ARMY),  # type: ignore[arg-type]
        actor2=values.pop("actor2", BLA),  # type: ignore[arg-type]
        **values,  # type: ignore[arg-type]
    )


def test_the_same_incident_in_two_inputs_is_one_event() -> None:
    assert same_incident(_mention("a"), _mention("b"))
    assert same_incident(_mention("a"), _mention("b", NEAR_SIBI))  # a few km apart
    # Actor order means nothing in a battle; unnamed gunmen can be the named group.
    assert same_incident(_mention("a"), _mention("b", actor1=BLA, actor2=ARMY))
    assert same_incident(_mention("a"), _mention("b", actor2=GUNMEN))
    # A week-precision report of the same clash overlaps the day.
    week = _mention("b", day=dt.date(2025, 3, 10), end=dt.date(2025, 3, 16), precision=2)
    assert same_incident(_mention("a"), week)


@pytest.mark.parametrize(
    "other",
    [
        _mention("b", QUETTA),  # another town, ~90 km away
        _mention("b", day=dt.date(2025, 3, 12)),  # the next day
        _mention("b", None),  # no place: nothing shows it is the same incident
        _mention("b", day=None),  # no date
        _mention("b", actor1=POLICE),  # other actors
        _mention("b", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike"),
    ],
)
def test_different_incidents_of_two_inputs_stay_apart(other: EventMention) -> None:
    assert not same_incident(_mention("a"), other)
    assert len(cluster([_mention("a"), other])) == 2


def test_same_place_is_within_the_issue_limit() -> None:
    assert SAME_PLACE_KM <= 25.0


def test_place_less_mentions_merge_only_within_their_input() -> None:
    assert same_incident(_mention("a", None), _mention("a", None))
    assert not same_incident(_mention("a", None), _mention("b", None))
    assert len(cluster([_mention("a", None), _mention("b", None), _mention("a", None)])) == 2


def test_each_input_keeps_its_own_figure() -> None:
    lexicon = load_lexicon()
    a = _mention("a", QUETTA, fatalities_low=4, fatalities_best=4, fatalities_high=4)
    b = _mention("b", SIBI, fatalities_low=21, fatalities_best=21, fatalities_high=21)
    events = [to_event(g, lexicon, {}) for g in cluster([a, b])]
    assert sorted(e.fatalities for e in events) == [4, 21]


def test_an_unplaced_event_takes_the_one_given_country() -> None:
    lexicon = load_lexicon()
    event = to_event([_mention("a", None, context_country="PK")], lexicon, {})
    assert (event.country, event.iso) == ("Pakistan", 586)
    # No place is coded: ACLED has no country-level geo_precision.
    assert (event.location, event.admin1, event.latitude, event.geo_precision) == (
        None,
        None,
        None,
        None,
    )
    assert event.where_prec == UCDP_COUNTRY
    assert "in Pakistan;" in event.notes
    unknown = to_event([_mention("a", None)], lexicon, {})
    assert (unknown.country, unknown.iso, unknown.where_prec) == (None, None, None)
    placed = to_event([_mention("a", SIBI, context_country="IN")], lexicon, {})
    assert placed.country == "Pakistan"  # a place found is never overruled


def test_a_divided_total_is_noted() -> None:
    lexicon = load_lexicon()
    share = _mention("a", fatalities_low=17, fatalities_best=17, fatalities_shares=[17, 16])
    event = to_event([share], lexicon, {})
    assert event.fatalities == 17
    assert "from a total of 33 reported over 2 days divided among them (17/16" in event.notes
