"""Clean: normalise a raw ``Document`` into paragraphs, once each, in English.

Choices, and why:

- Unicode NFC, not NFKC: NFC only composes characters; NFKC would also
  rewrite compatibility characters, and some of those carry meaning in
  casualty reporting ("10²" would become "102", "½" becomes "1⁄2").
- Zero-width characters and soft hyphens are removed (they split words
  invisibly and defeat every pattern); exotic spaces become a plain space.
- Curly quotes become ASCII quotes, so that downstream patterns match one
  form ("IS' gains", "Assad's forces"); dashes are kept, as ranges ("18–45")
  and asides read differently from hyphens.
- Boilerplate lines are matched by the regular expressions in
  ``data/boilerplate.txt`` (README-ingest.md), so they are edited as data.
- Repeated paragraphs (scraped pages often hold the body twice) are dropped,
  keeping the first; every removal is kept in ``Document.removed``.
- ``id`` is the hash of the cleaned text, so the same article ingested twice,
  or re-scraped with other boilerplate or duplication, gets the same id.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from sitrep.errors import E, SitrepError
from sitrep.records import Document, Rejected, RemovedText, stable_hash

BOILERPLATE_FILE = Path(__file__).with_name("data") / "boilerplate.txt"

_DELETED = "\u200b\u200c\u200d\u2060\u180e\ufeff\u00ad"  # zero-width, BOM, soft hyphen
_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_SPACES += "\u202f\u205f\u3000"
_CHARACTERS = str.maketrans(
    {
        **dict.fromkeys(_DELETED, None),
        **dict.fromkeys(_SPACES, " "),
        **dict.fromkeys("‘’‚‛", "'"),
        **dict.fromkeys("“”„‟", '"'),
    }
)
_WHITESPACE = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[\W_]+")
_SENTENCE_END = (".", "!", "?", ":", '"', "'", ")")
# Wrapped text breaks lines at 60-80 characters; a shorter line that runs on
# into the next is a list or page furniture, not wrapping.
_WRAPPED_MIN_CHARS = 40

# Boilerplate is a short line; real paragraphs that happen to begin "Read more"
# or "Photo:" are long. Every boilerplate line in the seed and in the patterns'
# examples is under 100 characters; 300 leaves room for a long "Read more:" link.
_BOILERPLATE_MAX_CHARS = 300

# Near-duplicate paragraphs: same words modulo case/punctuation/whitespace, or
# word 3-shingle Jaccard >= 0.6. Calibration on the 89 VOA stories split into
# 2,269 sentences: two different sentences of one story reach at most 0.23,
# while the one restatement of a fact in other words ("...from the northeast
# Boni Forest on the border..." / "...from the Boni Forest, on the border...")
# scores 0.77; one changed word in a 15-word paragraph gives 0.63.
# Guards, because a bulletin lists incidents in near-identical sentences
# ("...shelled the town of Kafr Nabl, killing one civilian" / "...of Maarat
# al-Numan, killing two civilians"): paragraphs whose differing words include
# a name (capitalised mid-sentence), a number or a number word are different
# facts and are kept. Paragraphs under 8 words only match exactly after
# normalisation: one word of a short sentence is often the whole fact.
_SHINGLE = 3
_NEAR_DUPLICATE_JACCARD = 0.6
_FUZZY_MIN_WORDS = 8
# Candidates for the near-duplicate test come from an index of each kept
# paragraph's shingle *prefix* (prefix filtering, Chaudhuri et al. 2006): two
# shingle sets with Jaccard >= 3/5 must share one of the first
# |x| - ceil(3|x|/5) + 1 shingles of each in a fixed order, so the index
# finds every pair the all-pairs loop found, without comparing all pairs
# (4,000 distinct lines took 140 s). One shingle more than the bound is
# indexed as a margin. A paragraph is compared with at most 128 indexed
# candidates, newest first: every VOA story and the seed have under 100
# paragraphs, so each is deduplicated exactly as before; only a very long,
# very repetitive bulletin can keep a near-duplicate beyond that, and then
# merging still counts the incident once.
_PREFIX_MARGIN = 1
_MAX_CANDIDATES = 128
_NAME = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-Z][\w'-]*")
_NUMBER_WORDS = frozenset(
    str.split(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
        "eighty ninety hundred hundreds thousand thousands million millions dozen dozens "
        "first second third half several"
    )
)

# Language identification reads the first 2,000 characters: py3langid is
# already certain (p > 0.999) on every VOA story at that length.
_LANGID_CHARS = 2000
# Below this many characters langid guesses from a handful of n-grams: an
# English headline full of names ("Boko Haram kills 30 in Borno") comes out as
# Nigerian Pidgin, Hausa or Catalan with p < 0.5, while real short French,
# Arabic or Turkish headlines get p >= 0.6.
_SHORT_TEXT_CHARS = 200
_SHORT_TEXT_MIN_PROBABILITY = 0.5
# English function words that are not words of other Latin-script languages
# ("in", "a", "is", "he", "as" are). The 89 VOA stories have 18-31% of them
# (24% on average); even name-dense English keeps over 8%; French or Spanish
# has ~0% (only in quoted English).
_ENGLISH_FUNCTION_WORDS = frozenset(
    str.split(
        "the of and to was were has have had that with for by from said which who been after "
        "its this their they she would will not but"
    )
)
_ENGLISH_FUNCTION_WORD_SHARE = 0.08
# English-lexified languages langid confuses with short English news lines:
# "On 7 October 2021, police arrested 12 members of IPOB in Owerri (Imo)." is
# classified Nigerian Pidgin (pcm) at 0.77. Their texts are read as English.
_ENGLISH_LEXIFIED = frozenset({"pcm", "sco"})
_LATIN_WORD = re.compile(r"[A-Za-z]+")


def clean(document: Document) -> Document | Rejected:
    """Return ``document`` normalised into unique paragraphs, or a ``Rejected``.

    Boilerplate and repeated paragraphs are dropped and recorded in
    ``removed``; ``text`` is the paragraphs joined by newlines, ``id`` its
    hash and ``language`` its ISO 639-1 code. Rejects with E009 when nothing
    is left and E008 when the text is not English. Raises ``SitrepError``
    (E017) only if the boilerplate data file itself is invalid.
    """
    item = document.origin or document.id
    title = normalise_characters(document.title).strip() if document.title else None
    removed = list(document.removed)
    paragraphs = _deduplicate(
        _drop_boilerplate(_paragraphs(document.text), removed), title, removed
    )
    if not paragraphs:
        return Rejected(item=item, code=E.E009.name, reason=E.E009.format())
    text = "\n".join(paragraphs)
    language = identify_language(text)
    if language != "en":
        return Rejected(item=item, code=E.E008.name, reason=E.E008.format(language=language))
    return replace(
        document,
        id=stable_hash(text),
        text=text,
        title=_WHITESPACE.sub(" ", title) if title else None,
        language=language,
        paragraphs=tuple(paragraphs),
        removed=tuple(removed),
    )


def normalise_characters(text: str) -> str:
    """NFC, no zero-width characters or soft hyphens, plain spaces and quotes."""
    return unicodedata.normalize("NFC", text).translate(_CHARACTERS)


def _paragraphs(text: str) -> list[str]:
    """Non-empty lines, stripped, with internal whitespace collapsed."""
    lines = normalise_characters(text).splitlines()
    if _hard_wrapped(lines):
        blocks: list[list[str]] = [[]]
        for line in lines:
            if line.strip():
                blocks[-1].append(line)
            elif blocks[-1]:
                blocks.append([])
        lines = [" ".join(block) for block in blocks]
    paragraphs = (_WHITESPACE.sub(" ", line).strip() for line in lines)
    return [paragraph for paragraph in paragraphs if paragraph]


def _hard_wrapped(lines: list[str]) -> bool:
    """True for text wrapped at a fixed width with blank lines between paragraphs.

    Then a single newline is not a paragraph break: most lines followed by
    another non-blank line stop mid-sentence. Text without blank lines (the
    seed, trafilatura output) is always one paragraph a line.
    """
    if not any(not line.strip() for line in lines):
        return False
    continued = [
        line.rstrip() for line, following in pairwise(lines) if line.strip() and following.strip()
    ]
    wrapped = sum(
        len(line) >= _WRAPPED_MIN_CHARS and not line.endswith(_SENTENCE_END) for line in continued
    )
    return len(continued) >= 2 and wrapped * 2 > len(continued)


@cache
def _boilerplate_pattern(path: Path = BOILERPLATE_FILE) -> re.Pattern[str]:
    """All patterns of ``path`` as one case-insensitive alternation."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SitrepError(E.E017, path=path, detail=exc.strerror or exc) from exc
    patterns = []
    for number, line in enumerate(lines, start=1):
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        try:
            re.compile(pattern)
        except re.error as exc:
            raise SitrepError(E.E017, path=path, detail=f"line {number}: {exc}") from exc
        patterns.append(f"(?:{pattern})")
    return re.compile("|".join(patterns) or r"(?!)", re.IGNORECASE)


def _drop_boilerplate(paragraphs: list[str], removed: list[RemovedText]) -> list[str]:
    pattern = _boilerplate_pattern()
    kept = []
    for paragraph in paragraphs:
        if len(paragraph) <= _BOILERPLATE_MAX_CHARS and pattern.fullmatch(paragraph):
            removed.append(RemovedText("boilerplate", paragraph))
        else:
            kept.append(paragraph)
    return kept


def _key(paragraph: str) -> str:
    """Lower-case words only: equal for paragraphs differing in case/punctuation."""
    return _NOT_WORD.sub(" ", paragraph.lower()).strip()


def _shingles(words: list[str]) -> frozenset[str]:
    return frozenset(" ".join(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1))


@dataclass(frozen=True, slots=True)
class _Fingerprint:
    """What near-duplicate detection compares of a kept paragraph."""

    words: frozenset[str]
    shingles: frozenset[str]
    names: frozenset[str]  # lower-cased words capitalised mid-sentence
    numbers: frozenset[str]  # words with a digit, and number words
    prefix: tuple[str, ...]  # the shingles the near-duplicate index holds

    @classmethod
    def of(cls, paragraph: str, words: list[str]) -> _Fingerprint:
        names = frozenset(_key(name) for name in _NAME.findall(paragraph))
        numbers = frozenset(
            word for word in words if word in _NUMBER_WORDS or any(char.isdigit() for char in word)
        )
        shingles = _shingles(words)
        return cls(frozenset(words), shingles, names, numbers, _prefix(shingles))

    def same_fact(self, other: _Fingerprint) -> bool:
        # A number in one paragraph and not the other is a word in their
        # symmetric difference that is a number: comparing the two small
        # sets of numbers says so without the large difference of all words,
        # which most candidates in a long bulletin never need.
        if self.numbers != other.numbers:
            return False
        differing = self.words ^ other.words
        if differing & (self.names | other.names):
            return False
        return _jaccard(self.shingles, other.shingles) >= _NEAR_DUPLICATE_JACCARD


def _prefix(shingles: frozenset[str]) -> tuple[str, ...]:
    """The shingles of a set that prefix filtering indexes (see _PREFIX_MARGIN),
    in a fixed order (CRC-32, the same in every run, unlike ``hash``)."""
    ordered = sorted(shingles, key=lambda shingle: (zlib.crc32(shingle.encode()), shingle))
    # 3/5 is _NEAR_DUPLICATE_JACCARD as a fraction: integer arithmetic, no rounding.
    overlap = (3 * len(ordered) + 4) // 5
    return tuple(ordered[: len(ordered) - overlap + 1 + _PREFIX_MARGIN])


class _NearDuplicates:
    """Kept paragraphs' fingerprints, indexed by shingle prefix."""

    def __init__(self) -> None:
        self.fingerprints: list[_Fingerprint] = []
        self.postings: dict[str, list[int]] = {}

    def any_same_fact(self, fingerprint: _Fingerprint) -> bool:
        """Whether a kept paragraph states the same fact as ``fingerprint``."""
        examined: set[int] = set()
        for shingle in fingerprint.prefix:
            for position in reversed(self.postings.get(shingle, ())):
                if position in examined:
                    continue
                examined.add(position)
                if fingerprint.same_fact(self.fingerprints[position]):
                    return True
                if len(examined) >= _MAX_CANDIDATES:
                    return False
        return False

    def add(self, fingerprint: _Fingerprint) -> None:
        """Index a kept paragraph's fingerprint."""
        position = len(self.fingerprints)
        self.fingerprints.append(fingerprint)
        for shingle in fingerprint.prefix:
            self.postings.setdefault(shingle, []).append(position)


def _deduplicate(paragraphs: list[str], title: str | None, removed: list[RemovedText]) -> list[str]:
    """Keep the first of each set of (near-)identical paragraphs."""
    seen: set[str] = set()
    keys: set[str] = set()
    if title:  # the headline repeated as the first line of the body
        seen.add(title)
        keys.add(_key(title))
    fingerprints = _NearDuplicates()
    kept = []
    for paragraph in paragraphs:
        key = _key(paragraph)
        if paragraph in seen:
            removed.append(RemovedText("duplicate", paragraph))
            continue
        if key in keys:
            removed.append(RemovedText("near-duplicate", paragraph))
            continue
        words = key.split()
        if len(words) >= _FUZZY_MIN_WORDS:
            fingerprint = _Fingerprint.of(paragraph, words)
            if fingerprints.any_same_fact(fingerprint):
                removed.append(RemovedText("near-duplicate", paragraph))
                continue
            fingerprints.add(fingerprint)
        seen.add(paragraph)
        keys.add(key)
        kept.append(paragraph)
    return kept


def _jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    smaller, larger = sorted((len(first), len(second)))
    if not larger or smaller / larger < _NEAR_DUPLICATE_JACCARD:  # cannot reach it
        return 0.0
    return len(first & second) / len(first | second)


@cache
def _identifier() -> Any:
    """py3langid's model, loaded on first use (about 0.4 s), not at import."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify_language(text: str) -> str:
    """ISO 639-1 code of ``text`` (py3langid), biased towards English when unsure.

    sitrep reads English; a wrong "not English" drops a real report, so a
    non-English verdict stands only when the text has few English function
    words and, if it is short, when langid is reasonably sure.
    """
    sample = text[:_LANGID_CHARS]
    language, probability = _identifier().classify(sample)
    if language == "en" or language in _ENGLISH_LEXIFIED:
        return "en"
    words = [word.lower() for word in _LATIN_WORD.findall(sample)]
    function_words = sum(word in _ENGLISH_FUNCTION_WORDS for word in words)
    if function_words >= 2 and function_words >= _ENGLISH_FUNCTION_WORD_SHARE * len(words):
        return "en"
    latin_letters = sum(len(word) for word in words)
    letters = sum(char.isalpha() for char in sample)
    if (
        len(sample) < _SHORT_TEXT_CHARS
        and probability < _SHORT_TEXT_MIN_PROBABILITY
        and latin_letters * 2 > letters  # an Arabic or Cyrillic headline is never English
    ):
        return "en"
    return str(language)
