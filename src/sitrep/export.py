"""Export stage: events and statistics as ACLED CSV, JSONL, GeoJSON, Parquet
or a terminal table.

The ACLED CSV has ACLED's columns in ACLED's order, then sitrep's own
(prefixed ``sitrep_``: ranges, spans, confidence; then ``source_ids``, the
ids the user gave the reports, joined by "; "; then GeoNames' spellings of
``admin1``/``admin2``, which carry ACLED-style names), so spreadsheets built
for ACLED exports read it unchanged.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from sitrep.countrycodes import by_numeric, region_of
from sitrep.records import Event, Statistic, event_record, statistic_record, to_dict

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]  # fmt: skip
SITREP_COLUMNS = [
    "sitrep_event_id", "sitrep_doc_ids", "sitrep_date_start", "sitrep_date_end",
    "sitrep_fatalities_low", "sitrep_fatalities_best", "sitrep_fatalities_high", "sitrep_injuries",
    "sitrep_where_prec", "sitrep_attribution", "sitrep_confidence", "sitrep_evidence",
    "source_ids", "sitrep_admin1_geonames", "sitrep_admin2_geonames",
]  # fmt: skip
#: How the CSV joins an event's source ids (ids may hold commas, rarely "; ").
SOURCE_ID_SEPARATOR = "; "
FORMATS = ("table", "jsonl", "csv", "acled-csv", "geojson", "parquet")


def acled_row(event: Event) -> dict[str, Any]:
    """One ACLED CSV row (plus sitrep's columns) for an event."""
    country = by_numeric(event.iso)
    prefix = country.iso3 if country else ""
    return {
        "event_id_cnty": f"{prefix}{event.event_id}",
        "event_date": event.event_date.isoformat() if event.event_date else "",
        "year": event.event_date.year if event.event_date else "",
        "time_precision": event.time_precision or "",
        "disorder_type": event.disorder_type,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1 or "",
        "assoc_actor_1": event.assoc_actor_1 or "",
        "inter1": event.inter1 or "",
        "actor2": event.actor2 or "",
        "assoc_actor_2": event.assoc_actor_2 or "",
        "inter2": event.inter2 or "",
        "interaction": event.interaction or "",
        "civilian_targeting": event.civilian_targeting,
        "iso": event.iso or "",
        "region": event.region or ((region_of(country.iso2) or "") if country else ""),
        "country": event.country or "",
        "admin1": event.admin1 or "",
        "admin2": event.admin2 or "",
        "admin3": "",
        "location": event.location or "",
        "latitude": f"{event.latitude:.4f}" if event.latitude is not None else "",
        "longitude": f"{event.longitude:.4f}" if event.longitude is not None else "",
        "geo_precision": event.geo_precision or "",
        "source": event.source,
        "source_scale": "",
        "notes": event.notes,
        "fatalities": event.fatalities,
        "tags": "",
        "timestamp": "",
        "sitrep_event_id": event.event_id,
        "sitrep_doc_ids": ";".join(event.doc_ids),
        "sitrep_date_start": event.date_start.isoformat() if event.date_start else "",
        "sitrep_date_end": event.date_end.isoformat() if event.date_end else "",
        "sitrep_fatalities_low": event.fatalities_low,
        "sitrep_fatalities_best": event.fatalities_best,
        "sitrep_fatalities_high": event.fatalities_high,
        "sitrep_injuries": event.injuries,
        "sitrep_where_prec": event.where_prec or "",
        "sitrep_attribution": event.attribution or "",
        "sitrep_confidence": event.confidence,
        "sitrep_evidence": " | ".join(e.text for e in event.evidence),
        "source_ids": SOURCE_ID_SEPARATOR.join(event.source_ids),
        "sitrep_admin1_geonames": event.admin1_geonames or "",
        "sitrep_admin2_geonames": event.admin2_geonames or "",
    }


def write_csv(events: Iterable[Event], out: TextIO) -> int:
    """Write ACLED CSV; return the number of rows."""
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS + SITREP_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(acled_row(event))
        count += 1
    return count


def write_jsonl(events: Iterable[Event], statistics: Iterable[Statistic], out: TextIO) -> int:
    """Write one JSON object a line (``"kind"``: event or statistic)."""
    count = 0
    for record in [*(event_record(e) for e in events), *(statistic_record(s) for s in statistics)]:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def geojson(events: Iterable[Event]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the events; one without a place has a
    null geometry (RFC 7946, 3.2: an unlocated feature), so none is lost."""
    features = []
    for event in events:
        located = event.latitude is not None and event.longitude is not None
        properties = {k: v for k, v in to_dict(event).items() if k not in {"latitude", "longitude"}}
        features.append(
            {
                "type": "Feature",
                "id": event.event_id,
                "geometry": (
                    {"type": "Point", "coordinates": [event.longitude, event.latitude]}
                    if located
                    else None
                ),
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_geojson(events: Iterable[Event], out: TextIO) -> int:
    """Write GeoJSON; return the number of features."""
    collection = geojson(events)
    json.dump(collection, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(collection["features"])


def write_parquet(events: Sequence[Event], path: Path) -> int:
    """Write events to a Parquet file (evidence as a list of structs)."""
    import pyarrow as pa  # noqa: PLC0415 (only this format needs it)
    import pyarrow.parquet as pq  # noqa: PLC0415

    schema = pa.schema([(name, _ARROW_TYPES[kind](pa)) for name, kind in _event_columns()])
    # asdict, not to_dict: dates stay dates (Parquet DATE), not ISO strings.
    rows = [dataclasses.asdict(e) for e in events]
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    return len(rows)


# Arrow type of each kind of Event field (the annotation without "| None").
_ARROW_TYPES: dict[str, Any] = {
    "str": lambda pa: pa.string(),
    "int": lambda pa: pa.int64(),
    "float": lambda pa: pa.float64(),
    "dt.date": lambda pa: pa.date32(),
    "list[str]": lambda pa: pa.list_(pa.string()),
    "list[EvidenceSpan]": lambda pa: pa.list_(
        pa.struct(
            [
                ("doc_id", pa.string()),
                ("start", pa.int64()),
                ("end", pa.int64()),
                ("text", pa.string()),
            ]
        )
    ),
}


def _event_columns() -> list[tuple[str, str]]:
    """``(name, kind)`` of each Event field, in order: the Parquet schema,
    the same with no events at all."""
    return [(f.name, str(f.type).removesuffix(" | None")) for f in dataclasses.fields(Event)]


def render_table(
    events: Sequence[Event], statistics: Sequence[Statistic], console: Console
) -> None:
    """Print events and statistics as tables for a human reader."""
    table = Table(title=f"{len(events)} events", show_lines=False)
    for column in (
        "date",
        "prec",
        "sub-event type",
        "actor 1",
        "actor 2",
        "location",
        "fat.",
        "conf.",
    ):
        table.add_column(column)
    for e in events:
        table.add_row(
            e.event_date.isoformat() if e.event_date else "?",
            str(e.time_precision or ""),
            e.sub_event_type,
            e.actor1 or "",
            e.actor2 or "",
            ", ".join(p for p in (e.location, e.admin1, e.country) if p),
            str(e.fatalities),
            f"{e.confidence:.2f}",
        )
    console.print(table)
    if statistics:
        stats_table = Table(title=f"{len(statistics)} statistics (never added to events)")
        for column in (
            "measure",
            "value",
            "range",
            "victims",
            "cause",
            "by",
            "location",
            "attribution",
        ):
            stats_table.add_column(column)
        for s in statistics:
            stats_table.add_row(
                s.measure,
                str(s.value),
                f"{s.value_low}-{s.value_high}",
                s.victims or "",
                s.cause or "",
                s.perpetrator or "",
                s.location or "",
                s.attribution or "",
            )
        console.print(stats_table)
