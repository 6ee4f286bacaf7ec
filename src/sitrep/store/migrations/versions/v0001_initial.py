"""Documents, mentions, statistics and merged events (the first release's schema).

Revision 0001, the first.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    """Create the tables of documents, their mentions and statistics, and events."""
    op.create_table(
        "documents",
        sa.Column("id", sa.Text, primary_key=True),  # hash of the cleaned text
        sa.Column("url", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.Text),  # ISO dates as text on both backends
        sa.Column("language", sa.Text),
        sa.Column("origin", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("removed", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.Text, nullable=False),
    )
    op.create_table(
        "mentions",
        sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("sub_event_type", sa.Text, nullable=False),
        sa.Column("date_start", sa.Text),
        sa.Column("date_end", sa.Text),
        sa.Column("record", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("doc_id", "idx"),
    )
    op.create_index("mentions_dates", "mentions", ["date_start", "date_end"])
    op.create_table(
        "statistics",
        sa.Column("statistic_id", sa.Text, primary_key=True),
        sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("measure", sa.Text, nullable=False),
        # 64 bits as SQLite's INTEGER: a figure may pass two billion.
        sa.Column("value", sa.BigInteger, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("event_id", sa.Text, primary_key=True),
        sa.Column("event_date", sa.Text),
        sa.Column("country", sa.Text),
        sa.Column("admin1", sa.Text),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("sub_event_type", sa.Text, nullable=False),
        sa.Column("actor1", sa.Text),
        sa.Column("actor2", sa.Text),
        sa.Column("fatalities", sa.BigInteger, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_index("events_date", "events", ["event_date"])
    op.create_table(
        "event_mentions",
        sa.Column("event_id", sa.Text, nullable=False),
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("doc_id", "idx"),
    )
    op.create_index("event_mentions_event", "event_mentions", ["event_id"])
