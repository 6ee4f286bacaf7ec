"""Provenance (issue 8): every event and statistic carries the ids the user
gave its reports (a JSONL record's ``id``, a file's path, a URL) in
``source_ids``, in ``sitrep extract``'s output, in the store (both backends)
and in every export format; identical texts under several ids keep them all."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sitrep import export
from sitrep.api import ReadOptions, write
from sitrep.ingest import read_sources
from sitrep.records import SCHEMA_VERSION, Document, Event, Statistic, to_dict
from sitrep.store import Store

from .conftest import SEED, VOA

if TYPE_CHECKING:
    from sitrep.api import Sitrep

#: A VOA story with events and a statistic (the first of the sample).
STORY = json.loads(VOA.read_text(encoding="utf-8").splitlines()[0])


def _batch(path: Path, *ids: str) -> Path:
    """A JSONL batch of the story under each of ``ids`` (the same text, and
    an outlet, so that events do not name the batch's path as their source)."""
    records = [{**STORY, "id": record_id, "source": "VOA"} for record_id in ids]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _without_ids(records: list[Event] | list[Statistic]) -> list[dict[str, object]]:
    return [{k: v for k, v in to_dict(r).items() if k != "source_ids"} for r in records]


def test_the_schema_version_is_bumped() -> None:
    # 1.1 added source_ids; later versions keep them.
    assert tuple(int(part) for part in SCHEMA_VERSION.split(".")) >= (1, 1)


def test_a_file_inputs_path_is_its_source_id(tmp_path: Path) -> None:
    text = tmp_path / "report.txt"
    text.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (document,) = read_sources([text])
    assert isinstance(document, Document)
    assert document.source_ids == (str(text),)
    html = tmp_path / "page.html"
    html.write_text(
        '<html><head><link rel="canonical" href="https://example.org/a/1"></head>'
        f"<body><article><p>{STORY['text']}</p></article></body></html>",
        encoding="utf-8",
    )
    (page,) = read_sources([html])
    assert isinstance(page, Document)
    assert page.source_ids == (str(html), "https://example.org/a/1")


def test_a_jsonl_record_is_named_by_its_id_and_url_else_by_its_line(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"id": "abc", "url": "https://example.org/x", "text": "One."})
        + "\n"
        + json.dumps({"text": "Two."})
        + "\n"
        + json.dumps({"id": 7, "text": "Three."})
        + "\n",
        encoding="utf-8",
    )
    documents = [d for d in read_sources([batch]) if isinstance(d, Document)]
    assert [d.source_ids for d in documents] == [
        ("abc", "https://example.org/x"),
        (f"{batch}:2",),
        ("7",),
    ]
    # The origin is as it was.
    assert documents[0].origin == f"{batch}:1 (id=abc)"


def test_identical_texts_under_two_ids_keep_both_in_extract(sitrep: Sitrep, tmp_path: Path) -> None:
    once_events, once_statistics = sitrep.extract([_batch(tmp_path / "one.jsonl", "a")])
    events, statistics = sitrep.extract([_batch(tmp_path / "two.jsonl", "a", "b")])
    assert events and statistics
    for record in [*events, *statistics]:
        assert record.source_ids == ["a", STORY["url"], "b"], record
    # The copy is not analysed twice: the same events and figures as one copy.
    assert _without_ids(events) == _without_ids(once_events)
    assert _without_ids(statistics) == _without_ids(once_statistics)
    assert all(e.source_ids == ["a", STORY["url"]] for e in once_events)


def test_identical_texts_under_two_ids_keep_both_in_the_store(
    sitrep: Sitrep, store_url: str, tmp_path: Path
) -> None:
    summary = sitrep.ingest([_batch(tmp_path / "two.jsonl", "a", "b")], database=store_url)
    assert (summary.stored, summary.skipped) == (1, 1)
    events = sitrep.events(database=store_url)
    statistics = sitrep.statistics(database=store_url)
    assert events and statistics
    for record in [*events, *statistics]:
        assert record.source_ids == ["a", STORY["url"], "b"], record


def test_a_later_copy_under_a_new_id_reaches_the_stored_events(
    sitrep: Sitrep, store_url: str, tmp_path: Path
) -> None:
    sitrep.ingest([_batch(tmp_path / "first.jsonl", "a")], database=store_url)
    assert all(e.source_ids == ["a", STORY["url"]] for e in sitrep.events(database=store_url))
    summary = sitrep.ingest([_batch(tmp_path / "later.jsonl", "c")], database=store_url)
    assert (summary.stored, summary.skipped) == (0, 1)
    events = sitrep.events(database=store_url)
    assert events
    assert all(e.source_ids == ["a", STORY["url"], "c"] for e in events)
    assert all(
        s.source_ids == ["a", STORY["url"], "c"] for s in sitrep.statistics(database=store_url)
    )
    # Derived on read: the stored event records do not freeze them.
    store = Store(store_url, readonly=True)
    try:
        records = [json.loads(r[0]) for r in store.rows("SELECT record FROM events")]
    finally:
        store.close()
    assert records and all("source_ids" not in r for r in records)


def test_a_file_ingested_twice_under_two_paths_keeps_both(
    sitrep: Sitrep, store_url: str, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    for path in (first, second):
        path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    options = ReadOptions(published=dt.date(2017, 1, 16))
    sitrep.ingest([first, second], options, database=store_url)
    events = sitrep.events(database=store_url)
    assert events and all(e.source_ids == [str(first), str(second)] for e in events)


@pytest.fixture(scope="module")
def extracted(
    sitrep: Sitrep, tmp_path_factory: pytest.TempPathFactory
) -> tuple[list[Event], list[Statistic]]:
    batch = _batch(tmp_path_factory.mktemp("provenance") / "two.jsonl", "a", "b")
    return sitrep.extract([batch])


def test_every_export_format_carries_source_ids(
    extracted: tuple[list[Event], list[Statistic]], tmp_path: Path
) -> None:
    events, statistics = extracted
    expected = ["a", STORY["url"], "b"]

    out = io.StringIO()
    write(events, statistics, "jsonl", out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {line["kind"] for line in lines} == {"event", "statistic"}
    assert all(line["source_ids"] == expected for line in lines)

    out = io.StringIO()
    write(events, statistics, "acled-csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    header = out.getvalue().splitlines()[0].split(",")
    # ACLED's own columns unchanged and first, in order.
    assert header[: len(export.ACLED_COLUMNS)] == export.ACLED_COLUMNS
    assert header[len(export.ACLED_COLUMNS) :] == export.SITREP_COLUMNS
    assert "source_ids" in header
    assert all(row["source_ids"] == "; ".join(expected) for row in rows)

    out = io.StringIO()
    write(events, statistics, "geojson", out)
    features = json.loads(out.getvalue())["features"]
    assert all(f["properties"]["source_ids"] == expected for f in features)

    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet = tmp_path / "events.parquet"
    write(events, statistics, "parquet", parquet)
    table = pq.read_table(parquet)
    assert table.schema.field("source_ids").type == pa.list_(pa.string())
    assert all(ids == expected for ids in table.column("source_ids").to_pylist())
