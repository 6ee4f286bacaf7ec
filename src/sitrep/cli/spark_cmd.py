"""``sitrep spark``: extraction on Apache Spark (optional extra ``sitrep[spark]``)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.console import Console

from sitrep.cli.options import parse_published
from sitrep.errors import E, ExitCode, SitrepError
from sitrep.ingest import DEFAULT_MAX_BYTES

_err = Console(stderr=True, soft_wrap=True)


@click.command("spark")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder for events/, statistics/ (Parquet by year/month/country) and rejected/.",
)
@click.option(
    "--master",
    help="Spark master (default: spark-submit's, else local[*]), e.g. local[2].",
)
@click.option(
    "--published",
    callback=parse_published,
    metavar="YYYY-MM-DD",
    help="Publication date of inputs that state none.",
)
@click.option(
    "--encoding", default="utf-8", show_default=True, help="Text encoding of text/JSONL inputs."
)
@click.option(
    "--max-bytes",
    type=int,
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Reject inputs (a WARC record, a JSONL line) larger than this.",
)
@click.option(
    "--country",
    "countries",
    multiple=True,
    metavar="CODE|NAME",
    help="Country the inputs are about (ISO code or name; repeat for several). "
    "A record's own 'country' wins; without either it is inferred.",
)
def spark_command(
    sources: tuple[str, ...],
    output: Path,
    master: str | None,
    published: dt.date | None,
    encoding: str,
    max_bytes: int,
    countries: tuple[str, ...],
) -> None:
    """Extract events from JSONL, WARC, feeds or Parquet SOURCES on Apache Spark.

    The events equal `sitrep extract`'s on the same inputs. Sources must be
    on a file system every executor reads (Parquet: any Spark URI).
    """
    try:
        from sitrep.spark.job import SparkOptions, run_spark  # noqa: PLC0415 (optional extra)
    except ImportError as exc:
        _err.print(f"sitrep: {E.E055.format(detail=exc)}", highlight=False)
        sys.exit(ExitCode.USAGE)
    options = SparkOptions(published, encoding, max_bytes, "auto", master, countries)
    try:
        summary = run_spark(list(sources), output, options)
    except SitrepError as exc:
        _err.print(f"sitrep: {exc}", highlight=False)
        sys.exit(ExitCode.USAGE)
    for item in summary.examples:
        _err.print(f"[yellow]sitrep: rejected {item.item}:[/yellow] {item.reason}", highlight=False)
    rejected = sum(summary.rejected.values())
    if rejected > len(summary.examples):
        _err.print(f"... {rejected - len(summary.examples)} more in {output}/rejected")
    codes = ", ".join(f"{code} {n}" for code, n in sorted(summary.rejected.items()))
    _err.print(
        f"{summary.documents} documents, {rejected} rejected{f' ({codes})' if codes else ''}; "
        f"{summary.mentions} mentions merged in {summary.blocks} blocks into "
        f"{summary.events} events; {summary.statistics} statistics; "
        f"{summary.seconds:.1f} s; Parquet in {output}",
        highlight=False,
    )
    if rejected and summary.documents == 0:
        sys.exit(ExitCode.ALL_FAILED)
    sys.exit(ExitCode.PARTIAL if rejected else ExitCode.OK)
