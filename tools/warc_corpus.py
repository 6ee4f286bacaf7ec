"""Build WARC files like Common Crawl News from the VOA stories (tests, ``make bench``).

Each story becomes an HTML ``response`` record (its date in the page's
``article:published_time`` meta tag, as news sites state it). Around them,
on request, go the records a real crawl holds that are not articles
(``warcinfo``, ``request``, ``metadata``, redirects, images, PDFs) and
broken records of the kinds found in damaged archives: a corrupt gzip
member, a member that does not hold a WARC record, a payload that fails its
digest, a member that fails its CRC check, and a truncated member.
"""

from __future__ import annotations

import gzip
import html
import io
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
VOA = ROOT / "examples" / "voa_stories.jsonl"
BROKEN_KINDS = ("corrupt-gzip", "not-warc", "bad-digest", "bad-crc", "truncated")
NOT_HTML_KINDS = ("request", "metadata", "redirect", "image", "pdf")


@dataclass
class Layout:
    """What a built WARC holds, to check a reader against."""

    pages: list[str] = field(default_factory=list)  # story URLs, in order
    not_html: int = 0  # image/PDF responses
    status: int = 0  # redirects
    other: int = 0  # warcinfo, request, metadata
    broken: int = 0
    records: int = 0


def stories(limit: int | None = None) -> list[dict[str, Any]]:
    """The bundled VOA stories (the first ``limit``)."""
    lines = VOA.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[:limit]]


def story_page(story: dict[str, Any]) -> bytes:
    """An article page as a news site serves it."""
    title = html.escape(story["title"])
    stamp = story["published"].replace(" ", "T")
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in story["text"].split("\n") if p)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title>"
        f"<meta property='article:published_time' content='{stamp}'>"
        "<meta property='og:site_name' content='VOA'></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}"
        "</article><footer>All rights reserved.</footer></body></html>"
    ).encode()


def _record(writer: WARCWriter, uri: str, body: bytes, content_type: str, status: str) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
    )
    writer.write_record(record)


def _member(build: Any, compressed: bool = True) -> bytes:
    """One record written on its own (one gzip member when ``compressed``)."""
    buffer = io.BytesIO()
    build(WARCWriter(buffer, gzip=compressed))
    return buffer.getvalue()


def _not_html(kind: str, n: int, compressed: bool) -> bytes:
    uri = f"https://www.voanews.com/static/{kind}/{n}"

    def build(writer: WARCWriter) -> None:
        if kind == "request":
            headers = StatusAndHeaders("GET /a/1 HTTP/1.1", [("Host", "www.voanews.com")])
            writer.write_record(
                writer.create_warc_record(
                    uri, "request", payload=io.BytesIO(b""), length=0, http_headers=headers
                )
            )
        elif kind == "metadata":
            body = b"fetchTimeMs: 120\r\n"
            writer.write_record(
                writer.create_warc_record(
                    uri,
                    "metadata",
                    payload=io.BytesIO(body),
                    length=len(body),
                    warc_content_type="application/warc-fields",
                )
            )
        elif kind == "redirect":
            _record(writer, uri, b"", "text/html", "301 Moved Permanently")
        elif kind == "image":
            _record(
                writer, uri, b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8, "image/jpeg", "200 OK"
            )
        else:
            _record(writer, uri, b"%PDF-1.4\n" + b"0" * 2000, "application/pdf", "200 OK")

    return _member(build, compressed)


def _broken(kind: str, story: dict[str, Any], compressed: bool) -> bytes:
    good = _member(
        lambda w: _record(w, story["url"] + "#broken", story_page(story), "text/html", "200 OK"),
        compressed,
    )
    if kind == "bad-crc" and compressed:
        # The member inflates whole but its CRC-32 (the trailer's first 4
        # bytes) is wrong: warcio stops reading there without an error.
        damaged = bytearray(good)
        damaged[-8] ^= 0xFF
        return bytes(damaged)
    if kind == "bad-crc":
        kind = "corrupt-gzip"
    if kind == "corrupt-gzip":  # uncompressed: bytes zeroed, caught by the digest
        damaged = bytearray(good)
        middle = len(damaged) // 2
        damaged[middle : middle + 16] = bytes(16)
        return bytes(damaged)
    if kind == "not-warc":
        junk = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>no WARC header</html>\r\n"
        return gzip.compress(junk) if compressed else junk
    if kind == "bad-digest":
        plain = gzip.decompress(good) if compressed else good
        # Same length, other words: the WARC-Payload-Digest no longer matches.
        plain = plain.replace(b"Islamic State", b"Islamic Stata").replace(b"the ", b"teh ")
        return gzip.compress(plain) if compressed else plain
    return good[: len(good) // 2]  # truncated


def build_warc(
    path: Path,
    items: Iterable[dict[str, Any]],
    *,
    not_html_every: int = 0,
    broken_every: int = 0,
    compressed: bool = True,
) -> Layout:
    """Write the stories as a WARC (``.warc.gz`` when ``compressed``).

    After every ``not_html_every``-th story go the five non-article records
    (request, metadata, redirect, image, PDF); after every
    ``broken_every``-th, one broken record (the kinds in turn). A truncated
    member is only ever written last, since nothing can follow it.
    """
    layout = Layout()
    broken_kinds = itertools.cycle(k for k in BROKEN_KINDS if k != "truncated")
    with path.open("wb") as out:
        out.write(
            _member(
                lambda w: w.write_record(
                    w.create_warcinfo_record(
                        path.name,
                        {
                            "software": "sitrep tools/warc_corpus.py",
                            "format": "WARC File Format 1.0",
                        },
                    )
                ),
                compressed,
            )
        )
        layout.other += 1
        for n, story in enumerate(items, 1):
            page = story_page(story)
            out.write(
                _member(
                    lambda w, s=story, p=page: _record(
                        w, s["url"], p, "text/html; charset=utf-8", "200 OK"
                    ),
                    compressed,
                )
            )
            layout.pages.append(story["url"])
            if not_html_every and n % not_html_every == 0:
                for kind in NOT_HTML_KINDS:
                    out.write(_not_html(kind, n, compressed))
                layout.not_html += 2
                layout.status += 1
                layout.other += 2
            if broken_every and n % broken_every == 0:
                out.write(_broken(next(broken_kinds), story, compressed))
                layout.broken += 1
    layout.records = layout.other + len(layout.pages) + layout.not_html + layout.status
    return layout


def append_truncated(path: Path, story: dict[str, Any], compressed: bool = True) -> None:
    """End the file with a record cut in half (a download that stopped)."""
    with path.open("ab") as out:
        out.write(_broken("truncated", story, compressed))


def corpus(count: int) -> Iterator[dict[str, Any]]:
    """``count`` stories: the VOA stories, cycled, each copy with its own URL."""
    base = stories()
    for n in range(count):
        story = dict(base[n % len(base)])
        if n >= len(base):
            story["url"] = f"{story['url']}?copy={n // len(base)}"
        yield story
