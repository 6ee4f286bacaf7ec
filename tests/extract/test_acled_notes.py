"""ACLED-style coded notes as input (`sitrep eval` on an ACLED export reads the
notes column as the document): bracketed admin1 after the place, "N
fatalities" / "Fatalities coded as N" restating the toll, the intervention
told in the next sentence. The notes are written by the sitrep team in ACLED's
style (ACLED's own notes are not redistributable)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sitrep.api import Sitrep
from sitrep.records import Event

NOTES = {
    "tear-gas": (
        "2019-06-05",
        "On 5 June 2019, protesters gathered in Khartoum to demand civilian "
        "rule. Police fired tear gas to disperse them.",
    ),
    "restated": (
        "2024-08-02",
        "On 2 August 2024, Israeli forces conducted an airstrike on a house in "
        "Khan Younis (Gaza Strip), killing 5 Palestinians. Fatalities coded as "
        "5.",
    ),
    "bracketed": (
        "2018-11-14",
        "On 14 November 2018, rioters burned tires and threw stones at police "
        "in Port-au-Prince (Ouest). Police responded with tear gas.",
    ),
    "follow-up": (
        "2020-04-01",
        "On 1 April 2020, an IED planted by suspected JNIM militants exploded "
        "near a FAMa convoy near Boni (Mopti). 4 soldiers were killed.",
    ),
    "pidgin-like": (
        "2021-10-07",
        "On 7 October 2021, police arrested 12 members of IPOB in Owerri (Imo).",
    ),
    "day-before-month": (
        "2023-01-10",
        "Around 10 January 2023 (as reported), Al Shabaab militants abducted 3 "
        "civilians in Bulo Burte (Hiraan).",
    ),
    "occupied-place": (
        "2022-02-20",
        "On 20 February 2022, Russian forces shelled the village of Stanytsia "
        "Luhanska (Luhansk). No fatalities reported.",
    ),
}


@pytest.fixture(scope="module")
def coded(sitrep: Sitrep, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Event]]:
    folder = tmp_path_factory.mktemp("notes")
    found: dict[str, list[Event]] = {}
    for key, (published, text) in NOTES.items():
        path = folder / f"{key}.jsonl"
        path.write_text(
            json.dumps({"id": key, "text": text, "published": published}) + "\n", encoding="utf-8"
        )
        found[key], _ = sitrep.extract([path])
    return found


def _one(coded: dict[str, list[Event]], key: str) -> Event:
    assert len(coded[key]) == 1, coded[key]
    return coded[key][0]


def test_intervention_in_the_next_sentence(coded: dict[str, list[Event]]) -> None:
    event = _one(coded, "tear-gas")
    assert event.sub_event_type == "Protest with intervention"
    assert (event.actor1, event.location) == ("Protesters (Sudan)", "Khartoum")


def test_restated_toll_is_not_added_twice(coded: dict[str, list[Event]]) -> None:
    event = _one(coded, "restated")
    assert event.sub_event_type == "Air/drone strike" and event.fatalities == 5
    assert event.admin1 == "Gaza Strip"


def test_bracketed_admin1_splits_from_the_place(coded: dict[str, list[Event]]) -> None:
    event = _one(coded, "bracketed")
    assert (event.location, event.admin1, event.geo_precision) == ("Port-au-Prince", "Ouest", 1)
    assert event.actor1 == "Rioters (Haiti)"


def test_unknown_village_falls_back_to_the_bracketed_region_not_abroad(
    coded: dict[str, list[Event]],
) -> None:
    event = _one(coded, "follow-up")  # "4 soldiers were killed." is the IED's toll
    assert event.country == "Mali" and event.admin1 == "Mopti"
    assert event.fatalities == 4
    assert event.actor1 == "JNIM: Group for Support of Islam and Muslims"


def test_short_english_note_is_not_rejected_as_pidgin(coded: dict[str, list[Event]]) -> None:
    event = _one(coded, "pidgin-like")
    assert event.sub_event_type == "Arrests" and event.location == "Owerri"


def test_day_before_a_month_entity(coded: dict[str, list[Event]]) -> None:
    event = _one(coded, "day-before-month")
    assert event.event_date == dt.date(2023, 1, 10) and event.time_precision == 1


def test_place_country_outweighs_actor_nationality(coded: dict[str, list[Event]]) -> None:
    event = _one(coded, "occupied-place")
    assert event.country == "Ukraine" and event.actor1 == "Military Forces of Russia (2000-)"
