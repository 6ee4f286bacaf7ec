"""Alembic's entry point for the store's migrations (``sitrep.store.schema``
runs them inside its own locked transaction on the connection it passes in
``config.attributes["connection"]``; there is no alembic.ini)."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
# SQLite and PostgreSQL both change their schema inside a transaction: all
# pending revisions are applied, or none.
context.configure(connection=connection, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
