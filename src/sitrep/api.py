"""The Python API: the same verbs as the CLI (``extract``, ``ingest``,
``events``, ``export``), for users who script sitrep.

    >>> from sitrep.api import Sitrep
    >>> sitrep = Sitrep()
    >>> events, statistics = sitrep.extract(["report.txt"], published=date(2017, 1, 16))
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from sitrep import export as exporters
from sitrep.errors import E, SitrepError
from sitrep.ingest import DEFAULT_MAX_BYTES, read_sources
from sitrep.pipeline import DEFAULT_ITEM_TIMEOUT, IngestSummary, Resources
from sitrep.pipeline import extract as run_extract
from sitrep.pipeline import ingest as run_ingest
from sitrep.records import Document, Event, Mentions, Rejected, Statistic
from sitrep.settings import Settings
from sitrep.store import DocumentInfo, EventQuery, Store, problems
from sitrep.store.schema import SchemaStatus


@dataclass(frozen=True, slots=True)
class StoreStatus:
    """What ``sitrep db status`` prints: where the store is, its schema, its rows."""

    url: str
    backend: str
    schema: SchemaStatus
    counts: dict[str, int]
    #: What is wrong with the store (``sitrep.store.problems``; empty: nothing).
    problems: list[str]


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read (see ``sitrep.ingest.read_sources``)."""

    input_format: str = "auto"
    published: dt.date | None = None
    encoding: str = "utf-8"
    max_bytes: int = DEFAULT_MAX_BYTES
    #: Seconds one item may take to analyse (None: no limit); E026 past it.
    item_timeout: float | None = DEFAULT_ITEM_TIMEOUT
    #: Processes that annotate (spaCy's parse, nearly all the cost); 1: this one.
    workers: int = 1
    #: Countries the inputs are about (ISO codes or names); a JSONL record's
    #: own ``country`` wins. Empty: each report's country is inferred.
    countries: tuple[str, ...] = ()


class Sitrep:
    """Entry point: loads resources lazily, once, and runs the pipeline."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._resources: Resources | None = None

    @property
    def resources(self) -> Resources:
        """spaCy pipeline, lexicon, actors and gazetteer (loaded on first use)."""
        if self._resources is None:
            self._resources = Resources.load(self.settings)
        return self._resources

    def read(
        self,
        sources: Sequence[str | Path],
        options: ReadOptions | None = None,
        stdin: BinaryIO | None = None,
    ) -> Iterator[Document | Rejected]:
        """Read inputs into documents (or rejections with their reasons)."""
        o = options or ReadOptions()
        if o.item_timeout is not None and not o.item_timeout > 0:
            raise SitrepError(
                E.E022, option="item_timeout", rule="a number of seconds > 0", value=o.item_timeout
            )
        if o.workers < 1:
            raise SitrepError(E.E022, option="workers", rule="a whole number >= 1", value=o.workers)
        if o.input_format not in {"auto", "text", "html", "jsonl"}:
            raise SitrepError(E.E012, value=o.input_format)
        return read_sources(
            sources,
            input_format=o.input_format,
            published=o.published,
            encoding=o.encoding,
            max_bytes=o.max_bytes,
            stdin=stdin,
            countries=o.countries,
        )

    def extract(
        self,
        sources: Sequence[str | Path],
        options: ReadOptions | None = None,
        *,
        stdin: BinaryIO | None = None,
        min_confidence: float = 0.0,
        on_rejected: Callable[[Rejected], None] | None = None,
        progress: Callable[[Mentions | Rejected], None] | None = None,
    ) -> tuple[list[Event], list[Statistic]]:
        """Events and statistics from the inputs, without storing anything.

        ``progress`` sees each analysed document or rejection, ``on_rejected``
        only the rejections."""
        o = options or ReadOptions()
        events, statistics = run_extract(
            self.read(sources, o, stdin),
            self.resources,
            on_rejected,
            progress=progress,
            item_timeout=o.item_timeout,
            workers=o.workers,
        )
        return [e for e in events if e.confidence >= min_confidence], statistics

    def store(self, database: str | None = None, *, readonly: bool = False) -> Store:
        """Open the store: created on first use, or ``readonly`` (E028 if missing)."""
        return Store(database or self.settings.database, readonly=readonly)

    def existing_store(self, database: str | None = None, *, readonly: bool = True) -> Store:
        """Open a store that must exist already (a typo in ``--db`` is E028, not
        an empty store): read-only for commands that only read, writable for
        the server, whose corrections and uploads write to it."""
        if readonly:
            return self.store(database, readonly=True)
        target = database or self.settings.database
        if target != ":memory:":
            # E028 for a missing file or an empty PostgreSQL database, E016
            # for a file that is no store: never a new store by mistake.
            self.store(target, readonly=True).close()
        return self.store(target)

    def store_status(self, database: str | None = None) -> StoreStatus:
        """The store's backend, schema revision (and what is pending) and row
        counts; the store must exist and is only read."""
        store = self.store(database, readonly=True)
        try:
            return StoreStatus(
                store.path, store.backend, store.schema_status(), store.counts(), problems(store)
            )
        finally:
            store.close()

    def upgrade(self, database: str | None = None) -> tuple[SchemaStatus, SchemaStatus]:
        """Bring the store's schema to the newest revision, creating the store
        if need be; returns its status before and after."""
        store = self.store(database)
        try:
            return store.opened_at, store.schema_status()
        finally:
            store.close()

    def documents(self, *, database: str | None = None) -> list[DocumentInfo]:
        """Metadata of every stored document (outlet, date, language; no text)."""
        store = self.existing_store(database)
        try:
            return store.documents()
        finally:
            store.close()

    def ingest(
        self,
        sources: Sequence[str | Path],
        options: ReadOptions | None = None,
        *,
        database: str | None = None,
        stdin: BinaryIO | None = None,
        progress: Callable[[Mentions | Rejected], None] | None = None,
    ) -> IngestSummary:
        """Store the inputs' documents, mentions, statistics and merged events."""
        o = options or ReadOptions()
        reading = self.read(sources, o, stdin)  # a bad option fails before the store is made
        store = self.store(database)
        try:
            return run_ingest(
                reading,
                self.resources,
                store,
                progress,
                item_timeout=o.item_timeout,
                workers=o.workers,
            )
        finally:
            store.close()

    def events(
        self,
        query: EventQuery | None = None,
        *,
        database: str | None = None,
        min_confidence: float = 0.0,
    ) -> list[Event]:
        """Stored events matching ``query`` (the store is opened read-only)."""
        store = self.store(database, readonly=True)
        try:
            return [e for e in store.events(query) if e.confidence >= min_confidence]
        finally:
            store.close()

    def statistics(self, *, database: str | None = None) -> list[Statistic]:
        """Stored statistics (the store is opened read-only)."""
        store = self.store(database, readonly=True)
        try:
            return store.statistics()
        finally:
            store.close()


def write(
    events: Sequence[Event], statistics: Sequence[Statistic], fmt: str, out: TextIO | Path
) -> int:
    """Write records in ``fmt`` (one of ``export.FORMATS`` except table) to a
    stream or a path; return how many records were written."""
    check_output(fmt, out)
    if isinstance(out, Path):
        try:
            if fmt == "parquet":
                return exporters.write_parquet(events, out)
            with out.open("w", encoding="utf-8", newline="") as handle:
                return write(events, statistics, fmt, handle)
        except OSError as exc:
            raise SitrepError(E.E031, path=out, detail=exc.strerror or exc) from exc
    if fmt in {"csv", "acled-csv"}:
        return exporters.write_csv(events, out)
    if fmt == "geojson":
        return exporters.write_geojson(events, out)
    return exporters.write_jsonl(events, statistics, out)


def check_output(fmt: str, out: TextIO | Path | None) -> None:
    """Check an output before any work: a known format, and for a path one
    that can be written (its folder is made if missing). Raises
    ``SitrepError`` E018 or E031."""
    if fmt not in exporters.FORMATS or fmt == "table":
        raise SitrepError(E.E018, value=fmt, choices=", ".join(exporters.FORMATS[1:]))
    if fmt == "parquet" and not isinstance(out, Path):
        raise SitrepError(E.E018, value="parquet to a stream", choices="parquet with --output FILE")
    if not isinstance(out, Path):
        return
    if out.is_dir():
        raise SitrepError(E.E031, path=out, detail="it is a folder; name a file")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SitrepError(E.E031, path=out, detail=exc.strerror or exc) from exc
    if not os.access(out.parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise SitrepError(E.E031, path=out, detail="permission denied")
