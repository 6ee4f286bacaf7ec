"""Quantities as news writes them: digits and words, ranges, qualifiers and
ACLED's values for vague quantities ("dozens" -> 12).

Works on spaCy tokens so a quantity knows where it sits in the parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from sitrep.extract.entities import ent_at
from sitrep.lexicon import Lexicon

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?$")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure in the text: ``low``/``best``/``high`` and where it is.

    ``head`` is the token the figure is attached to in the parse (the number
    itself, or the last word of a vague quantity).
    """

    low: int
    best: int
    high: int
    qualifier: str | None
    start: int  # token index of the first word (qualifier included)
    end: int  # token index after the last word
    head: Token
    vague: bool = False

    @property
    def text(self) -> str:
        """The words of the quantity as written."""
        return self.head.doc[self.start : self.end].text


def word_value(words: list[str]) -> int | None:
    """Value of a number written in words or digits: "twenty-five", "1.5 million", "115,000"."""
    total, current, seen = 0, 0.0, False
    for raw in words:
        word = raw.lower().replace(",", "") if _DIGITS.match(raw) else raw.lower()
        if word in {"-", "and"}:
            continue
        if _DIGITS.match(raw):
            current += float(word)
        elif word in _UNITS and not (word in {"a", "an"} and seen):
            current += _UNITS[word]
        elif word in _SCALES:
            scale = _SCALES[word]
            current = (current or 1) * scale
            if scale >= 1_000:
                total, current = total + int(current), 0
        else:
            return None
        seen = True
    return int(total + current) if seen else None


def _number_run(tokens: Span | list[Token], i: int, stop: int) -> tuple[int, int] | None:
    """Longest run of number words starting at sentence-relative index ``i``."""
    doc_tokens = list(tokens)
    j = i
    while j < stop:
        tok = doc_tokens[j]
        low = tok.lower_
        if (
            _DIGITS.match(tok.text)
            or low in _UNITS
            or low in _SCALES
            or (
                low in {"-", "and"}
                and j > i
                and j + 1 < stop
                and doc_tokens[j + 1].lower_ in _UNITS
            )
        ):
            j += 1
        else:
            break
    if j == i or (j == i + 1 and doc_tokens[i].lower_ in {"a", "an"}):
        return None
    return (i, j)


def quantities(sentence: Span, lexicon: Lexicon) -> list[Quantity]:
    """All figures in ``sentence``, left to right, each once."""
    tokens = list(sentence)
    found: list[Quantity] = []
    vague = sorted(lexicon.vague_quantities, key=lambda p: -len(p.split()))
    firsts = {p.split()[0] for p in vague}  # most words start no vague quantity
    quals = sorted(lexicon.qualifiers, key=lambda p: -len(p.split()))
    i = 0
    while i < len(tokens):
        quantity = (
            _vague_at(tokens, i, vague, lexicon) if tokens[i].lower_ in firsts else None
        ) or _numeric_at(tokens, i)
        if quantity is None:
            i += 1
            continue
        start, end, low, high, head, is_vague = quantity
        qualifier = _qualifier_before(tokens, start, quals)
        best = low
        if qualifier is not None:
            rule = lexicon.qualifiers[qualifier]
            first = tokens[start - len(qualifier.split())].i
            low, best, high = int(low * rule.low), int(best * rule.best), int(high * rule.high)
        else:
            first = tokens[start].i
        found.append(
            Quantity(low, best, high, qualifier, first, tokens[end - 1].i + 1, head, is_vague)
        )
        i = end
    return found


def _vague_at(
    tokens: list[Token], i: int, phrases: list[str], lexicon: Lexicon
) -> tuple[int, int, int, int, Token, bool] | None:
    for phrase in phrases:
        words = phrase.split()
        window = [t.lower_ for t in tokens[i : i + len(words)]]
        if window == words:
            end = i + len(words)
            # "dozens of people", "several people": must quantify something.
            nxt = tokens[end] if end < len(tokens) else None
            if nxt is None or nxt.pos_ not in {"NOUN", "ADP", "PROPN", "ADJ", "VERB", "AUX"}:
                return None
            value = lexicon.vague_quantities[phrase]
            return (i, end, value, value, tokens[end - 1], True)
    return None


def _numeric_at(tokens: list[Token], i: int) -> tuple[int, int, int, int, Token, bool] | None:
    tok = tokens[i]
    if not (tok.like_num or tok.lower_ in _UNITS) or tok.lower_ in {"a", "an"}:
        return None
    # Years, times and ordinals are not counts ("Between 10 and 15" soldiers,
    # which the model may tag DATE, is: a DATE that reads as no date counts).
    if tok.ent_type_ in {"TIME", "ORDINAL", "PERCENT", "MONEY"}:
        return None
    if tok.ent_type_ == "DATE" and _reads_as_date(tok):
        return None
    run = _number_run(tokens, i, len(tokens))
    if run is None:
        return None
    start, end = run
    low = word_value([t.text for t in tokens[start:end]])
    if low is None:
        return None
    high = low
    # Ranges: "between 10 and 15", "10 to 15", "10-15", "10 or 12".
    if end + 1 < len(tokens) and tokens[end].lower_ in {"to", "-", "or", "and", "–"}:
        second = _number_run(tokens, end + 1, len(tokens))
        if second is not None:
            value = word_value([t.text for t in tokens[second[0] : second[1]]])
            if value is not None and value >= low:
                high, end = value, second[1]
    return (start, end, low, high, tokens[end - 1], False)


_TIME_WORDS = re.compile(
    r"\b(year|years|month|months|week|weeks|day|days|decade|century|hour|hours|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)",
    re.IGNORECASE,
)


def _reads_as_date(token: Token) -> bool:
    ent = ent_at(token)
    return bool(_TIME_WORDS.search(ent.text)) or bool(re.fullmatch(r"(1[89]|20)\d\d", token.text))


def _qualifier_before(tokens: list[Token], start: int, quals: list[str]) -> str | None:
    for phrase in quals:
        words = phrase.split()
        if start - len(words) < 0:
            continue
        if [t.lower_ for t in tokens[start - len(words) : start]] == words:
            return phrase
    if start >= 1 and tokens[start - 1].lower_ == "between":
        return None
    return None
