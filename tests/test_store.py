"""Store: idempotent ingest (same folder twice, a killed run restarted) and
events merged across outlets, on both backends (``store_url``: an SQLite
file, a database on the session's PostgreSQL server). Uses the real
pipeline on real VOA stories."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep.api import ReadOptions, Sitrep
from sitrep.store import Store

from .conftest import SEED, VOA
from .store.helpers import count_documents, store_problems
from .store.helpers import table_rows as rows


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve VOA stories as separate JSONL files, plus the seed."""
    root = tmp_path_factory.mktemp("reports")
    lines = VOA.read_text(encoding="utf-8").splitlines()[:12]
    for i, line in enumerate(lines):
        (root / f"voa_{i:02d}.jsonl").write_text(line + "\n", encoding="utf-8")
    return root


def test_same_folder_twice_changes_nothing(sitrep: Sitrep, folder: Path, store_url: str) -> None:
    database = store_url
    first = sitrep.ingest([folder], database=str(database))
    assert first.stored == 12 and not first.failed
    before = rows(database)
    second = sitrep.ingest([folder], database=str(database))
    assert second.stored == 0 and second.skipped == 12
    assert rows(database) == before


def test_the_seed_twice_in_one_batch_is_stored_once(
    sitrep: Sitrep, tmp_path: Path, store_url: str
) -> None:
    database = store_url
    copy = tmp_path / "copy.txt"
    copy.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    summary = sitrep.ingest([SEED, copy], ReadOptions(published=None), database=str(database))
    assert (summary.stored, summary.skipped) == (1, 1)


def test_same_incident_from_two_outlets_is_one_event_with_both(
    sitrep: Sitrep, tmp_path: Path, store_url: str
) -> None:
    # Two outlets report the seed's Sunday counter-attack in their own words.
    first = tmp_path / "a.txt"
    second = tmp_path / "b.txt"
    first.write_text(
        "Pro-regime media said most of IS' gains in Deir az-Zour were won back by Syrian "
        "republican guard on Sunday.\n",
        encoding="utf-8",
    )
    second.write_text(
        "Syrian troops recaptured most of the areas Islamic State fighters had seized in "
        "Deir ez-Zor on Sunday, state media said.\n",
        encoding="utf-8",
    )
    database = store_url
    options = ReadOptions(published=dt.date(2017, 1, 16))
    sitrep.ingest([first], options, database=str(database))
    sitrep.ingest([second], options, database=str(database))
    events = [
        e
        for e in sitrep.events(database=str(database))
        if e.sub_event_type == "Government regains territory"
    ]
    assert len(events) == 1
    assert len(events[0].doc_ids) == 2
    assert len({span.doc_id for span in events[0].evidence}) == 2


def test_killed_ingest_restarted_leaves_the_same_rows(
    sitrep: Sitrep, folder: Path, tmp_path: Path, store_url: str
) -> None:
    # One worker: documents are stored one by one, so the kill lands between two.
    sitrep_cli = [
        sys.executable, "-m", "sitrep.cli", "ingest", str(folder), "--workers", "1", "--db"
    ]  # fmt: skip
    whole, killed = str(tmp_path / "whole.db"), store_url
    sitrep.ingest([folder], database=whole)
    process = subprocess.Popen(
        [*sitrep_cli, killed], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        stored = count_documents(killed)
        if stored >= 3:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait()
    assert 3 <= stored < 12, "the run was killed midway"
    subprocess.run([*sitrep_cli, killed], check=True, capture_output=True)
    assert rows(killed) == rows(whole)  # the same rows on either backend
    assert store_problems(killed) == []


def test_mentions_round_trip_through_the_store(sitrep: Sitrep, store_url: str) -> None:
    database = store_url
    sitrep.ingest([SEED], ReadOptions(published=dt.date(2017, 1, 16)), database=str(database))
    store = Store(database, readonly=True)
    try:
        records = [json.loads(r[0]) for r in store.rows("SELECT record FROM mentions")]
    finally:
        store.close()
    assert records and all(r["place"]["name"] == "Deir ez-Zor" for r in records)
    events = sitrep.events(database=str(database))
    extracted, _ = sitrep.extract([SEED], ReadOptions(published=dt.date(2017, 1, 16)))
    assert {(e.sub_event_type, e.event_date) for e in events} == {
        (e.sub_event_type, e.event_date) for e in extracted
    }


def test_documents_metadata_and_event_span_without_text(store_url: str) -> None:
    from sitrep.records import Document
    from sitrep.store import DocumentInfo

    store = Store(store_url)
    try:
        assert store.event_date_span() is None
        with store.transaction():
            store.add_document(
                Document(id="a", text="t", url="https://www.voanews.com/a/1", title="T",
                         published=dt.date(2024, 3, 1), language="en"), [], [],
            )  # fmt: skip
            store.add_document(Document(id="b", text="t", origin="batch.jsonl:2"), [], [])
        assert store.documents() == [
            DocumentInfo("a", None, "https://www.voanews.com/a/1", "T", dt.date(2024, 3, 1),
                         "en", None),
            DocumentInfo("b", None, None, None, None, None, "batch.jsonl:2"),
        ]  # fmt: skip
        assert [d.outlet for d in store.documents()] == ["voanews.com", "batch.jsonl:2"]
    finally:
        store.close()


def test_reading_a_missing_store_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    from sitrep.errors import E, SitrepError

    missing = tmp_path / "typo.db"
    with pytest.raises(SitrepError) as caught:
        Sitrep().documents(database=str(missing))
    assert caught.value.code is E.E028
    assert not missing.exists()


def test_reading_an_empty_postgresql_database_is_a_missing_store(pg_cluster: object) -> None:
    from tools.pg_cluster import Cluster

    from sitrep.errors import E, SitrepError

    assert isinstance(pg_cluster, Cluster)
    empty = pg_cluster.create_database("empty")
    with pytest.raises(SitrepError) as caught:
        Sitrep().documents(database=empty)
    assert caught.value.code is E.E028
    with pytest.raises(SitrepError) as caught:
        Sitrep().documents(database=empty.replace("/empty_", "/absent_"))
    assert caught.value.code is E.E028
