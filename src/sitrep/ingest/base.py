"""What every reader of the ingest stage shares: the read options, the coded
rejection of one item, and the checks of a ``published`` date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sitrep.countrycodes import country_code
from sitrep.errors import E, InputError, W
from sitrep.records import Rejected

# Earliest and latest plausible publication dates. 1800 admits digitised
# archives of the wars sitrep-style coding has been applied to; a date past
# 2100 is no publication date at all. Both keep date arithmetic (a week back,
# a day either side) far from Python's year 1 and 9999, where it overflows.
EARLIEST_PUBLISHED = date(1800, 1, 1)
LATEST_PUBLISHED = date(2100, 12, 31)
# A report is dated in its own time zone; UTC+14 is a day ahead of UTC, so
# only a date after tomorrow (UTC) is in the future for every reader.
_FUTURE_MARGIN = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Options:
    """How inputs are read (``read_sources``'s keyword arguments)."""

    input_format: str
    published: date | None
    encoding: str
    max_bytes: int
    #: ISO2 codes of the countries the inputs are about (``--country``); a
    #: record's own ``country`` wins.
    countries: tuple[str, ...] = ()


def rejected(item: str, error: InputError) -> Rejected:
    """The ``Rejected`` record of ``item`` for ``error``."""
    return Rejected(item=item, code=error.code.name, reason=error.message)


def unreadable(path: Path, exc: OSError) -> Rejected:
    """E011 for a path the operating system would not read."""
    return rejected(str(path), InputError(E.E011, path=path, detail=exc.strerror or exc))


def published_in_range(value: date) -> bool:
    """Whether ``value`` is a plausible publication date (1800-2100)."""
    return EARLIEST_PUBLISHED <= value <= LATEST_PUBLISHED


def check_published(value: date, shown: object = None) -> None:
    """Raise E025 for a date outside ``EARLIEST_PUBLISHED``..``LATEST_PUBLISHED``."""
    if not published_in_range(value):
        raise InputError(
            E.E025,
            value=shown if shown is not None else value.isoformat(),
            low=EARLIEST_PUBLISHED.year,
            high=LATEST_PUBLISHED.year,
        )


def future_warning(value: date | None) -> str | None:
    """W001 when ``value`` is after tomorrow (UTC), else None."""
    today = datetime.now(UTC).date()
    if value is not None and value > today + _FUTURE_MARGIN:
        return W.W001.format(value=value.isoformat(), today=today.isoformat())
    return None


def parse_countries(value: object, where: str) -> tuple[str, ...]:
    """ISO2 codes of a country context: one code or name ("SY", "Syria"), a
    comma-separated list of them, or a list; raises E057 for a value that
    names no country."""
    if value is None:
        return ()
    if isinstance(value, str):
        parts: list[object] = [p for p in value.split(",") if p.strip()]
    elif isinstance(value, (list, tuple)):
        parts = list(value)
    else:
        raise InputError(E.E057, value=value, where=where)
    found: list[str] = []
    for part in parts:
        code = country_code(part) if isinstance(part, str) else None
        if code is None:
            raise InputError(E.E057, value=part, where=where)
        if code not in found:
            found.append(code)
    return tuple(found)
