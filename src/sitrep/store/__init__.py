"""Store stage: documents, mentions, statistics and events in SQLite (WAL,
the default) or PostgreSQL, the same schema and the same SQL on both.

Content-hash keys make ingest idempotent: a document whose id (hash of its
cleaned text) is stored already is skipped, and each document is written in
one transaction with its mentions and statistics, so a run killed midway
leaves only whole documents behind. Events are derived data: the mentions of
the incidents a new document touches are merged again and those events
replaced, in the same transaction, so events depend only on the set of
stored mentions. Writers take turns (``Connection.begin``), so any number of
ingest processes on one store, overlapping inputs included, leave the rows
one of them would leave alone; ``atomic`` runs a write again when the
database asks for it (SQLite busy, a PostgreSQL serialisation failure).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from sqlalchemy.exc import DBAPIError

from sitrep.admin_names import admin1_spellings
from sitrep.errors import E, SitrepError
from sitrep.records import (
    Document,
    Event,
    EventMention,
    Statistic,
    event_from_dict,
    mention_from_dict,
    statistic_from_dict,
    to_dict,
    with_source_ids,
)
from sitrep.store import schema
from sitrep.store.connection import (
    Connection,
    Location,
    backoff,
    coded,
    locate,
    open_readonly,
    open_writable,
    shifted,
    store_error,
    transient,
)
from sitrep.store.integrity import problems
from sitrep.store.provenance import recovered_ids
from sitrep.store_corrections import COLUMNS as _COLUMNS
from sitrep.store_corrections import CorrectionsMixin, event_row

_T = TypeVar("_T")
#: Tries of one write before E063: with writers taking turns a retry is rare
#: (a SQLite busy timeout of 30 s passed, a deadlock with a foreign client).
WRITE_ATTEMPTS = 8
#: Documents looked up in one query (an IN list): far below SQLite's
#: 32,766 parameters, and a few queries even for a whole store's events.
_IDS_PER_QUERY = 500


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters for ``Store.events`` (all optional, combined with AND)."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    actor: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the store keeps about a document, without its text (for reports)."""

    id: str
    source: str | None
    url: str | None
    title: str | None
    published: dt.date | None
    language: str | None
    origin: str | None

    @property
    def outlet(self) -> str:
        """The outlet's name, else the web site the URL names, else where the
        document was read from: the best stand-in the store has."""
        if self.source:
            return self.source
        if self.url:
            host = urlsplit(self.url).hostname
            if host:
                return host.removeprefix("www.")
        return self.origin or self.url or self.id


__all__ = ["DocumentInfo", "EventQuery", "Store", "display", "event_filter", "problems"]


def display(database: str | Path) -> str:
    """How output names the store ``--db`` gives: a URL without its password."""
    try:
        return locate(database).display
    except SitrepError:
        return str(database)


class Store(CorrectionsMixin):
    """A sitrep store: an SQLite file (a path or ``sqlite:///PATH``), created
    on first use, or a PostgreSQL database (``postgresql://...``), whose
    schema is created on first use. A store of an older schema revision is
    upgraded when opened for writing (``sitrep db upgrade`` does it alone).

    ``readonly=True`` (the query commands) never creates or changes anything:
    a missing store is E028, and a store on read-only media can be read.
    """

    def __init__(self, database: str | Path, *, readonly: bool = False) -> None:
        self.location: Location = locate(database)
        #: How messages name the store (a URL without its password).
        self.path = self.location.display
        self.readonly = readonly
        #: Where events are read: the view with analysts' corrections, or, in a
        #: store made before corrections existed and opened read-only (so not
        #: migrated), the machine-coded table itself (it has no corrections).
        self._events_source = "current_events"
        #: Whether the store keeps documents' source ids (revision 0004); a
        #: store made before, opened read-only, tells them from each origin.
        self._keeps_sources = True
        self._conn: Connection
        #: The schema as the store was found (before any upgrade).
        self.opened_at: schema.SchemaStatus
        if readonly:
            self._conn = open_readonly(self.location)
            try:
                self._check_readable()
            except BaseException:
                self._conn.close()
                raise
            return
        if self.location.backend == "sqlite" and self.path != ":memory:":
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise SitrepError(E.E029, url=self.path, detail=exc.strerror or exc) from exc
        self._conn = open_writable(self.location)
        try:
            self.opened_at = self.schema_status()
            if not self.opened_at.current:
                self.opened_at = schema.upgrade(self.location, self._conn.sqlite_memory())
        except BaseException:
            self._conn.close()
            raise

    @coded
    def _check_readable(self) -> None:
        found, _ = schema.revision(self._conn)
        if found is None:
            if self.location.backend == "postgresql":
                # An empty database is no store yet, as a missing file is.
                raise SitrepError(E.E028, url=self.path)
            raise SitrepError(E.E016, url=self.path, detail="not a sitrep store (no schema)")
        self.opened_at = schema.status(self._conn)  # E062: newer than this sitrep
        if not self._conn.has_view("current_events"):
            self._events_source = "events"
        self._keeps_sources = self._conn.has_table("document_sources")

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.location.backend

    @coded
    def schema_status(self) -> schema.SchemaStatus:
        """The store's schema revision and what is pending."""
        return schema.status(self._conn)

    def close(self) -> None:
        """Close the database."""
        self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit of work: all of it is stored, or none. It waits
        for other writers (SQLite's write lock; the store's advisory lock on
        PostgreSQL).

        A database failure inside (disk full, read-only file) becomes its
        coded ``SitrepError`` after the rollback, the database's own error
        as its ``__cause__``."""
        try:
            self._conn.begin()
        except (DBAPIError, sqlite3.Error) as exc:
            self._safe_rollback()
            raise store_error(exc, self.path) from exc
        try:
            yield
        except BaseException as exc:
            self._safe_rollback()
            if isinstance(exc, DBAPIError | sqlite3.Error):
                raise store_error(exc, self.path) from exc
            raise
        try:
            self._conn.commit()
        except (DBAPIError, sqlite3.Error) as exc:
            self._safe_rollback()
            raise store_error(exc, self.path) from exc

    def _safe_rollback(self) -> None:
        # A connection that is gone has been rolled back by the server already.
        with suppress(DBAPIError, sqlite3.Error):
            self._conn.rollback()

    def atomic(self, work: Callable[[], _T]) -> _T:
        """``work()`` in one transaction, run again (after a pause) when the
        database could not serialise it with other writers; E063 after
        ``WRITE_ATTEMPTS`` tries. ``work`` must do nothing but database work."""
        for attempt in range(WRITE_ATTEMPTS):
            try:
                with self.transaction():
                    return work()
            except SitrepError as exc:
                if not transient(exc.__cause__):
                    raise
                if attempt == WRITE_ATTEMPTS - 1:
                    raise SitrepError(
                        E.E063, url=self.path, attempts=WRITE_ATTEMPTS, detail=exc.__cause__
                    ) from exc
            time.sleep(backoff(attempt))
        raise AssertionError("unreachable: the last attempt raises")

    # -- documents -------------------------------------------------------------

    @coded
    def has_document(self, doc_id: str) -> bool:
        """Whether a document with this content hash is stored."""
        return (
            self._conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
            is not None
        )

    def add_document(
        self, document: Document, mentions: list[EventMention], statistics: list[Statistic]
    ) -> bool:
        """Store a document with its mentions and statistics (call inside
        ``transaction``); False, storing nothing, if it is stored already."""
        removed = json.dumps([to_dict(r) for r in document.removed], ensure_ascii=False)
        added = self._conn.execute(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO NOTHING",
            (
                document.id,
                document.url,
                document.source,
                document.title,
                document.published.isoformat() if document.published else None,
                document.language,
                document.origin,
                document.text,
                removed,
                dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            ),
        )
        # Also for a document stored already: the same text under another id.
        self.add_source_ids(document.id, document.source_ids)
        if added.rowcount == 0:
            return False
        self._conn.executemany(
            "INSERT INTO mentions VALUES (?,?,?,?,?,?)",
            [
                (
                    m.doc_id,
                    m.index,
                    m.sub_event_type,
                    m.date_start.isoformat() if m.date_start else None,
                    m.date_end.isoformat() if m.date_end else None,
                    json.dumps(to_dict(m), ensure_ascii=False),
                )
                for m in mentions
            ],
        )
        self._conn.executemany(
            "INSERT INTO statistics VALUES (?,?,?,?,?) ON CONFLICT (statistic_id) DO UPDATE"
            " SET doc_id = excluded.doc_id, measure = excluded.measure,"
            " value = excluded.value, record = excluded.record",
            [
                (
                    s.statistic_id,
                    s.doc_id,
                    s.measure,
                    s.value,
                    json.dumps(_stored_record(s), ensure_ascii=False),
                )
                for s in statistics
            ],
        )
        return True

    def add_source_ids(self, doc_id: str, source_ids: Iterable[str]) -> None:
        """Record the ids a stored document was given (call inside
        ``transaction``); ids it has already are passed over."""
        self._conn.executemany(
            "INSERT INTO document_sources (doc_id, source_id) VALUES (?,?)"
            " ON CONFLICT (doc_id, source_id) DO NOTHING",
            [(doc_id, source_id) for source_id in source_ids],
        )

    @coded
    def source_ids(self, doc_ids: Iterable[str]) -> dict[str, list[str]]:
        """The ids each document was given, in the order they were first given."""
        wanted = list(dict.fromkeys(doc_ids))
        found: dict[str, list[str]] = {doc_id: [] for doc_id in wanted}
        for start in range(0, len(wanted), _IDS_PER_QUERY):
            chunk = wanted[start : start + _IDS_PER_QUERY]
            marks = ",".join("?" * len(chunk))
            if not self._keeps_sources:
                rows = self._conn.execute(
                    f"SELECT id, origin, url FROM documents WHERE id IN ({marks})", tuple(chunk)
                )
                for doc_id, origin, url in rows:
                    found[doc_id] = recovered_ids(origin, url)
                continue
            rows = self._conn.execute(
                "SELECT doc_id, source_id FROM document_sources"
                f" WHERE doc_id IN ({marks}) ORDER BY seq",
                tuple(chunk),
            )
            for doc_id, source_id in rows:
                found[doc_id].append(source_id)
        return found

    def with_source_ids(self, events: list[Event], statistics: list[Statistic]) -> None:
        """Fill the ``source_ids`` of events and statistics read from the store
        (derived on read, so an id given later reaches earlier events)."""
        doc_ids = [d for e in events for d in e.doc_ids] + [s.doc_id for s in statistics]
        with_source_ids(events, statistics, self.source_ids(doc_ids))

    @coded
    def sources(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """Outlet name (or origin) of each document, for events' ``source``."""
        found: dict[str, str] = {}
        for doc_id in set(doc_ids):
            row = self._conn.execute(
                "SELECT source, url, origin FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
            if row is not None:
                found[doc_id] = row[0] or row[1] or row[2] or doc_id
        return found

    def documents(self) -> list[DocumentInfo]:
        """Every stored document's metadata (no text), by id."""
        rows = self._conn.execute(
            "SELECT id, source, url, title, published, language, origin FROM documents ORDER BY id"
        )
        return [
            DocumentInfo(
                r[0], r[1], r[2], r[3], dt.date.fromisoformat(r[4]) if r[4] else None, r[5], r[6]
            )
            for r in rows
        ]

    def event_date_span(self) -> tuple[dt.date, dt.date] | None:
        """Earliest and latest event date in the whole store (None when it has none)."""
        row = self._conn.execute(
            "SELECT min(event_date), max(event_date) FROM events WHERE event_date IS NOT NULL"
        ).fetchone()
        if row is None or row[0] is None:
            return None
        return dt.date.fromisoformat(row[0]), dt.date.fromisoformat(row[1])

    # -- mentions and events --------------------------------------------------

    def related_mentions(self, mentions: list[EventMention]) -> list[EventMention]:
        """Stored mentions that may state the same incidents as ``mentions``:
        those with overlapping dates (a day either side), and every mention of
        the events those belong to."""
        keys: set[tuple[str, int]] = set()
        for m in mentions:
            if m.date_start is None or m.date_end is None:
                rows = self._conn.execute(
                    "SELECT doc_id, idx FROM mentions"
                    " WHERE date_start IS NULL AND sub_event_type = ?",
                    (m.sub_event_type,),
                )
            else:
                rows = self._conn.execute(
                    "SELECT doc_id, idx FROM mentions"
                    " WHERE sub_event_type = ? AND date_start <= ? AND date_end >= ?",
                    (
                        m.sub_event_type,
                        shifted(m.date_end, 1).isoformat(),
                        shifted(m.date_start, -1).isoformat(),
                    ),
                )
            keys.update((r[0], r[1]) for r in rows)
        events = {
            row[0]
            for key in keys
            for row in self._conn.execute(
                "SELECT event_id FROM event_mentions WHERE doc_id = ? AND idx = ?", key
            )
        }
        for event_id in events:
            keys.update(
                (r[0], r[1])
                for r in self._conn.execute(
                    "SELECT doc_id, idx FROM event_mentions WHERE event_id = ?", (event_id,)
                )
            )
        return [self._mention(key) for key in sorted(keys)]

    def _mention(self, key: tuple[str, int]) -> EventMention:
        row = self._conn.execute(
            "SELECT record FROM mentions WHERE doc_id = ? AND idx = ?", key
        ).one()
        return mention_from_dict(json.loads(row[0]))

    def replace_events(self, groups: list[tuple[Event, list[EventMention]]]) -> None:
        """Replace the events of the mentions in ``groups`` by the given events."""
        stale: set[str] = set()
        for _, members in groups:
            for m in members:
                stale.update(
                    r[0]
                    for r in self._conn.execute(
                        "SELECT event_id FROM event_mentions WHERE doc_id = ? AND idx = ?",
                        (m.doc_id, m.index),
                    )
                )
        for event_id in stale:
            self._conn.execute("DELETE FROM event_mentions WHERE event_id = ?", (event_id,))
            self._conn.execute("DELETE FROM events WHERE event_id = ?", (event_id,))
            self._conn.execute("DELETE FROM corrected_events WHERE event_id = ?", (event_id,))
        insert = (
            f"INSERT INTO events ({', '.join(_COLUMNS)})"
            f" VALUES ({', '.join('?' * len(_COLUMNS))}) ON CONFLICT (event_id) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS[1:])
        )
        for event, members in groups:
            self._conn.execute(insert, event_row(event))
            self._conn.executemany(
                "INSERT INTO event_mentions VALUES (?,?,?)"
                " ON CONFLICT (doc_id, idx) DO UPDATE SET event_id = excluded.event_id",
                [(event.event_id, m.doc_id, m.index) for m in members],
            )
        # Corrections outlive the merge: they are laid again over the new events.
        self.refresh_corrections([event.event_id for event, _ in groups])

    # -- queries ----------------------------------------------------------------

    @coded
    def events(self, query: EventQuery | None = None) -> list[Event]:
        """Stored events matching ``query``, by date then id."""
        where, args = event_filter(query or EventQuery())
        # current_events: machine-coded events with analysts' corrections laid
        # over them, without those marked "not an event".
        sql = (
            f"SELECT record FROM {self._events_source} WHERE {' AND '.join(where)}"
            " ORDER BY event_date, event_id"
        )
        events = [event_from_dict(json.loads(r[0])) for r in self._conn.execute(sql, args)]
        self.with_source_ids(events, [])
        return events

    @coded
    def statistics(self) -> list[Statistic]:
        """All stored statistics, by document then id."""
        rows = self._conn.execute("SELECT record FROM statistics ORDER BY doc_id, statistic_id")
        statistics = [statistic_from_dict(json.loads(r[0])) for r in rows]
        self.with_source_ids([], statistics)
        return statistics

    @coded
    def counts(self) -> dict[str, int]:
        """Row counts per table (for summaries and tests)."""
        tables = ("documents", "mentions", "statistics", "events", "event_mentions", "corrections")
        return {t: int(self._conn.execute(f"SELECT count(*) FROM {t}").one()[0]) for t in tables}


def _stored_record(statistic: Statistic) -> dict[str, object]:
    """A statistic's JSON record without ``source_ids`` (derived on read)."""
    return {k: v for k, v in to_dict(statistic).items() if k != "source_ids"}


def event_filter(q: EventQuery) -> tuple[list[str], list[object]]:
    """SQL conditions (over ``current_events``) and their parameters for a query."""
    where: list[str] = ["1=1"]
    args: list[object] = []
    if q.date_from:
        where.append("event_date >= ?")
        args.append(q.date_from.isoformat())
    if q.date_to:
        where.append("event_date <= ?")
        args.append(q.date_to.isoformat())
    if q.country:
        where.append("lower(country) = lower(?)")
        args.append(q.country)
    if q.admin1:
        # Either spelling of the region: ACLED-style ("Idleb") or GeoNames'
        # ("Idlib", the only one in stores written before schema 1.2).
        names = admin1_spellings(q.admin1)
        where.append(f"lower(admin1) IN ({', '.join('lower(?)' for _ in names)})")
        args += names
    if q.event_type:
        where.append("(lower(event_type) = lower(?) OR lower(sub_event_type) = lower(?))")
        args += [q.event_type, q.event_type]
    if q.actor:
        where.append("(lower(actor1) LIKE lower(?) OR lower(actor2) LIKE lower(?))")
        args += [f"%{q.actor}%", f"%{q.actor}%"]
    return where, args
