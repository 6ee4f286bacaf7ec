"""Store stage: documents, mentions, statistics and events in SQLite (WAL).

Content-hash keys make ingest idempotent: a document whose id (hash of its
cleaned text) is stored already is skipped, and each document is written in
one transaction with its mentions and statistics, so a run killed midway
leaves only whole documents behind. Events are derived data: the mentions of
the incidents a new document touches are merged again and those events
replaced, so events depend only on the set of stored mentions.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

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
)
from sitrep.store.connection import coded, open_readonly, open_writable, shifted, store_error
from sitrep.store_corrections import COLUMNS as _COLUMNS
from sitrep.store_corrections import CorrectionsMixin, event_row

#: Versioned migrations: (version, statements). Append, never edit.
MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            """CREATE TABLE documents (
                id TEXT PRIMARY KEY, url TEXT, source TEXT, title TEXT, published TEXT,
                language TEXT, origin TEXT, text TEXT NOT NULL, removed TEXT NOT NULL,
                ingested_at TEXT NOT NULL)""",
            """CREATE TABLE mentions (
                doc_id TEXT NOT NULL REFERENCES documents(id), idx INTEGER NOT NULL,
                sub_event_type TEXT NOT NULL, date_start TEXT, date_end TEXT,
                record TEXT NOT NULL, PRIMARY KEY (doc_id, idx))""",
            "CREATE INDEX mentions_dates ON mentions (date_start, date_end)",
            """CREATE TABLE statistics (
                statistic_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id),
                measure TEXT NOT NULL, value INTEGER NOT NULL, record TEXT NOT NULL)""",
            """CREATE TABLE events (
                event_id TEXT PRIMARY KEY, event_date TEXT, country TEXT, admin1 TEXT,
                event_type TEXT NOT NULL, sub_event_type TEXT NOT NULL, actor1 TEXT, actor2 TEXT,
                fatalities INTEGER NOT NULL, record TEXT NOT NULL)""",
            "CREATE INDEX events_date ON events (event_date)",
            """CREATE TABLE event_mentions (
                event_id TEXT NOT NULL, doc_id TEXT NOT NULL, idx INTEGER NOT NULL,
                PRIMARY KEY (doc_id, idx))""",
            "CREATE INDEX event_mentions_event ON event_mentions (event_id)",
        ],
    ),
    (
        2,
        [
            # Columns the web API filters and pages on (bbox, confidence).
            "ALTER TABLE events ADD COLUMN latitude REAL",
            "ALTER TABLE events ADD COLUMN longitude REAL",
            "ALTER TABLE events ADD COLUMN confidence REAL NOT NULL DEFAULT 0",
            """UPDATE events SET latitude = json_extract(record, '$.latitude'),
                longitude = json_extract(record, '$.longitude'),
                confidence = coalesce(json_extract(record, '$.confidence'), 0)""",
            # Analysts' corrections: the log (old and new values as JSON),
            # the mentions the event had when corrected (so the correction
            # follows them through a re-merge that changes the event's id),
            # and the corrected events, rebuilt whenever either changes.
            """CREATE TABLE corrections (
                id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL,
                field TEXT NOT NULL, old TEXT, new TEXT, author TEXT NOT NULL,
                created_at TEXT NOT NULL)""",
            "CREATE INDEX corrections_event ON corrections (event_id)",
            """CREATE TABLE correction_anchors (
                correction_id INTEGER NOT NULL REFERENCES corrections(id),
                doc_id TEXT NOT NULL, idx INTEGER NOT NULL,
                PRIMARY KEY (correction_id, doc_id, idx))""",
            "CREATE INDEX correction_anchors_mention ON correction_anchors (doc_id, idx)",
            f"""CREATE TABLE corrected_events (
                event_id TEXT PRIMARY KEY, rejected INTEGER NOT NULL, {", ".join(_COLUMNS[1:])})""",
            f"""CREATE VIEW current_events AS SELECT e.event_id AS event_id, {
                ", ".join(
                    f"CASE WHEN c.event_id IS NULL THEN e.{col} ELSE c.{col} END AS {col}"
                    for col in _COLUMNS[1:]
                )
            }, c.event_id IS NOT NULL AS corrected
            FROM events e LEFT JOIN corrected_events c ON c.event_id = e.event_id
            WHERE c.rejected IS NOT 1""",
        ],
    ),
]


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


class Store(CorrectionsMixin):
    """A sitrep database in one SQLite file, created on first use.

    ``readonly=True`` (the query commands) never creates or changes anything:
    a missing store is E028, and a store on read-only media can be read.
    """

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
        #: Where events are read: the view with analysts' corrections, or, in a
        #: store made before corrections existed and opened read-only (so not
        #: migrated), the machine-coded table itself (it has no corrections).
        self._events_source = "current_events"
        if readonly:
            self._conn = open_readonly(self.path)
            view = "SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = 'current_events'"
            if self._conn.execute(view).fetchone() is None:
                self._events_source = "events"
            return
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SitrepError(E.E029, url=self.path, detail=exc.strerror or exc) from exc
        self._conn = open_writable(self.path, MIGRATIONS)

    def close(self) -> None:
        """Close the database."""
        self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit of work: all of it is stored, or none.

        An SQLite failure inside (disk full, read-only file) becomes its coded
        ``SitrepError`` after the rollback."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc
        try:
            yield
        except BaseException as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise store_error(exc, self.path) from exc
            raise
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise store_error(exc, self.path) from exc

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
    ) -> None:
        """Store a document with its mentions and statistics (call inside ``transaction``)."""
        removed = json.dumps([to_dict(r) for r in document.removed], ensure_ascii=False)
        self._conn.execute(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?)",
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
            "INSERT OR REPLACE INTO statistics VALUES (?,?,?,?,?)",
            [
                (
                    s.statistic_id,
                    s.doc_id,
                    s.measure,
                    s.value,
                    json.dumps(to_dict(s), ensure_ascii=False),
                )
                for s in statistics
            ],
        )

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
        ).fetchone()
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
            f"INSERT OR REPLACE INTO events ({', '.join(_COLUMNS)})"
            f" VALUES ({', '.join('?' * len(_COLUMNS))})"
        )
        for event, members in groups:
            self._conn.execute(insert, event_row(event))
            self._conn.executemany(
                "INSERT OR REPLACE INTO event_mentions VALUES (?,?,?)",
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
        return [event_from_dict(json.loads(r[0])) for r in self._conn.execute(sql, args)]

    @coded
    def statistics(self) -> list[Statistic]:
        """All stored statistics, by document then id."""
        rows = self._conn.execute("SELECT record FROM statistics ORDER BY doc_id, statistic_id")
        return [statistic_from_dict(json.loads(r[0])) for r in rows]

    @coded
    def counts(self) -> dict[str, int]:
        """Row counts per table (for summaries and tests)."""
        tables = ("documents", "mentions", "statistics", "events", "event_mentions", "corrections")
        return {
            t: int(self._conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables
        }


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
    for column, value in (("country", q.country), ("admin1", q.admin1)):
        if value:
            where.append(f"lower({column}) = lower(?)")
            args.append(value)
    if q.event_type:
        where.append("(lower(event_type) = lower(?) OR lower(sub_event_type) = lower(?))")
        args += [q.event_type, q.event_type]
    if q.actor:
        where.append("(lower(actor1) LIKE lower(?) OR lower(actor2) LIKE lower(?))")
        args += [f"%{q.actor}%", f"%{q.actor}%"]
    return where, args
