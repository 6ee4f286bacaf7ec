"""Source ids of documents stored before the store kept them (revision 0004):
what a stored origin and URL still tell."""

from __future__ import annotations

import re

#: A JSONL record's id as ingest writes it into the origin: "batch.jsonl:12 (id=abc)".
_RECORD_ID = re.compile(r" \(id=(.+)\)$")


def recovered_ids(origin: str | None, url: str | None) -> list[str]:
    """The source ids ingest gives a document, as far as its stored origin
    and URL tell them: a JSONL record's ``id`` (else its ``path:line``), a
    file's path, then the URL."""
    found: list[str] = []
    if origin:
        record_id = _RECORD_ID.search(origin)
        found.append(record_id.group(1) if record_id else origin)
    if url and url not in found:
        found.append(url)
    return found
