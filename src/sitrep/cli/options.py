"""Option value parsers shared by the commands (click callbacks): checked
when the options are parsed, so a bad value is a usage error (exit 2)."""

from __future__ import annotations

import datetime as dt

import click

from sitrep.errors import E
from sitrep.ingest import EARLIEST_PUBLISHED, LATEST_PUBLISHED, published_in_range


def parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """An ISO date (``YYYY-MM-DD``), or None when the option is not given (E010)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(E.E010.format(value=value)) from exc


def parse_published(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> dt.date | None:
    """A publication date within the years sitrep accepts (E010, E025)."""
    day = parse_date(ctx, param, value)
    if day is not None and not published_in_range(day):
        raise click.BadParameter(
            E.E025.format(value=value, low=EARLIEST_PUBLISHED.year, high=LATEST_PUBLISHED.year)
        )
    return day
