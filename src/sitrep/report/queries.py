"""What a brief reads from the store, through the Python API.

Events are selected by the very query ``sitrep events`` runs (``EventQuery``
through ``Sitrep.events``), once per country × admin1 pair asked for, so a
brief's figures equal those of ``sitrep events --from --to --country
--admin1`` over the same filters, whatever the store's matching rules are.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.api import Sitrep
from sitrep.records import Event, Statistic
from sitrep.report.figures import Period
from sitrep.store import DocumentInfo, EventQuery


@dataclass(frozen=True, slots=True)
class Area:
    """The countries and first-level regions a brief covers (empty: everywhere)."""

    countries: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """Human-readable: "Deir ez-Zor (Syria)", "Syria, Iraq" or "all areas"."""
        countries = ", ".join(self.countries)
        if self.admin1:
            regions = ", ".join(self.admin1)
            return f"{regions} ({countries})" if countries else regions
        return countries or "all areas in the store"

    def queries(self, start: dt.date | None, end: dt.date | None) -> list[EventQuery]:
        """One store query per country × admin1 pair (the store takes one of each)."""
        return [
            EventQuery(date_from=start, date_to=end, country=country, admin1=region)
            for country, region in itertools.product(
                self.countries or (None,), self.admin1 or (None,)
            )
        ]

    def holds(self, statistic: Statistic) -> bool:
        """Whether a statistic is about this area: its country among the
        countries, and its location among the regions when regions are asked
        for (statistics carry a place name, not an admin1 code)."""
        if self.countries and (statistic.country or "").lower() not in {
            c.lower() for c in self.countries
        }:
            return False
        return not self.admin1 or (statistic.location or "").lower() in {
            a.lower() for a in self.admin1
        }


def select_events(sitrep: Sitrep, database: str, area: Area, period: Period) -> list[Event]:
    """Events of the area in the period, each once, by date then id (as ``sitrep events``)."""
    found: dict[str, Event] = {}
    for query in area.queries(period.start, period.end):
        for event in sitrep.events(query, database=database):
            found.setdefault(event.event_id, event)
    return sorted(found.values(), key=lambda e: (e.event_date or dt.date.min, e.event_id))


def has_earlier_events(sitrep: Sitrep, database: str, area: Area, before: dt.date) -> bool:
    """Whether the store holds any event of the area dated before ``before``."""
    return any(
        sitrep.events(query, database=database)
        for query in area.queries(None, before - dt.timedelta(days=1))
    )


def reported_day(statistic: Statistic, documents: dict[str, DocumentInfo]) -> dt.date | None:
    """The day a statistic was reported: its document's publication date, else
    the end of the period it covers (extract sets it to the report's date)."""
    info = documents.get(statistic.doc_id)
    if info is not None and info.published is not None:
        return info.published
    return statistic.date_end or statistic.date_start


def select_statistics(
    statistics: Sequence[Statistic],
    documents: dict[str, DocumentInfo],
    area: Area,
    period: Period,
) -> tuple[list[Statistic], int]:
    """Statistics of the area reported in the period, and how many statistics
    of the area carry no date at all (the method box says they were left out)."""
    chosen, undated = [], 0
    for s in statistics:
        if not area.holds(s):
            continue
        day = reported_day(s, documents)
        if day is None:
            undated += 1
        elif day in period:
            chosen.append(s)
    return chosen, undated
