"""Events' coordinates and confidence as columns; analysts' corrections.

Revision 0002, after 0001.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"

#: The corrected copy of an event has the events table's columns (but the id).
_EVENT_COLUMNS: list[tuple[str, sa.types.TypeEngine[Any]]] = [
    ("event_date", sa.Text()),
    ("country", sa.Text()),
    ("admin1", sa.Text()),
    ("event_type", sa.Text()),
    ("sub_event_type", sa.Text()),
    ("actor1", sa.Text()),
    ("actor2", sa.Text()),
    ("fatalities", sa.BigInteger()),
    ("record", sa.Text()),
    ("latitude", sa.Float()),
    ("longitude", sa.Float()),
    ("confidence", sa.Float()),
]


def _json_number(field: str) -> str:
    """SQL reading a number out of the JSON ``record`` column."""
    if op.get_bind().dialect.name == "sqlite":
        return f"json_extract(record, '$.{field}')"
    return f"CAST(CAST(record AS jsonb) ->> '{field}' AS double precision)"


def upgrade() -> None:
    """Add the columns the web API filters and pages on (bounding box,
    confidence), filled from each event's record; the corrections log, the
    mentions each correction was anchored to (so that it follows them
    through a re-merge that changes the event's id), the corrected events,
    and the ``current_events`` view that lays them over ``events``."""
    # sa.Float is double precision on PostgreSQL (REAL would round coordinates).
    op.add_column("events", sa.Column("latitude", sa.Float))
    op.add_column("events", sa.Column("longitude", sa.Float))
    op.add_column("events", sa.Column("confidence", sa.Float, nullable=False, server_default="0"))
    op.execute(
        f"UPDATE events SET latitude = {_json_number('latitude')},"
        f" longitude = {_json_number('longitude')},"
        f" confidence = coalesce({_json_number('confidence')}, 0)"
    )
    op.create_table(
        "corrections",
        # AUTOINCREMENT on SQLite, an identity column on PostgreSQL: ids are
        # never reused, so a correction's anchors cannot be taken over.
        sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column("event_id", sa.Text, nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("old", sa.Text),
        sa.Column("new", sa.Text),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("corrections_event", "corrections", ["event_id"])
    op.create_table(
        "correction_anchors",
        sa.Column("correction_id", sa.Integer, sa.ForeignKey("corrections.id"), nullable=False),
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("correction_id", "doc_id", "idx"),
    )
    op.create_index("correction_anchors_mention", "correction_anchors", ["doc_id", "idx"])
    op.create_table(
        "corrected_events",
        sa.Column("event_id", sa.Text, primary_key=True),
        sa.Column("rejected", sa.Integer, nullable=False),
        *(sa.Column(name, kind) for name, kind in _EVENT_COLUMNS),
    )
    columns = ", ".join(
        f"CASE WHEN c.event_id IS NULL THEN e.{name} ELSE c.{name} END AS {name}"
        for name, _ in _EVENT_COLUMNS
    )
    op.execute(
        f"CREATE VIEW current_events AS SELECT e.event_id AS event_id, {columns},"
        " c.event_id IS NOT NULL AS corrected"
        " FROM events e LEFT JOIN corrected_events c ON c.event_id = e.event_id"
        " WHERE coalesce(c.rejected, 0) <> 1"
    )
