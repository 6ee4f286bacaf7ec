"""Small stores built by hand in tmp dirs: the report tests need no model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest

from sitrep.records import Document, Event, EvidenceSpan, Statistic
from sitrep.store import Store


def make_event(
    event_id: str,
    day: dt.date,
    *,
    event_type: str = "Battles",
    sub_event_type: str = "Armed clash",
    fatalities: int = 0,
    high: int | None = None,
    country: str = "Syria",
    admin1: str | None = "Deir ez-Zor",
    location: str | None = "Deir ez-Zor",
    coordinates: tuple[float, float] | None = (35.33, 40.14),
    actor1: str = "Military Forces of Syria (2000-)",
    actor2: str | None = "Islamic State",
    inter1: int = 1,
    inter2: int | None = 2,
    doc_ids: Sequence[str] = ("doc-a",),
    confidence: float = 0.8,
    evidence: str = "Government forces clashed with IS fighters.",
) -> Event:
    """An event with ACLED's fields, sensible for a Deir ez-Zor battle by default."""
    interaction = (
        int(f"{min(inter1, inter2 or 0)}{max(inter1, inter2 or 0)}") if inter2 else (inter1 * 10)
    )
    return Event(
        event_id=event_id,
        doc_ids=list(doc_ids),
        event_date=day,
        time_precision=1,
        date_start=day,
        date_end=day,
        disorder_type="Political violence",
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=actor1,
        assoc_actor_1=None,
        inter1=inter1,
        actor2=actor2,
        assoc_actor_2=None,
        inter2=inter2,
        interaction=interaction,
        civilian_targeting="",
        iso=760,
        country=country,
        admin1=admin1,
        admin2=None,
        location=location,
        latitude=coordinates[0] if coordinates else None,
        longitude=coordinates[1] if coordinates else None,
        geo_precision=1,
        where_prec=1,
        fatalities=fatalities,
        fatalities_low=fatalities,
        fatalities_best=fatalities,
        fatalities_high=fatalities if high is None else high,
        injuries=0,
        source="",
        notes=f"Note of {event_id}.",
        attribution=None,
        evidence=[EvidenceSpan(doc_ids[0], 0, len(evidence), evidence)],
        confidence=confidence,
    )


def make_statistic(
    statistic_id: str,
    doc_id: str,
    value: int,
    *,
    measure: str = "killed",
    attribution: str | None = "the Syrian Observatory for Human Rights",
    country: str = "Syria",
    location: str | None = "Deir ez-Zor",
    reported: dt.date | None = None,
) -> Statistic:
    """A cumulative figure with who said it."""
    sentence = f"{value} people have been {measure} since the siege began, {attribution} said."
    return Statistic(
        statistic_id=statistic_id,
        doc_id=doc_id,
        measure=measure,
        value=value,
        value_low=value,
        value_high=value,
        qualifier="at least",
        victims="civilians",
        cause="shelling",
        perpetrator="Islamic State",
        period="since 2015",
        date_start=None,
        date_end=reported,
        location=location,
        attribution=attribution,
        evidence=[EvidenceSpan(doc_id, 0, len(sentence), sentence)],
        country=country,
    )


def build_store(
    path: Path,
    events: Sequence[Event],
    statistics: Sequence[Statistic] = (),
    documents: Sequence[Document] = (),
) -> str:
    """Write documents, statistics and events into a new store at ``path``."""
    store = Store(path)
    try:
        doc_ids = {d for e in events for d in e.doc_ids} | {s.doc_id for s in statistics}
        known = {d.id: d for d in documents}
        with store.transaction():
            for doc_id in sorted(doc_ids | set(known)):
                document = known.get(doc_id) or Document(
                    id=doc_id,
                    text="text",
                    url=f"https://www.example.org/{doc_id}",
                    title=f"Report {doc_id}",
                    published=dt.date(2024, 3, 10),
                    language="en",
                )
                store.add_document(document, [], [s for s in statistics if s.doc_id == doc_id])
            store.replace_events([(e, []) for e in events])
    finally:
        store.close()
    return str(path)


@pytest.fixture
def march_store(tmp_path: Path) -> str:
    """March 2024 in Syria and Iraq (with an early-March week before the
    period of the tests, 2024-03-08..14) and one cumulative figure."""
    day = dt.date(2024, 3, 10)
    events = [
        make_event("e1", day, fatalities=12, high=20, doc_ids=("doc-a", "doc-b")),
        make_event("e2", day + dt.timedelta(days=1), event_type="Explosions/Remote violence",
                   sub_event_type="Air/drone strike", fatalities=3),
        make_event("e3", day + dt.timedelta(days=2), event_type="Violence against civilians",
                   sub_event_type="Attack", actor1="Islamic State", inter1=2,
                   actor2="Civilians (Syria)", inter2=7, fatalities=5),
        make_event("e4", day, country="Iraq", admin1="Nineveh", location="Mosul",
                   coordinates=(36.34, 43.13), fatalities=1),
        make_event("e5", day - dt.timedelta(days=5), fatalities=2),  # previous period
        make_event("e6", day + dt.timedelta(days=3), coordinates=None, location=None,
                   admin1=None, event_type="Strategic developments",
                   sub_event_type="Looting/property destruction"),
    ]  # fmt: skip
    statistics = [make_statistic("s1", "doc-a", 210, reported=day)]
    return build_store(tmp_path / "march.db", events, statistics)
