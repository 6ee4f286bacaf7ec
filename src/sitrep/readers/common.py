"""What the readers share: their options, the HTML hook, and decoding a web page."""

from __future__ import annotations

import codecs
import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from sitrep.errors import E, InputError
from sitrep.records import Document, Rejected, union_ids

#: Ingest's HTML path: ``(html, origin, published) -> Document``; raises
#: ``InputError`` (E005) for a page without article text.
HtmlToDocument = Callable[[str, str, date | None], Document]

# A page's <meta charset> is in its first 1,024 bytes (HTML Living Standard,
# "prescan a byte stream"); 4 KB also finds it after a long comment or script.
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)


@dataclass(frozen=True, slots=True)
class ReaderOptions:
    """How the readers read: ``published`` fills items that state no date;
    ``max_bytes`` bounds one record, item or saved page."""

    published: date | None = None
    max_bytes: int = 10_000_000


def rejected(item: str, error: InputError) -> Rejected:
    """The ``Rejected`` record of an item and its coded error."""
    return Rejected(item=item, code=error.code.name, reason=error.message)


def charset_of(content_type: str | None, raw: bytes) -> str:
    """The page's encoding: the HTTP header's, else its ``<meta>``'s, else UTF-8
    (the web's default and a superset of ASCII); unknown names fall back too."""
    found = _HEADER_CHARSET.search(content_type or "")
    name = found.group(1) if found else None
    if name is None:
        meta = _META_CHARSET.search(raw[:_PRESCAN_BYTES])
        name = meta.group(1).decode("ascii", "replace") if meta else None
    try:
        return codecs.lookup(name).name if name else "utf-8"
    except LookupError:
        return "utf-8"


def decode_page(raw: bytes, content_type: str | None) -> str:
    """A web page's text. Crawled pages often declare one encoding and hold a
    few bytes of another; a page is not rejected for that (unlike a file given
    by hand, E004): undecodable bytes become U+FFFD and the article survives."""
    if not raw.strip():
        raise InputError(E.E001)
    text = raw.decode(charset_of(content_type, raw), errors="replace").removeprefix("\ufeff")
    if "\x00" in text[:8192]:
        raise InputError(E.E002, ratio=text[:8192].count("\x00") / max(len(text[:8192]), 1))
    return text


def page_document(
    html: str,
    origin: str,
    url: str | None,
    html_document: HtmlToDocument,
    *,
    published: date | None,
    fallback: date | None,
    source_ids: tuple[str | None, ...] = (),
) -> Document:
    """A crawled page through ingest's HTML path, with what the crawl knows.

    ``published`` is a date the listing states for this page (a news
    sitemap's ``publication_date``) and wins over the page's markup;
    ``fallback`` (the caller's ``--published``) only fills a page that states
    none, as for a JSONL batch. The crawl's URL fills a page without a
    canonical link, and its host a page without a site name. The crawl date
    (``WARC-Date``) is never used: it is when the page was fetched, not
    published. ``source_ids`` name the page as the listing does (a WARC
    record's target URI and record id, a sitemap's URL); the page's own
    canonical URL follows them.
    """
    document = html_document(html, origin, published)
    if source_ids:
        ids = union_ids(source_ids, [document.url])
    else:
        ids = union_ids(document.source_ids, [url])
    return dataclasses.replace(
        document,
        source_ids=tuple(ids),
        url=document.url or url,
        source=document.source or (urlsplit(url).hostname if url else None),
        published=document.published or fallback,
    )
