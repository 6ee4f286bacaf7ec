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
import io
import json
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO

import trafilatura

from sitrep import readers
from sitrep.errors import E, InputError, SitrepError
from sitrep.records import Document, Rejected, stable_hash

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

# Binary sniffing looks at the first 8 KB, as file(1) and git do.
_BINARY_SAMPLE = 8192
# Control characters: C0 but tab/newline/CR/VT/FF, DEL, C1. The seed and all
# 89 VOA stories have none; a legacy text with stray form feeds or ESC codes
# has well under 1%. Uniformly random bytes (compressed, encrypted, images)
# have 29/256 = 11% C0/DEL bytes, so 10% separates the two with the margin on
# the side of text; a NUL byte alone already means binary (random data of
# 8 KB holds ~32). Undecodable bytes are not counted: a short cp1252 text full
# of curly quotes is text in the wrong encoding (E004), not binary.
_BINARY_RATIO = 0.10
_BINARY_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# A headline is one line, rarely over ~120 characters; 200 allows long ones.
_HEADLINE_MAX_CHARS = 200
_DRAIN_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class _Options:
    input_format: str
    published: date | None
    encoding: str
    max_bytes: int


def read_sources(
    sources: Sequence[str | Path],
    *,
    input_format: str = "auto",
    published: date | None = None,
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Iterator[Document | Rejected]:
    """Yield a raw ``Document`` or a ``Rejected`` for every input item in ``sources``.

    Each source is a file, a folder (read recursively in sorted order: files
    ending .txt .text .md .html .htm .jsonl .ndjson .json, hidden ones
    skipped) or ``"-"`` for standard input (``stdin``, default
    ``sys.stdin.buffer``). ``input_format`` is ``auto`` (by extension, then
    by content), ``text``, ``html`` or ``jsonl``. ``max_bytes`` limits a file
    (checked before reading) and, for JSONL, each line. Raises
    ``SitrepError`` (E012, E019) for a bad option, before reading anything.
    """
    if input_format not in INPUT_FORMATS:
        raise SitrepError(E.E012, value=input_format)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise SitrepError(E.E019, value=encoding) from None
    options = _Options(input_format, published, encoding, max_bytes)
    return _read_all(sources, options, stdin)


def _read_all(
    sources: Sequence[str | Path], options: _Options, stdin: BinaryIO | None
) -> Iterator[Document | Rejected]:
    for source in sources:
        if isinstance(source, str) and source == STDIN:
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, options)
        else:
            yield from _read_path(Path(source), options)


def _rejected(item: str, error: InputError) -> Rejected:
    return Rejected(item=item, code=error.code.name, reason=error.message)


def _unreadable(path: Path, exc: OSError) -> Rejected:
    return _rejected(str(path), InputError(E.E011, path=path, detail=exc.strerror or exc))


def _read_path(path: Path, options: _Options) -> Iterator[Document | Rejected]:
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        yield _unreadable(path, exc)
        return
    if stat.S_ISDIR(mode):
        for found in _walk(path):
            if isinstance(found, Rejected):
                yield found
            else:
                yield from _read_file(found, options)
    else:
        yield from _read_file(path, options)


def _walk(folder: Path) -> Iterator[Path | Rejected]:
    """Readable input files under ``folder``, depth first, in sorted order."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        yield _unreadable(folder, exc)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        # Symlinked folders are not followed: a link loop would never end.
        if entry.is_dir() and not entry.is_symlink():
            yield from _walk(entry)
        elif entry.is_file() and (
            entry.suffix.lower() in _FOLDER_SUFFIXES or readers.kind_of(entry) is not None
        ):
            yield entry


def _format_of(path: Path, options: _Options) -> str:
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


def _read_file(path: Path, options: _Options) -> Iterator[Document | Rejected]:
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
            yield _rejected(origin, InputError(E.E003, size=size, limit=options.max_bytes))
            return
        with path.open("rb") as stream:
            if input_format == "jsonl":
                yield from _read_jsonl(stream, origin, options)
                return
            raw = stream.read(options.max_bytes + 1)
    except OSError as exc:
        yield _unreadable(path, exc)
        return
    if len(raw) > options.max_bytes:  # the file grew after stat()
        yield _rejected(origin, InputError(E.E003, size=len(raw), limit=options.max_bytes))
        return
    yield from _read_bytes(raw, origin, input_format, options)


def _read_stdin(stream: BinaryIO, options: _Options) -> Iterator[Document | Rejected]:
    try:
        raw = stream.read(options.max_bytes + 1)
    except OSError as exc:
        yield _unreadable(Path(STDIN), exc)
        return
    if len(raw) > options.max_bytes:
        error = InputError(E.E003, size=len(raw), limit=options.max_bytes)
        error.message += " (standard input: reading stopped at the limit)"
        yield _rejected(STDIN, error)
        return
    input_format = options.input_format
    if input_format == "auto":
        input_format = "jsonl" if raw.lstrip().startswith(b"{") else "sniff"
    yield from _read_bytes(raw, STDIN, input_format, options)


def _read_bytes(
    raw: bytes, origin: str, input_format: str, options: _Options
) -> Iterator[Document | Rejected]:
    if input_format == "jsonl":
        yield from _read_jsonl(io.BytesIO(raw), origin, options)
        return
    try:
        text = _decode(raw, options.encoding)
        if input_format == "json":
            yield from _read_json(text, raw, origin, options)
            return
        if input_format == "html" or (input_format == "sniff" and _looks_like_html(text)):
            yield _document_from_html(text, origin, options.published)
        else:
            yield _document_from_text(text, origin, options.published)
    except InputError as error:
        yield _rejected(origin, error)


def _binary_ratio(sample: str) -> float:
    return len(_BINARY_CHARS.findall(sample)) / max(len(sample), 1)


def _check_not_binary(sample: str) -> None:
    ratio = _binary_ratio(sample)
    if "\x00" in sample or ratio > _BINARY_RATIO:
        raise InputError(E.E002, ratio=ratio)


def _decode(raw: bytes, encoding: str) -> str:
    """Strictly decoded text without BOM; raises InputError E001/E002/E004."""
    if not raw:
        raise InputError(E.E001)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        _check_not_binary(raw[:_BINARY_SAMPLE].decode(encoding, errors="replace"))
        bad = raw[exc.start : exc.end].hex(" ")
        raise InputError(
            E.E004, encoding=encoding, position=exc.start, detail=f"{exc.reason} (0x{bad})"
        ) from None
    text = text.removeprefix("\ufeff")
    _check_not_binary(text[:_BINARY_SAMPLE])
    if not text.strip():
        raise InputError(E.E001)
    return text


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
    return Document(
        id=stable_hash(body), text=body, title=title, published=published, origin=origin
    )


def _document_from_html(html: str, origin: str, published: date | None) -> Document:
    """Article text and metadata of an HTML page (trafilatura, no network)."""
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
    return Document(
        id=stable_hash(text),
        text=text,
        url=_page_field(page, "url"),
        source=_page_field(page, "sitename") or _page_field(page, "hostname"),
        title=title,
        published=published if published is not None else _iso_date(page_date),
        origin=origin,
    )


def _page_field(page: object, name: str) -> str | None:
    value = page.get(name) if isinstance(page, dict) else getattr(page, name, None)
    return (value.strip() or None) if isinstance(value, str) else None


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _parse_published(value: object) -> date | None:
    """A JSONL ``published``: ``YYYY-MM-DD`` or an ISO timestamp (UTC date)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ValueError(value)
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        moment = datetime.fromisoformat(text)  # "2019-11-12 10:00:00Z" (VOA) included
    return moment.astimezone(UTC).date() if moment.tzinfo else moment.date()


def _optional_str(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _document_from_record(record: object, label: str, options: _Options) -> Document:
    """One JSONL/JSON object as a Document; raises InputError E007/E010/E015."""
    if not isinstance(record, dict):
        raise InputError(E.E015, line=label)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(E.E007, line=label)
    try:
        published = _parse_published(record.get("published"))
    except ValueError:
        raise InputError(E.E010, value=record.get("published")) from None
    record_id = _optional_str(record.get("id"))
    return Document(
        id=stable_hash(text),
        text=text,
        url=_optional_str(record.get("url")),
        source=_optional_str(record.get("source")),
        title=_optional_str(record.get("title")),
        published=published if published is not None else options.published,
        origin=f"{label} (id={record_id})" if record_id else label,
    )


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes, int]]:
    """``(line number, line, size)``; an over-long line comes back empty with its size."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line)
            while rest := stream.readline(_DRAIN_CHUNK):
                size += len(rest)
                if rest.endswith(b"\n"):
                    break
            yield number, b"", size
        else:
            yield number, line, len(line)


def _read_jsonl(stream: BinaryIO, origin: str, options: _Options) -> Iterator[Document | Rejected]:
    head = stream.read(_BINARY_SAMPLE)
    stream.seek(0)
    try:
        _check_not_binary(head.decode(options.encoding, errors="replace"))
    except InputError as error:
        yield _rejected(origin, error)
        return
    for number, line, size in _lines(stream, options.max_bytes):
        label = f"{origin}:{number}"
        try:
            if not line:
                raise InputError(E.E003, size=size, limit=options.max_bytes)
            try:
                text = line.decode(options.encoding)
            except UnicodeDecodeError as exc:
                detail = f"{exc.reason} (0x{line[exc.start : exc.end].hex(' ')})"
                raise InputError(
                    E.E004, encoding=options.encoding, position=exc.start, detail=detail
                ) from None
            text = text.removeprefix("\ufeff").strip()
            if not text:
                continue
            try:
                record = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError(
                    E.E006, line=label, detail=f"{exc.msg} at column {exc.colno}"
                ) from None
            yield _document_from_record(record, label, options)
        except InputError as error:
            yield _rejected(label, error)


def _read_json(
    text: str, raw: bytes, origin: str, options: _Options
) -> Iterator[Document | Rejected]:
    """A ``.json`` file: one object, a list of objects, or JSONL after all."""
    try:
        content = json.loads(text)
    except json.JSONDecodeError:
        yield from _read_jsonl(io.BytesIO(raw), origin, options)
        return
    items = list(enumerate(content)) if isinstance(content, list) else [(None, content)]
    for index, record in items:
        label = origin if index is None else f"{origin}[{index}]"
        try:
            yield _document_from_record(record, label, options)
        except InputError as error:
            yield _rejected(label, error)
