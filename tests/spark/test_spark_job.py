"""`sitrep spark` in real Spark local mode (local[2]): its events equal
`sitrep extract`'s on the same inputs (a VOA JSONL subset, a WARC made here
with non-HTML and broken records, and a Parquet file of articles), id for id
and field for field."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner

from sitrep.cli import main
from sitrep.records import Rejected, to_dict

if TYPE_CHECKING:
    from sitrep.api import Sitrep

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
VOA = ROOT / "examples" / "voa_stories.jsonl"
# 20 stories as JSONL and 12 others as a WARC: about a third of the corpus,
# enough for events of many types, dates and places, and for a run of a
# couple of minutes on two shared cores.
JSONL_STORIES = slice(0, 20)
WARC_STORIES = slice(40, 52)
PARQUET_STORIES = slice(60, 65)
#: The id of a copy of the first JSONL story among the Parquet articles.
COPY_ID = "copy-of-the-first-story"


def _warc_corpus() -> Any:
    spec = importlib.util.spec_from_file_location("warc_corpus", ROOT / "tools" / "warc_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["warc_corpus"] = module
    spec.loader.exec_module(module)
    return module


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _parquet_rows(folder: Path) -> list[dict[str, Any]]:
    import pyarrow as pa
    import pyarrow.dataset as ds

    # Explicit partition types: a table whose figures are all undated has
    # only null years and months, from which no type can be inferred.
    partitioning = ds.partitioning(
        pa.schema([("year", pa.int32()), ("month", pa.int32()), ("country", pa.string())]),
        flavor="hive",
    )
    table = ds.dataset(folder, format="parquet", partitioning=partitioning).to_table()
    rows = []
    for row in table.to_pylist():
        # year and month are the partitions; the record has its own dates.
        rows.append({k: _plain(v) for k, v in row.items() if k not in {"year", "month"}})
    return rows


@pytest.fixture(scope="module")
def parquet_inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same articles as Parquet (for Spark) and as JSONL (for extract,
    which reads no Parquet), with an outlet so the labels do not matter."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path_factory.mktemp("spark-parquet")
    lines = VOA.read_text(encoding="utf-8").splitlines()[PARQUET_STORIES]
    columns = ("id", "text", "title", "published", "url")
    records = [{k: json.loads(line)[k] for k in columns} | {"source": "VOA"} for line in lines]
    # The first JSONL story again under another id: analysed once, by both,
    # with the ids of both copies (provenance).
    first = json.loads(VOA.read_text(encoding="utf-8").splitlines()[JSONL_STORIES][0])
    records.append({k: first[k] for k in columns} | {"id": COPY_ID, "source": "VOA"})
    parquet = folder / "articles.parquet"
    pq.write_table(pa.Table.from_pylist(records), parquet)
    same = folder / "articles.jsonl"
    same.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return parquet, same


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("spark-inputs")
    lines = VOA.read_text(encoding="utf-8").splitlines()
    jsonl = folder / "voa.jsonl"
    jsonl.write_text("\n".join(lines[JSONL_STORIES]) + "\n", encoding="utf-8")
    corpus = _warc_corpus()
    warc = folder / "crawl.warc.gz"
    stories = [json.loads(line) for line in lines[WARC_STORIES]]
    corpus.build_warc(warc, stories, not_html_every=4, broken_every=5)
    return [jsonl, warc]


@pytest.fixture(scope="module")
def spark_run(
    inputs: list[Path],
    parquet_inputs: tuple[Path, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Any]:
    output = tmp_path_factory.mktemp("spark-out")
    sources = [*map(str, inputs), str(parquet_inputs[0])]
    result = CliRunner().invoke(
        main, ["spark", *sources, "-o", str(output), "--master", "local[2]"]
    )
    return output, result


def test_spark_events_equal_extract(
    sitrep: Sitrep,
    inputs: list[Path],
    parquet_inputs: tuple[Path, Path],
    spark_run: tuple[Path, Any],
) -> None:
    output, result = spark_run
    # Broken WARC records are rejected (E050), the rest is processed: exit 3.
    assert result.exit_code == 3, result.output
    rejected: list[Rejected] = []
    events, statistics = sitrep.extract([*inputs, parquet_inputs[1]], on_rejected=rejected.append)
    assert any(e.source == "VOA" for e in events)  # the Parquet articles' events
    # A real test: many events of many kinds. (15 events before acts a long
    # report places nowhere were dropped (5ffd07f): the same stories now give
    # fewer, truer events.)
    assert len(events) >= 10 and len({e.sub_event_type for e in events}) >= 6
    copied = [e for e in events if COPY_ID in e.source_ids]
    assert copied
    assert all(e.source_ids.index("8011115") < e.source_ids.index(COPY_ID) for e in copied)
    assert all(e.source != "VOA" for e in copied)  # the first copy's outlet

    expected = {e.event_id: to_dict(e) for e in events}
    got = {row["event_id"]: row for row in _parquet_rows(output / "events")}
    assert sorted(got) == sorted(expected)
    for event_id, fields in expected.items():
        assert got[event_id] == fields, event_id

    expected_statistics = sorted(json.dumps(to_dict(s), sort_keys=True) for s in statistics)
    got_statistics = sorted(
        json.dumps(row, sort_keys=True) for row in _parquet_rows(output / "statistics")
    )
    assert got_statistics == expected_statistics

    got_rejected = sorted(
        (r["item"], r["code"], r["reason"]) for r in _parquet_rows(output / "rejected")
    )
    assert got_rejected == sorted((r.item, r.code, r.reason) for r in rejected)
    assert {code for _, code, _ in got_rejected} == {"E050"}


def test_spark_writes_parquet_partitioned_by_year_month_country(
    spark_run: tuple[Path, Any],
) -> None:
    output, result = spark_run
    partitions = {p.relative_to(output / "events").parts[:3] for p in output.glob("events/*/*/*")}
    assert ("year=2025", "month=3", "country=Syria") in partitions
    assert all(
        y.startswith("year=") and m.startswith("month=") and c.startswith("country=")
        for y, m, c in partitions
    )
    assert "merged in" in result.output and "blocks into" in result.output
