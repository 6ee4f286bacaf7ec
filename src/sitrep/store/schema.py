"""The store's schema, versioned with Alembic: revisions in
``migrations/versions`` (one small file each), the revision a store is at
in its ``alembic_version`` table.

``upgrade`` applies what is pending in one transaction that holds the
store's schema lock (SQLite's write lock; a PostgreSQL advisory lock), so
processes that create or upgrade a store at the same moment take turns and
each finds the work of the one before it done. Stores made before Alembic
(``schema_migrations``, versions 1 and 2) are stamped with the revision
they match, then upgraded from there.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.exc import DBAPIError

from sitrep.errors import E, SitrepError
from sitrep.store.connection import (
    SCHEMA_LOCK,
    Connection,
    Location,
    engine,
    sqlite_connect,
    store_error,
    transient,
)

MIGRATIONS = Path(__file__).with_name("migrations")
#: What stores made before Alembic recorded (``schema_migrations``), and the
#: revision whose schema each is.
LEGACY_REVISIONS = {1: "0001", 2: "0002"}
# Creating a store races with other processes creating it: a busy SQLite
# file is retried (each attempt waits up to the 30 s busy timeout).
_ATTEMPTS = 10


@dataclass(frozen=True, slots=True)
class SchemaStatus:
    """Where a store's schema stands."""

    #: The store's revision (None: no schema yet, a new store).
    revision: str | None
    #: The newest revision this sitrep knows.
    head: str
    #: Revisions still to apply, oldest first: (revision, what it does).
    pending: list[tuple[str, str]]
    #: Recorded only the pre-Alembic way (``schema_migrations``).
    legacy: bool = False

    @property
    def current(self) -> bool:
        """Whether nothing is pending."""
        return not self.pending


@functools.cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS))


def head() -> str:
    """The newest revision."""
    found = _scripts().get_current_head()
    if found is None:
        raise AssertionError(f"no migrations in {MIGRATIONS}")
    return found


def history() -> list[tuple[str, str]]:
    """Every revision, oldest first, with the first line of its docstring."""
    scripts = reversed(list(_scripts().walk_revisions()))
    return [(s.revision, (s.doc or "").strip().splitlines()[0]) for s in scripts]


def revision(conn: Connection) -> tuple[str | None, bool]:
    """The store's revision and whether it is recorded the pre-Alembic way."""
    if conn.has_table("alembic_version"):
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        return (str(rows[0][0]) if rows else None), False
    if conn.has_table("schema_migrations"):
        versions = {int(r[0]) for r in conn.execute("SELECT version FROM schema_migrations")}
        if not versions:
            return None, False
        newest = max(versions)
        if newest not in LEGACY_REVISIONS:
            raise SitrepError(
                E.E062, url=conn.location.display, found=f"{newest} (pre-Alembic)", head=head()
            )
        return LEGACY_REVISIONS[newest], True
    return None, False


def status(conn: Connection) -> SchemaStatus:
    """Where the store behind ``conn`` stands (E062 if it is newer than this sitrep)."""
    found, legacy = revision(conn)
    return _status(found, legacy, conn.location.display)


def _status(found: str | None, legacy: bool, url: str) -> SchemaStatus:
    revisions = history()
    known = [r for r, _ in revisions]
    if found is not None and found not in known:
        raise SitrepError(E.E062, url=url, found=found, head=head())
    done = known.index(found) + 1 if found is not None else 0
    return SchemaStatus(found, head(), revisions[done:], legacy)


def upgrade(location: Location, shared: sqlite3.Connection | None = None) -> SchemaStatus:
    """Apply every pending revision (creating the schema of a new store);
    returns the status before. ``shared``: the SQLite connection to use (an
    in-memory store has no other)."""
    for attempt in range(_ATTEMPTS):
        try:
            return _upgrade(location, shared)
        except DBAPIError as exc:
            if not transient(exc) or attempt == _ATTEMPTS - 1:
                raise store_error(exc, location.display) from exc
        time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable: the last attempt raises")


def _upgrade(location: Location, shared: sqlite3.Connection | None) -> SchemaStatus:
    if shared is not None:
        # The in-memory store's one connection: a static pool never closes it.
        migrations = sa.create_engine(
            "sqlite://", creator=lambda: shared, poolclass=sa.pool.StaticPool
        )
    else:
        path = location.path or ":memory:"
        creator: Callable[[], Any] | None = (
            (lambda: sqlite_connect(path)) if location.backend == "sqlite" else None
        )
        migrations = engine(location, creator)
    if location.backend == "sqlite":
        # The driver is in autocommit mode: the transaction is ours, and
        # IMMEDIATE takes the write lock before reading the revision.
        sa.event.listen(migrations, "begin", lambda c: c.exec_driver_sql("BEGIN IMMEDIATE"))
    try:
        with migrations.connect() as conn, conn.begin():
            if location.backend == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            found, legacy = revision(Connection(location, conn))
            before = _status(found, legacy, location.display)
            if before.current:
                return before
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = conn
            if legacy and found is not None:
                command.stamp(config, found)
            command.upgrade(config, "head")
            return before
    finally:
        if shared is None:
            migrations.dispose()
