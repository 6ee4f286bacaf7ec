"""sitrep's own spaCy components (registered with spaCy on import):

- ``sitrep_acronym_norms``: gives actor acronyms that are also English words
  ("IS") the NORM of a longer alias, so the tagger reads them as names;
- ``sitrep_place_cues``: relabels names after locative cues as ``GPE``;
- ``sitrep_phrase_ruler``: an entity ruler of word-form patterns on spaCy's
  PhraseMatcher (``PhraseRuler``), for the actor dictionary.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import numpy as np
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans


@Language.factory(
    "sitrep_acronym_norms",
    default_config={"norms": {}},
    assigns=["token.norm"],
)
def make_acronym_norms(nlp: Language, name: str, norms: dict[str, str]) -> Any:
    """Build the component that re-norms actor acronyms before tagging."""

    keys = np.array([nlp.vocab.strings.add(form) for form in norms], dtype="uint64")

    def set_norms(doc: Doc) -> Doc:
        # One vectorised look-up: a loop over every token cost a tenth of
        # the light annotation tier.
        for i in np.flatnonzero(np.isin(doc.to_array(ORTH), keys)):
            token = doc[int(i)]
            token.norm_ = norms[token.text]
        return doc

    return set_norms


#: Entity labels a locative cue may turn into a place: the small model's
#: usual mistakes for African and Asian town names.
_RELABEL = {"", "PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}


@Language.factory(
    "sitrep_place_cues",
    default_config={"cues": []},
    assigns=["doc.ents"],
)
def make_place_cues(nlp: Language, name: str, cues: list[str]) -> Any:
    """Build the component that relabels names after locative cues as GPE."""
    sequences = sorted({tuple(c.lower().split()) for c in cues if c.strip()}, key=len)

    last_words = {seq[-1] for seq in sequences}

    def after_cue(doc: Doc, i: int) -> bool:
        if i == 0 or doc[i - 1].lower_ not in last_words:
            return False  # the cheap test first: most names follow no cue
        return any(
            i >= len(seq) and tuple(t.lower_ for t in doc[i - len(seq) : i]) == seq
            for seq in sequences
        )

    def relabel(doc: Doc) -> Doc:
        spans = []
        i = 0
        while i < len(doc):
            token = doc[i]
            if not (token.is_title and token.is_alpha and after_cue(doc, i)):
                i += 1
                continue
            end = i + 1
            while end < len(doc) and doc[end].is_title and doc[end].is_alpha:
                end += 1
            name_tokens = doc[i:end]
            possessive = end < len(doc) and doc[end].lower_ in {"'s", "’s"}
            if (
                not possessive
                and all(t.ent_type_ in _RELABEL for t in name_tokens)
                and all(t.pos_ == "PROPN" or t.ent_type_ for t in name_tokens)
            ):
                spans.append(Span(doc, i, end, label="GPE"))
            i = end
        if spans:
            kept = [
                e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)
            ]
            # A name the model tagged with more words than the cue covers
            # ("Beledweyne District Commissioner") loses that entity to the place.
            doc.ents = filter_spans([*kept, *spans])
        return doc

    return relabel


class PhraseRuler:
    """An entity ruler for token patterns of word forms (``LOWER`` and
    ``ORTH``, each a string or ``{"IN": [...]}``), on spaCy's PhraseMatcher.

    spaCy's ``entity_ruler`` runs such patterns on its token ``Matcher``, whose
    cost grows with the number of patterns times the number of tokens: the
    actor dictionary's few hundred mixed-case patterns ("US-backed SDF", "IS
    group") took a third of the light annotation tier. Here every pattern is
    expanded into its lowercase phrases, found by one ``PhraseMatcher`` on
    ``LOWER``, and a match is kept only where its ``ORTH`` words are exactly
    as written. Like ``entity_ruler`` with ``overwrite_ents``, the longest
    matches win and replace the entities they overlap.
    """

    def __init__(self, nlp: Language) -> None:
        self._vocab = nlp.vocab
        self._tokenizer = nlp.tokenizer
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        #: match key -> (label, id, exact forms by position: None where any case)
        self._keys: dict[int, list[tuple[str, str, tuple[str | None, ...]]]] = {}

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Add entity-ruler style patterns (``label``, ``pattern``, ``id``)."""
        for pattern in patterns:
            label, ident = str(pattern["label"]), str(pattern.get("id") or "")
            specs = pattern["pattern"]
            if isinstance(specs, str):
                specs = [{"LOWER": t.text.lower()} for t in self._tokenizer(specs)]
            for forms in itertools.product(*(_alternatives(spec) for spec in specs)):
                words = [form.lower() for form, _ in forms]
                phrase = " ".join(words)
                key = self._vocab.strings.add(phrase)
                if key not in self._keys:
                    self._keys[key] = []
                    self._matcher.add(phrase, [Doc(self._vocab, words=words)])
                exact = tuple(form if cased else None for form, cased in forms)
                self._keys[key].append((label, ident, exact))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for key, start, end in self._matcher(doc):
            for label, ident, exact in self._keys[key]:
                if all(
                    form is None or form == token.text
                    for form, token in zip(exact, doc[start:end], strict=True)
                ):
                    spans.append(Span(doc, start, end, label=label, span_id=ident))
                    break
        if spans:
            spans = filter_spans(spans)
            kept = [
                e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)
            ]
            doc.ents = sorted([*kept, *spans], key=lambda e: e.start)
        return doc


def _alternatives(spec: dict[str, Any]) -> list[tuple[str, bool]]:
    """A token spec's word forms, each marked whether its case must match."""
    if set(spec) not in ({"LOWER"}, {"ORTH"}):
        raise ValueError(f"PhraseRuler takes LOWER and ORTH specs only, not {spec}")
    attr = next(iter(spec))
    value = spec[attr]
    forms = value["IN"] if isinstance(value, dict) else [value]
    return [(str(form), attr == "ORTH" and str(form).lower() != str(form)) for form in forms]


@Language.factory("sitrep_phrase_ruler", assigns=["doc.ents"])
def make_phrase_ruler(nlp: Language, name: str) -> PhraseRuler:
    """Build an empty ``PhraseRuler`` (fill it with ``add_patterns``)."""
    return PhraseRuler(nlp)
