"""``sitrep serve`` and ``sitrep corrections export``."""

from __future__ import annotations

import sys
from contextlib import closing
from pathlib import Path

import click
from rich.console import Console

from sitrep.api import Sitrep
from sitrep.cli.db_cmd import db_option
from sitrep.errors import ExitCode, SitrepError
from sitrep.ingest import DEFAULT_MAX_BYTES
from sitrep.store import display

_err = Console(stderr=True, soft_wrap=True)


@click.command("serve")
@db_option("must exist: ingest first")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--max-body",
    type=int,
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse request bodies (document uploads) larger than this.",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    help="Let pages from this origin call the API (repeatable; none by default).",
)
def serve_command(
    database: str, host: str, port: int, max_body: int, cors_origins: tuple[str, ...]
) -> None:
    """Serve the REST API (/api/v1, OpenAPI at /docs) and the map page over the store."""
    import uvicorn  # noqa: PLC0415 (only this command needs the server)

    from sitrep.web import ServeConfig, create_app  # noqa: PLC0415
    from sitrep.web.auth import load_or_create, token_path  # noqa: PLC0415

    sitrep = Sitrep()
    try:
        sitrep.existing_store(database).close()
        token = load_or_create(token_path(database))
    except SitrepError as exc:
        _err.print(f"sitrep: {exc}")
        sys.exit(ExitCode.STORE)
    if token.created:
        # Printed once: later runs only say where it is kept.
        _err.print(f"write token (kept in {token.path}, mode 0600): {token.value}", highlight=False)
    else:
        _err.print(f"write token: see {token.path}", highlight=False)
    if host not in {"127.0.0.1", "localhost", "::1"}:
        _err.print(f"[yellow]sitrep: listening on {host}: reachable from other machines[/yellow]")
    config = ServeConfig(database, token, max_body, cors_origins, sitrep)
    _err.print(
        f"serving {display(database)} on http://{host}:{port}/ (API docs at /docs)",
        highlight=False,
    )
    uvicorn.run(create_app(config), host=host, port=port, log_level="warning")


@click.group("corrections")
def corrections_group() -> None:
    """Analysts' corrections of stored events."""


@corrections_group.command("export")
@db_option("must exist")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder to write documents.jsonl and events.csv into (sitrep eval's gold).",
)
@click.option(
    "--split",
    type=click.Choice(["dev", "heldout"]),
    default="heldout",
    show_default=True,
    help="Split the documents go to.",
)
def corrections_export(database: str, output: Path, split: str) -> None:
    """Write the corrected documents and their events as gold for `sitrep eval`."""
    from sitrep import browse  # noqa: PLC0415

    try:
        with closing(Sitrep().existing_store(database, readonly=False)) as store:
            documents, events = browse.export_gold(store, output, split=split)
    except SitrepError as exc:
        _err.print(f"sitrep: {exc}")
        sys.exit(ExitCode.STORE)
    _err.print(f"wrote {documents} documents and {events} gold events to {output}", highlight=False)
