"""WARC and WARC.gz archives (Common Crawl News layout), streamed.

A Common Crawl News file holds a ``warcinfo`` record, then one ``response``
record per fetched page, each record its own gzip member. Only HTML
responses with HTTP status 200 become documents, through ingest's HTML
path; every other record is skipped and counted in a ``WarcTally``
(requests, metadata, redirects, images, PDFs, feeds ...).

Memory stays flat whatever the file's size: records are read one at a time,
a payload is read only up to ``max_bytes`` (the rest is skipped unread), and
the archive is never loaded whole.

A broken record (a corrupt gzip member, a header that is not WARC, a
payload that fails its digest, a truncated end) is reported as E050 with
its byte offset, and reading resumes at the next record: the next gzip
member that starts a WARC record, or the next ``WARC/1.x`` version line of
an uncompressed file.
"""

from __future__ import annotations

import logging
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from sitrep.errors import E, InputError
from sitrep.readers.common import (
    HtmlToDocument,
    ReaderOptions,
    decode_page,
    page_document,
    rejected,
)
from sitrep.records import Document, Rejected

log = logging.getLogger(__name__)

_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_LINE = b"WARC/1."
_WARC_VERSION = re.compile(rb"WARC/1\.[01]\r\n")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_PAGE_RECORDS = frozenset({"response", "resource"})
# Resynchronising reads the file in chunks of this size: memory stays bounded
# however far the next good record is.
_SCAN_CHUNK = 1 << 20
# Bytes decompressed to confirm that a gzip member found by its magic number
# starts a WARC record: "WARC/1.0" is 8 bytes; 64 leave room for blank lines.
_PROBE_BYTES = 64


@dataclass(slots=True)
class WarcTally:
    """What reading one or more WARC files met, record by record."""

    records: int = 0  # records read whole (all but the broken ones)
    pages: int = 0  # HTML responses that became documents
    skipped_not_html: int = 0  # responses of another content type
    skipped_status: int = 0  # redirects, errors, not-modified
    skipped_other: int = 0  # warcinfo, request, metadata, revisit ... records
    rejected: int = 0  # HTML pages without article text, oversized payloads
    broken: int = 0  # records reported as E050
    skipped_types: dict[str, int] = field(default_factory=dict)

    def add(self, other: WarcTally) -> None:
        """Add another tally's counts to this one (files read in parallel)."""
        for name in ("records", "pages", "skipped_not_html", "skipped_status", "skipped_other"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.rejected += other.rejected
        self.broken += other.broken
        for kind, count in other.skipped_types.items():
            self.skipped_types[kind] = self.skipped_types.get(kind, 0) + count

    def summary(self) -> str:
        """One line for a person: ``1,000 records: 700 pages, ...``."""
        kinds = ", ".join(f"{k} {n:,}" for k, n in sorted(self.skipped_types.items()))
        return (
            f"{self.records + self.broken:,} WARC records: {self.pages:,} HTML pages read, "
            f"{self.rejected:,} pages rejected, {self.skipped_not_html:,} not HTML skipped"
            f"{f' ({kinds})' if kinds else ''}, {self.skipped_status:,} non-200 skipped, "
            f"{self.skipped_other:,} other records skipped, {self.broken:,} broken"
        )


def read_warc(
    path: Path,
    options: ReaderOptions,
    html_document: HtmlToDocument,
    tally: WarcTally | None = None,
) -> Iterator[Document | Rejected]:
    """The documents of the HTML responses in one WARC or WARC.gz file.

    Yields a ``Document`` per HTML page, a ``Rejected`` per page without
    article text (E005), oversized payload (E003) or broken record (E050),
    and counts everything in ``tally`` (pass one to read the counts).
    """
    tally = tally if tally is not None else WarcTally()
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield rejected(str(path), InputError(E.E011, path=path, detail=exc.strerror or exc))
        return
    with stream:
        yield from _records(stream, str(path), options, html_document, tally)
    log.info("%s: %s", path, tally.summary())


def _records(
    stream: BinaryIO,
    origin: str,
    options: ReaderOptions,
    html_document: HtmlToDocument,
    tally: WarcTally,
) -> Iterator[Document | Rejected]:
    compressed = stream.read(len(_GZIP_MAGIC)) == _GZIP_MAGIC
    size = os.fstat(stream.fileno()).st_size
    stream.seek(0)
    start = 0
    while True:
        iterator = ArchiveIterator(stream, check_digests=True)
        offset = start
        try:
            for record in iterator:
                offset = iterator.offset
                item = _item(record, f"{origin}@{offset}", options, html_document, tally)
                tally.records += 1  # a record found broken counts as broken only
                if item is not None:
                    yield item
            if iterator.offset >= size:
                return
            # warcio ends quietly at a gzip member that fails its CRC check,
            # leaving the rest of the file unread: report it and go on.
            raise _BrokenRecordError("the archive stops here: a gzip member fails its check")
        except Exception as exc:  # warcio, zlib and the HTTP parser raise many types
            # The iterator's offset is where the record being parsed starts:
            # the current one, or the next one when moving on to it failed.
            offset = max(offset, iterator.offset)
            tally.broken += 1
            detail = f"{type(exc).__name__}: {exc}"[:300]
            error = InputError(E.E050, offset=offset, path=origin, detail=detail)
            yield rejected(f"{origin}@{offset}", error)
            resumed = _next_record_start(stream, offset + 1, compressed)
            if resumed is None:
                return
            start = resumed
            stream.seek(start)


class _BrokenRecordError(Exception):
    """A record that parsed but cannot be trusted (raised to resynchronise)."""


def _item(
    record: ArcWarcRecord,
    label: str,
    options: ReaderOptions,
    html_document: HtmlToDocument,
    tally: WarcTally,
) -> Document | Rejected | None:
    """A document, a rejection, or ``None`` for a record skipped by design."""
    if record.rec_headers.get_header("Content-Length") is None:
        # Without a length warcio reads on into the next records: report it
        # and resynchronise rather than parse them as this one's payload.
        raise _BrokenRecordError("WARC header has no Content-Length")
    if record.rec_type not in _PAGE_RECORDS:
        tally.skipped_other += 1
        return None
    http = record.http_headers
    status = http.get_statuscode() if http is not None else "200"
    content_type = (http.get_header("Content-Type") if http is not None else None) or (
        record.rec_headers.get_header("Content-Type") or ""
    )
    if status != "200":
        tally.skipped_status += 1
        return None
    media = content_type.split(";")[0].strip().lower()
    if media not in _HTML_TYPES:
        tally.skipped_not_html += 1
        kind = media or "no content type"
        tally.skipped_types[kind] = tally.skipped_types.get(kind, 0) + 1
        return None
    stream = record.content_stream()
    payload = stream.read(options.max_bytes + 1)
    if len(payload) > options.max_bytes:
        tally.rejected += 1  # the iterator skips the rest of the payload unread
        return rejected(label, InputError(E.E003, size=len(payload), limit=options.max_bytes))
    while stream.read(_SCAN_CHUNK):  # reach the end so that the digest is checked
        pass
    missing = getattr(record.raw_stream, "limit", 0)
    if missing > 0:  # the file ended inside the record (an interrupted download)
        raise _BrokenRecordError(
            f"record truncated: {missing:,} bytes of its Content-Length missing"
        )
    if record.digest_checker.passed is False:
        raise _BrokenRecordError(
            "payload does not match its WARC digest: "
            + "; ".join(str(p) for p in record.digest_checker.problems)
        )
    url = record.rec_headers.get_header("WARC-Target-URI")
    try:
        document = page_document(
            decode_page(payload, content_type),
            label,
            url,
            html_document,
            published=None,
            fallback=options.published,
            source_ids=(url, record.rec_headers.get_header("WARC-Record-ID")),
        )
    except InputError as error:
        tally.rejected += 1
        return rejected(label, error)
    tally.pages += 1
    return document


def _next_record_start(stream: BinaryIO, position: int, compressed: bool) -> int | None:
    """The offset of the next readable record at or after ``position``."""
    pattern = _GZIP_MAGIC if compressed else _WARC_LINE
    stream.seek(position)
    base, carry = position, b""
    while chunk := stream.read(_SCAN_CHUNK):
        window = carry + chunk
        at = window.find(pattern)
        while at != -1:
            candidate = base - len(carry) + at
            if _starts_record(stream, candidate, compressed):
                return candidate
            at = window.find(pattern, at + 1)
        carry = window[-(len(pattern) - 1) :]
        base += len(chunk)
        stream.seek(base)
    return None


def _starts_record(stream: BinaryIO, offset: int, compressed: bool) -> bool:
    """Whether a WARC record starts at ``offset`` (a gzip member holding one,
    or a ``WARC/1.0`` or ``WARC/1.1`` version line)."""
    here = stream.tell()
    try:
        if compressed:
            stream.seek(offset)
            head = stream.read(_SCAN_CHUNK // 16)
            try:
                text = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, _PROBE_BYTES)
            except zlib.error:
                return False
            return text.lstrip(b"\r\n").startswith(_WARC_LINE)
        # Not only at the start of a line: a record cut short mid-file runs
        # straight into the next one. The version and its CRLF make a false
        # match in page text most unlikely, and warcio checks the rest.
        stream.seek(offset)
        return _WARC_VERSION.match(stream.read(len(b"WARC/1.0\r\n"))) is not None
    finally:
        stream.seek(here)
