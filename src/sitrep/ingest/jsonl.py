"""JSONL batches and ``.json`` files: one article record a line (or a list).

Every line is its own item: a broken, binary, oversized, too deeply nested
or wrongly typed line is rejected with its code and the next line is read
as usual. A file with no record at all is reported (E001), never passed
over in silence.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import BinaryIO

from sitrep.errors import E, InputError, W
from sitrep.ingest.base import (
    Options,
    check_published,
    future_warning,
    parse_countries,
    rejected,
)
from sitrep.ingest.decode import (
    BINARY_SAMPLE,
    SurrogateRepair,
    bom_encoding,
    check_not_binary,
    parse_json,
)
from sitrep.records import Document, Rejected, stable_hash, union_ids

_DRAIN_CHUNK = 1 << 20


def parse_published(value: object) -> date | None:
    """A record's ``published``: ``YYYY-MM-DD`` or an ISO timestamp (UTC date).

    Raises E010 for what is not a date and E025 for a date outside the
    plausible years (which would also overflow Python's date arithmetic).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise InputError(E.E010, value=value)
    text = value.strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        try:
            moment = datetime.fromisoformat(text)  # "2019-11-12 10:00:00Z" (VOA) included
        except ValueError:
            raise InputError(E.E010, value=value) from None
        # The local date first: "0001-01-01T00:00:00+05:00" would overflow
        # when moved to UTC.
        check_published(moment.date(), value)
        day = moment.astimezone(UTC).date() if moment.tzinfo else moment.date()
    check_published(day, value)
    return day


def _optional_str(value: object, repair: SurrogateRepair) -> str | None:
    if isinstance(value, str):
        return repair(value).strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def document_from_record(record: object, label: str, options: Options) -> Document:
    """One JSONL/JSON object as a Document; raises InputError E007/E010/E015/E025/E057."""
    if not isinstance(record, dict):
        raise InputError(E.E015, line=label)
    repair = SurrogateRepair()
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(E.E007, line=label)
    text = repair(text)
    published = parse_published(record.get("published"))
    published = published if published is not None else options.published
    record_id = _optional_str(record.get("id"), repair)
    countries = parse_countries(record.get("country"), f"{label} 'country'") or options.countries
    url, source, title = (_optional_str(record.get(k), repair) for k in ("url", "source", "title"))
    warnings = [future_warning(published)]
    if repair.count:  # counted once every string of the record is repaired
        warnings.append(W.W002.format(count=repair.count))
    return Document(
        id=stable_hash(text),
        text=text,
        url=url,
        source=source,
        title=title,
        published=published,
        origin=f"{label} (id={record_id})" if record_id else label,
        warnings=tuple(w for w in warnings if w),
        countries=countries,
        # The record's own id names it; without one, where it was read does.
        source_ids=tuple(union_ids([record_id or label, url])),
    )


def _byte_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes, int]]:
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


def _decoded_lines(
    stream: BinaryIO, encoding: str, limit: int
) -> Iterator[tuple[int, str | InputError]]:
    """Each line of a JSONL stream as text, or the InputError that line earns."""
    marked = bom_encoding(stream.read(4))
    stream.seek(0)
    if marked is not None and marked[0] == "utf-8":
        encoding = "utf-8"  # the mark wins over --encoding
    elif marked is not None:
        # UTF-16/32: newlines are multi-byte, so lines are split after
        # decoding; an undecodable sequence becomes U+FFFD in its own line.
        reader = io.TextIOWrapper(stream, encoding=marked[0], errors="replace", newline="")
        number = 0
        while line := reader.readline(limit + 1):
            number += 1
            if len(line.encode("utf-8", "surrogatepass")) > limit:
                yield number, InputError(E.E003, size=len(line), limit=limit)
            else:
                yield number, line.removeprefix("\ufeff")
        reader.detach()
        return
    for number, raw, size in _byte_lines(stream, limit):
        if not raw:
            yield number, InputError(E.E003, size=size, limit=limit)
            continue
        try:
            yield number, raw.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            detail = f"{exc.reason} (0x{raw[exc.start : exc.end].hex(' ')})"
            yield number, InputError(E.E004, encoding=encoding, position=exc.start, detail=detail)


def read_jsonl(stream: BinaryIO, origin: str, options: Options) -> Iterator[Document | Rejected]:
    """Every record of a JSONL stream as a Document or a Rejected."""
    head = stream.read(BINARY_SAMPLE)
    stream.seek(0)
    if bom_encoding(head) is None and not head.lstrip().startswith(b"{"):
        # Many control bytes and no record first: an image or archive named
        # .jsonl is one rejection, not thousands. A batch of records with
        # stray binary lines or NULs loses only those lines.
        try:
            check_not_binary(
                head.decode(options.encoding, errors="replace"), nul_means_binary=False
            )
        except InputError as error:
            yield rejected(origin, error)
            return
    records = 0
    for number, line in _decoded_lines(stream, options.encoding, options.max_bytes):
        label = f"{origin}:{number}"
        try:
            if isinstance(line, InputError):
                raise line
            text = line.strip()
            if not text:
                continue
            check_not_binary(text)
            document = document_from_record(parse_json(text, label), label, options)
        except InputError as error:
            records += 1
            yield rejected(label, error)
            continue
        except Exception as exc:  # last resort: one line's bug must not end the batch
            records += 1
            detail = f"{type(exc).__name__}: {exc}"
            yield rejected(label, InputError(E.E027, stage="reading", detail=detail))
            continue
        records += 1
        yield document
    if records == 0:
        yield _empty(origin, "no records")


def read_json(
    text: str, raw: bytes, origin: str, options: Options
) -> Iterator[Document | Rejected]:
    """A ``.json`` file: one object, a list of objects, or JSONL after all."""
    try:
        content = parse_json(text, origin)
    except InputError as error:
        if error.code is E.E006:
            yield from read_jsonl(io.BytesIO(raw), origin, options)
        else:
            yield rejected(origin, error)
        return
    items = list(enumerate(content)) if isinstance(content, list) else [(None, content)]
    if not items:
        yield _empty(origin, "an empty list")
    for index, record in items:
        label = origin if index is None else f"{origin}[{index}]"
        try:
            yield document_from_record(record, label, options)
        except InputError as error:
            yield rejected(label, error)


def _empty(origin: str, what: str) -> Rejected:
    error = InputError(E.E001)
    error.message += f" ({what})"
    return rejected(origin, error)
