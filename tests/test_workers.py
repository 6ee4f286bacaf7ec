"""`--workers`: annotation in several processes gives exactly the output of
one (issue 12, "Both cores"): same events and statistics, same store rows."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict
from pathlib import Path

import pytest
from tools.pg_cluster import Cluster

from sitrep.api import ReadOptions, Sitrep
from sitrep.errors import SitrepError

from .conftest import EXAMPLES
from .store.helpers import table_rows

SAMPLE = EXAMPLES / "voa_sample.jsonl"


def test_two_workers_extract_what_one_does(sitrep: Sitrep) -> None:
    one = sitrep.extract([SAMPLE], ReadOptions(workers=1))
    two = sitrep.extract([SAMPLE], ReadOptions(workers=2))
    assert one[0], "the sample gives events"
    assert [asdict(e) for e in two[0]] == [asdict(e) for e in one[0]]
    assert [asdict(s) for s in two[1]] == [asdict(s) for s in one[1]]


def _rows(database: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(database) as conn:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("documents", "mentions", "statistics", "events", "event_mentions")
        }


def test_two_workers_store_the_rows_one_does(sitrep: Sitrep, tmp_path: Path) -> None:
    stores = []
    for workers in (1, 2):
        database = tmp_path / f"w{workers}.db"
        summary = sitrep.ingest([SAMPLE], ReadOptions(workers=workers), database=str(database))
        assert summary.stored > 0 and not summary.failed
        stores.append(_rows(database))
    one, two = stores
    # Ingest time stamps differ run to run; everything coded must not.
    for table in ("mentions", "statistics", "events", "event_mentions"):
        assert two[table] == one[table], table
    assert [row[0] for row in two["documents"]] == [row[0] for row in one["documents"]]


def test_workers_below_one_are_refused_before_reading(sitrep: Sitrep) -> None:
    with pytest.raises(SitrepError) as caught:
        list(sitrep.read([SAMPLE], ReadOptions(workers=0)))
    assert caught.value.code.name == "E022"


def test_two_workers_on_postgresql_store_the_rows_one_does_on_sqlite(
    sitrep: Sitrep, tmp_path: Path, pg_cluster: Cluster
) -> None:
    # The annotating processes are forked with the store's connection open:
    # they must leave the parent's PostgreSQL session alone.
    sqlite_store = str(tmp_path / "one.db")
    postgresql_store = pg_cluster.create_database("workers")
    sitrep.ingest([SAMPLE], ReadOptions(workers=1), database=sqlite_store)
    summary = sitrep.ingest([SAMPLE], ReadOptions(workers=2), database=postgresql_store)
    assert summary.stored > 0 and not summary.failed
    assert table_rows(postgresql_store) == table_rows(sqlite_store)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_workers_die_with_a_killed_ingest(tmp_path: Path) -> None:
    """kill -9 of an ingest leaves no worker process behind (forked workers
    share the task queue's pipe and would otherwise wait on it forever)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from .conftest import VOA

    process = subprocess.Popen(
        [sys.executable, "-m", "sitrep.cli", "ingest", str(VOA), "--workers", "2",
         "--db", str(tmp_path / "s.db")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    children_file = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 120
    children: list[int] = []
    while time.monotonic() < deadline and len(children) < 2 and process.poll() is None:
        time.sleep(0.1)
        children = [int(p) for p in children_file.read_text().split()]
    assert len(children) >= 2, "the ingest started its workers"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{c}").exists() for c in children):
        time.sleep(0.1)
    alive = [c for c in children if Path(f"/proc/{c}").exists()]
    for pid in alive:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert not alive, "workers outlived the killed ingest"
