"""``sitrep report``: a situation brief (HTML, PDF or Markdown) from the store.

A thin layer over ``sitrep.report.write_brief``. Exit codes: 0 written; 2 bad
request (dates, output extension, template folder); 5 no store at ``--db``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.console import Console

from sitrep.cli.db_cmd import db_option
from sitrep.cli.options import parse_date
from sitrep.errors import SitrepError, fatal_exit_code

_err = Console(stderr=True, soft_wrap=True)


@click.command("report")
@db_option("must exist: a report never creates one")
@click.option("--from", "date_from", required=True, callback=parse_date, metavar="YYYY-MM-DD",
              help="First day of the period.")  # fmt: skip
@click.option("--to", "date_to", required=True, callback=parse_date, metavar="YYYY-MM-DD",
              help="Last day of the period (included).")  # fmt: skip
@click.option("--country", "countries", multiple=True, help="Country name; repeat for several.")
@click.option("--admin1", "regions", multiple=True, help="First-level region; repeat for several.")
@click.option("--title", help="Title of the brief (default: 'Situation report: AREA').")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="brief.html, brief.pdf or brief.md (the extension picks the format).",
)
@click.option(
    "--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True,
    help="Page size of the PDF (and of the HTML when printed).",
)  # fmt: skip
@click.option(
    "--template-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder with your own brief.html.j2 / brief.md.j2 (bundled ones fill the gaps).",
)
@click.option(
    "--low-confidence", type=float, default=0.5, show_default=True,
    help="The method box gives the share of events below this confidence.",
)  # fmt: skip
def report_command(
    database: str,
    date_from: dt.date,
    date_to: dt.date,
    countries: tuple[str, ...],
    regions: tuple[str, ...],
    title: str | None,
    output: Path,
    paper: str,
    template_dir: Path | None,
    low_confidence: float,
) -> None:
    """Write a situation brief for a period and area: key figures and their
    change, map, timeline, regions, actors, interactions, main incidents with
    their sources, reported cumulative figures and a method box."""
    from sitrep.report import Area, ReportRequest, write_brief  # noqa: PLC0415 (matplotlib)

    request = ReportRequest(
        date_from=date_from,
        date_to=date_to,
        area=Area(countries, regions),
        database=database,
        title=title,
        paper=paper,
        template_dir=template_dir,
        confidence_threshold=low_confidence,
    )
    try:
        brief = write_brief(request, output)
    except SitrepError as exc:
        _err.print(f"sitrep: {exc}", highlight=False)
        sys.exit(fatal_exit_code(exc.code))
    _err.print(
        f"wrote {output}: {brief.total.events} events, {brief.total.fatalities} fatalities, "
        f"{len(brief.reported_figures)} reported figures, {brief.area}, "
        f"{date_from} to {date_to}",
        highlight=False,
    )
