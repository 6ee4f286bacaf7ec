"""The readers name each document by the ids the crawl gives it (issue 8,
provenance): a WARC record's target URI and record id, a feed item's link
and guid, a sitemap entry's URL and its saved page."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from warcio.archiveiterator import ArchiveIterator

from sitrep.ingest import _document_from_html
from sitrep.readers import ReaderOptions, read_feed, read_sitemap, read_warc
from sitrep.records import Document

from .test_feeds import ATOM, RSS, _sitemap


def test_a_warc_record_is_named_by_its_target_uri_and_record_id(
    tmp_path: Path, warc_corpus: ModuleType
) -> None:
    path = tmp_path / "news.warc.gz"
    layout = warc_corpus.build_warc(path, warc_corpus.stories(2))
    with path.open("rb") as stream:
        record_ids = {
            r.rec_headers.get_header("WARC-Target-URI"): r.rec_headers.get_header("WARC-Record-ID")
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        }
    documents = [d for d in read_warc(path, ReaderOptions(), _document_from_html)]
    assert [d.source_ids[:2] for d in documents if isinstance(d, Document)] == [
        (url, record_ids[url]) for url in layout.pages
    ]


def test_feed_items_are_named_by_link_and_guid(tmp_path: Path) -> None:
    rss = tmp_path / "news.rss"
    rss.write_text(
        RSS.replace(
            "<link>https://news.example.org/a/1.html</link>",
            '<link>https://news.example.org/a/1.html</link><guid isPermaLink="false">n-1</guid>',
        ),
        encoding="utf-8",
    )
    first, second, _ = read_feed(rss, ReaderOptions(), _document_from_html)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.source_ids == ("https://news.example.org/a/1.html", "n-1")
    assert second.source_ids == ("https://news.example.org/a/2.html",)
    atom = tmp_path / "monitor.atom"
    atom.write_text(ATOM, encoding="utf-8")
    (entry,) = read_feed(atom, ReaderOptions(), _document_from_html)
    assert isinstance(entry, Document)
    assert entry.source_ids == ("https://monitor.example.org/r/7",)


def test_a_sitemap_entry_is_named_by_its_url_and_saved_page(
    tmp_path: Path, warc_corpus: ModuleType
) -> None:
    (story,) = warc_corpus.stories(1)
    page = tmp_path / "8011117.html"
    page.write_bytes(warc_corpus.story_page(story))
    url = "https://www.voanews.com/a/analysts/8011117.html"
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text(_sitemap([(url, None)]), encoding="utf-8")
    (document,) = read_sitemap(sitemap, ReaderOptions(), _document_from_html)
    assert isinstance(document, Document)
    assert document.source_ids[:2] == (url, str(page))
