"""Find event triggers in a parsed document with the lexicon's phrases."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from sitrep.lexicon import Lexicon, TriggerGroup

# Parts of speech a trigger word never is: "March" the month is not a march,
# "mine" the pronoun is not a landmine.
_NOT_TRIGGER_POS = ["PROPN", "PRON", "DET", "NUM", "ADP", "CCONJ", "SCONJ", "PUNCT"]


@dataclass(frozen=True, slots=True)
class Trigger:
    """A matched trigger phrase and the lexicon group it belongs to."""

    group: TriggerGroup
    span: Span
    phrase: str

    @property
    def head(self) -> Token:
        """The syntactic head of the phrase ("strikes" in "air strikes")."""
        return self.span.root


_VOWELS = frozenset("aeiou")


def past_forms(word: str, irregular: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The past tense and participle of ``word`` as a verb: from ``irregular``,
    else by rule ("rape" -> "raped", "rally" -> "rallied", "stab" -> "stabbed")."""
    if word in irregular:
        return irregular[word]
    if not word.isalpha():
        return ()
    if word.endswith("e"):
        return (word + "d",)
    if word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        return (word[:-1] + "ied",)
    if (
        len(word) <= 4
        and word[-1] not in _VOWELS | {"w", "x", "y"}
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
    ):
        return (word + word[-1] + "ed",)
    return (word + "ed",)


def _phrase_tokens(phrase: str) -> list[str]:
    words: list[str] = []
    for word in phrase.split():
        parts = word.split("-")
        for k, part in enumerate(parts):
            if k:
                words.append("-")
            if part:
                words.append(part)
    return words


class TriggerMatcher:
    """All trigger phrases of a lexicon compiled into one spaCy ``Matcher``."""

    def __init__(self, vocab: Vocab, lexicon: Lexicon) -> None:
        # Phrases are written in lemma form; they match a document's lemmas
        # ("air strikes" -> "air strike") or, where the lemmatiser differs, its
        # lowercase words. PhraseMatchers, not token patterns: several times faster.
        self._vocab = vocab
        self._by_lemma = PhraseMatcher(vocab, attr="LEMMA")
        self._by_lower = PhraseMatcher(vocab, attr="LOWER")
        self._groups: dict[str, tuple[TriggerGroup, str]] = {}
        for g_index, group in enumerate(lexicon.triggers):
            for p_index, phrase in enumerate(group.phrases):
                key = f"T{g_index}_{p_index}"
                self._add(key, phrase)
                self._groups[key] = (group, phrase)
                first, _, rest = phrase.partition(" ")
                for form in past_forms(first, lexicon.irregular_past):
                    # "raped" (lemmatised "rap"), "retook", "recaptured": the
                    # past as written, matched on lowercase words.
                    self._by_lower.add(key, [Doc(vocab, words=_phrase_tokens(f"{form} {rest}"))])
        for phrase in lexicon.ignore:
            self._add(_IGNORE, phrase)

    def _add(self, key: str, phrase: str) -> None:
        """Match ``phrase`` (lemma form) on lemmas and on lowercase words."""
        words = _phrase_tokens(phrase)
        by_lemma = Doc(self._vocab, words=words)
        for token in by_lemma:
            token.lemma_ = token.text
        self._by_lemma.add(key, [by_lemma])
        self._by_lower.add(key, [Doc(self._vocab, words=words)])

    def __call__(self, doc: Doc) -> list[Trigger]:
        """Longest non-overlapping trigger matches, in text order."""
        spans = []
        for match_id, start, end in [*self._by_lemma(doc), *self._by_lower(doc)]:
            # Not on proper nouns, pronouns...: "March" is a month, "mine" a pronoun.
            if doc[start].pos_ in _NOT_TRIGGER_POS:
                continue
            key = doc.vocab.strings[match_id]
            span = Span(doc, start, end, label=key)
            root = span.root
            if root.pos_ == "VERB" and any(
                t.pos_ in {"NOUN", "PROPN"} for t in span if t.i < root.i
            ):
                # "prisoners exchanged gunfire" is a clause, not "prisoner exchange":
                # dropped before the longest match is chosen, so "exchanged
                # gunfire" is still found.
                continue
            spans.append(span)
        triggers = []
        for span in sorted(filter_spans(spans), key=lambda s: s.start):
            if span.label_ == _IGNORE:
                continue  # a longer look-alike ("stun grenade") shadows the trigger
            group, phrase = self._groups[span.label_]
            trigger = Trigger(group, span, phrase)
            if _object_ok(trigger):
                triggers.append(trigger)
        return triggers


_PLACE_ENTS = {"GPE", "LOC", "FAC"}
_IGNORE = "IGNORE"


def _object_ok(trigger: Trigger) -> bool:
    """Check ``needs_object_for`` ("cut" is territorial only with a route
    object) and ``territory_objects`` (what is seized must be ground)."""
    group = trigger.group
    if (
        group.noun_needs_verb
        and trigger.head.pos_ in {"NOUN", "PROPN"}
        and clause_verb(trigger.head).lemma_.lower() not in group.noun_needs_verb
    ):
        return False
    if (
        group.noun_not_object_of
        and trigger.head.dep_ in {"dobj", "nsubjpass"}
        and trigger.head.head.lemma_.lower() in group.noun_not_object_of
    ):
        return False
    if group.territory_objects:
        head = trigger.span[0]
        taken = [c for c in head.children if c.dep_ in {"dobj", "nsubjpass"}]
        # "withdrew from the town", "pulled out of Kherson"
        taken += [
            o
            for p in head.children
            if p.dep_ == "prep" and p.lower_ in {"from", "of"}
            for o in p.children
            if o.dep_ == "pobj"
        ]
        # "recaptured the town ... from al-Shabaab": the side it was taken from
        # is no object of the taking.
        taken = [o for o in taken if o.ent_type_ != "ACTOR"]
        if group.ground_required and not taken:
            return False
        for obj in taken:
            ground = (
                obj.lemma_.lower() in group.territory_objects
                or obj.ent_type_ in _PLACE_ENTS
                # "The army retook Kidal": a name the model left unlabelled.
                or (obj.pos_ == "PROPN" and not obj.ent_type_)
            )
            if not ground and not any(t.ent_type_ in _PLACE_ENTS for t in _named_by(obj)):
                return False
    needed = trigger.group.needs_object_for.get(trigger.phrase)
    if not needed:
        return True
    head = trigger.span[0]
    window = head.doc[head.i : min(len(head.doc), head.i + 7)]
    return any(t.lemma_.lower() in needed for t in window)


def _named_by(obj: Token) -> list[Token]:
    """The words that name what ``obj`` is ("the Hajin district", "parts of
    Bakhmut"), without where it was ("the Jaffar Express near Sibi": a train
    taken near a town is no ground taken)."""
    found = [obj]
    for child in obj.children:
        if child.dep_ != "prep" or child.lower_ == "of":
            found += _named_by(child)
    return found


def clause_verb(token: Token) -> Token:
    """The predicate that governs ``token``: itself if a verb, else the first
    verbal ancestor ("launched" for "raids" in "launched waves of air raids")."""
    current = token
    for _ in range(8):
        if current.pos_ in {"VERB", "AUX"}:
            return current
        if current.head is current:
            return current
        current = current.head
    return current
