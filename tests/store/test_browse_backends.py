"""The workbench's reads (``sitrep.browse``: pages, map grid, timeline,
filter values, one event with everything behind it) and analysts'
corrections give the same answers on PostgreSQL as on SQLite."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from sitrep import browse
from sitrep.api import Sitrep
from sitrep.browse import EventFilter
from sitrep.store import EventQuery, Store, problems

from ..conftest import EXAMPLES

SAMPLE = EXAMPLES / "voa_sample.jsonl"


def _fill(sitrep: Sitrep, database: str) -> None:
    """The bundled sample, and two corrections of its first event and one
    "not an event" of its second (times set aside: they are the clock's)."""
    assert sitrep.ingest([SAMPLE], database=database).stored == 12
    store = Store(database)
    try:
        first, second = [e.event_id for e in store.events()][:2]
        with store.transaction():
            store.add_corrections(first, {"fatalities": 7, "actor2": "Civilians (Syria)"}, "ana")
            store.add_corrections(second, {"not_an_event": True}, "ana")
    finally:
        store.close()


def _answers(database: str) -> dict[str, Any]:
    store = Store(database)
    try:
        everything = EventFilter()
        located = EventFilter(bbox=(-180.0, -90.0, 180.0, 90.0), min_confidence=0.1)
        searched = EventFilter(EventQuery(actor="a"), text="kill")
        # Every machine-coded event, the one marked "not an event" too.
        ids = [r[0] for r in store.rows("SELECT event_id FROM events ORDER BY event_id")]
        answers: dict[str, Any] = {
            "page": browse.page(store, everything, sort="fatalities", descending=True),
            "page_located": browse.page(store, located, sort="confidence", limit=3, offset=1),
            "page_searched": browse.page(store, searched),
            "page_beyond": browse.page(store, everything, offset=10_000),
            "count": browse.count(store, located),
            # Sums of coordinates: equal but for the order of float additions.
            "grid": sorted(
                (round(c.latitude, 9), round(c.longitude, 9), c.count, c.fatalities, c.event_type)
                for c in browse.grid(store, everything, 5.0)
            ),
            "timeline_day": browse.timeline(store, everything),
            "timeline_month": browse.timeline(store, everything, by="month"),
            "facets": browse.facets(store),
            "details": [browse.detail(store, event_id) for event_id in ids],
            "corrections": [(c.event_id, c.field, c.old, c.new) for c in store.corrections()],
            "statistics": store.statistics(),
            "documents": store.documents(),
            "span": store.event_date_span(),
            "problems": problems(store),
        }
    finally:
        store.close()
    for detail in answers["details"]:  # when a correction was made is the clock's
        detail.corrections = [replace(c, created_at="") for c in detail.corrections]
    return answers


@pytest.fixture(scope="module")
def sqlite_answers(sitrep: Sitrep, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    database = str(tmp_path_factory.mktemp("reference") / "reference.db")
    _fill(sitrep, database)
    return _answers(database)


def test_the_workbench_reads_the_same_on_both_backends(
    sitrep: Sitrep, store_url: str, sqlite_answers: dict[str, Any]
) -> None:
    _fill(sitrep, store_url)
    answers = _answers(store_url)
    assert answers["page"].total == len(answers["details"]) - 1  # one marked not an event
    assert answers["problems"] == []
    for name, expected in sqlite_answers.items():
        assert answers[name] == expected, name
