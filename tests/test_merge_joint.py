"""One report telling the same strike by two state forces: one joint operation
(merge._joint); anything less alike stays apart."""

from __future__ import annotations

import datetime as dt

from sitrep.merge import same_incident
from sitrep.records import Actor, EventMention, Place

RAMADI = Place(99, "Ramadi", 33.4258, 43.2992, "IQ", "Iraq")
IRAQ = Actor("Military Forces of Iraq (2022-)", 1, country="IQ")
US = Actor("Military Forces of the United States (2025-)", 1, country="US")
IS = Actor("Islamic State", 2)
PKK = Actor("PKK: Kurdistan Workers Party", 2)


def _strike(doc_id: str, actor1: Actor, actor2: Actor | None, **values: object) -> EventMention:
    day = dt.date(2025, 3, 13)
    fields: dict[str, object] = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        **values,
    }
    return EventMention(
        doc_id=doc_id,
        index=0,
        trigger="airstrike",
        evidence=[],
        place=RAMADI,
        event_date=day,
        date_start=day,
        date_end=day,
        time_precision=1,
        actor1=actor1,
        actor2=actor2,
        **fields,  # type: ignore[arg-type]
    )


def test_two_forces_striking_one_side_in_one_report_are_one_operation() -> None:
    assert same_incident(_strike("d1", IRAQ, None), _strike("d1", US, IS))
    assert same_incident(_strike("d1", IRAQ, IS), _strike("d1", US, IS))


def test_joint_only_within_one_report_against_one_side() -> None:
    assert not same_incident(_strike("d1", IRAQ, IS), _strike("d2", US, IS))
    assert not same_incident(_strike("d1", IRAQ, IS), _strike("d1", US, PKK))
    civilians = Actor("Civilians (Iraq)", 7, country="IQ")
    attack = {"event_type": "Violence against civilians", "sub_event_type": "Attack"}
    assert not same_incident(
        _strike("d1", IRAQ, civilians, **attack), _strike("d1", US, civilians, **attack)
    )
