"""WARC input: HTML responses become documents through ingest's HTML path,
other records are skipped and counted, broken records are reported (E050)
and the rest is read."""

from __future__ import annotations

import io
from pathlib import Path
from types import ModuleType

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sitrep.ingest import _document_from_html, read_sources
from sitrep.readers import ReaderOptions, WarcTally, kind_of, read_warc
from sitrep.records import Document, Rejected


def _read(path: Path, **options: object) -> tuple[list[Document], list[Rejected], WarcTally]:
    tally = WarcTally()
    items = list(read_warc(path, ReaderOptions(**options), _document_from_html, tally))  # type: ignore[arg-type]
    documents = [i for i in items if isinstance(i, Document)]
    return documents, [i for i in items if isinstance(i, Rejected)], tally


def test_kind_of_recognises_warc_names(tmp_path: Path) -> None:
    assert kind_of(Path("CC-NEWS-20250314.warc.gz")) == "warc"
    assert kind_of(Path("crawl.WARC")) == "warc"
    assert kind_of(Path("notes.txt.gz")) is None


def test_html_responses_become_documents(tmp_path: Path, warc_corpus: ModuleType) -> None:
    stories = warc_corpus.stories(4)
    path = tmp_path / "news.warc.gz"
    layout = warc_corpus.build_warc(path, stories)
    documents, rejected, tally = _read(path)
    assert rejected == []
    assert [d.url for d in documents] == layout.pages
    first = documents[0]
    assert first.title == stories[0]["title"]
    assert first.source == "VOA"  # og:site_name
    assert first.published is not None
    assert first.published.isoformat() == stories[0]["published"][:10]  # the page's meta date
    assert first.origin is not None and first.origin.startswith(f"{path}@")
    # The article's paragraphs, not the page's navigation or footer.
    assert stories[0]["text"].split("\n")[0][:80] in first.text
    assert "All rights reserved" not in first.text
    assert tally.pages == 4 and tally.records == 5 and tally.skipped_other == 1


def test_non_html_records_are_skipped_and_counted(tmp_path: Path, warc_corpus: ModuleType) -> None:
    path = tmp_path / "crawl.warc.gz"
    layout = warc_corpus.build_warc(path, warc_corpus.stories(6), not_html_every=2)
    documents, rejected, tally = _read(path)
    assert rejected == []
    assert len(documents) == 6
    assert tally.skipped_not_html == layout.not_html == 6
    assert tally.skipped_types == {"application/pdf": 3, "image/jpeg": 3}
    assert tally.skipped_status == layout.status == 3  # redirects
    assert tally.skipped_other == layout.other == 7  # warcinfo, requests, metadata
    assert tally.records == layout.records
    assert "6 not HTML skipped" in tally.summary()


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_broken_records_are_reported_and_the_rest_is_read(
    tmp_path: Path, warc_corpus: ModuleType, compressed: bool
) -> None:
    stories = warc_corpus.stories(9)
    path = tmp_path / ("damaged.warc.gz" if compressed else "damaged.warc")
    layout = warc_corpus.build_warc(
        path, stories, not_html_every=3, broken_every=2, compressed=compressed
    )
    warc_corpus.append_truncated(path, stories[0], compressed)
    documents, rejected, tally = _read(path)
    # Every good page is read, in order, whatever broke around it.
    assert [d.url for d in documents] == layout.pages
    assert len(rejected) == layout.broken + 1 == tally.broken  # + the truncated end
    assert all(r.code == "E050" for r in rejected)
    offsets = [int(r.item.rsplit("@", 1)[1]) for r in rejected]
    assert offsets == sorted(offsets) and len(set(offsets)) == len(offsets)
    assert all(f"byte {o} of {path}" in r.reason for o, r in zip(offsets, rejected, strict=True))
    assert "truncated" in rejected[-1].reason
    assert tally.skipped_not_html == layout.not_html


def test_an_oversized_payload_is_rejected_and_reading_goes_on(
    tmp_path: Path, warc_corpus: ModuleType
) -> None:
    stories = warc_corpus.stories(3)
    path = tmp_path / "big.warc.gz"
    warc_corpus.build_warc(path, stories)
    sizes = [len(warc_corpus.story_page(s)) for s in stories]
    limit = sorted(sizes)[1]  # the largest page is over it
    documents, rejected, _ = _read(path, max_bytes=limit)
    assert len(documents) == 2
    assert [r.code for r in rejected] == ["E003"]


def _single_page(path: Path, body: bytes, content_type: str) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://example.org/news/1",
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=headers,
            )
        )


def test_the_declared_charset_decodes_the_page(tmp_path: Path) -> None:
    text = "Les forces gouvernementales ont repris le contrôle de la ville après des combats. " * 6
    page = f"<html><body><article><p>{text}</p></article></body></html>".encode("cp1252")
    path = tmp_path / "cp1252.warc.gz"
    _single_page(path, page, "text/html; charset=windows-1252")
    documents, rejected, _ = _read(path)
    assert rejected == []
    assert "contrôle" in documents[0].text
    assert documents[0].url == "https://example.org/news/1"  # the crawl's URL
    assert documents[0].source == "example.org"
    assert documents[0].published is None  # WARC-Date is the fetch date, never used


def test_a_page_without_article_text_is_e005(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc.gz"
    _single_page(path, b"<html><body><script>var page = 1;</script></body></html>", "text/html")
    documents, rejected, tally = _read(path)
    assert documents == [] and [r.code for r in rejected] == ["E005"]
    assert tally.rejected == 1


def test_ingest_reads_warc_files_and_folders(tmp_path: Path, warc_corpus: ModuleType) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    warc_corpus.build_warc(folder / "a.warc.gz", warc_corpus.stories(2))
    warc_corpus.build_warc(folder / "b.warc", warc_corpus.stories(3)[2:], compressed=False)
    (folder / "index.cdx.gz").write_bytes(b"not read")  # .gz, but not a WARC
    items = list(read_sources([folder]))
    assert all(isinstance(i, Document) for i in items)
    assert [i.origin.split("@")[0] for i in items if isinstance(i, Document) and i.origin] == [
        str(folder / "a.warc.gz")
    ] * 2 + [str(folder / "b.warc")]
    # An explicit format reads the file as that format, not as a WARC.
    forced = list(read_sources([folder / "b.warc"], input_format="text"))
    assert len(forced) == 1 and isinstance(forced[0], Document)
    assert "WARC-Type: warcinfo" in forced[0].text
