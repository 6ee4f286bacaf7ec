"""The ids the user gave each document (provenance), filled for stored ones.

Revision 0004, after 0003.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sitrep.store.provenance import recovered_ids

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    """``document_sources``: one row per (document, id it was given), in the
    order the ids were first seen (``seq``); stored documents get the ids
    their origin and URL still tell."""
    op.create_table(
        "document_sources",
        # AUTOINCREMENT-like on SQLite, an identity column on PostgreSQL:
        # the order in which a document's ids were first given.
        sa.Column("seq", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("source_id", sa.Text, nullable=False),
        sa.UniqueConstraint("doc_id", "source_id", name="document_sources_unique"),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, origin, url FROM documents ORDER BY id")).fetchall()
    values = [
        {"doc_id": doc_id, "source_id": source_id}
        for doc_id, origin, url in rows
        for source_id in recovered_ids(origin, url)
    ]
    if values:
        bind.execute(
            sa.text(
                "INSERT INTO document_sources (doc_id, source_id) VALUES (:doc_id, :source_id)"
            ),
            values,
        )
