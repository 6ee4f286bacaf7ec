"""The numbers of a brief, computed from events and statistics (no I/O).

Everything here is a pure function of the records the queries module read,
so the figures a brief prints are exactly those of ``sitrep events`` over
the same filters: events are counted once each (merge has already joined the
reports of one incident), fatalities are ACLED's conservative ``fatalities``
column, and statistics are listed apart and never added to either.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sitrep.records import Event, Statistic
from sitrep.store import DocumentInfo

#: ACLED's event types in the codebook's order (EVENT-DATA-CONVENTIONS.md):
#: tables list types in this order, not by count, so two briefs compare row by row.
EVENT_TYPES = (
    "Battles",
    "Protests",
    "Riots",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Strategic developments",
)
#: ACLED ``inter`` codes (codebook) for the interaction table.
INTER_NAMES = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}


@dataclass(frozen=True, slots=True)
class Period:
    """A closed range of days."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        """Length in days, both ends included."""
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        end = self.start - dt.timedelta(days=1)
        return Period(end - dt.timedelta(days=self.days - 1), end)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Change:
    """How a count moved against the previous period."""

    previous: int | None  # None: no earlier data for the area at all
    current: int

    @property
    def text(self) -> str:
        """ "▲ 50%", "▼ 20%", "= 0%", "new (none before)" or "no earlier data"."""
        if self.previous is None:
            return "no earlier data"
        if self.previous == 0:
            return "= (none either)" if self.current == 0 else "▲ new (none before)"
        percent = round(100 * (self.current - self.previous) / self.previous)
        if percent == 0:
            return "= 0%"
        return f"{'▲' if percent > 0 else '▼'} {abs(percent)}%"

    @property
    def direction(self) -> str:
        """ "up", "down", "same" or "none" (a CSS class for the arrow's colour)."""
        if self.previous is None:
            return "none"
        if self.current == self.previous:
            return "same"
        return "up" if self.current > self.previous else "down"


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """Events and fatalities of one event type (or all types) in the period."""

    label: str
    events: int
    fatalities: int
    events_change: Change
    fatalities_change: Change


@dataclass(frozen=True, slots=True)
class Ranked:
    """A row of a top table: a region, an actor or an interaction."""

    name: str
    events: int
    fatalities: int


@dataclass(frozen=True, slots=True)
class Source:
    """One document that reported an incident, with the sentences it rests on."""

    outlet: str
    title: str | None
    url: str | None
    published: dt.date | None
    quotes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Incident:
    """An event as the brief tells it."""

    event: Event
    why: str  # "most severe", "most reported" or both
    place: str
    sources: tuple[Source, ...]

    @property
    def fatalities_range(self) -> str:
        """ "12 (range 12–20)" or "0" — the conservative figure, then the range."""
        e = self.event
        if e.fatalities_low == e.fatalities_high:
            return str(e.fatalities)
        return f"{e.fatalities} (range {e.fatalities_low}–{e.fatalities_high})"


@dataclass(frozen=True, slots=True)
class ReportedFigure:
    """A statistic reported in the period, with who said it and where it was read."""

    statistic: Statistic
    outlet: str
    title: str | None
    published: dt.date | None
    quote: str


@dataclass(frozen=True, slots=True)
class Method:
    """What the brief rests on, for the method box."""

    documents: int
    outlets: tuple[str, ...]
    low_confidence_share: float | None  # None when there are no events
    confidence_threshold: float
    not_english_stored: int
    stored_documents: int
    store_span: tuple[dt.date, dt.date] | None
    selection_span: tuple[dt.date, dt.date] | None
    undated_statistics: int
    version: str


@dataclass(slots=True)
class Brief:
    """Everything a template needs, computed once."""

    title: str
    period: Period
    previous: Period
    area: str
    events: list[Event]
    key_figures: list[KeyFigure]
    total: KeyFigure
    regions: list[Ranked]
    actors: list[Ranked]
    interactions: list[Ranked]
    incidents: list[Incident]
    reported_figures: list[ReportedFigure]
    reported_total: int  # statistics in the period, listed or not
    method: Method
    generated: dt.date
    timeline_unit: str = "day"
    map_svg: str = ""
    timeline_svg: str = ""
    map_note: str = ""

    @property
    def empty(self) -> bool:
        """No event and no reported figure in the period and area."""
        return not self.events and not self.reported_figures


def _counts(events: Iterable[Event]) -> tuple[Counter[str], Counter[str]]:
    numbers: Counter[str] = Counter()
    deaths: Counter[str] = Counter()
    for e in events:
        numbers[e.event_type] += 1
        deaths[e.event_type] += e.fatalities
    return numbers, deaths


def key_figures(
    current: Sequence[Event], previous: Sequence[Event], *, earlier_data: bool
) -> tuple[list[KeyFigure], KeyFigure]:
    """Events and fatalities by event type, each with its change against the
    previous period, and the totals. ``earlier_data`` is False when the store
    holds nothing for the area before the period: then every change reads
    "no earlier data" rather than a misleading rise from zero."""
    now_n, now_f = _counts(current)
    then_n, then_f = _counts(previous)

    def change(before: int, after: int) -> Change:
        return Change(before if earlier_data else None, after)

    types = [t for t in EVENT_TYPES if now_n[t] or then_n[t]]
    types += sorted(t for t in set(now_n) | set(then_n) if t not in EVENT_TYPES)
    rows = [
        KeyFigure(t, now_n[t], now_f[t], change(then_n[t], now_n[t]), change(then_f[t], now_f[t]))
        for t in types
    ]
    total_n, total_f = sum(now_n.values()), sum(now_f.values())
    total = KeyFigure(
        "All events",
        total_n,
        total_f,
        change(sum(then_n.values()), total_n),
        change(sum(then_f.values()), total_f),
    )
    return rows, total


def _ranked(groups: dict[str, list[Event]], limit: int) -> list[Ranked]:
    rows = [Ranked(k, len(v), sum(e.fatalities for e in v)) for k, v in groups.items()]
    rows.sort(key=lambda r: (-r.events, -r.fatalities, r.name))
    return rows[:limit]


def top_regions(events: Sequence[Event], limit: int = 10) -> list[Ranked]:
    """Admin1 regions (with their country) with the most events, then fatalities."""
    groups: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        name = ", ".join(p for p in (e.admin1, e.country) if p) or "(no region)"
        groups[name].append(e)
    return _ranked(groups, limit)


def top_actors(events: Sequence[Event], limit: int = 10) -> list[Ranked]:
    """Actors (actor 1 or 2, associated actors too) by events they took part in;
    an event counts once per actor even when the actor is named twice."""
    groups: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        names = {e.actor1, e.actor2, e.assoc_actor_1, e.assoc_actor_2}
        for name in sorted(n for n in names if n):
            groups[name].append(e)
    return _ranked(groups, limit)


def interaction_name(code: int | None) -> str:
    """ACLED interaction code as words: 12 -> "State forces vs Rebel group",
    10 -> "State forces alone"."""
    if not code:
        return "(not coded)"
    first, second = divmod(code, 10)
    if first == 0:  # a single-digit code is the actor type alone
        first, second = second, 0
    if second == 0:
        return f"{INTER_NAMES.get(first, str(first))} alone"
    return f"{INTER_NAMES.get(first, str(first))} vs {INTER_NAMES.get(second, str(second))}"


def interactions(events: Sequence[Event]) -> list[Ranked]:
    """Events and fatalities by ACLED interaction (state vs rebel, violence
    against civilians shows as "... vs Civilians"), most events first."""
    groups: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        groups[interaction_name(e.interaction)].append(e)
    return _ranked(groups, len(groups))


def _sources(event: Event, documents: dict[str, DocumentInfo], quotes: int) -> tuple[Source, ...]:
    spans: dict[str, list[str]] = defaultdict(list)
    for span in event.evidence:
        if span.text not in spans[span.doc_id]:
            spans[span.doc_id].append(span.text)
    found = []
    for doc_id in event.doc_ids:
        info = documents.get(doc_id)
        found.append(
            Source(
                outlet=info.outlet if info else doc_id,
                title=info.title if info else None,
                url=info.url if info else None,
                published=info.published if info else None,
                quotes=tuple(spans.get(doc_id, [])[:quotes]),
            )
        )
    return tuple(found)


def place_name(event: Event) -> str:
    """ "Location, admin1, country" without repeats ("Deir ez-Zor, Syria")."""
    parts: list[str] = []
    for part in (event.location, event.admin1, event.country):
        if part and part not in parts:
            parts.append(part)
    return ", ".join(parts) or "(place unknown)"


def main_incidents(
    events: Sequence[Event], documents: dict[str, DocumentInfo], limit: int = 5, quotes: int = 2
) -> list[Incident]:
    """The most severe events (fatalities, then the high estimate) and the most
    reported ones (number of documents), without repeats, severe first."""
    severe = sorted(
        (e for e in events if e.fatalities_high > 0),
        key=lambda e: (-e.fatalities, -e.fatalities_high, e.event_date or dt.date.min, e.event_id),
    )[:limit]
    reported = sorted(
        events, key=lambda e: (-len(e.doc_ids), -e.confidence, e.event_date or dt.date.min)
    )[:limit]
    why: dict[str, list[str]] = defaultdict(list)
    order: list[Event] = []
    for label, chosen in (("most severe", severe), ("most reported", reported)):
        for e in chosen:
            if e.event_id not in why:
                order.append(e)
            why[e.event_id].append(label)
    return [
        Incident(e, " and ".join(why[e.event_id]), place_name(e), _sources(e, documents, quotes))
        for e in order
    ]


def reported_figures(
    statistics: Sequence[Statistic], documents: dict[str, DocumentInfo], limit: int = 40
) -> list[ReportedFigure]:
    """Statistics as the brief lists them: the ``limit`` largest figures (a
    brief is not the data set: ``sitrep export --format jsonl`` has them all),
    then by measure, largest first."""
    rows = []
    chosen = sorted(statistics, key=lambda s: (-s.value, s.statistic_id))[:limit]
    for s in chosen:
        info = documents.get(s.doc_id)
        rows.append(
            ReportedFigure(
                statistic=s,
                outlet=info.outlet if info else s.doc_id,
                title=info.title if info else None,
                published=info.published if info else None,
                quote=s.evidence[0].text if s.evidence else "",
            )
        )
    rows.sort(key=lambda r: (r.statistic.measure, -r.statistic.value, r.statistic.statistic_id))
    return rows


def method(
    events: Sequence[Event],
    figures: Sequence[ReportedFigure],
    documents: dict[str, DocumentInfo],
    *,
    confidence_threshold: float,
    store_span: tuple[dt.date, dt.date] | None,
    undated_statistics: int,
    version: str,
) -> Method:
    """The method box: what the brief rests on and what it leaves out."""
    used = {d for e in events for d in e.doc_ids} | {f.statistic.doc_id for f in figures}
    outlets = sorted({documents[d].outlet if d in documents else d for d in used})
    dates = [e.event_date for e in events if e.event_date]
    low = sum(1 for e in events if e.confidence < confidence_threshold)
    return Method(
        documents=len(used),
        outlets=tuple(outlets),
        low_confidence_share=low / len(events) if events else None,
        confidence_threshold=confidence_threshold,
        not_english_stored=sum(
            1 for d in documents.values() if d.language and not d.language.startswith("en")
        ),
        stored_documents=len(documents),
        store_span=store_span,
        selection_span=(min(dates), max(dates)) if dates else None,
        undated_statistics=undated_statistics,
        version=version,
    )
