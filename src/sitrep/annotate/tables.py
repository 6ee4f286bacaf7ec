"""spaCy's attribute ruler and rule lemmatiser, computed per distinct word.

Both components of ``en_core_web_sm`` are Python loops over every token: the
attribute ruler runs a token ``Matcher`` and then sets each match's attributes
one token at a time; the lemmatiser builds a ``Token`` for every word. Over
the VOA stories they cost as much as the parser (profiled: 1.8 s each against
the parser's 1.5 s). Yet what they give a token depends on a handful of its
attributes only:

- a one-token rule of the attribute ruler matches on the token's tag, lower
  form, dependency label and whether it is a space (the only keys the English
  pipelines' rules use); rules of several tokens, or with other keys, are
  kept on a ``Matcher`` of their own;
- the rule lemmatiser's lemma is a function of the form, the coarse tag and
  the morphology (its own cache key), for a token without a lemma.

So the two components here read those attributes as one array, work each
distinct combination out once (the rules' tests read as the Matcher reads
them; the lemmatiser's own ``lemmatize``), keep it, and write the results
back as one array. Their output is spaCy's, token for token
(``tests/test_cascade.py`` checks it on VOA stories). The cascade's full tier
uses them in place of the originals; ``nlp`` itself is left as spaCy built it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.pipeline import Lemmatizer as SpacyLemmatizer
from spacy.strings import StringStore
from spacy.tokens import Doc

#: The token attributes a one-token rule may test here, in array order.
KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_KEY_IDS: list[int | str] = [TAG, LOWER, DEP, IS_SPACE]
#: A one-token rule's tests: (key position, the hash it must equal or None, test).
Tests = tuple[tuple[int, int | None, Callable[[int], bool]], ...]
#: Distinct combinations kept before the memo starts again (corpora are big).
MEMO_SIZE = 200_000


def _predicate(spec: object, strings: StringStore) -> Callable[[int], bool] | None:
    """A test of one attribute's value (a string hash, or 0/1 for a flag)
    that a rule's token spec sets, or None if the spec is not one of the
    shapes read here (a string, a bool, ``IN``/``NOT_IN`` of strings, a
    ``REGEX``)."""
    if isinstance(spec, bool | str):
        wanted = int(spec) if isinstance(spec, bool) else strings.add(spec)
        return wanted.__eq__
    if not (isinstance(spec, dict) and len(spec) == 1):
        return None
    ((operator, values),) = spec.items()
    if operator == "REGEX" and isinstance(values, str):
        pattern = re.compile(values)

        def search(value: int) -> bool:
            # As the Matcher reads it: a search in the attribute's string.
            return pattern.search(strings[value]) is not None

        return search
    if isinstance(values, list) and all(isinstance(v, str) for v in values):
        hashes = frozenset(strings.add(v) for v in values)
        if operator == "IN":
            return hashes.__contains__
        if operator == "NOT_IN":
            return lambda value: value not in hashes
    return None


class TableAttributeRuler:
    """``AttributeRuler`` with the same rules and the same output, its
    one-token rules worked out once per distinct (tag, lower, dep, space)."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.name = ruler.name
        strings = ruler.vocab.strings
        #: One-token rules: (rule number, tests by key position, attributes).
        self._simple: list[tuple[int, Tests]] = []
        self._attrs: list[dict[int, int]] = list(ruler.attrs)
        #: The other rules, on a Matcher (match id: the rule number).
        self._matcher = Matcher(ruler.vocab, validate=False)
        self._indices = list(ruler.indices)
        #: For each rule on the Matcher, for each of its patterns, the values
        #: a document must hold (key position, any of these hashes) for the
        #: pattern to match there: the Matcher runs only if one can.
        self._needs: list[list[list[tuple[int, frozenset[int]]]]] = []
        for number, pattern in enumerate(ruler.patterns):
            alternatives: list[list[dict[str, Any]]] = pattern["patterns"]  # type: ignore[assignment]
            tests = [_tests(tokens, strings) for tokens in alternatives]
            if ruler.indices[number] == 0 and all(t is not None for t in tests):
                self._simple += [(number, t) for t in tests if t is not None]
            else:
                self._matcher.add(str(number), alternatives)
                self._needs.append([_needs(tokens, strings) for tokens in alternatives])
        #: One-token rules by the tag they require (most rules name one), and
        #: those that require none: a word's candidates, in rule order.
        self._by_tag: dict[int, list[tuple[int, Tests]]] = {}
        self._any_tag: list[tuple[int, Tests]] = []
        for number, rule in self._simple:
            tags = [equal for at, equal, _ in rule if at == 0 and equal is not None]
            if tags:
                self._by_tag.setdefault(tags[0], []).append((number, rule))
            else:
                self._any_tag.append((number, rule))
        #: The attributes any rule sets, in array order.
        self._set: list[int | str] = sorted({attr for attrs in self._attrs for attr in attrs})
        self._memo: dict[tuple[int, ...], tuple[int, ...]] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys = doc.to_array(_KEY_IDS)
        values = doc.to_array(self._set)
        # Rules applied in their order: a later rule's value wins.
        rules: dict[int, list[int]] = {}
        for i, row in enumerate(map(tuple, keys.tolist())):
            found = self._memo.get(row)
            if found is None:
                if len(self._memo) >= MEMO_SIZE:
                    self._memo.clear()
                candidates = sorted(self._by_tag.get(row[0], []) + self._any_tag)
                found = self._memo[row] = tuple(
                    number
                    for number, tests in candidates
                    if all(test(row[at]) for at, _, test in tests)
                )
            if found:
                rules[i] = list(found)
        held = [frozenset(np.unique(keys[:, at]).tolist()) for at in range(len(KEYS))]
        wanted = any(
            all(not values.isdisjoint(held[at]) for at, values in needs)
            for rule in self._needs
            for needs in rule
        )
        for match_id, start, _end in self._matcher(doc, allow_missing=True) if wanted else ():
            number = int(doc.vocab.strings[match_id])
            rules.setdefault(start + self._indices[number], []).append(number)
        column: dict[int | str, int] = {attr: n for n, attr in enumerate(self._set)}
        for i, numbers in rules.items():
            for number in sorted(numbers):
                for attr, value in self._attrs[number].items():
                    values[i, column[attr]] = value
        doc.from_array(self._set, values)  # type: ignore[arg-type]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def _tests(tokens: list[dict[str, Any]], strings: StringStore) -> Tests | None:
    """The tests of a one-token pattern, or None if it is not one: for each
    key, its position in ``KEYS``, the value it must equal (if a string) and
    the test."""
    if len(tokens) != 1 or not tokens[0]:
        return None
    tests = []
    for key, spec in tokens[0].items():
        if key not in KEYS:
            return None
        test = _predicate(spec, strings)
        if test is None:
            return None
        equal = strings.add(spec) if isinstance(spec, str) else None
        tests.append((KEYS.index(key), equal, test))
    return tuple(tests)


def _needs(tokens: list[dict[str, Any]], strings: StringStore) -> list[tuple[int, frozenset[int]]]:
    """What a document must hold for a pattern to match in it: for each
    string or ``IN`` value its tokens set on a key of ``KEYS``, one of them."""
    needs = []
    for token in tokens:
        for key, spec in token.items():
            if key not in KEYS or spec is True or spec is False:
                continue
            if isinstance(spec, str):
                needs.append((KEYS.index(key), frozenset({strings.add(spec)})))
            elif isinstance(spec, dict) and set(spec) == {"IN"}:
                needs.append((KEYS.index(key), frozenset(strings.add(v) for v in spec["IN"])))
    return needs


class TableLemmatizer:
    """spaCy's rule ``Lemmatizer`` with the same output, its ``lemmatize``
    called once per distinct (form, coarse tag, morphology)."""

    def __init__(self, lemmatizer: SpacyLemmatizer) -> None:
        self.name = lemmatizer.name
        self._lemmatizer = lemmatizer
        self._overwrite = bool(lemmatizer.overwrite)
        self._memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        strings = doc.vocab.strings
        lemmas = array[:, 3].copy()
        todo = np.arange(len(doc)) if self._overwrite else np.flatnonzero(lemmas == 0)
        for i in todo.tolist():
            key = (int(array[i, 0]), int(array[i, 1]), int(array[i, 2]))
            lemma = self._memo.get(key)
            if lemma is None:
                if len(self._memo) >= MEMO_SIZE:
                    self._memo.clear()
                lemma = self._memo[key] = strings.add(self._lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))  # type: ignore[arg-type]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


#: What the table ruler may set: token attributes only (a rule setting a
#: lexeme's attribute, such as NORM or a flag, or an extension, keeps spaCy's).
SETTABLE = frozenset({TAG, POS, MORPH, LEMMA, DEP})


def faster(component: Any) -> Any:
    """The table version of a spaCy component, or the component itself."""
    if isinstance(component, AttributeRuler):
        if all(set(attrs) <= SETTABLE for attrs in component.attrs):
            return TableAttributeRuler(component)
        return component
    if isinstance(component, SpacyLemmatizer) and component.mode == "rule":
        return TableLemmatizer(component)
    return component
