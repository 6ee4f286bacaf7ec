"""Revision 0004 on both backends: a store at revision 0003 gets the
``document_sources`` table, filled with the source ids each stored
document's origin and URL still tell (issue 8, provenance)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep.api import ReadOptions
from sitrep.store import Store
from sitrep.store.provenance import recovered_ids
from sitrep.store.schema import head

from ..conftest import SEED, VOA

if TYPE_CHECKING:
    from sitrep.api import Sitrep


def _at_revision_0003(store_url: str) -> None:
    """Take a store back to revision 0003: no document_sources table."""
    store = Store(store_url)
    try:
        with store.transaction():
            store._conn.execute("DROP TABLE document_sources")
            store._conn.execute("UPDATE alembic_version SET version_num = '0003'")
    finally:
        store.close()


def test_recovered_ids() -> None:
    assert recovered_ids("batch.jsonl:12 (id=abc)", "https://x.org/a") == ["abc", "https://x.org/a"]
    assert recovered_ids("batch.jsonl:12", None) == ["batch.jsonl:12"]
    assert recovered_ids("report.txt", "report.txt") == ["report.txt"]
    assert recovered_ids(None, None) == []


def test_the_migration_from_0003_backfills_source_ids(
    sitrep: Sitrep, store_url: str, tmp_path: Path
) -> None:
    story = json.loads(VOA.read_text(encoding="utf-8").splitlines()[0])
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({**story, "id": "a"}) + "\n", encoding="utf-8")
    report = tmp_path / "report.txt"
    report.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    sitrep.ingest([batch], database=store_url)
    sitrep.ingest([report], ReadOptions(published=dt.date(2017, 1, 16)), database=store_url)
    expected = {e.event_id: e.source_ids for e in sitrep.events(database=store_url)}
    assert set(map(tuple, expected.values())) == {("a", story["url"]), (str(report),)}

    _at_revision_0003(store_url)
    # Read-only, before the upgrade: told from each document's origin.
    readonly = Store(store_url, readonly=True)
    try:
        assert readonly.schema_status().revision == "0003"
        assert {e.event_id: e.source_ids for e in readonly.events()} == expected
    finally:
        readonly.close()

    store = Store(store_url)  # upgraded on opening for writing
    try:
        assert store.schema_status().revision == head() == "0004"
        rows = store.rows("SELECT doc_id, source_id FROM document_sources ORDER BY seq")
        assert {source_id for _, source_id in rows} == {"a", story["url"], str(report)}
    finally:
        store.close()
    assert {e.event_id: e.source_ids for e in sitrep.events(database=store_url)} == expected
    # The store goes on as a new one: a copy under a new id joins.
    batch.write_text(json.dumps({**story, "id": "b"}) + "\n", encoding="utf-8")
    sitrep.ingest([batch], database=store_url)
    ids = {tuple(e.source_ids) for e in sitrep.events(database=store_url)}
    assert ids == {("a", story["url"], "b"), (str(report),)}
