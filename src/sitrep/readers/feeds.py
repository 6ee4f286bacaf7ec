"""RSS/Atom feeds and sitemaps saved by a crawler, read offline.

A **feed** (RSS 0.9x-2.0, RSS 1.0/RDF, Atom; feedparser) is a list of
articles: each item with text becomes a document, its full content
(``content:encoded``, Atom ``content``) when the feed carries it, else its
summary. The item's title, link and date come with it; the feed's title is
the outlet. An item without any text is rejected (E052).

A **sitemap** (``<urlset>``, with Google News' ``<news:publication_date>``
where present) is a list of URLs, not of texts: what a user who points
sitrep at a crawl expects is that the pages it lists, saved by the crawler
beside it, are read. A URL's page is looked for relative to the sitemap's
folder as wget and HTTrack save it: ``host/path`` (``wget -x``,
``--mirror``), ``path`` (``wget -nH``), then the file name alone (``wget
-nd``, "save as"); each as is, with ``.html`` added, and ``index.html`` for
a path ending in ``/``. A URL whose page is not there is reported (E053),
one line each, so the list of pages still to fetch can be grepped. A
``<sitemapindex>`` lists sitemaps, found the same way and read in turn. A
sitemap's ``<lastmod>`` is when the page last changed, not when it was
published, and is never used as a date.
"""

from __future__ import annotations

import calendar
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import feedparser

from sitrep.errors import E, InputError
from sitrep.readers.common import (
    HtmlToDocument,
    ReaderOptions,
    decode_page,
    page_document,
    rejected,
)
from sitrep.records import Document, Rejected, stable_hash, union_ids

# The root element is within the first few hundred bytes of any feed or
# sitemap (after the XML declaration and perhaps a stylesheet line).
_SNIFF_BYTES = 2048
_FEED_ROOTS = frozenset({"rss", "feed", "RDF"})
_SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section"}
)
_SKIPPED_TAGS = frozenset({"script", "style", "figure", "figcaption", "noscript"})
_ROOT_TAG = re.compile(rb"<(?![?!])([A-Za-z_][\w.:-]*)")
_COMMENTS = re.compile(rb"<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^>]*>", re.S | re.I)


def xml_kind(path: Path) -> str | None:
    """``"feed"`` or ``"sitemap"`` by the root element of an XML file, else ``None``."""
    try:
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
    except OSError:
        return None
    # Comments and processing instructions come before the root element.
    head = _COMMENTS.sub(b"", head)
    root = _ROOT_TAG.search(head)
    if root is None:
        return None
    name = root.group(1).decode("ascii", "replace").rsplit(":", 1)[-1]
    if name in _FEED_ROOTS:
        return "feed"
    return "sitemap" if name in _SITEMAP_ROOTS else None


class _TextOfHtml(HTMLParser):
    """Paragraph text of an HTML fragment (a feed item's content): one line
    per block element, scripts, styles and captions left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).splitlines())
        return "\n".join(line for line in lines if line)


def text_of_html(fragment: str) -> str:
    """Plain text of an HTML fragment, a line per paragraph."""
    parser = _TextOfHtml()
    parser.feed(fragment)
    parser.close()
    return parser.text()


def _entry_text(entry: Any) -> str:
    """The item's full content when the feed carries it, else its summary."""
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if value.strip():
            return text_of_html(value) if "html" in (content.get("type") or "") else value.strip()
    return text_of_html(entry.get("summary") or "")


def _entry_date(entry: Any) -> date | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not isinstance(stamp, time.struct_time):
        return None
    return datetime.fromtimestamp(calendar.timegm(stamp), UTC).date()


def read_feed(
    path: Path, options: ReaderOptions, html_document: HtmlToDocument
) -> Iterator[Document | Rejected]:
    """The articles of an RSS or Atom feed file, one document per item with text.

    ``html_document`` is unused (an item's content is a fragment, not a
    page); it is taken so that every reader has one signature.
    """
    del html_document
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            yield rejected(origin, InputError(E.E003, size=size, limit=options.max_bytes))
            return
        raw = path.read_bytes()
    except OSError as exc:
        yield rejected(origin, InputError(E.E011, path=path, detail=exc.strerror or exc))
        return
    parsed = feedparser.parse(raw)
    if parsed.get("bozo") and not parsed.entries:
        detail = str(parsed.get("bozo_exception") or "not a feed")
        yield rejected(origin, InputError(E.E051, path=path, detail=detail))
        return
    outlet = (parsed.feed.get("title") or "").strip() or None
    for index, entry in enumerate(parsed.entries):
        label = f"{origin}[{index}]"
        text = _entry_text(entry)
        if not text:
            yield rejected(label, InputError(E.E052, item=label))
            continue
        link = (entry.get("link") or "").strip() or None
        yield Document(
            id=stable_hash(text),
            text=text,
            url=link,
            source=outlet or (urlsplit(link).hostname if link else None),
            title=(entry.get("title") or "").strip() or None,
            published=_entry_date(entry) or options.published,
            origin=label,
            source_ids=tuple(union_ids([link, _guid(entry)])) or (label,),
        )


def _guid(entry: Any) -> str | None:
    """An item's ``<guid>`` (RSS) or ``<id>`` (Atom), when it has one."""
    value = entry.get("id")
    return (value.strip() or None) if isinstance(value, str) else None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def saved_page_candidates(url: str) -> list[str]:
    """Relative paths where a crawler may have saved ``url`` (module docstring)."""
    parts = urlsplit(url)
    path = unquote(parts.path).lstrip("/")
    if not path or path.endswith("/"):
        path += "index.html"
    names = [f"{parts.hostname}/{path}" if parts.hostname else path, path, path.rsplit("/", 1)[-1]]
    found: list[str] = []
    for name in names:
        for candidate in (name, name + ".html"):
            if candidate not in found and not (
                candidate.endswith(".html.html") or candidate.endswith(".htm.html")
            ):
                found.append(candidate)
    return found


def _saved(folder: Path, url: str) -> Path | None:
    for candidate in saved_page_candidates(url):
        path = folder / candidate
        # A page must stay inside the sitemap's folder: "../" in a URL path
        # never reaches files elsewhere.
        if path.is_file() and folder.resolve() in path.resolve().parents:
            return path
    return None


def _entries(path: Path) -> Iterator[tuple[str, str, date | None]]:
    """``(root, loc, publication date)`` per ``<url>`` or ``<sitemap>``, streamed."""
    root = ""
    for event, element in ET.iterparse(path, events=("start", "end")):
        name = _local(element.tag)
        if event == "start":
            root = root or name
            continue
        if name not in {"url", "sitemap"}:
            continue
        loc, published = None, None
        for child in element.iter():
            child_name = _local(child.tag)
            if child_name == "loc" and child.text and loc is None:
                loc = child.text.strip()
            elif child_name == "publication_date" and child.text:
                published = _news_date(child.text.strip())
        element.clear()  # bounded memory on sitemaps of 50,000 URLs
        if loc:
            yield root, loc, published


def _news_date(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def read_sitemap(
    path: Path,
    options: ReaderOptions,
    html_document: HtmlToDocument,
    _seen: set[Path] | None = None,
) -> Iterator[Document | Rejected]:
    """The saved pages a sitemap lists (module docstring), each through the
    HTML path; a URL whose page is not saved beside it is reported (E053)."""
    seen = _seen if _seen is not None else set()
    seen.add(path.resolve())
    folder = path.parent
    try:
        for root, url, published in _entries(path):
            page = _saved(folder, url)
            if page is None:
                candidates = ", ".join(saved_page_candidates(url))
                error = InputError(E.E053, path=path, url=url, candidates=candidates)
                yield rejected(url, error)
            elif root == "sitemapindex":
                if page.resolve() not in seen:
                    yield from read_sitemap(page, options, html_document, seen)
            else:
                yield _page(page, url, published, options, html_document)
    except (ET.ParseError, OSError) as exc:
        yield rejected(str(path), InputError(E.E054, path=path, detail=exc))


def _page(
    page: Path,
    url: str,
    published: date | None,
    options: ReaderOptions,
    html_document: HtmlToDocument,
) -> Document | Rejected:
    origin = str(page)
    try:
        size = page.stat().st_size
        if size > options.max_bytes:
            raise InputError(E.E003, size=size, limit=options.max_bytes)
        html = decode_page(page.read_bytes(), None)
        return page_document(
            html,
            origin,
            url,
            html_document,
            published=published,
            fallback=options.published,
            source_ids=(url, origin),
        )
    except InputError as error:
        return rejected(origin, error)
    except OSError as exc:
        return rejected(origin, InputError(E.E011, path=page, detail=exc.strerror or exc))
