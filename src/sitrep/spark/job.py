"""The Spark job: sitrep's extraction over a corpus too big for one machine.

    inputs ──(one task per file, or Parquet partitions)──> analyse on executors
        ──> documents, mentions, statistics, rejections
        ──(join each mention with its document's source; key by block)──> merge per block
        ──(group by base event id)──> unique ids ──> Parquet by year/month/country

The per-document path is the pipeline's own (``ingest.read_sources``,
``pipeline.cleaned``, ``pipeline.analyse``) and the merge is ``merge``'s own,
per block (blocking.py says why the blocks give exactly the global merge):
the events equal ``sitrep extract``'s on the same inputs, id for id, field
for field. Resources are loaded once per Python worker process (PySpark
reuses workers between tasks), not once per task or document.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import io
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sitrep.calibration import default_calibration
from sitrep.countrycodes import country_code
from sitrep.errors import E, SitrepError
from sitrep.ingest import DEFAULT_MAX_BYTES, read_sources
from sitrep.lexicon import load_lexicon
from sitrep.pipeline import Resources, analyse, cleaned
from sitrep.records import (
    Document,
    EventMention,
    Mentions,
    Rejected,
    Statistic,
    union_ids,
    with_source_ids,
)
from sitrep.spark import blocking
from sitrep.spark.schema import event_schema, rejected_schema, statistic_schema

# Loaded once per Python worker process and kept: PySpark reuses its
# workers between tasks (spark.python.worker.reuse, on by default).
_WORKER: dict[str, Any] = {}


@dataclass(frozen=True, slots=True)
class SparkOptions:
    """How the job reads its inputs and where Spark runs."""

    published: dt.date | None = None
    encoding: str = "utf-8"
    max_bytes: int = DEFAULT_MAX_BYTES
    input_format: str = "auto"
    #: Spark master; ``None`` takes spark-submit's, else ``local[*]``.
    master: str | None = None
    #: Countries the inputs are about (``--country``); a record's own wins.
    countries: tuple[str, ...] = ()


@dataclass(slots=True)
class SparkSummary:
    """What a run did."""

    documents: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    mentions: int = 0
    blocks: int = 0
    events: int = 0
    statistics: int = 0
    seconds: float = 0.0
    examples: list[Rejected] = field(default_factory=list)  # the first rejections


def _resources() -> Resources:
    if "resources" not in _WORKER:
        _WORKER["resources"] = Resources.load()
    resources: Resources = _WORKER["resources"]
    return resources


def _rows_of(
    results: Iterable[Mentions | Rejected], order_of: Callable[[int], tuple[int, int]]
) -> Iterator[tuple[Any, ...]]:
    """Rows of one input's analysed documents, each with its global order
    ``(input, position)``: ``("document", doc_id, order, (outlet, source ids))``,
    ``("mention", doc_id, order + (n,), mention)``, ``("statistic", ...)``,
    ``("rejected", order, rejected)``. ``analyse`` yields one result per item
    read, in order, so a result's position is its item's."""
    for position, result in enumerate(results):
        order = order_of(position)
        if isinstance(result, Rejected):
            yield ("rejected", order, result)
            continue
        document = result.document
        # The outlet name ``pipeline.extract`` gives the merge for this document.
        outlet = document.source or document.origin or document.id
        yield ("document", document.id, order, (outlet, document.source_ids))
        for n, mention in enumerate(result.events):
            yield ("mention", document.id, (*order, n), mention)
        for n, statistic in enumerate(result.statistics):
            yield ("statistic", (*order, n), statistic)


def analyse_files(
    tasks: Iterable[tuple[int, str]], options: SparkOptions
) -> Iterator[tuple[Any, ...]]:
    """Executor side: read, clean and analyse the input files of one partition."""
    resources = _resources()
    for index, path in tasks:
        items = read_sources(
            [path],
            input_format=options.input_format,
            published=options.published,
            encoding=options.encoding,
            max_bytes=options.max_bytes,
            countries=options.countries,
        )
        yield from _rows_of(analyse(cleaned(items), resources), partial(_at, index))


def _json_ready(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _parquet_items(
    rows: Iterable[tuple[dict[str, Any], int]], path: str, options: SparkOptions
) -> Iterator[Document | Rejected]:
    """Parquet rows as JSONL records through ingest's own record checks, each
    labelled ``PATH[row]``."""
    for record, row in rows:
        label = f"{path}[{row}]"
        line = json.dumps({k: _json_ready(v) for k, v in record.items()}, ensure_ascii=False)
        stream = io.BytesIO(line.encode("utf-8") + b"\n")
        for item in read_sources(
            ["-"],
            input_format="jsonl",
            published=options.published,
            max_bytes=options.max_bytes,
            stdin=stream,
            countries=options.countries,
        ):
            if isinstance(item, Rejected):
                yield Rejected(label, item.code, item.reason.replace("-:1", label))
            else:
                record_id = str(record["id"]) if record.get("id") is not None else None
                origin = f"{label} (id={record_id})" if record_id else label
                ids = union_ids([record_id or label], item.source_ids[1:])  # [1:]: the url
                yield dataclasses.replace(item, origin=origin, source_ids=tuple(ids))


def _at(source: int, position: int) -> tuple[int, int]:
    return source, position


def analyse_parquet(
    rows: Iterable[tuple[dict[str, Any], int]], source: int, path: str, options: SparkOptions
) -> Iterator[tuple[Any, ...]]:
    """Executor side: analyse one partition of a Parquet input of articles
    (rows with their row numbers); a row's order is ``(input, row number)``."""
    resources = _resources()
    buffered = list(rows)  # one partition of Spark rows, in memory already
    if not buffered:
        return
    items = _parquet_items(buffered, path, options)
    yield from _rows_of(
        analyse(cleaned(items), resources), lambda position: (source, buffered[position][1])
    )


#: A document's first copy: ``(order, outlet, source ids of every copy)``.
_FirstCopy = tuple[tuple[int, int], str, list[str]]


def _first_copy(
    copies: Iterable[tuple[tuple[int, int], tuple[str, tuple[str, ...]]]],
) -> _FirstCopy:
    """The first copy read of one text (``pipeline.extract`` analyses only
    that one) with the source ids of all its copies, in input order."""
    ordered = sorted(copies, key=lambda copy: copy[0])
    order, (outlet, _) = ordered[0]
    return order, outlet, union_ids(*(ids for _, (_, ids) in ordered))


def _merge_partition(
    blocks: Iterable[
        tuple[tuple[str, int], Iterable[tuple[blocking.Order, EventMention, str, list[str]]]]
    ],
) -> Iterator[tuple[str, blocking.BlockEvent]]:
    """Executor side: merge each block with ``merge``'s own function."""
    if "merge" not in _WORKER:  # the merge needs the lexicon and calibration, not spaCy
        _WORKER["merge"] = (load_lexicon(), default_calibration())
    lexicon, calibration = _WORKER["merge"]
    for _key, members in blocks:
        listed = list(members)
        sources = {mention.doc_id: outlet for _, mention, outlet, _ in listed}
        source_ids = {mention.doc_id: ids for _, mention, _, ids in listed}
        pairs = [(order, mention) for order, mention, _, _ in listed]
        for block_event in blocking.merge_block(pairs, lexicon, sources, calibration):
            with_source_ids([block_event.event], [], source_ids)
            yield block_event.base_id, block_event


def _first_statistic(kv: tuple[str, tuple[tuple[Any, Statistic], _FirstCopy]]) -> list[Any]:
    """A statistic of a document's first copy, with its source ids (none of a later copy)."""
    (order, statistic), (first, _, ids) = kv[1]
    if tuple(order[:2]) != tuple(first):
        return []
    statistic.source_ids = list(ids)
    return [dataclasses.asdict(statistic)]


def _is_parquet(source: str) -> bool:
    return source.rstrip("/").lower().endswith(".parquet")


def session(master: str | None = None) -> Any:
    """A SparkSession: spark-submit's master, else ``master``, else ``local[*]``.

    In local mode the Python workers run this interpreter (where sitrep is
    installed), not whatever ``python3`` is first on the PATH.
    """
    try:
        from pyspark import SparkConf  # noqa: PLC0415  (optional extra)
        from pyspark.sql import SparkSession  # noqa: PLC0415
    except ImportError as exc:
        raise SitrepError(E.E055, detail=exc) from None
    conf = SparkConf()
    builder = SparkSession.builder.appName("sitrep")
    if master is not None or not conf.contains("spark.master"):
        chosen = master or "local[*]"
        builder = builder.master(chosen)
        if chosen.startswith("local"):
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return builder.getOrCreate()


def _file_rows(spark: Any, files: list[tuple[int, str]], options: SparkOptions) -> Any:
    # One task per input file: a WARC or JSONL file is read as a stream by
    # one executor (read_sources), as ``sitrep extract`` reads it.
    return spark.sparkContext.parallelize(files, len(files)).mapPartitions(
        partial(analyse_files, options=options)
    )


def _parquet_rows(spark: Any, source: int, path: str, options: SparkOptions) -> Any:
    frame = spark.read.parquet(path)
    text_type = dict(frame.dtypes).get("text")
    if text_type != "string":
        raise SitrepError(E.E056, path=path, columns=", ".join(frame.columns))
    wanted = ("id", "text", "title", "published", "url", "source", "country")
    columns = [c for c in wanted if c in frame.columns]
    return (
        frame.select(*columns)
        .rdd.map(lambda row: row.asDict())
        .zipWithIndex()
        .mapPartitions(partial(analyse_parquet, source=source, path=path, options=options))
    )


def _kind(row: tuple[Any, ...]) -> str:
    kind: str = row[0]
    return kind


def run_spark(
    sources: Sequence[str | Path],
    output: str | Path,
    options: SparkOptions | None = None,
    spark: Any = None,
) -> SparkSummary:
    """Extract events and statistics from ``sources`` on Spark and write them
    as Parquet under ``output``: ``events/`` and ``statistics/`` partitioned
    by year/month/country, and ``rejected/``. Sources are files or folders
    that ``sitrep extract`` reads (on a file system every executor sees), and
    Parquet datasets of articles (``*.parquet``; columns as JSONL's). Uses
    ``spark`` if given, else a session of its own, stopped at the end.
    """
    options = options or SparkOptions()
    try:  # a bad option fails here, not in every executor's task
        codecs.lookup(options.encoding)
    except LookupError:
        raise SitrepError(E.E019, value=options.encoding) from None
    unknown = next((c for c in options.countries if country_code(c) is None), None)
    if unknown is not None:
        raise SitrepError(E.E057, value=unknown, where="--country")
    own = spark is None
    spark = spark if spark is not None else session(options.master)
    started = time.perf_counter()
    try:
        summary = _run(spark, [str(s) for s in sources], str(output), options)
    finally:
        if own:
            spark.stop()
    summary.seconds = time.perf_counter() - started
    return summary


def _run(spark: Any, sources: list[str], output: str, options: SparkOptions) -> SparkSummary:
    from pyspark import StorageLevel  # noqa: PLC0415  (optional extra)
    from pyspark.sql import functions as F  # noqa: PLC0415, N812 (Spark's convention)

    context = spark.sparkContext
    files = [(i, s) for i, s in enumerate(sources) if not _is_parquet(s)]
    parts = [_file_rows(spark, files, options)] if files else []
    parts += [_parquet_rows(spark, i, s, options) for i, s in enumerate(sources) if _is_parquet(s)]
    rows = context.union(parts).persist(StorageLevel.MEMORY_AND_DISK)

    documents = rows.filter(lambda r: _kind(r) == "document").map(lambda r: (r[1], (r[2], r[3])))
    # ``pipeline.extract`` analyses the first copy of a text read, and gives
    # its events the source ids of every copy.
    firsts = documents.groupByKey().mapValues(_first_copy)
    # Mentions of the first copies only: a later copy's would count twice.
    mentions = (
        rows.filter(lambda r: _kind(r) == "mention")
        .map(lambda r: (r[1], (r[2], r[3])))
        .join(firsts)
        .filter(lambda kv: tuple(kv[1][0][0][:2]) == tuple(kv[1][1][0]))
        .map(lambda kv: (kv[0], (kv[1][0][0], kv[1][0][1], kv[1][1][1], kv[1][1][2])))
    )
    spans = mentions.map(lambda kv: blocking.span_of(kv[1][1])).distinct().collect()
    components = blocking.date_components(spans)
    shared = context.broadcast(components)
    keyed = mentions.map(lambda kv: (blocking.block_of(kv[1][1], shared.value), kv[1]))
    events = (
        keyed.groupByKey()
        .mapPartitions(_merge_partition)
        .groupByKey()
        .flatMap(lambda kv: blocking.finalise_ids(kv[1]))
        .map(dataclasses.asdict)
    )
    statistics = (
        rows.filter(lambda r: _kind(r) == "statistic")
        .map(lambda r: (r[2].doc_id, (r[1], r[2])))
        .join(firsts)
        .flatMap(_first_statistic)
    )
    rejected = rows.filter(lambda r: _kind(r) == "rejected")

    event_frame = spark.createDataFrame(events, event_schema()).persist()
    _write(event_frame, "event_date", f"{output}/events", F)
    statistic_frame = spark.createDataFrame(statistics, statistic_schema()).persist()
    _write(statistic_frame, "date_start", f"{output}/statistics", F)
    spark.createDataFrame(
        rejected.map(lambda r: (r[2].item, r[2].code, r[2].reason)), rejected_schema()
    ).write.mode("overwrite").parquet(f"{output}/rejected")

    summary = SparkSummary(
        documents=documents.count(),
        rejected=Counter(rejected.map(lambda r: r[2].code).countByValue()),
        mentions=mentions.count(),
        blocks=len({(sub, components[(sub, s, e)]) for sub, s, e in spans}),
        events=event_frame.count(),
        statistics=statistic_frame.count(),
        examples=[r[2] for r in rejected.takeOrdered(20, key=lambda r: r[1])],
    )
    rows.unpersist()
    return summary


def _write(frame: Any, date_column: str, path: str, functions: Any) -> None:
    """Parquet partitioned by year/month/country (of the event or the figure)."""
    (
        frame.withColumn("year", functions.year(date_column))
        .withColumn("month", functions.month(date_column))
        .write.mode("overwrite")
        .partitionBy("year", "month", "country")
        .parquet(path)
    )
