"""Writes that the database could not serialise run again: the errors are
real ones (SQLite's "database is locked", PostgreSQL's serialisation
failure), raised by the databases themselves."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.exc import OperationalError

from sitrep.errors import E, SitrepError
from sitrep.records import Document
from sitrep.store import WRITE_ATTEMPTS, Store
from sitrep.store.connection import locate, transient


def _sqlite_busy(folder: Path) -> BaseException:
    """SQLite's own busy error: a second writer that will not wait."""
    path = folder / "busy.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        return exc
    finally:
        holder.close()
        other.close()
    raise AssertionError("the second writer was not refused")


def _pg_serialisation_failure(url: str) -> BaseException:
    """PostgreSQL's own 40001: two SERIALIZABLE transactions that each read
    what the other writes."""
    params = locate(url).url.translate_connect_args(username="user", database="dbname")
    params.update(locate(url).url.query)
    first, second = psycopg.connect(**params), psycopg.connect(**params)
    try:
        first.execute("CREATE TABLE IF NOT EXISTS t (n integer)")
        first.commit()
        for conn in (first, second):
            conn.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
            conn.execute("SELECT count(*) FROM t").fetchone()
        first.execute("INSERT INTO t VALUES (1)")
        second.execute("INSERT INTO t VALUES (2)")
        first.commit()
        try:
            second.commit()
        except psycopg.errors.SerializationFailure as exc:
            return exc
    finally:
        first.close()
        second.close()
    raise AssertionError("PostgreSQL serialised the two transactions")


@pytest.fixture
def refusal(store_url: str, tmp_path: Path) -> OperationalError:
    """A transient error of the store's backend, as SQLAlchemy reports it."""
    real = (
        _pg_serialisation_failure(store_url)
        if store_url.startswith("postgresql")
        else _sqlite_busy(tmp_path)
    )
    return OperationalError("COMMIT", {}, real)


def test_the_real_refusals_are_transient_and_other_errors_are_not(
    refusal: OperationalError,
) -> None:
    assert transient(refusal)
    assert not transient(OperationalError("SELECT", {}, sqlite3.OperationalError("no such table")))
    assert not transient(None)


def test_a_refused_write_runs_again_and_leaves_only_its_last_attempt(
    store_url: str, refusal: OperationalError
) -> None:
    store = Store(store_url)
    attempts: list[int] = []

    def write() -> bool:
        attempts.append(len(attempts))
        stored = store.add_document(Document(id=f"doc{len(attempts)}", text="t"), [], [])
        if len(attempts) == 1:
            raise refusal  # after the first attempt's insert: it must be rolled back
        return stored

    try:
        assert store.atomic(write) is True
        assert len(attempts) == 2
        assert [d.id for d in store.documents()] == ["doc2"]
    finally:
        store.close()


def test_a_write_refused_every_time_is_e063_and_stores_nothing(
    store_url: str, refusal: OperationalError
) -> None:
    store = Store(store_url)

    def write() -> None:
        store.add_document(Document(id="doc", text="t"), [], [])
        raise refusal

    try:
        with pytest.raises(SitrepError) as raised:
            store.atomic(write)
        assert raised.value.code is E.E063
        assert f"failed {WRITE_ATTEMPTS} times" in str(raised.value)
        assert store.documents() == []
    finally:
        store.close()
