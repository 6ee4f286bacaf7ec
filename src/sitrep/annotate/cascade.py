"""Annotate stage, cheapest signal first: parse only what may report an event.

Most sentences of a news article report no event, yet the full spaCy pipeline
(tagger, parser, lemmatiser, NER) is nearly all of sitrep's cost. The cascade
annotates a text in two tiers:

1. every sentence gets the **light tier**: the tokenizer, the statistical
   sentence splitter (``senter``, a tenth of the parser's cost) and sitrep's
   dictionary components (actor and place rulers), so actors and their
   coreference ("the group") are seen everywhere;
2. the sentences that may matter get the **full tier**, the whole pipeline:
   - those the **prefilter** passes: every word of a trigger phrase of the
     lexicon is there under one of its possible lemmas (no tagger: "shot" may
     be the verb *shoot*, so it counts); or of a death or injury measure; or
     of another measure (displaced, detained...) with a number or a vague
     quantity; or a claim verb with its object ("claimed responsibility");
   - those the learned classifier scores as a likely event
     (``CANDIDATE_FROM``): it catches events told without any lexicon word;
   - the lead (its date and places frame the whole report) and any short
     text (a snippet, a headline: all of it).

The parsed pieces are written back into the light tier's ``Doc`` (one array,
no new ``Doc``), whose text and character offsets are the input's. A
light-tier sentence has no tags, lemmas or named entities from the
statistical model (only the rulers'), and a flat dependency tree under its
first token (label ``dep``), which keeps its sentence boundary. The
prefilter passes every sentence where a trigger phrase, a figure or a claim
could be found, so the extract stage only carries the discourse through the
others. ``Doc._.sitrep_parsed`` lists the fully annotated token ranges.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import (
    DEP,
    ENT_ID,
    ENT_IOB,
    ENT_KB_ID,
    ENT_TYPE,
    HEAD,
    IS_ALPHA,
    LEMMA,
    LIKE_NUM,
    LOWER,
    MORPH,
    NORM,
    POS,
    SENT_START,
    TAG,
)
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from sitrep.annotate.tables import faster
from sitrep.classifier import EventClassifier
from sitrep.lexicon import INCIDENT_MEASURES, Lexicon

#: A sentence the classifier gives at least this P(event) (article
#: calibration) is parsed even without a lexicon word. The extract stage lets
#: the classifier alone make an event from 0.8 (``learned.MODEL_TRIGGER_FROM``);
#: the margin covers sentences the parser splits differently from ``senter``.
CANDIDATE_FROM = 0.5
#: A text of at most this many sentences is parsed whole (a snippet, a lead).
WHOLE_UP_TO = 3
#: The first sentences of a report, always parsed: its lead.
LEAD_SENTENCES = 3

#: Word forms whose lemmas are kept (a bounded cache: corpora are big).
CACHED_FORMS = 200_000
#: The components of the light tier, in pipeline order (those present).
LIGHT_COMPONENTS = (
    "sitrep_acronym_norms",
    "senter",
    "sitrep_actor_ruler",
    "sitrep_acronym_ruler",
    "sitrep_place_ruler",
)

#: What the full tier writes on a token, copied from a parsed piece into its
#: text's Doc (sentence starts follow from the heads).
FULL_ATTRS = [TAG, POS, MORPH, LEMMA, NORM, DEP, HEAD, ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]
_HEAD, _DEP = FULL_ATTRS.index(HEAD), FULL_ATTRS.index(DEP)

if not Doc.has_extension("sitrep_parsed"):
    Doc.set_extension("sitrep_parsed", default=None)
#: Where spaCy keeps a Doc's value of that extension (``Doc.user_data``).
_PARSED_KEY = ("._.", "sitrep_parsed", None, None)


def join(docs: list[Doc]) -> Doc:
    """Docs annotated one after the other (pieces of one long text) joined
    into one, with their parsed token ranges shifted into place."""
    parsed: list[tuple[int, int]] = []
    offset = 0
    for doc in docs:
        parsed += [(offset + a, offset + b) for a, b in doc._.sitrep_parsed or []]
        offset += len(doc)
        # spaCy cannot merge a Doc-level extension value (warning W101).
        doc.user_data.pop(_PARSED_KEY, None)  # type: ignore[call-overload]
    joined = Doc.from_docs(docs, ensure_whitespace=False)
    joined._.sitrep_parsed = parsed
    return joined


@dataclass(slots=True)
class Prefilter:
    """The lexicon's phrases, matched as bags of words on every lemma a word
    form may have: a superset of what the trigger matcher and the figure
    rules can find, without the tagger."""

    #: (the phrase's words, whether a quantity must be there too), filed
    #: under each of its words.
    phrases: dict[str, tuple[tuple[frozenset[str], bool], ...]]
    #: Words of vague quantities ("dozens", "several"); numbers count too.
    quantity_words: frozenset[str]
    #: Irregular forms (form -> lemmas) and suffix rules, by part of speech.
    exceptions: tuple[dict[str, list[str]], ...]
    rules: tuple[tuple[tuple[str, str], ...], ...]
    _cache: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, lexicon: Lexicon, nlp: Language) -> Prefilter:
        """From the lexicon's triggers, measures and claim words, with the
        English lemmatiser's exception and rule tables of ``nlp``."""
        wanted: list[tuple[frozenset[str], bool]] = []
        for group in lexicon.triggers:
            wanted += [(_words(phrase), False) for phrase in group.phrases]
        for measure, measure_words in lexicon.measures.items():
            # A death or a wound needs no number ("a soldier was shot dead");
            # any other figure does ("3,000 displaced").
            alone = measure in INCIDENT_MEASURES
            wanted += [(_words(phrase), not alone) for phrase in measure_words]
        wanted += [
            (frozenset({verb, thing}), False)
            for verb in lexicon.claim_verbs
            for thing in lexicon.claim_objects
        ]
        phrases: dict[str, list[tuple[frozenset[str], bool]]] = {}
        for words, counted in wanted:
            for word in words:
                phrases.setdefault(word, []).append((words, counted))
        # "several", "many"; "dozen" and "number" of "a dozen", "a number of".
        quantity_words = {w for q in lexicon.vague_quantities for w in _words(q)} - (
            STOP_WORDS - set(lexicon.vague_quantities)
        )
        exceptions: list[dict[str, list[str]]] = []
        rules: list[tuple[tuple[str, str], ...]] = []
        if "lemmatizer" in nlp.component_names:
            lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
            exc, rule = lookups.get_table("lemma_exc"), lookups.get_table("lemma_rules")
            for pos in ("noun", "verb", "adj"):
                exceptions.append(dict(exc.get(pos, {})))
                rules.append(tuple((old, new) for old, new in rule.get(pos, [])))
        return cls(
            {k: tuple(dict.fromkeys(v)) for k, v in phrases.items()},
            frozenset(quantity_words),
            tuple(exceptions),
            tuple(rules),
        )

    def passes(self, sentence: Span) -> bool:
        """Whether ``sentence`` may hold a trigger, a figure or a claim."""
        return self.passing(sentence.doc, [sentence])[0]

    def passing(self, doc: Doc, sentences: list[Span]) -> list[bool]:
        """``passes`` for each of ``sentences`` of ``doc``, reading word
        forms from one array (no ``Token`` objects: this runs on every word)."""
        forms = doc.to_array([LOWER, IS_ALPHA, LIKE_NUM])
        strings = doc.vocab.strings
        results = []
        for sentence in sentences:
            seen: set[str] = set()
            rows = forms[sentence.start : sentence.end]
            for lower in rows[rows[:, 1] == 1, 0]:
                seen |= self.lemmas(strings[lower])
            quantity = bool(rows[:, 2].any()) or not self.quantity_words.isdisjoint(seen)
            results.append(
                any(
                    words <= seen and (quantity or not counted)
                    for word in seen
                    for words, counted in self.phrases.get(word, ())
                )
            )
        return results

    def lemmas(self, form: str) -> frozenset[str]:
        """Every lemma the lowercase word ``form`` may have, itself included."""
        found = self._cache.get(form)
        if found is None:
            if len(self._cache) >= CACHED_FORMS:
                self._cache.clear()
            found = self._cache[form] = self._lemmas(form)
        return found

    def _lemmas(self, form: str) -> frozenset[str]:
        found = {form}
        for exceptions, rules in zip(self.exceptions, self.rules, strict=True):
            found.update(exceptions.get(form, ()))
            for old, new in rules:
                if old and form.endswith(old) and len(form) > len(old) + 1:
                    found.add(form[: len(form) - len(old)] + new)
        # "-ing" and doubled consonants: "shelling", "bombing", "stabbed".
        if form.endswith("ing") and len(form) > 5:
            stem = form[:-3]
            found.update({stem, stem + "e"})
            if stem[-1] == stem[-2]:
                found.add(stem[:-1])
        if form.endswith("ed") and len(form) > 4 and form[-3] == form[-4]:
            found.add(form[:-3])
        return frozenset(found)


def _words(phrase: str) -> frozenset[str]:
    """A phrase's words, lowercase, without hyphens and other punctuation."""
    return frozenset(w for w in re.split(r"[^\w']+", phrase.lower()) if w)


class Cascade:
    """Annotates texts in two tiers (see the module's docstring)."""

    def __init__(self, nlp: Language, lexicon: Lexicon, classifier: EventClassifier | None) -> None:
        self.nlp = nlp
        self.classifier = classifier
        self.prefilter = Prefilter.build(lexicon, nlp)
        components = dict(nlp.components)
        self._light = [components[name] for name in LIGHT_COMPONENTS if name in components]
        # The dictionary components read only word forms (LOWER, ORTH, shape),
        # so the full tier need not run them again on the light tier's output.
        # spaCy's attribute ruler and lemmatiser as tables (same output).
        self._full = [faster(c) for name, c in nlp.pipeline if name not in LIGHT_COMPONENTS]
        self._dep = nlp.vocab.strings.add("dep")
        self._root = nlp.vocab.strings.add("ROOT")

    def __call__(self, text: str) -> Doc:
        """Annotate one text."""
        return next(self.pipe([text]))

    def pipe(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
        """Annotate each text, in order: the full tier runs over the wanted
        pieces of a whole batch of texts at once."""
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) >= batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, texts: list[str]) -> list[Doc]:
        lights: list[Doc] = []
        runs: list[list[tuple[int, int]]] = []
        pieces: list[Doc] = []
        for text in texts:
            light = self.nlp.make_doc(text)
            for component in self._light:
                light = component(light)
            lights.append(light)
            runs.append(self._runs(light))
            for first, last in runs[-1]:
                piece = light[first:last].as_doc()
                # The parser decides the sentences of a piece it parses.
                piece.from_array(
                    [SENT_START],
                    np.zeros((len(piece), 1), dtype="uint64"),  # type: ignore[arg-type]
                )
                pieces.append(piece)
        parsed_pieces: Iterable[Doc] = pieces
        for component in self._full:
            pipe = getattr(component, "pipe", None)
            parsed_pieces = (
                pipe(parsed_pieces, batch_size=256)
                if pipe is not None
                else map(component, parsed_pieces)
            )
        parsed = iter(list(parsed_pieces))
        return [
            self._fill(light, ranges, [next(parsed) for _ in ranges])
            for light, ranges in zip(lights, runs, strict=True)
        ]

    def _runs(self, light: Doc) -> list[tuple[int, int]]:
        """The token ranges of ``light``'s runs of sentences for the full tier."""
        if not len(light):
            return []
        sentences = list(light.sents)
        wanted = self.wanted(sentences)
        runs: list[tuple[int, int]] = []
        for sentence, full in zip(sentences, wanted, strict=True):
            if not full:
                continue
            if runs and runs[-1][1] == sentence.start:
                runs[-1] = (runs[-1][0], sentence.end)
            else:
                runs.append((sentence.start, sentence.end))
        return runs

    def _fill(self, light: Doc, runs: list[tuple[int, int]], pieces: list[Doc]) -> Doc:
        """``light`` with each run's annotation copied from its parsed piece,
        and every other sentence a flat tree under its first token (so its
        boundary stays): one array written once, no new ``Doc``."""
        light._.sitrep_parsed = runs
        if not len(light):
            return light
        array = light.to_array(FULL_ATTRS)
        starts = light.to_array([SENT_START]).reshape(-1) == 1
        starts[0] = True
        positions = np.arange(len(light), dtype="int64")
        firsts = np.maximum.accumulate(np.where(starts, positions, 0))
        array[:, _HEAD] = (firsts - positions).astype("uint64")  # relative: to the first
        array[:, _DEP] = np.where(starts, self._root, self._dep).astype("uint64")
        for (first, last), piece in zip(runs, pieces, strict=True):
            array[first:last] = piece.to_array(FULL_ATTRS)
        light.from_array(FULL_ATTRS, array)  # type: ignore[arg-type]
        return light

    def wanted(self, sentences: list[Span]) -> list[bool]:
        """Which sentences get the full tier: the candidates and, in a text
        with any, its lead. A report without a candidate gets none (most
        articles of a general news crawl: the lead alone gives no event)."""
        if len(sentences) <= WHOLE_UP_TO:
            return [True] * len(sentences)
        wanted = self.prefilter.passing(sentences[0].doc, sentences)
        # The body first: a candidate there makes the lead wanted whatever
        # the classifier would say of it.
        self._score_rest(sentences, wanted, range(LEAD_SENTENCES, len(sentences)))
        if not any(wanted):
            self._score_rest(sentences, wanted, range(LEAD_SENTENCES))
        if not any(wanted):
            return wanted
        return [n < LEAD_SENTENCES or w for n, w in enumerate(wanted)]

    def _score_rest(self, sentences: list[Span], wanted: list[bool], numbers: range) -> None:
        """Mark as wanted each of ``numbers`` the prefilter did not pass that
        the classifier gives P(event) >= ``CANDIDATE_FROM``."""
        if self.classifier is None:
            return
        rest = [n for n in numbers if not wanted[n]]
        if not rest:
            return
        scores = self.classifier.score([sentences[n].text for n in rest], context="article")
        for n, score in zip(rest, scores, strict=True):
            wanted[n] = score.p_event >= CANDIDATE_FROM
