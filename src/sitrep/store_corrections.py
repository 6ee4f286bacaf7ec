"""The store's corrections: analysts' changes to events, kept in their own
tables and laid over the machine-coded events (``Store`` inherits these).

``corrections`` is the log (old and new value as JSON, author, UTC time);
``correction_anchors`` the mentions the event had when corrected, so that a
correction follows them when a later ingest merges the event again under a
new id; ``corrected_events`` the corrected copy of each corrected event, which
the ``current_events`` view lays over ``events`` for every read.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from sitrep.corrections import Correction, apply, current_value, latest
from sitrep.records import Event, event_from_dict, to_dict

#: The events table's columns (migration 2 added the last three).
COLUMNS = (
    "event_id", "event_date", "country", "admin1", "event_type", "sub_event_type", "actor1",
    "actor2", "fatalities", "record", "latitude", "longitude", "confidence",
)  # fmt: skip


class Database(Protocol):
    """What the mixin needs of the store's connection (``sitrep.store.connection``)."""

    def execute(self, sql: str, args: Sequence[object] = ()) -> Any:
        """Run one statement with ``?`` placeholders; the result has ``fetchone``/``fetchall``."""

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        """Run one statement once per row of parameters."""


class CorrectionsMixin:
    """Corrections over the connection ``_conn`` of a ``Store``."""

    _conn: Database

    def rows(self, sql: str, args: Iterable[object] = ()) -> list[tuple[Any, ...]]:
        """Rows of a read-only, parameterised query (for ``sitrep.browse``)."""
        return [tuple(r) for r in self._conn.execute(sql, tuple(args))]

    def corrections(self, event_id: str | None = None) -> list[Correction]:
        """Every correction (oldest first), or those of one event: made on it,
        or on an earlier event built from the same mentions."""
        if event_id is None:
            rows = self._conn.execute("SELECT * FROM corrections ORDER BY id").fetchall()
        else:
            rows = self._conn.execute(
                "SELECT * FROM corrections WHERE event_id = ? UNION"
                " SELECT c.* FROM corrections c"
                " JOIN correction_anchors a ON a.correction_id = c.id"
                " JOIN event_mentions m ON m.doc_id = a.doc_id AND m.idx = a.idx"
                " WHERE m.event_id = ? ORDER BY id",
                (event_id, event_id),
            ).fetchall()
        return [
            Correction(r[0], r[1], r[2], json.loads(r[3]), json.loads(r[4]), r[5], r[6])
            for r in rows
        ]

    def add_corrections(
        self, event_id: str, changes: dict[str, Any], author: str
    ) -> list[Correction]:
        """Record corrections of one stored event (field -> checked value; call
        inside ``transaction``); unchanged fields are not recorded. Returns the
        new corrections; an unknown event is a ``KeyError``."""
        row = self._conn.execute(
            "SELECT record FROM events WHERE event_id = ?", (event_id,)
        ).fetchone()
        if row is None:
            raise KeyError(event_id)
        machine = event_from_dict(json.loads(row[0]))
        done = latest(self.corrections(event_id))
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        anchors = self._conn.execute(
            "SELECT doc_id, idx FROM event_mentions WHERE event_id = ?", (event_id,)
        ).fetchall()
        added = []
        for field, new in changes.items():
            old = done.get(field, current_value(machine, field))
            if old == new:
                continue
            correction_id = int(
                self._conn.execute(
                    "INSERT INTO corrections (event_id, field, old, new, author, created_at)"
                    " VALUES (?,?,?,?,?,?) RETURNING id",
                    (event_id, field, json.dumps(old), json.dumps(new), author, now),
                ).one()[0]
            )
            self._conn.executemany(
                "INSERT INTO correction_anchors VALUES (?,?,?)",
                [(correction_id, doc_id, idx) for doc_id, idx in anchors],
            )
            added.append(Correction(correction_id, event_id, field, old, new, author, now))
        self.refresh_corrections([event_id])
        return added

    def refresh_corrections(self, event_ids: Iterable[str]) -> None:
        """Rebuild the corrected copies of these events from the machine-coded
        event and its corrections (call inside ``transaction``)."""
        if self._conn.execute("SELECT 1 FROM corrections LIMIT 1").fetchone() is None:
            return  # nothing to lay over (and corrected_events is empty): bulk loads stay fast
        for event_id in event_ids:
            self._conn.execute("DELETE FROM corrected_events WHERE event_id = ?", (event_id,))
            corrections = self.corrections(event_id)
            row = self._conn.execute(
                "SELECT record FROM events WHERE event_id = ?", (event_id,)
            ).fetchone()
            if row is None or not corrections:
                continue
            changes = latest(corrections)
            event = apply(event_from_dict(json.loads(row[0])), changes)
            self._conn.execute(
                f"INSERT INTO corrected_events (event_id, rejected, {', '.join(COLUMNS[1:])})"
                f" VALUES (?, ?, {', '.join('?' * (len(COLUMNS) - 1))})",
                (event_id, int(bool(changes.get("not_an_event"))), *event_row(event)[1:]),
            )


def event_row(event: Event) -> tuple[object, ...]:
    """An event as a row of ``COLUMNS``."""
    return (
        event.event_id,
        event.event_date.isoformat() if event.event_date else None,
        event.country,
        event.admin1,
        event.event_type,
        event.sub_event_type,
        event.actor1,
        event.actor2,
        event.fatalities,
        # Without source_ids: they are derived on read (Store.with_source_ids).
        json.dumps(
            {k: v for k, v in to_dict(event).items() if k != "source_ids"}, ensure_ascii=False
        ),
        event.latitude,
        event.longitude,
        event.confidence,
    )
