"""``sitrep db``: the store's schema (``status``, ``upgrade``); and the one
``--db`` option every command that touches the store shares."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

import click
from rich.console import Console
from rich.markup import escape

from sitrep.api import Sitrep
from sitrep.errors import SitrepError, fatal_exit_code
from sitrep.store import display

_err = Console(stderr=True, soft_wrap=True)
_F = TypeVar("_F", bound=Callable[..., object])

#: What every ``--db`` accepts (the README's "Where the store lives").
DB_FORMS = "an SQLite file path, sqlite:///PATH or postgresql://USER:PASSWORD@HOST:PORT/DATABASE"


def db_option(role: str) -> Callable[[_F], _F]:
    """The ``--db`` option (also ``$SITREP_DB``), ``role`` saying what the
    command does with the store."""
    return click.option(
        "--db",
        "database",
        envvar="SITREP_DB",
        default="sitrep.db",
        show_default=True,
        metavar="PATH|URL",
        help=f"The store: {DB_FORMS} ({role}).",
    )


def _fail(exc: SitrepError) -> None:
    _err.print(f"sitrep: {escape(str(exc))}", highlight=False)
    sys.exit(fatal_exit_code(exc.code))


@click.group("db")
def db_group() -> None:
    """The store's schema: where it stands, and upgrading it."""


@db_group.command("status")
@db_option("must exist; only read")
def status_command(database: str) -> None:
    """Print the store's backend, schema revision, pending revisions and row counts."""
    try:
        report = Sitrep().store_status(database)
    except SitrepError as exc:
        _fail(exc)
    schema = report.schema
    print(f"store:    {report.url}")
    print(f"backend:  {report.backend}")
    recorded = " (recorded before Alembic)" if schema.legacy else ""
    state = "up to date" if schema.current else f"{len(schema.pending)} pending"
    print(f"revision: {schema.revision or 'none'}{recorded}; newest {schema.head}: {state}")
    for revision, what in schema.pending:
        print(f"  pending {revision}: {what}")
    print("rows:     " + ", ".join(f"{table} {n:,}" for table, n in report.counts.items()))
    print("check:    " + ("; ".join(report.problems) if report.problems else "ok"))


@db_group.command("upgrade")
@db_option("created if it does not exist")
def upgrade_command(database: str) -> None:
    """Apply the pending schema revisions (safe while other processes use the store)."""
    try:
        before, after = Sitrep().upgrade(database)
    except SitrepError as exc:
        _fail(exc)
    if not before.pending:
        print(f"{display(database)}: at revision {after.revision}, nothing to do")
        return
    applied = ", ".join(revision for revision, _ in before.pending)
    print(f"upgraded from revision {before.revision or 'none'} to {after.revision} ({applied})")
