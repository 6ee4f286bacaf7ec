"""Versioned migrations (Alembic), on both backends: a store of the release
before Alembic is upgraded in place and reads the same events; `sitrep db
status` and `sitrep db upgrade`; concurrent first use; newer stores refused."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.api import ReadOptions, Sitrep
from sitrep.cli import main
from sitrep.errors import E, SitrepError
from sitrep.store import Store
from sitrep.store.schema import head

from ..conftest import EXAMPLES, ROOT, SEED
from . import legacy
from .helpers import FIELDS, store_problems, table_rows

SAMPLE = EXAMPLES / "voa_sample.jsonl"


def _release_store(path: Path, rows_from: Path) -> None:
    """A store as the release before Alembic made it (schema version 2),
    holding the rows of the store at ``rows_from``."""
    with sqlite3.connect(path) as conn:
        legacy.create(conn, version=2)
        conn.execute("ATTACH DATABASE ? AS new", (str(rows_from),))
        for table, fields in FIELDS.items():
            columns = f"{fields}, ingested_at" if table == "documents" else fields
            conn.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM new.{table}")
        conn.commit()
        conn.execute("DETACH DATABASE new")


def test_a_store_of_the_release_before_is_upgraded_in_place_and_reads_the_same_events(
    sitrep: Sitrep, tmp_path: Path
) -> None:
    new, old = tmp_path / "new.db", tmp_path / "old.db"
    assert sitrep.ingest([SAMPLE], database=str(new)).stored == 12
    _release_store(old, new)
    expected = sitrep.events(database=str(new))
    assert expected
    # Read before any upgrade (read-only opens never change a store).
    assert sitrep.events(database=str(old)) == expected

    status = CliRunner().invoke(main, ["db", "status", "--db", str(old)])
    assert status.exit_code == 0, status.output
    assert "revision: 0002 (recorded before Alembic)" in status.output
    assert "pending 0003" in status.output

    upgrade = CliRunner().invoke(main, ["db", "upgrade", "--db", str(old)])
    assert upgrade.exit_code == 0, upgrade.output
    assert f"upgraded from revision 0002 to {head()}" in upgrade.output
    status = CliRunner().invoke(main, ["db", "status", "--db", str(old)])
    assert f"revision: {head()}; newest {head()}: up to date" in status.output

    assert sitrep.events(database=str(old)) == expected
    assert table_rows(str(old)) == table_rows(str(new))
    assert store_problems(str(old)) == []
    with sqlite3.connect(old) as conn:
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "statistics_document" in indexes
    # And it goes on as a new store does.
    options = ReadOptions(published=None)
    for database in (old, new):
        assert sitrep.ingest([SEED], options, database=str(database)).stored == 1
    assert table_rows(str(old)) == table_rows(str(new))


def test_ingest_upgrades_a_store_of_the_release_before_by_itself(
    sitrep: Sitrep, tmp_path: Path
) -> None:
    new, old = tmp_path / "new.db", tmp_path / "old.db"
    Store(new).close()
    _release_store(old, new)
    assert sitrep.ingest([SAMPLE], database=str(old)).stored == 12
    store = Store(old, readonly=True)
    try:
        assert store.schema_status().revision == head()
    finally:
        store.close()


def test_status_and_upgrade_on_both_backends(store_url: str) -> None:
    missing = CliRunner().invoke(main, ["db", "status", "--db", store_url])
    assert missing.exit_code == 5 and "E028" in missing.output
    created = CliRunner().invoke(main, ["db", "upgrade", "--db", store_url])
    assert created.exit_code == 0, created.output
    assert f"upgraded from revision none to {head()}" in created.output
    again = CliRunner().invoke(main, ["db", "upgrade", "--db", store_url])
    assert "nothing to do" in again.output
    status = CliRunner().invoke(main, ["db", "status", "--db", store_url])
    assert status.exit_code == 0, status.output
    assert f"revision: {head()}; newest {head()}: up to date" in status.output
    assert "documents 0" in status.output and "check:    ok" in status.output


def test_a_store_newer_than_this_sitrep_is_refused(store_url: str) -> None:
    Store(store_url).close()
    store = Store(store_url)
    with store.transaction():
        store._conn.execute("UPDATE alembic_version SET version_num = '9999'")
    store.close()
    for readonly in (False, True):
        with pytest.raises(SitrepError) as raised:
            Store(store_url, readonly=readonly)
        assert raised.value.code is E.E062


def test_processes_creating_one_store_at_once_create_it_once(store_url: str) -> None:
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "sitrep.cli", "db", "upgrade", "--db", store_url],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = []
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        outputs.append(out)
    assert sum("upgraded from revision none" in out for out in outputs) == 1, outputs
    store = Store(store_url, readonly=True)
    try:
        assert store.schema_status().revision == head()
    finally:
        store.close()
