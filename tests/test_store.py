"""Store: idempotent ingest (same folder twice, a killed run restarted) and
events merged across outlets. Uses the real pipeline on real VOA stories."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep.api import ReadOptions, Sitrep

from .conftest import SEED, VOA

FIELDS = {
    "documents": "id, url, source, title, published, language, origin, text, removed",
    "mentions": "doc_id, idx, sub_event_type, date_start, date_end, record",
    "statistics": "statistic_id, doc_id, measure, value, record",
    "events": (
        "event_id, event_date, country, admin1, event_type, sub_event_type, actor1, actor2,"
        " fatalities, record"
    ),
    "event_mentions": "event_id, doc_id, idx",
}


def rows(database: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every stored row but the ingest timestamp, in a stable order."""
    with sqlite3.connect(database) as conn:
        return {
            t: sorted(conn.execute(f"SELECT {cols} FROM {t}").fetchall())
            for t, cols in FIELDS.items()
        }


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve VOA stories as separate JSONL files, plus the seed."""
    root = tmp_path_factory.mktemp("reports")
    lines = VOA.read_text(encoding="utf-8").splitlines()[:12]
    for i, line in enumerate(lines):
        (root / f"voa_{i:02d}.jsonl").write_text(line + "\n", encoding="utf-8")
    return root


def test_same_folder_twice_changes_nothing(sitrep: Sitrep, folder: Path, tmp_path: Path) -> None:
    database = tmp_path / "s.db"
    first = sitrep.ingest([folder], database=str(database))
    assert first.stored == 12 and not first.failed
    before = rows(database)
    second = sitrep.ingest([folder], database=str(database))
    assert second.stored == 0 and second.skipped == 12
    assert rows(database) == before


def test_the_seed_twice_in_one_batch_is_stored_once(sitrep: Sitrep, tmp_path: Path) -> None:
    database = tmp_path / "s.db"
    copy = tmp_path / "copy.txt"
    copy.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    summary = sitrep.ingest([SEED, copy], ReadOptions(published=None), database=str(database))
    assert (summary.stored, summary.skipped) == (1, 1)


def test_same_incident_from_two_outlets_is_one_event_with_both(
    sitrep: Sitrep, tmp_path: Path
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
    database = tmp_path / "s.db"
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


def test_killed_ingest_restarted_leaves_the_same_rows(folder: Path, tmp_path: Path) -> None:
    # One worker: documents are stored one by one, so the kill lands between two.
    sitrep_cli = [
        sys.executable, "-m", "sitrep.cli", "ingest", str(folder), "--workers", "1", "--db"
    ]  # fmt: skip
    whole, killed = tmp_path / "whole.db", tmp_path / "killed.db"
    subprocess.run([*sitrep_cli, str(whole)], check=True, capture_output=True)
    process = subprocess.Popen(
        [*sitrep_cli, str(killed)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        if killed.exists():
            try:
                with sqlite3.connect(killed, timeout=0.1) as conn:
                    stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if stored >= 3:
                os.kill(process.pid, signal.SIGKILL)
                break
    process.wait()
    assert 3 <= stored < 12, "the run was killed midway"
    subprocess.run([*sitrep_cli, str(killed)], check=True, capture_output=True)
    assert rows(killed) == rows(whole)


def test_mentions_round_trip_through_the_store(sitrep: Sitrep, tmp_path: Path) -> None:
    database = tmp_path / "s.db"
    sitrep.ingest([SEED], ReadOptions(published=dt.date(2017, 1, 16)), database=str(database))
    with sqlite3.connect(database) as conn:
        records = [json.loads(r[0]) for r in conn.execute("SELECT record FROM mentions")]
    assert records and all(r["place"]["name"] == "Deir ez-Zor" for r in records)
    events = sitrep.events(database=str(database))
    extracted, _ = sitrep.extract([SEED], ReadOptions(published=dt.date(2017, 1, 16)))
    assert {(e.sub_event_type, e.event_date) for e in events} == {
        (e.sub_event_type, e.event_date) for e in extracted
    }


def test_documents_metadata_and_event_span_without_text(tmp_path: Path) -> None:
    from sitrep.records import Document
    from sitrep.store import DocumentInfo, Store

    store = Store(tmp_path / "docs.db")
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
