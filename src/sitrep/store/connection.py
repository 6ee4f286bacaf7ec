"""Opening a store: an SQLite file (a path or ``sqlite:///PATH``, the default)
or a PostgreSQL database (``postgresql://USER@HOST/DATABASE``), both through
SQLAlchemy Core; their failures as coded errors (E016 family, E06x).

The store's SQL is written once, with ``?`` placeholders and syntax both
backends share (``ON CONFLICT``, ``RETURNING``); ``Connection.execute`` makes
the placeholders PostgreSQL's. The connection runs in autocommit mode and a
write is an explicit transaction (``begin``): SQLite's ``BEGIN IMMEDIATE``,
PostgreSQL's ``BEGIN`` with the store's advisory lock, so that writers take
turns on both backends (see ``begin``).
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, ParamSpec, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import ArgumentError, DBAPIError

from sitrep.errors import E, SitrepError

_P = ParamSpec("_P")
_R = TypeVar("_R")

Backend = Literal["sqlite", "postgresql"]

# Opening a new SQLite store races with other processes creating it at the
# same moment (the WAL switch takes a write lock): busy and locked errors are
# retried, 10 times with a doubling pause from 50 ms (about 50 s in all,
# beyond the 30 s busy timeout of each attempt).
_OPEN_ATTEMPTS = 10
_OPEN_PAUSE_S = 0.05
_BUSY_TIMEOUT_S = 30
# A PostgreSQL server that does not answer within this is reported (E061).
_CONNECT_TIMEOUT_S = 10
#: Key of the advisory lock every write transaction on PostgreSQL holds
#: (any constant bigint that no other application on the database uses:
#: the bytes of "sitrep").
WRITE_LOCK = 0x736974726570
#: Key of the lock that creating and upgrading the schema holds.
SCHEMA_LOCK = WRITE_LOCK + 1
# SQLSTATEs after which the same transaction may simply run again:
# serialization_failure, deadlock_detected, lock_not_available.
_PG_TRANSIENT = {"40001", "40P01", "55P03"}
_PG_DRIVERS = {"postgresql", "postgres", "postgresql+psycopg", "postgres+psycopg"}


@dataclass(frozen=True, slots=True)
class Location:
    """Where a store lives: a backend and how to reach it."""

    backend: Backend
    url: sa.URL
    #: The SQLite file (or ``:memory:``); None for PostgreSQL.
    path: str | None
    #: How messages name the store: as given, but never with a password.
    display: str


def locate(database: str | Path) -> Location:
    """The store ``--db`` names: a file path, ``sqlite:///PATH`` (four slashes
    for an absolute path) or ``postgresql://USER:PASSWORD@HOST:PORT/DATABASE``
    (libpq's parameters, such as ``?host=/run/postgresql``, as the query).
    Anything else with ``://`` is E060."""
    text = str(database)
    if isinstance(database, Path) or "://" not in text:
        return Location("sqlite", sa.URL.create("sqlite", database=text), text, text)
    try:
        url = sa.make_url(text)
    except ArgumentError as exc:
        raise SitrepError(E.E060, url=text, detail=exc) from exc
    shown = url.render_as_string(hide_password=True)
    if url.drivername == "sqlite":
        return Location("sqlite", url, url.database or ":memory:", shown)
    if url.drivername in _PG_DRIVERS:
        if not url.database:
            raise SitrepError(E.E060, url=text, detail="no database name after the host")
        return Location("postgresql", url.set(drivername="postgresql+psycopg"), None, shown)
    raise SitrepError(E.E060, url=text, detail=f"unknown scheme {url.drivername!r}")


# -- errors ----------------------------------------------------------------------


def _sqlstate(exc: BaseException) -> str:
    return str(getattr(exc, "sqlstate", None) or "")


def store_error(exc: BaseException, url: str) -> SitrepError:
    """The coded error of a database failure: no such store (E028), disk full
    (E030), not writable (E029), server unreachable (E061), anything else (E016)."""
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    text = " ".join(str(orig).split())  # libpq's messages run over several lines
    state = _sqlstate(orig)
    if state:  # PostgreSQL
        if state == "3D000":  # invalid_catalog_name: no such database
            return SitrepError(E.E028, url=url)
        if state == "53100":  # disk_full
            return SitrepError(E.E030, url=url, detail=text)
        if state in {"42501", "25006"}:  # insufficient_privilege, read_only_sql_transaction
            return SitrepError(E.E029, url=url, detail=text)
        if state.startswith("08") or state.startswith("28"):  # connection, authorisation
            return SitrepError(E.E061, url=url, detail=text)
        return SitrepError(E.E016, url=url, detail=text)
    name = getattr(orig, "sqlite_errorname", "")
    if not isinstance(orig, sqlite3.Error) and "psycopg" in type(orig).__module__:
        # No SQLSTATE: the connection failed before a session began (refused,
        # no such host, no such database: libpq's own words).
        if text.endswith("does not exist") and "database" in text:
            return SitrepError(E.E028, url=url)
        return SitrepError(E.E061, url=url, detail=text)
    if name == "SQLITE_FULL" or "disk is full" in text:
        return SitrepError(E.E030, url=url, detail=text)
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM")) or "readonly" in text:
        return SitrepError(E.E029, url=url, detail=text)
    return SitrepError(E.E016, url=url, detail=text)


def transient(exc: BaseException | None) -> bool:
    """Whether running the same transaction again may succeed: SQLite busy or
    locked, a PostgreSQL serialisation failure or deadlock."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if orig is None:
        return False
    if _sqlstate(orig):
        return _sqlstate(orig) in _PG_TRANSIENT
    if isinstance(orig, sqlite3.Error):
        name = getattr(orig, "sqlite_errorname", "")
        return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(orig)
    return False


def coded(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """Turn a database error of a ``Store`` method into its coded ``SitrepError``."""

    @functools.wraps(method)
    def call(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(*args, **kwargs)
        except (DBAPIError, sqlite3.Error) as exc:
            store = args[0]
            raise store_error(exc, getattr(store, "path", "?")) from exc

    return call


def backoff(attempt: int, first: float = 0.05, most: float = 2.0) -> float:
    """Seconds to wait before try ``attempt + 1``: doubling from ``first`` up
    to ``most``, with jitter so that colliding writers do not collide again."""
    growth: float = 2.0**attempt
    return min(most, first * growth) * random.uniform(0.5, 1.0)


def shifted(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, held at the ends of the calendar (no OverflowError)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


# -- connections -----------------------------------------------------------------


class Rows:
    """The rows a statement returned, as plain tuples (both drivers alike)."""

    def __init__(self, result: sa.CursorResult[Any]) -> None:
        self._result = result
        #: Rows an INSERT, UPDATE or DELETE changed.
        self.rowcount: int = result.rowcount

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return (tuple(row) for row in self._result)

    def fetchone(self) -> tuple[Any, ...] | None:
        """The next row, None after the last."""
        row = self._result.fetchone()
        return None if row is None else tuple(row)

    def fetchall(self) -> list[tuple[Any, ...]]:
        """Every remaining row."""
        return [tuple(row) for row in self._result]

    def one(self) -> tuple[Any, ...]:
        """The only row (an aggregate's, a RETURNING clause's)."""
        return tuple(self._result.one())


class Connection:
    """One autocommit connection to a store; ``begin`` opens a write transaction."""

    def __init__(self, location: Location, conn: sa.Connection) -> None:
        self.location = location
        self._conn = conn
        self._pg = location.backend == "postgresql"
        self.in_transaction = False

    @property
    def backend(self) -> Backend:
        """``sqlite`` or ``postgresql``."""
        return self.location.backend

    def execute(self, sql: str, args: Sequence[object] = ()) -> Rows:
        """Run one statement with ``?`` placeholders."""
        return Rows(self._conn.exec_driver_sql(_native(sql, self._pg), tuple(args)))

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        """Run one statement once per row of parameters."""
        batch = [tuple(r) for r in rows]
        if batch:  # an empty list would run the statement once without parameters
            self._conn.exec_driver_sql(_native(sql, self._pg), batch)

    def begin(self) -> None:
        """Start a write transaction, waiting for other writers to finish.

        SQLite: ``BEGIN IMMEDIATE`` takes the file's write lock at once.
        PostgreSQL: the transaction first takes the store's advisory lock, so
        writers also take turns there and each, under READ COMMITTED, sees
        everything committed before it (what SERIALIZABLE would give, without
        aborting every pair of documents that touch the same incidents). A
        writer that dies holding it loses its session and the lock with it."""
        if self._pg:
            self.execute("BEGIN")
            self.in_transaction = True
            self.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
        else:
            self.execute("BEGIN IMMEDIATE")
            self.in_transaction = True

    def commit(self) -> None:
        """Commit the write transaction."""
        self.execute("COMMIT")
        self.in_transaction = False

    def rollback(self) -> None:
        """Roll back the write transaction, if one is open."""
        if self.in_transaction:
            self.in_transaction = False
            self.execute("ROLLBACK")

    def sqlite_memory(self) -> sqlite3.Connection | None:
        """The driver's connection of an in-memory SQLite store (which no
        other connection can reach), else None."""
        if self.location.backend != "sqlite" or self.location.path != ":memory:":
            return None
        driver = self._conn.connection.dbapi_connection
        return driver if isinstance(driver, sqlite3.Connection) else None

    def has_view(self, name: str) -> bool:
        """Whether the schema has a view of this name."""
        return name in sa.inspect(self._conn).get_view_names()

    def has_table(self, name: str) -> bool:
        """Whether the schema has a table of this name."""
        return sa.inspect(self._conn).has_table(name)

    def close(self) -> None:
        """Close the connection (an open transaction is rolled back)."""
        self._conn.close()
        self._conn.engine.dispose()


@functools.lru_cache(maxsize=256)
def _native(sql: str, postgresql: bool) -> str:
    # psycopg's placeholders are %s, so a literal % is written %%. No SQL of
    # the store has a ? or % inside a string literal.
    return sql.replace("%", "%%").replace("?", "%s") if postgresql else sql


def engine(location: Location, creator: Callable[[], Any] | None = None) -> sa.Engine:
    """An engine for ``location`` without a pool (a store holds one connection)."""
    if location.backend == "sqlite":
        return sa.create_engine("sqlite://", creator=creator, poolclass=sa.NullPool)
    return sa.create_engine(
        location.url,
        poolclass=sa.NullPool,
        connect_args={"connect_timeout": _CONNECT_TIMEOUT_S, "application_name": "sitrep"},
    )


def _autocommit(location: Location, creator: Callable[[], Any] | None = None) -> Connection:
    conn = engine(location, creator).connect()
    return Connection(location, conn.execution_options(isolation_level="AUTOCOMMIT"))


def open_writable(location: Location) -> Connection:
    """A connection that may write; for SQLite the file is made (WAL) if need
    be, and busy and locked errors of concurrent creation are retried."""
    if location.backend == "postgresql":
        try:
            return _autocommit(location)
        except DBAPIError as exc:
            raise store_error(exc, location.display) from exc
    path = location.path or ":memory:"
    for attempt in range(_OPEN_ATTEMPTS):
        try:
            return _autocommit(location, functools.partial(_sqlite_writable, path))
        except DBAPIError as exc:
            if not transient(exc) or attempt == _OPEN_ATTEMPTS - 1:
                raise store_error(exc, path) from exc
        time.sleep(_OPEN_PAUSE_S * 2**attempt)
    raise AssertionError("unreachable: the last attempt raises")


def sqlite_connect(path: str) -> sqlite3.Connection:
    """A plain SQLite connection in autocommit mode with the store's busy timeout."""
    return sqlite3.connect(
        path, isolation_level=None, timeout=_BUSY_TIMEOUT_S, check_same_thread=False
    )


def _sqlite_writable(path: str) -> sqlite3.Connection:
    conn = sqlite_connect(path)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
    except BaseException:
        conn.close()
        raise
    return conn


def open_readonly(location: Location) -> Connection:
    """A connection that never writes, to a store that must exist (E028)."""
    if location.backend == "postgresql":
        try:
            conn = _autocommit(location)
            conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        except DBAPIError as exc:
            raise store_error(exc, location.display) from exc
        return conn
    path = location.path or ":memory:"
    if not Path(path).is_file():
        raise SitrepError(E.E028, url=path)
    try:
        return _autocommit(location, functools.partial(_sqlite_readonly, path))
    except DBAPIError as exc:
        raise store_error(exc, path) from exc


def _sqlite_readonly(path: str) -> sqlite3.Connection:
    uri = Path(path).resolve().as_uri()
    conn = None
    try:
        conn = sqlite3.connect(
            f"{uri}?mode=ro", uri=True, timeout=_BUSY_TIMEOUT_S, isolation_level=None
        )
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        # A WAL store on read-only media: its -shm index cannot be made, so
        # read the file as it is (nobody can be writing it).
        if conn is not None:
            conn.close()
        conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)
    return conn
