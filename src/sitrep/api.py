"""The Python API: the same verbs as the CLI (``extract``, ``ingest``,
``events``, ``export``), for users who script sitrep.

    >>> from sitrep.api import Sitrep
    >>> sitrep = Sitrep()
    >>> events, statistics = sitrep.extract(["report.txt"], published=date(2017, 1, 16))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from sitrep import export as exporters
from sitrep.errors import E, SitrepError
from sitrep.ingest import DEFAULT_MAX_BYTES, read_sources
from sitrep.pipeline import IngestSummary, Resources
from sitrep.pipeline import extract as run_extract
from sitrep.pipeline import ingest as run_ingest
from sitrep.records import Document, Event, Mentions, Rejected, Statistic
from sitrep.settings import Settings
from sitrep.store import DocumentInfo, EventQuery, Store


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read (see ``sitrep.ingest.read_sources``)."""

    input_format: str = "auto"
    published: dt.date | None = None
    encoding: str = "utf-8"
    max_bytes: int = DEFAULT_MAX_BYTES


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
        if o.input_format not in {"auto", "text", "html", "jsonl"}:
            raise SitrepError(E.E012, value=o.input_format)
        return read_sources(
            sources,
            input_format=o.input_format,
            published=o.published,
            encoding=o.encoding,
            max_bytes=o.max_bytes,
            stdin=stdin,
        )

    def extract(
        self,
        sources: Sequence[str | Path],
        options: ReadOptions | None = None,
        *,
        stdin: BinaryIO | None = None,
        min_confidence: float = 0.0,
        on_rejected: Callable[[Rejected], None] | None = None,
    ) -> tuple[list[Event], list[Statistic]]:
        """Events and statistics from the inputs, without storing anything."""
        events, statistics = run_extract(
            self.read(sources, options, stdin), self.resources, on_rejected
        )
        return [e for e in events if e.confidence >= min_confidence], statistics

    def store(self, database: str | None = None) -> Store:
        """Open (creating on first use) the store."""
        return Store(database or self.settings.database)

    def existing_store(self, database: str | None = None) -> Store:
        """Open a store that must exist already: commands that only read never
        create an empty one by mistake (a typo in ``--db`` is an error)."""
        path = database or self.settings.database
        if path != ":memory:" and not Path(path).is_file():
            raise SitrepError(E.E022, path=path)
        return Store(path)

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
        store = self.store(database)
        try:
            return run_ingest(self.read(sources, options, stdin), self.resources, store, progress)
        finally:
            store.close()

    def events(
        self,
        query: EventQuery | None = None,
        *,
        database: str | None = None,
        min_confidence: float = 0.0,
    ) -> list[Event]:
        """Stored events matching ``query`` (E022 when there is no store: a
        read never creates an empty one)."""
        store = self.existing_store(database)
        try:
            return [e for e in store.events(query) if e.confidence >= min_confidence]
        finally:
            store.close()

    def statistics(self, *, database: str | None = None) -> list[Statistic]:
        """Stored statistics (E022 when there is no store)."""
        store = self.existing_store(database)
        try:
            return store.statistics()
        finally:
            store.close()


def write(
    events: Sequence[Event], statistics: Sequence[Statistic], fmt: str, out: TextIO | Path
) -> int:
    """Write records in ``fmt`` (one of ``export.FORMATS`` except table) to a
    stream or a path; return how many records were written."""
    if fmt not in exporters.FORMATS or fmt == "table":
        raise SitrepError(E.E018, value=fmt, choices=", ".join(exporters.FORMATS[1:]))
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise SitrepError(
                E.E018, value="parquet to a stream", choices="parquet with --output FILE"
            )
        return exporters.write_parquet(events, out)
    if isinstance(out, Path):
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8", newline="") as handle:
            return write(events, statistics, fmt, handle)
    if fmt in {"csv", "acled-csv"}:
        return exporters.write_csv(events, out)
    if fmt == "geojson":
        return exporters.write_geojson(events, out)
    return exporters.write_jsonl(events, statistics, out)
