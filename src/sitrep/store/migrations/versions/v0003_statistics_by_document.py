"""An index of statistics by document.

Revision 0003, after 0002.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    """Index statistics by document: the workbench lists a document's
    statistics with every event it opens, which scanned the whole table."""
    op.create_index("statistics_document", "statistics", ["doc_id"])
