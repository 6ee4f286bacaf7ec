"""Opening a store's SQLite file: safely when several processes create it at
once, read-only without creating anything, and SQLite's failures turned into
coded errors (E016 family)."""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

from sitrep.errors import E, SitrepError

_P = ParamSpec("_P")
_R = TypeVar("_R")

# Opening a new store races with other processes creating it at the same
# moment (the WAL switch and the first migration take write locks): busy
# and locked errors are retried, 10 times with a doubling pause from 50 ms
# (about 50 s in all, beyond the 30 s busy timeout of each attempt).
_OPEN_ATTEMPTS = 10
_OPEN_PAUSE_S = 0.05
_BUSY_TIMEOUT_S = 30


def store_error(exc: sqlite3.Error, url: str) -> SitrepError:
    """The coded error of an SQLite failure: disk full (E030), not writable
    (E029) or anything else (E016)."""
    name = getattr(exc, "sqlite_errorname", "")
    text = str(exc)
    if name == "SQLITE_FULL" or "disk is full" in text:
        return SitrepError(E.E030, url=url, detail=text)
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM")) or "readonly" in text:
        return SitrepError(E.E029, url=url, detail=text)
    return SitrepError(E.E016, url=url, detail=text)


def _busy(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc)


def coded(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """Turn an SQLite error of a ``Store`` method into its coded ``SitrepError``."""

    @functools.wraps(method)
    def call(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            store = args[0]
            raise store_error(exc, getattr(store, "path", "?")) from exc

    return call


def shifted(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, held at the ends of the calendar (no OverflowError)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def open_writable(path: str, migrations: list[tuple[int, list[str]]]) -> sqlite3.Connection:
    """A connection to the store at ``path`` (WAL), created and migrated if
    need be; busy and locked errors of concurrent creation are retried."""
    for attempt in range(_OPEN_ATTEMPTS):
        try:
            return _open_writable(path, migrations)
        except sqlite3.Error as exc:
            if not _busy(exc) or attempt == _OPEN_ATTEMPTS - 1:
                raise store_error(exc, path) from exc
        time.sleep(_OPEN_PAUSE_S * 2**attempt)
    raise AssertionError("unreachable: the last attempt raises")


def _open_writable(path: str, migrations: list[tuple[int, list[str]]]) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=_BUSY_TIMEOUT_S)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        _migrate(conn, migrations)
    except BaseException:
        conn.close()
        raise
    return conn


def open_readonly(path: str) -> sqlite3.Connection:
    """A read-only connection to an existing store (E028 if there is none)."""
    if not Path(path).is_file():
        raise SitrepError(E.E028, url=path)
    uri = Path(path).resolve().as_uri()
    conn = None
    try:
        try:
            conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=_BUSY_TIMEOUT_S)
            found = versions(conn)
        except sqlite3.OperationalError:
            # A WAL store on read-only media: its -shm index cannot be
            # made, so read the file as it is (nobody can be writing it).
            if conn is not None:
                conn.close()
            conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)
            found = versions(conn)
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise store_error(exc, path) from exc
    if not found:
        conn.close()
        raise SitrepError(E.E016, url=path, detail="not a sitrep store (no schema)")
    return conn


def versions(conn: sqlite3.Connection) -> set[int]:
    """The migrations applied to the store (empty: not a sitrep store, or new)."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if has_table is None:
        return set()
    return {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}


def _migrate(conn: sqlite3.Connection, migrations: list[tuple[int, list[str]]]) -> None:
    # Read and apply the migrations in one write transaction: processes
    # creating the store at once then take turns, and each sees what the
    # one before it did ("table documents already exists" otherwise).
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)")
        done = versions(conn)
        for version, statements in migrations:
            if version in done:
                continue
            for statement in statements:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations VALUES (?)", (version,))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
