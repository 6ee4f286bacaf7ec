"""Analysts' corrections of events: which fields can be corrected, how a
value is checked, and how corrections are laid over a machine-coded event.

Pure functions over records; the store keeps the corrections (who, when, old,
new) in their own table and the web API validates the ACLED taxonomy before
a correction is stored (it knows the lexicon; this module must not).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sitrep.records import Event

#: Fields an analyst may correct. ``not_an_event`` hides the event from every
#: read (it stays in the store with its corrections, for gold and audit).
TEXT_FIELDS = (
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "country",
    "admin1",
    "admin2",
    "location",
)
FIELDS = (*TEXT_FIELDS, "latitude", "longitude", "event_date", "fatalities", "not_an_event")
#: Fields that may not be emptied (every ACLED event has a type).
REQUIRED = frozenset({"disorder_type", "event_type", "sub_event_type"})
#: The longest text value accepted: the longest ACLED actor names are ~120
#: characters; 300 leaves room for assoc-actor lists.
MAX_TEXT = 300


@dataclass(frozen=True, slots=True)
class Correction:
    """One corrected field of one event: who changed it, when, from what, to what."""

    id: int
    event_id: str
    field: str
    old: Any
    new: Any
    author: str
    created_at: str


def check_value(field: str, value: Any) -> Any:
    """The value normalised for storage; ``ValueError`` saying why it is refused."""
    if field not in FIELDS:
        raise ValueError(f"{field!r} cannot be corrected; use one of {', '.join(FIELDS)}")
    if field == "not_an_event":
        if not isinstance(value, bool):
            raise ValueError("not_an_event must be true or false")
        return value
    if value is None or value == "":
        if field in REQUIRED or field in {"event_date", "fatalities"}:
            raise ValueError(f"{field} cannot be empty")
        return None
    if field in TEXT_FIELDS:
        if not isinstance(value, str) or len(value.strip()) > MAX_TEXT:
            raise ValueError(f"{field} must be text of at most {MAX_TEXT} characters")
        return value.strip()
    if field in {"latitude", "longitude"}:
        limit = 90 if field == "latitude" else 180
        if isinstance(value, bool) or not isinstance(value, (int, float)) or abs(value) > limit:
            raise ValueError(f"{field} must be a number between -{limit} and {limit}")
        return float(value)
    if field == "fatalities":
        # 1,000,000 bounds any single ACLED event by orders of magnitude.
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
            raise ValueError("fatalities must be a whole number from 0 to 1,000,000")
        return value
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ValueError("event_date must be a date, YYYY-MM-DD") from None


def current_value(event: Event, field: str) -> Any:
    """The event's value of a correctable field, as stored in a correction."""
    if field == "not_an_event":
        return False
    value = getattr(event, field)
    return value.isoformat() if isinstance(value, dt.date) else value


def latest(corrections: Iterable[Correction]) -> dict[str, Any]:
    """The newest value of each corrected field (corrections in any order)."""
    return {c.field: c.new for c in sorted(corrections, key=lambda c: c.id)}


def apply(event: Event, changes: Mapping[str, Any]) -> Event:
    """A copy of ``event`` with ``changes`` (field -> checked value) laid over it.

    A corrected date becomes a day-precise date; a corrected fatality count
    becomes the conservative figure and the best estimate, widening the range
    when it falls outside it (the analyst read the source).
    """
    values: dict[str, Any] = {}
    for field, value in changes.items():
        if field == "not_an_event":
            continue
        if field == "event_date":
            day = dt.date.fromisoformat(value)
            values.update(event_date=day, date_start=day, date_end=day, time_precision=1)
        elif field == "fatalities":
            values.update(
                fatalities=value,
                fatalities_best=value,
                fatalities_low=min(event.fatalities_low, value),
                fatalities_high=max(event.fatalities_high, value),
            )
        else:
            values[field] = value
    return dataclasses.replace(event, **values)
