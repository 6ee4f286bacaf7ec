"""Ingest: files, folders, stdin and JSONL batches in; raw ``Document`` records out.

``read_sources`` never raises for a bad item: an unreadable, empty, binary,
oversized or undecodable input becomes a ``Rejected`` record with a numbered
code (errors.py) and the next item is read as usual. Only a bad *option*
(unknown format or encoding) raises, before anything is read.

A Document from here is raw: ``id`` is a provisional hash of the text as read,
``paragraphs`` is empty. The clean stage normalises the text and sets the
final id.

Dates: ``published`` is never guessed. For a single text or HTML document the
caller's ``published`` wins over a date found in the page (the caller knows
better than a ``<meta>`` tag, which is often the last-modified date); a JSONL
batch holds many articles, so there each record's own ``published`` wins and
the caller's value only fills records that have none.
"""

from __future__ import annotations

import codecs
import dataclasses
import io
import itertools
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO

import trafilatura

from sitrep import readers
from sitrep.countrycodes import country_code
from sitrep.errors import E, InputError, SitrepError
from sitrep.ingest.base import (
    EARLIEST_PUBLISHED,
    LATEST_PUBLISHED,
    Options,
    future_warning,
    parse_countries,
    published_in_range,
    rejected,
    unreadable,
)
from sitrep.ingest.decode import decode
from sitrep.ingest.jsonl import read_json, read_jsonl
from sitrep.records import Document, Rejected, stable_hash, union_ids

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EARLIEST_PUBLISHED",
    "INPUT_FORMATS",
    "LATEST_PUBLISHED",
    "STDIN",
    "published_in_range",
    "read_sources",
]

# The longest real news articles (long-form features) are under 1 MB even as
# HTML with inline scripts; 10 MB leaves a wide margin while keeping one
# hostile or mistaken input (a log file, a video) from exhausting memory.
DEFAULT_MAX_BYTES = 10_000_000

INPUT_FORMATS = ("auto", "text", "html", "jsonl")
STDIN = "-"

_TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_JSON_SUFFIX = ".json"
_FOLDER_SUFFIXES = _TEXT_SUFFIXES | _HTML_SUFFIXES | _JSONL_SUFFIXES | {_JSON_SUFFIX}

# A headline is one line, rarely over ~120 characters; 200 allows long ones.
_HEADLINE_MAX_CHARS = 200
# An article page holds hundreds to a few thousand elements, navigation,
# ads and comments included (an estimate: ten times that is still an
# article). trafilatura spent 17 s on an "HTML bomb" of 300,000 empty tags
# (~60 µs a tag, measured in the fuzz suite), so past 50,000 tags (about 3 s)
# a page is rejected before extraction.
_HTML_MAX_TAGS = 50_000
_TAG = re.compile(r"<[A-Za-z/!?]")


def read_sources(
    sources: Sequence[str | Path],
    *,
    input_format: str = "auto",
    published: date | None = None,
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    countries: Sequence[str] = (),
) -> Iterator[Document | Rejected]:
    """Yield a raw ``Document`` or a ``Rejected`` for every input item in ``sources``.

    Each source is a file, a folder (read recursively in sorted order: files
    ending .txt .text .md .html .htm .jsonl .ndjson .json, hidden ones
    skipped) or ``"-"`` for standard input (``stdin``, default
    ``sys.stdin.buffer``). ``input_format`` is ``auto`` (by extension, then
    by content), ``text``, ``html`` or ``jsonl``. ``max_bytes`` limits a file
    (checked before reading) and, for JSONL, each line. Raises
    ``SitrepError`` (E012, E019, E022, E025, E057) for a bad option, before
    reading anything. ``countries`` (codes or names) is the country context of
    every document that does not give its own (a JSONL record's ``country``).
    """
    if input_format not in INPUT_FORMATS:
        raise SitrepError(E.E012, value=input_format)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise SitrepError(E.E019, value=encoding) from None
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        rule = "a whole number of bytes >= 1"
        raise SitrepError(E.E022, option="max_bytes", rule=rule, value=max_bytes)
    if published is not None and not published_in_range(published):
        low, high = EARLIEST_PUBLISHED.year, LATEST_PUBLISHED.year
        raise SitrepError(E.E025, value=published.isoformat(), low=low, high=high)
    unknown = next((c for c in countries if country_code(c) is None), None)
    if unknown is not None:
        raise SitrepError(E.E057, value=unknown, where="--country")
    context = parse_countries(list(countries), "--country")
    options = Options(input_format, published, encoding, max_bytes, context)
    return _with_countries(_read_all(sources, options, stdin), context)


def _with_countries(
    items: Iterator[Document | Rejected], countries: tuple[str, ...]
) -> Iterator[Document | Rejected]:
    """Give the caller's country context to documents that have none of their own."""
    for item in items:
        if countries and isinstance(item, Document) and not item.countries:
            yield dataclasses.replace(item, countries=countries)
        else:
            yield item


def _read_all(
    sources: Sequence[str | Path], options: Options, stdin: BinaryIO | None
) -> Iterator[Document | Rejected]:
    for source in sources:
        try:
            if isinstance(source, str) and source == STDIN:
                yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, options)
            else:
                yield from _read_path(Path(source), options)
        except Exception as exc:  # last resort: a bug here must not sink the other sources
            detail = f"{type(exc).__name__}: {exc}"
            yield rejected(str(source), InputError(E.E027, stage="reading", detail=detail))


def _read_path(path: Path, options: Options) -> Iterator[Document | Rejected]:
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        yield unreadable(path, exc)
        return
    if stat.S_ISDIR(mode):
        empty = True
        for found in _walk(path):
            empty = False
            if isinstance(found, Rejected):
                yield found
            else:
                yield from _read_file(found, options)
        if empty:
            error = InputError(E.E001)
            suffixes = " ".join(sorted(_FOLDER_SUFFIXES))
            error.message += f" (the folder holds no input file: {suffixes})"
            yield rejected(str(path), error)
    elif stat.S_ISREG(mode):
        yield from _read_file(path, options)
    else:
        # A FIFO with no writer would block for ever, a device never ends:
        # such streams come in on standard input ("-"), where reading stops
        # at --max-bytes.
        detail = "not a regular file (a FIFO, device or socket); pipe it to standard input, '-'"
        yield rejected(str(path), InputError(E.E011, path=path, detail=detail))


def _walk(folder: Path) -> Iterator[Path | Rejected]:
    """Readable input files under ``folder``, depth first, in sorted order."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        yield unreadable(folder, exc)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        # Symlinked folders are not followed: a link loop would never end.
        # is_file() is true of regular files only: FIFOs and devices in a
        # folder are passed over like any file of another kind.
        if entry.is_dir() and not entry.is_symlink():
            yield from _walk(entry)
        elif entry.is_file() and (
            entry.suffix.lower() in _FOLDER_SUFFIXES or readers.kind_of(entry) is not None
        ):
            yield entry


def _format_of(path: Path, options: Options) -> str:
    """``text``/``html``/``jsonl``/``json``, or ``sniff`` to decide by content."""
    if options.input_format != "auto":
        return options.input_format
    suffix = path.suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        return "jsonl"
    if suffix == _JSON_SUFFIX:
        return "json"
    if suffix in _HTML_SUFFIXES:
        return "html"
    return "sniff"


def _read_file(path: Path, options: Options) -> Iterator[Document | Rejected]:
    if options.input_format == "auto" and readers.kind_of(path) is not None:
        # WARC archives, feeds and sitemaps: many documents a file (readers/).
        reader_options = readers.ReaderOptions(options.published, options.max_bytes)
        yield from readers.read(path, reader_options, _document_from_html)
        return
    origin = str(path)
    input_format = _format_of(path, options)
    try:
        size = path.stat().st_size
        # A JSONL batch may be any size: there the limit applies to each line.
        if input_format != "jsonl" and size > options.max_bytes:
            yield rejected(origin, InputError(E.E003, size=size, limit=options.max_bytes))
            return
        with path.open("rb") as stream:
            if input_format == "jsonl":
                yield from read_jsonl(stream, origin, options)
                return
            raw = stream.read(options.max_bytes + 1)
    except OSError as exc:
        yield unreadable(path, exc)
        return
    if len(raw) > options.max_bytes:  # the file grew after stat()
        yield rejected(origin, InputError(E.E003, size=len(raw), limit=options.max_bytes))
        return
    yield from _read_bytes(raw, origin, input_format, options)


def _read_stdin(stream: BinaryIO, options: Options) -> Iterator[Document | Rejected]:
    try:
        raw = stream.read(options.max_bytes + 1)
    except OSError as exc:
        yield unreadable(Path(STDIN), exc)
        return
    if len(raw) > options.max_bytes:
        error = InputError(E.E003, size=len(raw), limit=options.max_bytes)
        error.message += " (standard input: reading stopped at the limit)"
        yield rejected(STDIN, error)
        return
    input_format = options.input_format
    if input_format == "auto":
        input_format = "jsonl" if raw.lstrip().startswith(b"{") else "sniff"
    yield from _read_bytes(raw, STDIN, input_format, options)


def _read_bytes(
    raw: bytes, origin: str, input_format: str, options: Options
) -> Iterator[Document | Rejected]:
    if input_format == "jsonl":
        yield from read_jsonl(io.BytesIO(raw), origin, options)
        return
    try:
        text = decode(raw, options.encoding)
        if input_format == "json":
            yield from read_json(text, raw, origin, options)
            return
        if input_format == "html" or (input_format == "sniff" and _looks_like_html(text)):
            yield _document_from_html(text, origin, options.published)
        else:
            yield _document_from_text(text, origin, options.published)
    except InputError as error:
        yield rejected(origin, error)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:100].lower()
    return head.startswith(("<!doctype html", "<html"))


def _document_from_text(text: str, origin: str, published: date | None) -> Document:
    """A plain-text document; a headline-like first line becomes the title."""
    lines = text.strip().splitlines()
    first = lines[0].strip()
    body = "\n".join(lines[1:]).strip()
    title = None
    if first.startswith("#"):  # Markdown heading
        first = first.lstrip("#").strip()
    if (
        body
        and first
        and len(first) < _HEADLINE_MAX_CHARS
        and not first.endswith((".", ",", ";", ":"))
        and any(char.isalpha() for char in first)
    ):
        title = first
    else:
        body = text.strip()
    warning = future_warning(published)
    return Document(
        id=stable_hash(body),
        text=body,
        title=title,
        published=published,
        origin=origin,
        warnings=(warning,) if warning else (),
        source_ids=(origin,),
    )


def _document_from_html(html: str, origin: str, published: date | None) -> Document:
    """Article text and metadata of an HTML page (trafilatura, no network)."""
    tags = sum(1 for _ in itertools.islice(_TAG.finditer(html), _HTML_MAX_TAGS + 1))
    if tags > _HTML_MAX_TAGS:
        error = InputError(E.E005)
        error.message += f" (over {_HTML_MAX_TAGS:,} tags: markup, not an article)"
        raise error
    try:
        page = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            # Only dates the page states in its markup; never a date guessed
            # from numbers in the text (DESIGN.md: "never guessed").
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # lxml/trafilatura raise many types on hostile markup
        error = InputError(E.E005)
        error.message += f" (extractor failed: {type(exc).__name__}: {exc})"
        raise error from exc
    text = _page_field(page, "text")
    if text is None:
        raise InputError(E.E005)
    title = _page_field(page, "title")
    lines = text.splitlines()
    if title and lines and lines[0].strip() == title:  # the <h1> repeats the title
        text = "\n".join(lines[1:]).strip()
        if not text:
            raise InputError(E.E005)
    page_date = _page_field(page, "date")
    published = published if published is not None else _iso_date(page_date)
    warning = future_warning(published)
    url = _page_field(page, "url")
    return Document(
        id=stable_hash(text),
        text=text,
        url=url,
        source=_page_field(page, "sitename") or _page_field(page, "hostname"),
        title=title,
        published=published,
        origin=origin,
        warnings=(warning,) if warning else (),
        source_ids=tuple(union_ids([origin, url])),
    )


def _page_field(page: object, name: str) -> str | None:
    value = page.get(name) if isinstance(page, dict) else getattr(page, name, None)
    return (value.strip() or None) if isinstance(value, str) else None


def _iso_date(value: str | None) -> date | None:
    """A page's own date, or None when it is not one or not a plausible one."""
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day is not None and published_in_range(day) else None
