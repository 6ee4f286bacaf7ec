"""Regression tests of issue 13, reading side: each hostile input shape the
probe found, from its exact form, becomes a stored document or a coded
rejection of that one item; never an exception that sinks the batch."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from pathlib import Path

import pytest

from sitrep.errors import E, SitrepError
from sitrep.ingest import read_sources
from sitrep.ingest.decode import MAX_JSON_DEPTH, json_depth
from sitrep.records import Document, Rejected

from .conftest import VOA

GOOD = json.loads(VOA.read_text(encoding="utf-8").splitlines()[17])


def _read(path: Path, **options: object) -> list[Document | Rejected]:
    return list(read_sources([path], **options))  # type: ignore[arg-type]


def _jsonl(tmp_path: Path, *lines: str, name: str = "batch.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    return path


def _codes(items: list[Document | Rejected]) -> list[str]:
    return [item.code if isinstance(item, Rejected) else "stored" for item in items]


def test_lone_surrogate_escape_is_replaced_with_a_warning(tmp_path: Path) -> None:
    line = json.dumps({"text": "Gunmen killed five people in Kano.\ud800", "title": "x\udfff"})
    assert "\\ud800" in line  # the exact shape: an escape, valid JSON, not Unicode
    (document,) = _read(_jsonl(tmp_path, line))
    assert isinstance(document, Document)
    assert "\ufffd" in document.text and "\ufffd" in (document.title or "")
    document.text.encode("utf-8")  # raised UnicodeEncodeError before
    assert document.warnings and document.warnings[0].startswith("[W002] 2 lone")


def test_json_nested_past_the_limit_is_e023_and_neighbours_are_read(tmp_path: Path) -> None:
    deep = '{"text": "x", "meta": ' + "[" * 1500 + "]" * 1500 + "}"
    items = _read(_jsonl(tmp_path, json.dumps(GOOD), deep, json.dumps(GOOD | {"text": "B."})))
    assert _codes(items) == ["stored", "E023", "stored"]
    assert json_depth('{"a": "[[[[", "b": [[1]]}') == 3  # brackets inside strings do not count
    assert json_depth("[" * (MAX_JSON_DEPTH + 1)) > MAX_JSON_DEPTH


def test_integer_over_4300_digits_is_e024(tmp_path: Path) -> None:
    line = '{"text": "Gunmen killed five.", "id": ' + "1" * 4301 + "}"
    (item,) = _read(_jsonl(tmp_path, line))
    assert isinstance(item, Rejected) and item.code == "E024"


@pytest.mark.parametrize(
    "published", ["0001-01-01T00:00:00+05:00", "9999-12-31", "9999-12-31T23:00:00-05:00"]
)
def test_published_at_the_ends_of_the_calendar_is_e025(tmp_path: Path, published: str) -> None:
    (item,) = _read(_jsonl(tmp_path, json.dumps(GOOD | {"published": published})))
    assert isinstance(item, Rejected) and item.code == "E025"
    assert published in item.reason


def test_far_future_published_is_a_warning_not_a_rejection(tmp_path: Path) -> None:
    future = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=400)).isoformat()
    (document,) = _read(_jsonl(tmp_path, json.dumps(GOOD | {"published": future})))
    assert isinstance(document, Document) and document.published == dt.date.fromisoformat(future)
    assert document.warnings[0].startswith("[W001]")
    tomorrow = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)).isoformat()
    (today_somewhere,) = _read(_jsonl(tmp_path, json.dumps(GOOD | {"published": tomorrow})))
    assert isinstance(today_somewhere, Document) and not today_somewhere.warnings


def test_published_option_out_of_range_raises_before_reading(tmp_path: Path) -> None:
    with pytest.raises(SitrepError) as raised:
        read_sources([tmp_path], published=dt.date(1, 1, 1))
    assert raised.value.code is E.E025


@pytest.mark.parametrize("max_bytes", [-1, 0])
def test_max_bytes_below_one_raises_before_reading(tmp_path: Path, max_bytes: int) -> None:
    with pytest.raises(SitrepError) as raised:
        read_sources([tmp_path], max_bytes=max_bytes)
    assert raised.value.code is E.E022


def test_nul_byte_rejects_its_line_not_the_file(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    good = json.dumps(GOOD).encode("utf-8")
    path.write_bytes(good + b"\n" + b'{"text": "a\x00b"}\n' + good.replace(b"Cameroon", b"Chad"))
    assert _codes(_read(path)) == ["stored", "E002", "stored"]


def test_binary_file_named_jsonl_is_one_rejection(tmp_path: Path) -> None:
    path = tmp_path / "image.jsonl"
    path.write_bytes(bytes(range(256)) * 64)
    assert _codes(_read(path)) == ["E002"]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_text_with_a_byte_order_mark_is_decoded_by_it(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "report.txt"
    text = "Gunmen killed five people in Kano on Monday, police said."
    raw = text.encode(codec)
    if codec == "utf-16-be":
        raw = b"\xfe\xff" + raw
    path.write_bytes(raw)
    (document,) = _read(path)
    assert isinstance(document, Document) and document.text == text


def test_utf16_jsonl_with_bom_reads_each_line(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [json.dumps(GOOD), json.dumps(GOOD | {"text": "Second report."})]
    path.write_bytes("\n".join(lines).encode("utf-16"))
    items = _read(path)
    assert _codes(items) == ["stored", "stored"]
    assert isinstance(items[1], Document) and items[1].text == "Second report."


@pytest.mark.parametrize(
    ("name", "content"),
    [("empty.jsonl", b""), ("blank.jsonl", b"\n  \n\t\n"), ("list.json", b"[]")],
)
def test_empty_containers_are_e001(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (item,) = _read(path)
    assert isinstance(item, Rejected) and item.code == "E001"


def test_empty_folder_is_e001(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "notes.pdf").write_bytes(b"%PDF")  # not an input file
    (item,) = _read(folder)
    assert isinstance(item, Rejected) and item.code == "E001" and "no input file" in item.reason


def test_fifo_argument_is_e011_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result: list[list[Document | Rejected]] = []
    reader = threading.Thread(target=lambda: result.append(_read(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert not reader.is_alive(), "reading a FIFO with no writer blocked"
    (item,) = result[0]
    assert isinstance(item, Rejected) and item.code == "E011" and "FIFO" in item.reason


@pytest.mark.parametrize(
    "line",
    [
        '{"text": 5}',
        '{"text": ["a"]}',
        '{"text": "ok", "published": 20190101}',
        '{"text": "ok", "published": "yesterday"}',
        "[1, 2]",
        "null",
        '"just a string"',
        "1e999999",
    ],
)
def test_wrong_types_are_coded(tmp_path: Path, line: str) -> None:
    (item,) = _read(_jsonl(tmp_path, line))
    assert isinstance(item, Rejected) and item.code in {"E007", "E010", "E015"}


def test_html_bomb_is_e005_before_extraction(tmp_path: Path) -> None:
    path = tmp_path / "bomb.html"
    path.write_bytes(b"<html><body>" + b"<p><b><i></i></b></p>" * 100_000)
    (item,) = _read(path)
    assert isinstance(item, Rejected) and item.code == "E005" and "tags" in item.reason
