"""RSS/Atom feeds (items as documents) and sitemaps (the pages saved beside
them; those not saved reported as E053), read offline from files."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from sitrep.ingest import _document_from_html, read_sources
from sitrep.readers import ReaderOptions, kind_of, read_feed, read_sitemap
from sitrep.readers.feeds import saved_page_candidates, text_of_html
from sitrep.records import Document, Rejected

BODY = (
    "Government forces shelled the town of Maarat al-Numan on Sunday, killing four "
    "civilians, according to the Syrian Observatory for Human Rights."
)

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example News - Middle East</title><link>https://news.example.org/</link>
<item><title>Shelling kills four in Idlib</title>
  <link>https://news.example.org/a/1.html</link>
  <pubDate>Mon, 16 Jan 2017 09:30:00 GMT</pubDate>
  <description>Short teaser.</description>
  <content:encoded><![CDATA[<p>{BODY}</p><script>track()</script>
    <p>Second paragraph.</p>]]></content:encoded>
</item>
<item><title>Summary only</title><link>https://news.example.org/a/2.html</link>
  <description>&lt;p&gt;Clashes erupted near Raqqa.&lt;/p&gt;</description></item>
<item><title>Empty item</title><link>https://news.example.org/a/3.html</link></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Monitor</title>
<entry><title>Report</title><link href="https://monitor.example.org/r/7"/>
<updated>2024-03-02T10:00:00Z</updated><content type="text">{BODY}</content></entry>
</feed>"""


def test_rss_items_become_documents(tmp_path: Path) -> None:
    path = tmp_path / "middle-east.rss"
    path.write_text(RSS, encoding="utf-8")
    assert kind_of(path) == "feed"
    items = list(read_feed(path, ReaderOptions(), _document_from_html))
    first, second, third = items
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.text == f"{BODY}\nSecond paragraph."  # full content, not the teaser
    assert first.title == "Shelling kills four in Idlib"
    assert first.url == "https://news.example.org/a/1.html"
    assert first.source == "Example News - Middle East"
    assert str(first.published) == "2017-01-16"
    assert first.origin == f"{path}[0]"
    assert second.text == "Clashes erupted near Raqqa."  # the summary, when no content
    assert second.published is None  # never guessed
    assert isinstance(third, Rejected) and third.code == "E052" and third.item == f"{path}[2]"


def test_atom_entries_and_the_callers_date(tmp_path: Path) -> None:
    path = tmp_path / "monitor.xml"  # .xml: a feed by its root element
    path.write_text(ATOM, encoding="utf-8")
    assert kind_of(path) == "feed"
    (document,) = read_sources([path])
    assert isinstance(document, Document)
    assert document.text == BODY and str(document.published) == "2024-03-02"
    assert document.url == "https://monitor.example.org/r/7"


def test_a_file_that_is_no_feed_is_e051(tmp_path: Path) -> None:
    path = tmp_path / "saved-error-page.rss"
    path.write_text("502 Bad Gateway", encoding="utf-8")
    (item,) = read_feed(path, ReaderOptions(), _document_from_html)
    assert isinstance(item, Rejected) and item.code == "E051"


def test_a_feed_cut_off_keeps_what_it_has(tmp_path: Path) -> None:
    """feedparser reads a truncated feed as far as it goes: the item that was
    cut before its text is reported, not the whole feed."""
    path = tmp_path / "cut.rss"
    path.write_text(RSS[: RSS.index("<item><title>Summary only")] + "<item><title>cut", "utf-8")
    items = list(read_feed(path, ReaderOptions(), _document_from_html))
    assert isinstance(items[0], Document) and items[0].text.startswith(BODY)
    assert [i.code for i in items[1:] if isinstance(i, Rejected)] == ["E052"]


def test_text_of_html_keeps_paragraphs_and_drops_scripts() -> None:
    html = "<div><h2>Title</h2><p>One &amp; two.</p><script>x()</script><ul><li>a</li></ul></div>"
    assert text_of_html(html) == "Title\nOne & two.\na"


def test_saved_page_candidates_follow_wget_and_httrack_layouts() -> None:
    assert saved_page_candidates("https://www.voanews.com/a/story/8011115.html") == [
        "www.voanews.com/a/story/8011115.html",
        "a/story/8011115.html",
        "8011115.html",
    ]
    assert saved_page_candidates("https://x.org/news/")[:2] == [
        "x.org/news/index.html",
        "news/index.html",
    ]
    assert "x.org/a/b.html" in saved_page_candidates("https://x.org/a/b")


def _sitemap(urls: list[tuple[str, str | None]]) -> str:
    entries = "".join(
        f"<url><loc>{url}</loc><lastmod>2030-01-01</lastmod>"
        + (
            f"<news:news><news:publication_date>{date}</news:publication_date></news:news>"
            if date
            else ""
        )
        + "</url>"
        for url, date in urls
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{entries}</urlset>"
    )


def test_a_sitemap_reads_the_pages_saved_beside_it(tmp_path: Path, warc_corpus: ModuleType) -> None:
    stories = warc_corpus.stories(3)
    mirror = tmp_path / "www.voanews.com" / "a"
    mirror.mkdir(parents=True)
    # wget -x layout for the first story, file name alone for the second,
    # the third never fetched.
    (mirror / "story-1.html").write_bytes(warc_corpus.story_page(stories[0]))
    (tmp_path / "8011117.html").write_bytes(warc_corpus.story_page(stories[1]))
    urls = [
        ("https://www.voanews.com/a/story-1.html", "2017-01-16T08:00:00Z"),
        ("https://www.voanews.com/a/analysts/8011117.html", None),
        ("https://www.voanews.com/a/not-fetched/1.html", None),
    ]
    sitemap = tmp_path / "sitemap-news.xml"
    sitemap.write_text(_sitemap(urls), encoding="utf-8")
    assert kind_of(sitemap) == "sitemap"
    first, second, missing = read_sitemap(sitemap, ReaderOptions(), _document_from_html)
    assert isinstance(first, Document) and isinstance(second, Document)
    # The news sitemap's publication date wins over the page's meta date;
    # <lastmod> (2030) is never a publication date.
    assert str(first.published) == "2017-01-16"
    assert second.published is not None
    assert second.published.isoformat() == stories[1]["published"][:10]  # from the page
    assert first.url == urls[0][0] and first.origin == str(mirror / "story-1.html")
    assert first.title == stories[0]["title"]
    assert isinstance(missing, Rejected) and missing.code == "E053"
    assert missing.item == urls[2][0] and "www.voanews.com/a/not-fetched/1.html" in missing.reason


def test_a_sitemap_index_reads_its_sitemaps_once(tmp_path: Path, warc_corpus: ModuleType) -> None:
    (story,) = warc_corpus.stories(1)
    (tmp_path / "1.html").write_bytes(warc_corpus.story_page(story))
    (tmp_path / "news.xml").write_text(_sitemap([("https://x.org/1.html", None)]), "utf-8")
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>https://x.org/news.xml</loc></sitemap>"
        "<sitemap><loc>https://x.org/index.xml</loc></sitemap>"  # itself: not read again
        "</sitemapindex>"
    )
    (tmp_path / "index.xml").write_text(index, "utf-8")
    items = list(read_sources([tmp_path / "index.xml"]))
    assert [type(i).__name__ for i in items] == ["Document"]


def test_a_page_outside_the_sitemaps_folder_is_never_read(tmp_path: Path) -> None:
    inside = tmp_path / "crawl"
    inside.mkdir()
    (tmp_path / "secret.html").write_text("<html><body><p>private</p></body></html>", "utf-8")
    sitemap = inside / "sitemap.xml"
    sitemap.write_text(_sitemap([("https://x.org/a/../../secret.html", None)]), "utf-8")
    (item,) = read_sitemap(sitemap, ReaderOptions(), _document_from_html)
    assert isinstance(item, Rejected) and item.code == "E053"


def test_a_broken_sitemap_is_e054(tmp_path: Path) -> None:
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>', "utf-8")
    (item,) = read_sitemap(sitemap, ReaderOptions(), _document_from_html)
    assert isinstance(item, Rejected) and item.code == "E054"
