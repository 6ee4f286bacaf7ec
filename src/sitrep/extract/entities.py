"""Entities of a sentence or at a token, in time independent of document length.

spaCy's ``Span.ents`` rebuilds every entity of the whole ``Doc`` on each call
(``Doc.ents`` walks all tokens), so asking for a sentence's entities once per
sentence made extraction quadratic in document length (a 400 KB report: 160
s). ``index(doc)`` builds the entity list once per document; ``ents_in`` and
``ent_at`` then answer by binary search, with exactly ``Span.ents``'s result.
For any other ``Doc`` (a test that calls a rule directly) they fall back to
spaCy's own properties.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token


@dataclass(slots=True)
class _Index:
    doc: Doc
    ents: list[Span]
    starts: list[int]


# The document being extracted: one at a time, set by ``index``.
_current: _Index | None = None


def index(doc: Doc) -> None:
    """Index ``doc``'s entities for ``ents_in`` and ``ent_at`` (call after
    the last change to ``doc.ents``)."""
    global _current  # noqa: PLW0603 - one document is extracted at a time
    ents = list(doc.ents)
    _current = _Index(doc, ents, [ent.start for ent in ents])


def ents_in(span: Span) -> list[Span]:
    """The entities wholly inside ``span``, in order (as ``span.ents``)."""
    found = _current
    if found is None or found.doc is not span.doc:
        return list(span.ents)
    ents = []
    for position in range(bisect_left(found.starts, span.start), len(found.ents)):
        ent = found.ents[position]
        if ent.end > span.end:
            break
        ents.append(ent)
    return ents


def ent_at(token: Token) -> Span:
    """The entity ``token`` is part of (``StopIteration`` if none)."""
    found = _current
    if found is None or found.doc is not token.doc:
        return next(e for e in token.doc.ents if e.start <= token.i < e.end)
    position = bisect_right(found.starts, token.i) - 1
    if position >= 0 and token.i < found.ents[position].end:
        return found.ents[position]
    return next(e for e in token.doc.ents if e.start <= token.i < e.end)
