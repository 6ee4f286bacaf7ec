"""Readers for corpus-scale inputs: WARC archives, RSS/Atom feeds and sitemaps.

Each reader turns one file into ``Document`` or ``Rejected`` items, streaming,
and never raises for a bad item (one broken record never sinks the rest).
Ingest dispatches to ``read`` for the files ``kind_of`` recognises; the HTML
of a page goes through ingest's own HTML path, passed in as ``html_document``
so that a WARC response, a saved page and a ``.html`` file give the same
``Document``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sitrep.readers.common import HtmlToDocument, ReaderOptions
from sitrep.readers.feeds import read_feed, read_sitemap, xml_kind
from sitrep.readers.warc import WarcTally, read_warc
from sitrep.records import Document, Rejected

__all__ = [
    "HtmlToDocument",
    "ReaderOptions",
    "WarcTally",
    "kind_of",
    "read",
    "read_feed",
    "read_sitemap",
    "read_warc",
]


def kind_of(path: Path) -> str | None:
    """``"warc"``, ``"feed"``, ``"sitemap"`` or ``None`` (not a reader's file).

    ``.warc`` and ``.warc.gz`` are WARC; ``.rss`` and ``.atom`` are feeds; an
    ``.xml`` file is a sitemap or a feed by its root element (``<urlset>`` or
    ``<sitemapindex>``; ``<rss>``, ``<feed>`` or ``<rdf:RDF>``).
    """
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    if name.endswith((".rss", ".atom")):
        return "feed"
    if name.endswith(".xml"):
        return xml_kind(path)
    return None


def read(
    path: Path, options: ReaderOptions, html_document: HtmlToDocument
) -> Iterator[Document | Rejected]:
    """The documents of one WARC, feed or sitemap file (``kind_of`` decides)."""
    kind = kind_of(path)
    if kind == "warc":
        return read_warc(path, options, html_document)
    if kind == "sitemap":
        return read_sitemap(path, options, html_document)
    return read_feed(path, options, html_document)
