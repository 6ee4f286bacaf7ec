"""``sitrep`` command line: a thin layer over ``sitrep.api``.

Exit codes (README, "Exit codes"): 0 all inputs processed; 3 some inputs
rejected, the rest processed; 4 every input rejected or none given; 2 usage
or configuration error; 5 store error.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from sitrep import export as exporters
from sitrep.api import ReadOptions, Sitrep, check_output, write
from sitrep.cli.db_cmd import db_group, db_option
from sitrep.cli.options import parse_date, parse_published
from sitrep.errors import SitrepError, exit_code, fatal_exit_code
from sitrep.ingest import DEFAULT_MAX_BYTES
from sitrep.pipeline import DEFAULT_ITEM_TIMEOUT
from sitrep.records import Event, Mentions, Rejected, Statistic
from sitrep.store import EventQuery, display

_err = Console(stderr=True, soft_wrap=True)  # one line per message: grep-able


def _fail(exc: SitrepError) -> None:
    """Print a command-stopping error and exit with its code (errors.FATAL_EXIT_CODES)."""
    _err.print(f"sitrep: {escape(str(exc))}", highlight=False)
    sys.exit(fatal_exit_code(exc.code))


def _read_options(func: click.decorators.FC) -> click.decorators.FC:
    options = [
        click.option(
            "--published",
            callback=parse_published,
            metavar="YYYY-MM-DD",
            help="Publication date of the inputs (dates like 'on Sunday' resolve against it).",
        ),
        click.option(
            "--input-format",
            type=click.Choice(["auto", "text", "html", "jsonl"]),
            default="auto",
            show_default=True,
            help="How to read the inputs.",
        ),
        click.option(
            "--encoding", default="utf-8", show_default=True, help="Text encoding of the inputs."
        ),
        click.option(
            "--max-bytes",
            type=click.IntRange(min=1),
            default=DEFAULT_MAX_BYTES,
            show_default=True,
            help="Reject inputs larger than this (a JSONL batch: each line).",
        ),
        click.option(
            "--item-timeout",
            type=click.FloatRange(min=0, min_open=True),
            default=DEFAULT_ITEM_TIMEOUT,
            show_default=True,
            help="Seconds one input item may take; a slower one is rejected (E026).",
        ),
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            default=lambda: os.cpu_count() or 1,
            show_default="all cores",
            help="Processes that analyse documents, each with the resources loaded once"
            " (forked); the output is the same for any number.",
        ),
        click.option(
            "--country",
            "countries",
            multiple=True,
            metavar="CODE|NAME",
            help="Country the inputs are about (ISO code or name; repeat for several). "
            "A JSONL record's own 'country' wins; without either it is inferred.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _report(result: Mentions | Rejected) -> None:
    """Name a rejected item with its reason, or a processed one's warnings."""
    if isinstance(result, Rejected):
        _err.print(
            # Item names and reasons quote the input: escaped, never markup.
            f"[yellow]sitrep: rejected {escape(result.item)}:[/yellow] {escape(result.reason)}",
            highlight=False,
        )
        return
    document = result.document
    for warning in document.warnings:
        item = document.origin or document.id
        _err.print(
            f"[yellow]sitrep: warning {escape(item)}:[/yellow] {escape(warning)}", highlight=False
        )


def _emit(events: list[Event], statistics: list[Statistic], fmt: str, output: Path | None) -> None:
    if fmt == "table":
        exporters.render_table(events, statistics, Console(file=sys.stdout, width=160))
        return
    write(events, statistics, fmt, output if output is not None else sys.stdout)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sitrep")
def main() -> None:
    """sitrep: conflict reports to sourced, geolocated ACLED-style event data."""


_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "csv", "geojson"]),
    default="table",
    show_default=True,
    help="Output format.",
)


@main.command("extract")
@click.argument("sources", nargs=-1, required=True)
@_read_options
@_format_option
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Drop less confident events.",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write here instead of stdout."
)
def extract_command(
    sources: tuple[str, ...],
    published: dt.date | None,
    input_format: str,
    encoding: str,
    max_bytes: int,
    item_timeout: float,
    workers: int,
    countries: tuple[str, ...],
    fmt: str,
    min_confidence: float,
    output: Path | None,
) -> None:
    """Extract events and statistics from FILES (or - for stdin), storing nothing."""
    counts = {"processed": 0, "rejected": 0}

    def note(result: Mentions | Rejected) -> None:
        counts["rejected" if isinstance(result, Rejected) else "processed"] += 1
        _report(result)

    options = ReadOptions(
        input_format, published, encoding, max_bytes, item_timeout, workers, countries
    )
    try:
        if fmt != "table":
            check_output(fmt, output)
        events, statistics = Sitrep().extract(
            list(sources), options, min_confidence=min_confidence, progress=note
        )
        _emit(events, statistics, fmt, output)
    except SitrepError as exc:
        _fail(exc)
    # The same count as ingest: a document that yields no event was still read.
    sys.exit(exit_code(counts["processed"], counts["rejected"]))


@main.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@_read_options
@db_option("created on first use")
def ingest_command(
    sources: tuple[str, ...],
    published: dt.date | None,
    input_format: str,
    encoding: str,
    max_bytes: int,
    item_timeout: float,
    workers: int,
    countries: tuple[str, ...],
    database: str,
) -> None:
    """Ingest FILES (or - for stdin) into the store; same documents twice change nothing."""
    options = ReadOptions(
        input_format, published, encoding, max_bytes, item_timeout, workers, countries
    )
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=_err,
        transient=True,
    ) as bar:
        task = bar.add_task("ingesting", total=None)

        def advance(result: Mentions | Rejected) -> None:
            bar.advance(task)
            _report(result)

        try:
            summary = Sitrep().ingest(list(sources), options, database=database, progress=advance)
        except SitrepError as exc:
            bar.stop()
            _fail(exc)
    not_english = sum(1 for r in summary.failed if r.code == "E008")
    _err.print(
        f"stored {summary.stored}, skipped {summary.skipped} already stored, "
        f"skipped {not_english} not English, failed {len(summary.failed) - not_english}; "
        f"{summary.events} events and {summary.statistics} new statistics"
        f" in {escape(display(database))}",
        highlight=False,
    )
    sys.exit(exit_code(summary.stored + summary.skipped, len(summary.failed)))


def _query_options(func: Callable[..., None]) -> Callable[..., None]:
    """Add the store and filter options; the command receives ``database``,
    ``min_confidence`` and one ``query: EventQuery``."""

    @functools.wraps(func)
    def command(
        *,
        date_from: dt.date | None,
        date_to: dt.date | None,
        country: str | None,
        admin1: str | None,
        event_type: str | None,
        actor: str | None,
        **rest: Any,
    ) -> None:
        func(query=EventQuery(date_from, date_to, country, admin1, event_type, actor), **rest)

    options = [
        db_option("only read; never created"),
        click.option(
            "--from",
            "date_from",
            callback=parse_date,
            metavar="YYYY-MM-DD",
            help="Earliest event date.",
        ),
        click.option(
            "--to", "date_to", callback=parse_date, metavar="YYYY-MM-DD", help="Latest event date."
        ),
        click.option("--country", help="Country name, e.g. Syria."),
        click.option("--admin1", help="First-level region, e.g. 'Deir ez-Zor'."),
        click.option("--event-type", help="ACLED event or sub-event type."),
        click.option("--actor", help="Part of an actor name (actor 1 or 2)."),
        click.option(
            "--min-confidence", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command("events")
@_query_options
@_format_option
@click.option("-o", "--output", type=click.Path(path_type=Path))
def events_command(
    database: str, min_confidence: float, query: EventQuery, fmt: str, output: Path | None
) -> None:
    """Query stored events by date range, country, admin1, event type and actor."""
    try:
        if fmt != "table":
            check_output(fmt, output)
        events = Sitrep().events(query, database=database, min_confidence=min_confidence)
        _emit(events, [], fmt, output)
    except SitrepError as exc:
        _fail(exc)


@main.command("export")
@_query_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["acled-csv", "jsonl", "geojson", "parquet"]),
    required=True,
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Output file (required for parquet)."
)
def export_command(
    database: str, min_confidence: float, query: EventQuery, fmt: str, output: Path | None
) -> None:
    """Export stored events (and statistics, in JSONL) for other tools."""
    sitrep = Sitrep()
    try:
        check_output(fmt, output)  # before any work: a bad path fails at once
        events = sitrep.events(query, database=database, min_confidence=min_confidence)
        statistics = sitrep.statistics(database=database) if fmt == "jsonl" else []
        count = write(events, statistics, fmt, output if output is not None else sys.stdout)
    except SitrepError as exc:
        _fail(exc)
    if output is not None:
        _err.print(f"wrote {count} records to {output}", highlight=False)


# Command groups that live in their own modules register here.
main.add_command(db_group)

from sitrep.cli.eval_cmd import eval_command  # noqa: E402

main.add_command(eval_command)

from sitrep.cli.gazetteer_cmd import gazetteer_group, geocode_command  # noqa: E402

main.add_command(gazetteer_group)
main.add_command(geocode_command)

from sitrep.cli.report_cmd import report_command  # noqa: E402

main.add_command(report_command)

from sitrep.cli.serve_cmd import corrections_group, serve_command  # noqa: E402

main.add_command(serve_command)
main.add_command(corrections_group)

from sitrep.cli.spark_cmd import spark_command  # noqa: E402

main.add_command(spark_command)
