"""Situation reports: ``sitrep report`` writes the brief an analyst would send.

    >>> from sitrep.report import ReportRequest, write_brief
    >>> write_brief(ReportRequest(dt.date(2017, 1, 1), dt.date(2017, 1, 31),
    ...             database="sitrep.db"), Path("brief.pdf"))

One module per concern: ``queries`` reads events and statistics through the
Python API (the same queries as ``sitrep events``), ``figures`` computes the
numbers, ``map`` and ``timeline`` draw the SVG figures, ``render`` fills the
Jinja2 templates and typesets the PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from sitrep.api import Sitrep
from sitrep.errors import E, SitrepError
from sitrep.report import figures, queries
from sitrep.report.figures import Brief, Period
from sitrep.report.map import render_map
from sitrep.report.queries import Area
from sitrep.report.render import PAPERS, output_format, write
from sitrep.report.timeline import render_timeline, unit_for

__all__ = ["Area", "Brief", "ReportRequest", "build_brief", "write_brief"]

#: Events below this confidence are counted in the method box: about half of
#: them would not match a professional coder's event (README, "Accuracy").
DEFAULT_CONFIDENCE_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """What a brief covers and how it is written."""

    date_from: dt.date
    date_to: dt.date
    area: Area = field(default_factory=Area)
    database: str = "sitrep.db"
    title: str | None = None
    paper: str = "a4"
    template_dir: Path | None = None
    confidence_threshold: float = DEFAULT_CONFIDENCE_THRESHOLD

    def check(self) -> None:
        """Raise the numbered error for a request that cannot be met."""
        if self.date_from > self.date_to:
            raise SitrepError(E.E032, date_from=self.date_from, date_to=self.date_to)
        if self.paper not in PAPERS:
            raise SitrepError(E.E035, value=self.paper)


def _version() -> str:
    try:
        return metadata.version("sitrep")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "unknown"


def build_brief(request: ReportRequest, sitrep: Sitrep | None = None) -> Brief:
    """Read the store and compute every figure, table and chart of a brief."""
    request.check()
    sitrep = sitrep or Sitrep()
    store = sitrep.existing_store(request.database)  # E028 before any work
    try:
        store_span = store.event_date_span()
        documents = {d.id: d for d in store.documents()}
        all_statistics = store.statistics()
    finally:
        store.close()
    period = Period(request.date_from, request.date_to)
    previous = period.previous()
    area = request.area
    events = queries.select_events(sitrep, request.database, area, period)
    earlier = queries.select_events(sitrep, request.database, area, previous)
    has_earlier = bool(earlier) or queries.has_earlier_events(
        sitrep, request.database, area, previous.start
    )
    statistics, undated = queries.select_statistics(all_statistics, documents, area, period)
    rows, total = figures.key_figures(events, earlier, earlier_data=has_earlier)
    reported = figures.reported_figures(statistics, documents)
    brief = Brief(
        title=request.title or f"Situation report: {area.label}",
        period=period,
        previous=previous,
        area=area.label,
        events=events,
        key_figures=rows,
        total=total,
        regions=figures.top_regions(events),
        actors=figures.top_actors(events),
        interactions=figures.interactions(events),
        incidents=figures.main_incidents(events, documents),
        reported_figures=reported,
        reported_total=len(statistics),
        method=figures.method(
            events,
            reported,
            documents,
            confidence_threshold=request.confidence_threshold,
            store_span=store_span,
            undated_statistics=undated,
            version=_version(),
        ),
        generated=dt.date.today(),
        timeline_unit=unit_for(period),
    )
    if events:
        brief.map_svg, brief.map_note = render_map(events, area.countries)
        brief.timeline_svg = render_timeline(events, period)
    return brief


def write_brief(request: ReportRequest, output: Path, sitrep: Sitrep | None = None) -> Brief:
    """Build the brief and write it as HTML, PDF or Markdown (by ``output``'s
    extension); bad requests fail with a numbered error before any work."""
    output_format(output)  # E033 before reading the store
    request.check()
    brief = build_brief(request, sitrep)
    write(brief, output, request.paper, request.template_dir)
    return brief
