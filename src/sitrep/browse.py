"""Browsing the store for the analyst's workbench (``sitrep serve``): pages of
events under any filter, a map grid, a timeline, one event with everything
behind it, documents' text, corrections and their export as gold.

Every read goes through ``current_events`` (machine-coded events with the
analysts' corrections laid over them; ``events`` itself while nothing is
corrected) with parameterised SQL; column names
only ever come from the whitelists below, never from a request.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.corrections import Correction
from sitrep.records import Event, Statistic, event_from_dict, statistic_from_dict
from sitrep.store import DocumentInfo, EventQuery, Store, event_filter

#: Sortable columns: request name -> SQL column of ``current_events``.
SORTS = {
    "event_date": "event_date",
    "country": "country",
    "admin1": "admin1",
    "event_type": "event_type",
    "sub_event_type": "sub_event_type",
    "actor1": "actor1",
    "actor2": "actor2",
    "fatalities": "fatalities",
    "confidence": "confidence",
}
#: The most events one page returns (a table page, a map's worth of dots).
MAX_PAGE = 5000


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Everything ``sitrep events`` filters on, plus what a map and a search box need."""

    query: EventQuery = field(default_factory=EventQuery)
    #: west, south, east, north in degrees (west > east crosses the antimeridian).
    bbox: tuple[float, float, float, float] | None = None
    min_confidence: float = 0.0
    text: str | None = None

    def sql(self) -> tuple[str, list[object]]:
        """The WHERE clause and its parameters."""
        where, args = event_filter(self.query)
        if self.min_confidence > 0:
            where.append("confidence >= ?")
            args.append(self.min_confidence)
        if self.bbox is not None:
            west, south, east, north = self.bbox
            where.append("latitude BETWEEN ? AND ?")
            args += [south, north]
            if west <= east:
                where.append("longitude BETWEEN ? AND ?")
                args += [west, east]
            else:
                where.append("(longitude >= ? OR longitude <= ?)")
                args += [west, east]
        if self.text:
            # Notes, actors, places and evidence sentences all live in the record.
            where.append("lower(record) LIKE ? ESCAPE '\\'")
            args.append(f"%{_like_escape(self.text.lower())}%")
        return " AND ".join(where), args


def source(store: Store) -> str:
    """The table to read events from: ``current_events`` (corrections laid
    over) once anything is corrected, else ``events`` itself, whose indexes
    SQLite can use (the view's computed columns hide them: a page 50,000
    events deep takes 2.6 s through the view over 100,000 events)."""
    corrected = store.rows("SELECT 1 FROM corrected_events LIMIT 1")
    return "current_events" if corrected else "events"


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True, slots=True)
class EventPage:
    """One page of events and how many match in all."""

    total: int
    offset: int
    events: list[Event]


@dataclass(frozen=True, slots=True)
class GridCell:
    """Events whose coordinates fall in one cell of a regular grid (a map cluster)."""

    latitude: float  # mean of the events', so the cluster sits where they are
    longitude: float
    count: int
    fatalities: int
    event_type: str  # the commonest in the cell


@dataclass(frozen=True, slots=True)
class TimeBin:
    """Events and fatalities of one day or month."""

    start: dt.date
    count: int
    fatalities: int


@dataclass(frozen=True, slots=True)
class Mention:
    """One statement of an event in one document (what the merge grouped)."""

    doc_id: str
    index: int
    sub_event_type: str
    trigger: str
    evidence: list[dict[str, Any]]


@dataclass(slots=True)
class EventDetail:
    """An event with its sources, mentions, statistics and corrections."""

    event: Event
    machine: Event  # as sitrep coded it, before corrections
    not_an_event: bool
    mentions: list[Mention] = field(default_factory=list)
    documents: list[DocumentInfo] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DocumentText:
    """A stored document: its metadata and cleaned text."""

    info: DocumentInfo
    text: str


def page(
    store: Store,
    where: EventFilter,
    *,
    sort: str = "event_date",
    descending: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> EventPage:
    """Events matching ``where``, sorted (ties by id) and paged."""
    column = SORTS[sort]
    clause, args = where.sql()
    table = source(store)
    total = int(store.rows(f"SELECT count(*) FROM {table} WHERE {clause}", args)[0][0])
    direction = "DESC" if descending else "ASC"
    # Sort narrow rows (ids and the sort key), then read the page's records:
    # sorting the records themselves moves every event's JSON through the sort.
    ids = [
        r[0]
        for r in store.rows(
            f"SELECT event_id FROM {table} WHERE {clause}"
            f" ORDER BY {column} IS NULL, {column} {direction}, event_id LIMIT ? OFFSET ?",
            [*args, max(0, min(limit, MAX_PAGE)), max(0, offset)],
        )
    ]
    marks = ",".join("?" * len(ids))
    records = (
        dict(store.rows(f"SELECT event_id, record FROM {table} WHERE event_id IN ({marks})", ids))
        if ids
        else {}  # "IN ()" is SQLite's alone
    )
    found = [event_from_dict(json.loads(records[i])) for i in ids]
    store.with_source_ids(found, [])
    return EventPage(total, offset, found)


def count(store: Store, where: EventFilter) -> int:
    """How many events match ``where``."""
    clause, args = where.sql()
    return int(store.rows(f"SELECT count(*) FROM {source(store)} WHERE {clause}", args)[0][0])


def grid(store: Store, where: EventFilter, cell: float) -> list[GridCell]:
    """Located events matching ``where`` counted per grid cell of ``cell``
    degrees: the map's clusters at low zoom, however many events there are."""
    clause, args = where.sql()
    rows = store.rows(
        "SELECT CAST(floor(latitude / ?) AS INTEGER) AS y, CAST(floor(longitude / ?) AS INTEGER)"
        " AS x, event_type, sum(latitude), sum(longitude), count(*), sum(fatalities)"
        f" FROM {source(store)} WHERE latitude IS NOT NULL AND longitude IS NOT NULL"
        # Ordered, so that of two types equally common in a cell the same one
        # colours it on every backend (the first by name).
        f" AND {clause} GROUP BY y, x, event_type ORDER BY y, x, event_type",
        [cell, cell, *args],
    )
    # One row per cell and type; a cell's colour is its commonest type.
    cells: dict[tuple[int, int], list[Any]] = {}
    for y, x, event_type, lat, lon, count, deaths in rows:
        entry = cells.setdefault((y, x), [0.0, 0.0, 0, 0, "", 0])
        entry[0] += lat
        entry[1] += lon
        entry[2] += count
        entry[3] += deaths or 0
        if count > entry[5]:
            entry[4], entry[5] = event_type, count
    return [
        GridCell(lat / n, lon / n, n, deaths, event_type)
        for lat, lon, n, deaths, event_type, _ in cells.values()
    ]


def timeline(store: Store, where: EventFilter, *, by: str = "day") -> list[TimeBin]:
    """Dated events matching ``where`` per day or per month, in order."""
    key = "event_date" if by == "day" else "substr(event_date, 1, 7) || '-01'"
    clause, args = where.sql()
    rows = store.rows(
        f"SELECT {key} AS bin, count(*), sum(fatalities) FROM {source(store)}"
        f" WHERE event_date IS NOT NULL AND {clause} GROUP BY bin ORDER BY bin",
        args,
    )
    return [TimeBin(dt.date.fromisoformat(r[0]), int(r[1]), int(r[2] or 0)) for r in rows]


def facets(store: Store, *, actors: int = 300) -> dict[str, Any]:
    """Values the filter panel offers: countries, admin1 regions (also by
    country, so the panel can narrow them to the chosen one), event and
    sub-event types present, and the ``actors`` most frequent actors."""

    table = source(store)

    def values(column: str) -> list[str]:
        sql = f"SELECT DISTINCT {column} FROM {table} ORDER BY 1"
        return [str(r[0]) for r in store.rows(sql) if r[0]]

    admin1_by_country: dict[str, list[str]] = {}
    for country, admin1 in store.rows(
        f"SELECT DISTINCT country, admin1 FROM {table}"
        " WHERE country IS NOT NULL AND admin1 IS NOT NULL ORDER BY 1, 2"
    ):
        if country and admin1:
            admin1_by_country.setdefault(str(country), []).append(str(admin1))
    return {
        "country": values("country"),
        "admin1": values("admin1"),
        "admin1_by_country": admin1_by_country,
        "event_type": values("event_type"),
        "sub_event_type": values("sub_event_type"),
        "actor": [
            str(r[0])
            for r in store.rows(
                f"SELECT actor, count(*) AS n FROM (SELECT actor1 AS actor FROM {table}"
                f" UNION ALL SELECT actor2 FROM {table}) AS actors WHERE actor IS NOT NULL"
                " GROUP BY actor ORDER BY n DESC, actor LIMIT ?",
                [actors],
            )
        ],
    }


def detail(store: Store, event_id: str) -> EventDetail | None:
    """One event (including one marked "not an event") with everything behind it."""
    row = store.rows(
        "SELECT e.record, c.record, c.rejected FROM events e"
        " LEFT JOIN corrected_events c ON c.event_id = e.event_id WHERE e.event_id = ?",
        [event_id],
    )
    if not row:
        return None
    machine = event_from_dict(json.loads(row[0][0]))
    current = event_from_dict(json.loads(row[0][1])) if row[0][1] else machine
    result = EventDetail(current, machine, bool(row[0][2]))
    for record in store.rows(
        "SELECT m.record FROM event_mentions em JOIN mentions m"
        " ON m.doc_id = em.doc_id AND m.idx = em.idx WHERE em.event_id = ?"
        " ORDER BY em.doc_id, em.idx",
        [event_id],
    ):
        mention = json.loads(record[0])
        result.mentions.append(
            Mention(
                mention["doc_id"],
                mention["index"],
                mention["sub_event_type"],
                mention.get("trigger") or "",
                mention.get("evidence") or [],
            )
        )
    doc_ids = sorted(set(current.doc_ids) | {m.doc_id for m in result.mentions})
    result.documents = documents(store, doc_ids)
    result.statistics = [
        statistic_from_dict(json.loads(r[0]))
        for doc_id in doc_ids
        for r in store.rows(
            "SELECT record FROM statistics WHERE doc_id = ? ORDER BY statistic_id", [doc_id]
        )
    ]
    store.with_source_ids([current, machine] if current is not machine else [current], [])
    store.with_source_ids([], result.statistics)
    result.corrections = store.corrections(event_id)
    return result


def documents(store: Store, doc_ids: Iterable[str]) -> list[DocumentInfo]:
    """Metadata of these documents (those stored), in the order given."""
    found = []
    for doc_id in doc_ids:
        rows = store.rows(
            "SELECT id, source, url, title, published, language, origin FROM documents"
            " WHERE id = ?",
            [doc_id],
        )
        for r in rows:
            published = dt.date.fromisoformat(r[4]) if r[4] else None
            found.append(DocumentInfo(r[0], r[1], r[2], r[3], published, r[5], r[6]))
    return found


def document(store: Store, doc_id: str) -> DocumentText | None:
    """A stored document's metadata and cleaned text (None when not stored)."""
    infos = documents(store, [doc_id])
    if not infos:
        return None
    text = store.rows("SELECT text FROM documents WHERE id = ?", [doc_id])[0][0]
    return DocumentText(infos[0], str(text))


#: The gold columns of ``sitrep eval`` (eval/README.md, "The gold").
GOLD_COLUMNS = [
    "doc_id", "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "civilian_targeting", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "fatalities", "notes", "evidence",
]  # fmt: skip


def export_gold(store: Store, folder: Path, *, split: str = "heldout") -> tuple[int, int]:
    """Write the reviewed documents as gold for ``sitrep eval``:
    ``documents.jsonl`` (every document behind a corrected event) and
    ``events.csv`` (every event of those documents as it reads now: corrected
    where an analyst corrected it, left out when marked "not an event").
    Returns (documents, events) written."""
    corrected = {c.event_id for c in store.corrections()}
    doc_ids: set[str] = set()
    for event_id in corrected:
        doc_ids.update(r[0] for r in store.rows(
            "SELECT doc_id FROM event_mentions WHERE event_id = ?", [event_id]
        ))  # fmt: skip
        for r in store.rows("SELECT record FROM events WHERE event_id = ?", [event_id]):
            doc_ids.update(json.loads(r[0])["doc_ids"])
    # Also the documents whose events were re-merged since: the anchors remember them.
    doc_ids.update(r[0] for r in store.rows("SELECT DISTINCT doc_id FROM correction_anchors"))
    folder.mkdir(parents=True, exist_ok=True)
    ordered = sorted(doc_ids)
    written = 0
    with (folder / "documents.jsonl").open("w", encoding="utf-8") as out:
        for doc_id in ordered:
            found = document(store, doc_id)
            if found is None:
                continue
            info = found.info
            out.write(json.dumps({
                "doc_id": doc_id, "title": info.title or "",
                "published": info.published.isoformat() if info.published else "",
                "url": info.url or "", "text": found.text, "split": split,
            }, ensure_ascii=False) + "\n")  # fmt: skip
    rows = 0
    with (folder / "events.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=GOLD_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for event in store.events():
            for doc_id in sorted(set(event.doc_ids) & doc_ids):
                writer.writerow(_gold_row(event, doc_id))
                rows += 1
    written = len(ordered)
    return written, rows


def _gold_row(event: Event, doc_id: str) -> dict[str, object]:
    evidence = " | ".join(span.text for span in event.evidence if span.doc_id == doc_id)
    values: dict[str, object] = {
        "doc_id": doc_id,
        "event_date": event.event_date.isoformat() if event.event_date else "",
        "evidence": evidence,
    }
    for column in GOLD_COLUMNS:
        if column not in values:
            value = getattr(event, column)
            values[column] = "" if value is None else value
    return values
