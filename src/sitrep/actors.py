"""Actor knowledge: ACLED actor names, aliases, countries and generic naming rules.

The knowledge lives in three data files (``data/README-actors.md`` documents them):
``actors.yaml`` (named actors), ``countries.tsv`` (country names, demonyms and the
regime periods of "Military Forces of X (2000-)") and ``actor_nouns.yaml`` (ACLED's
names for unnamed actors: "Civilians (Syria)", "Unidentified Armed Group (Mali)").
:class:`ActorDictionary` loads them once and answers per-mention questions with dict
lookups: which actor does "IS fighters" name, what does "Russian war planes" become,
and which spaCy ``EntityRuler`` patterns find them in text.

Case rule: a token with two or more capitals, or with capitals and no lower-case
letters ("IS", "SAF", "LeT", "M23"), is matched exactly, so the verb "is" never
matches the Islamic State; every other token matches in any case.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sitrep.errors import E, SitrepError
from sitrep.records import Actor

ACTORS_FILE = "actors.yaml"
COUNTRIES_FILE = "countries.tsv"
NOUNS_FILE = "actor_nouns.yaml"

#: ``kind`` values of named actors; ``source`` marks reporting outlets and monitors.
KINDS = frozenset({"armed", "state", "source", "political", "international"})
#: ``kind`` values of generic templates (actor_nouns.yaml).
GENERIC_KINDS = frozenset({"state", "armed", "protesters", "rioters", "civilians"})

_COUNTRY_COLUMNS = ("iso2", "iso3", "name", "demonyms", "aliases", "state_periods", "article")
_PERIOD = re.compile(r"(\d{4}-\d{2}-\d{2})=(\(.*\))")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})
_EDGE = ' \t\n"“”,;:!?()[]{}'
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+$")
_WORDS = re.compile(r"[^\s\-/]+")
#: How ACLED appends the country to a generic actor's name ("Civilians (Nigeria)").
_COUNTRY_SUFFIX = " ({country})"
_TOKENS = re.compile(r"[^\s\-/]+|[-/]")
_INFIX = re.compile(r"(?<=[^\W_])([-/])(?=[^\W\d_])")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Determiners and quantifiers that may open a mention ("the", "dozens of", "two").
_LEADING = _word_set(
    "the a an some several many few dozens hundreds thousands scores of at least more than "
    "about around nearly over other another these those its their his her our all both "
    "numerous one two three four five six seven eight nine ten eleven twelve twenty so called "
    "self styled heavily lightly well newly suspected alleged retreating advancing"
)
# Words a mention may carry after an actor name: "IS fighters", "Houthi rebels".
_SUFFIXES = _word_set(
    "fighters fighter militants militant forces force rebels rebel group groups members member "
    "militia militias militiamen insurgents insurgent jihadists jihadist jihadi terrorists "
    "terrorist terror gunmen troops soldiers units unit cells cell elements operatives loyalists "
    "combatants guerrillas guerrilla commanders commander movement organization organisation "
    "network faction factions wing extremists extremist armed affiliate affiliates branch "
    "positions"
)
# Modifiers before an actor name that do not change which actor it is: "Iran-backed Houthis".
_MODIFIERS = _word_set(
    "backed led allied aligned linked affiliated supported sponsored funded trained inspired "
    "kurdish islamist jihadist sunni shia shiite militant armed rebel insurgent extremist "
    "terrorist radical rival pro notorious outlawed banned powerful"
)
# A country word followed by "-backed" etc. is a sponsor, not the actor's own country.
_SPONSOR = _word_set("backed led allied aligned supported sponsored funded trained")
# Keys an actors.yaml entry may have (README-actors.md).
_ACTOR_KEYS = _word_set(
    "name kind inter country parent aliases context active_in until successor source"
)


def _fold(text: str) -> str:
    """Unify quotes and dashes and drop diacritics ("Côte d’Ivoire" -> "Cote d'Ivoire")."""
    text = text.translate(_QUOTES).translate(_DASHES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _clean(text: str) -> str:
    """Fold, collapse whitespace, trim edge punctuation and a possessive ending."""
    text = " ".join(_fold(text).split()).strip(_EDGE)
    if text.endswith(".") and not _DOTTED.search(text):
        text = text[:-1]
    return re.sub(r"(?<=\w)(?:'s|')$", "", text)


def _cased(token: str) -> bool:
    """True for acronym-like tokens that must match case-sensitively ("IS", "LeT")."""
    upper = sum(c.isupper() for c in token)
    return upper >= 2 or (upper >= 1 and not any(c.islower() for c in token))


def _norm(word: str) -> str:
    word = word.replace("'", "")
    return word if _cased(word) else word.lower()


def _key(words: Iterable[str]) -> str:
    return " ".join(_norm(w) for w in words)


def alias_key(text: str) -> str:
    """The lookup key of an alias or mention: case rule applied, hyphens and apostrophes
    ignored ("Hay'at Tahrir al-Sham" and "Hayat Tahrir al Sham" share a key)."""
    return _key(_WORDS.findall(_clean(text)))


def spacy_tokens(text: str) -> list[str]:
    """Split ``text`` the way spaCy's English tokenizer does for actor names: whitespace,
    opening/closing brackets and quotes, possessive "'s" and a trailing apostrophe, a final
    period unless the word is dotted ("U.S."), and hyphens/slashes between a letter or
    digit and a letter ("al-Qaeda" -> al - Qaeda; "MS-13" stays whole)."""
    tokens: list[str] = []
    for word in text.split():
        chunk = word
        prefix: list[str] = []
        suffix: list[str] = []
        while len(chunk) > 1 and chunk[0] in '("[“‘':
            prefix.append(chunk[0])
            chunk = chunk[1:]
        while len(chunk) > 1:
            if chunk[-1] in ')"]”,;:!?':
                suffix.insert(0, chunk[-1])
                chunk = chunk[:-1]
            elif len(chunk) > 2 and chunk[-2:].lower() in ("'s", "’s"):
                suffix.insert(0, chunk[-2:])
                chunk = chunk[:-2]
            elif chunk[-1] in "'’":
                suffix.insert(0, chunk[-1])
                chunk = chunk[:-1]
            elif chunk[-1] == "." and not _DOTTED.fullmatch(chunk):
                suffix.insert(0, ".")
                chunk = chunk[:-1]
            else:
                break
        tokens += prefix + [part for part in _INFIX.split(chunk) if part] + suffix
    return tokens


def _token_spec(token: str) -> dict[str, Any]:
    if token.lower() in ("'s", "’s"):
        return {"LOWER": {"IN": ["'s", "’s"]}}
    if token in ("'", "’"):
        return {"ORTH": {"IN": ["'", "’"]}}
    attr = "ORTH" if _cased(token) else "LOWER"
    value = token if attr == "ORTH" else token.lower()
    if "'" in value:
        return {attr: {"IN": [value, value.replace("'", "’")]}}
    return {attr: value}


def _variants(alias: str) -> set[str]:
    """Spellings of an alias that share its key: hyphens as spaces, no apostrophes,
    no diacritics."""
    base = {alias, _fold(alias)}
    out = set(base)
    for text in base:
        out |= {
            text.replace("-", " "),
            text.replace("'", ""),
            text.replace("-", " ").replace("'", ""),
        }
    return {" ".join(v.split()) for v in out}


@dataclass(frozen=True, slots=True)
class Country:
    """A country or territory as ACLED names it, with the words news uses for it."""

    iso2: str
    iso3: str
    name: str
    demonyms: tuple[str, ...]
    aliases: tuple[str, ...]
    state_periods: tuple[tuple[date, str], ...]
    article: str = ""  # "the" where ACLED writes "Military Forces of the United States"

    def period(self, on: date | None) -> str:
        """ACLED's regime-period label for ``on`` ("(2000-)"), the latest when ``on`` is
        None, "" when unknown or before the first period."""
        label = ""
        for start, period_label in self.state_periods:
            if on is not None and on < start:
                break
            label = period_label
        return label


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str  # may contain "{period}"
    kind: str
    inter: int
    country: str | None
    parent: str | None
    aliases: tuple[str, ...]
    context: tuple[str, ...]
    active_in: tuple[str, ...]
    until: date | None
    successor: str | None


@dataclass(frozen=True, slots=True)
class _Template:
    template: str
    kind: str
    inter: int
    exclude: frozenset[str]
    check_proper: bool
    proper_ok: frozenset[str]
    #: ACLED names these by the country where the event happens ("Protesters
    #: (Turkey)" in Istanbul), not by the report's country (``country_of: place``).
    by_place: bool = False


class ActorDictionary:
    """Named actors, countries and generic naming rules, indexed for per-mention lookups."""

    def __init__(
        self,
        entries: list[_Entry],
        countries: dict[str, Country],
        templates: dict[tuple[str, ...], _Template],
    ) -> None:
        self._entries = {e.name: e for e in entries}
        self._order = entries
        self._countries = countries
        self._nouns = templates
        self._max_noun = max((len(k) for k in templates), default=0)
        self._global: dict[str, _Entry] = {}
        self._context: dict[tuple[str, str], _Entry] = {}
        self._country_words: dict[str, str] = {}
        self._kinds: dict[str, str] = {}
        self._generic_kinds: list[tuple[re.Pattern[str], str]] = []
        for entry in entries:
            labels = self._period_labels(entry)
            for alias in (*entry.aliases, *(entry.name.replace("{period}", x) for x in labels)):
                self._global.setdefault(alias_key(alias), entry)
            for alias in entry.context:
                for iso2 in entry.active_in:
                    self._context.setdefault((alias_key(alias), iso2), entry)
            for label in labels:
                self._kinds[entry.name.replace("{period}", label)] = entry.kind
        for country in countries.values():
            for word in (country.name, *country.demonyms, *country.aliases):
                self._country_words.setdefault(alias_key(word), country.iso2)
        for tpl in {id(t): t for t in templates.values()}.values():
            pattern = re.escape(tpl.template)
            for field_name in ("country", "the_country"):
                pattern = pattern.replace(re.escape("{" + field_name + "}"), ".+?")
            pattern = pattern.replace(re.escape("{period}"), r"(?: \(.*\))?")
            self._generic_kinds.append((re.compile(pattern + "$"), tpl.kind))

    # -- loading ---------------------------------------------------------------------------

    @classmethod
    def load(cls, directory: Path | None = None) -> ActorDictionary:
        """Load the data files from ``directory`` (default: the package's data folder).

        Raises ``SitrepError(E017)`` naming the file and entry when the data are invalid.
        The default dictionary is loaded once per process and shared.
        """
        if directory is None:
            directory = Path(str(resources.files("sitrep").joinpath("data")))
        return _load_cached(str(Path(directory).resolve()))

    def _period_labels(self, entry: _Entry) -> list[str]:
        if "{period}" not in entry.name:
            return [""]
        country = self._countries.get(entry.country or "")
        labels = [f" {label}" for _, label in country.state_periods] if country else []
        return ["", *labels]

    # -- named actors ----------------------------------------------------------------------

    def _lookup(self, text: str, country: str | None) -> _Entry | None:
        words = _WORDS.findall(_clean(text))
        while len(words) > 1 and words[0].lower() in ("the", "a", "an"):
            words = words[1:]
        if len(words) > 2 and " ".join(words[:2]).lower() in ("so called", "self styled"):
            words = words[2:]
        context, head = country, 0
        while head < len(words):
            found = self._match_suffixed(words[head:], context)
            if found is not None:
                return found
            # Not a name yet: drop one leading modifier ("Iran-backed", "Syrian", "Kurdish").
            size, iso2 = self._country_at(words, head)
            if iso2 is None and words[head].lower() not in _MODIFIERS:
                return None
            after = words[head + size].lower() if head + size < len(words) else ""
            before = words[head - 1].lower() if head else ""
            if iso2 is not None and after not in _SPONSOR and before not in ("pro", "anti"):
                context = iso2  # a demonym in the mention wins over the document's country
            head += size
        return None

    def _country_at(self, words: list[str], index: int) -> tuple[int, str | None]:
        for size in range(min(4, len(words) - index), 0, -1):
            span = words[index : index + size]
            for key in (_key(span), _key([*span[:-1], re.sub(r"'s?$", "", span[-1])])):
                iso2 = self._country_words.get(key) or self._country_words.get(key.lower())
                if iso2 is not None:
                    return size, iso2
        return 1, None

    def _match_suffixed(self, words: list[str], context: str | None) -> _Entry | None:
        """Try ``words``, then without up to two trailing words such as "fighters"."""
        for cut in range(min(3, len(words))):
            if cut and words[len(words) - cut].lower() not in _SUFFIXES:
                break
            found = self._find(_key(words[: len(words) - cut]), context)
            if found is not None:
                return found
        return None

    def _find(self, key: str, country: str | None) -> _Entry | None:
        if not key:
            return None
        for candidate in (key, key.lower()):
            if country is not None:
                found = self._context.get((candidate, country))
                if found is not None:
                    return found
            found = self._global.get(candidate)
            if found is not None:
                return found
        return None

    def _render(self, entry: _Entry, on: date | None) -> Actor:
        seen = {entry.name}
        while (
            on is not None
            and entry.until is not None
            and on >= entry.until
            and entry.successor is not None
            and entry.successor not in seen
        ):
            entry = self._entries[entry.successor]
            seen.add(entry.name)
        parent = self._entries.get(entry.parent or "")
        return Actor(
            name=self._name(entry, on),
            inter=entry.inter,
            aliases=entry.aliases,
            country=entry.country,
            parent=self._name(parent, on) if parent is not None else None,
        )

    def _name(self, entry: _Entry, on: date | None) -> str:
        if "{period}" not in entry.name:
            return entry.name
        country = self._countries.get(entry.country or "")
        label = country.period(on) if country else ""
        return entry.name.replace("{period}", f" {label}" if label else "")

    def named(self, text: str) -> Actor | None:
        """The named actor ``text`` refers to, by exact alias (case rule in the module
        docstring), tolerating a leading "the", a possessive, modifiers such as
        "Iran-backed" and suffixes such as "fighters": "IS fighters" -> Islamic State.
        A leading demonym sets the country context ("Mozambican al-Shabaab")."""
        entry = self._lookup(text, None)
        return self._render(entry, None) if entry is not None else None

    def kind(self, canonical_name: str) -> str:
        """``armed``/``state``/``source``/``political``/``international`` for a named actor;
        ``state``/``armed``/``protesters``/``rioters``/``civilians`` for a generic name;
        ``unknown`` for anything else."""
        found = self._kinds.get(canonical_name)
        if found is not None:
            return found
        for pattern, kind in self._generic_kinds:
            if pattern.match(canonical_name):
                return kind
        return "unknown"

    # -- generic actors --------------------------------------------------------------------

    def generic(
        self,
        noun_phrase: str,
        *,
        country: str | None,
        on: date | None,
        place_country: str | None = None,
    ) -> Actor | None:
        """ACLED's name for an unnamed actor: "Syrian army" -> Military Forces of Syria
        (2000-), "protesters" (country IN) -> Protesters (India). A country word in the
        phrase wins over ``country`` (the report's country); templates named by
        where the event happens (``country_of: place``: protesters, civilians,
        unidentified groups) take ``place_country`` when it is known. None when no
        template fits, a modifier vetoes it, or the country is unknown."""
        tokens = _TOKENS.findall(_clean(noun_phrase))
        places = [i for i, t in enumerate(tokens) if t not in ("-", "/")]
        words = [re.sub(r"'s?$", "", tokens[i]) for i in places]
        hyphen_before = [i > 0 and tokens[i - 1] == "-" for i in places]
        hyphen_after = [i + 1 < len(tokens) and tokens[i + 1] == "-" for i in places]
        lowered = [w.lower() for w in words]
        template, head = None, 0
        for size in range(min(self._max_noun, len(words)), 0, -1):
            template = self._nouns.get(tuple(lowered[-size:]))
            if template is not None:
                head = len(words) - size
                break
        if template is None:
            return None
        found_country, used = self._countries_in(words[:head], hyphen_before, hyphen_after)
        for index in range(head):
            if index in used:
                continue
            word, low = words[index], lowered[index]
            if low in template.exclude:
                return None
            if (
                template.check_proper
                and word[:1].isupper()
                and low not in template.proper_ok
                and not (index == 0 and low in _LEADING)
            ):
                return None
        iso2 = found_country or (place_country if template.by_place else None) or country
        target = self._countries.get(iso2 or "")
        if target is None:
            # No country known: "gunmen" are still an unidentified armed group,
            # named without the country ACLED appends; a state's forces are not
            # named without their state.
            if template.template.endswith(_COUNTRY_SUFFIX):
                name = template.template.removesuffix(_COUNTRY_SUFFIX)
                return Actor(name=name, inter=template.inter, country=None)
            return None
        name = template.template.format(
            country=target.name,
            the_country=f"{target.article} {target.name}" if target.article else target.name,
            period=f" {target.period(on)}" if target.period(on) else "",
        )
        return Actor(name=name, inter=template.inter, country=target.iso2)

    def _countries_in(
        self, words: list[str], hyphen_before: list[bool], hyphen_after: list[bool]
    ) -> tuple[str | None, set[int]]:
        """The last country named among ``words`` (not as "pro-X" or "X-backed") and the
        indices of all country words, which are not modifiers."""
        found: str | None = None
        used: set[int] = set()
        index = 0
        while index < len(words):
            size, iso2 = self._country_at(words, index)
            if iso2 is not None:
                last = index + size - 1
                used.update(range(index, last + 1))
                following = words[last + 1].lower() if last + 1 < len(words) else ""
                preceding = words[index - 1].lower() if index else ""
                sponsor = hyphen_after[last] and following in _SPONSOR
                partisan = hyphen_before[index] and preceding in ("pro", "anti")
                if not sponsor and not partisan:
                    found = iso2
            index += size
        return found, used

    def is_actor_noun(self, word: str, *, kinds: frozenset[str] | None = None) -> bool:
        """Whether ``word`` (a lemma, or the last words of a phrase: "border
        guards") heads a generic actor phrase ("troops", "gunmen", "protesters",
        "civilians"), of one of ``kinds`` ("state", "armed", ...) if given."""
        low = tuple(word.lower().split())
        if not low:
            return False
        template = self._nouns.get(low) or self._nouns.get((*low[:-1], low[-1] + "s"))
        return template is not None and (kinds is None or template.kind in kinds)

    def inter_of(self, text: str) -> int | None:
        """The ``inter`` code of an actor phrase whatever its country: a named
        actor's code, or the code of the generic template it fits (the
        template's vetoes apply: "rebel forces" are not state forces)."""
        entry = self._lookup(text, None)
        if entry is not None:
            return entry.inter
        # Any country renders the template; only its inter code is used.
        anywhere = next(iter(self._countries), None)
        actor = self.generic(text, country=anywhere, on=None) if anywhere else None
        return actor.inter if actor is not None else None

    def resolve(
        self,
        text: str,
        *,
        country: str | None,
        on: date | None,
        place_country: str | None = None,
    ) -> Actor | None:
        """:meth:`named` first (with ``country`` selecting context aliases such as "AA" in
        Myanmar, and ``on`` the regime period and successors), then :meth:`generic`."""
        entry = self._lookup(text, country)
        if entry is not None:
            return self._render(entry, on)
        return self.generic(text, country=country, on=on, place_country=place_country)

    # -- countries -------------------------------------------------------------------------

    def country(self, iso2: str) -> Country | None:
        """The country with ISO 3166-1 alpha-2 code ``iso2``."""
        return self._countries.get(iso2.upper())

    def country_of(self, word_or_name: str) -> str | None:
        """ISO2 of a country name, alias or demonym: "Syrian", "Syria's", "DRC" -> code."""
        words = _WORDS.findall(_clean(word_or_name))
        if words and words[0].lower() == "the":
            words = words[1:]
        key = _key(words)
        return self._country_words.get(key) or self._country_words.get(key.lower())

    def countries(self) -> list[Country]:
        """All countries and territories, in file order."""
        return list(self._countries.values())

    # -- spaCy patterns --------------------------------------------------------------------

    def ruler_patterns(self) -> list[dict[str, object]]:
        """``EntityRuler`` token patterns: label ``SOURCE`` for reporting sources, ``ACTOR``
        for every other named actor; ``id`` is the canonical name (latest period). Context
        aliases are included when they hold a capitalised word ("AA", "UN peacekeepers");
        common nouns such as "peacekeepers" are left to :meth:`resolve`."""
        patterns: list[dict[str, object]] = []
        seen: set[str] = set()
        for entry, alias in self._pattern_aliases():
            label = "SOURCE" if entry.kind == "source" else "ACTOR"
            for variant in sorted(_variants(alias)):
                pattern = [_token_spec(t) for t in spacy_tokens(variant)]
                signature = json.dumps(pattern, sort_keys=True)
                if pattern and signature not in seen:
                    seen.add(signature)
                    patterns.append(
                        {"label": label, "pattern": pattern, "id": self._name(entry, None)}
                    )
        return patterns

    def _pattern_aliases(self) -> Iterator[tuple[_Entry, str]]:
        for entry in self._order:
            if re.fullmatch(r"[\w' .-]+", entry.name):
                yield entry, entry.name  # "Islamic State", "Al Shabaab" are names used in text
            for alias in entry.aliases:
                yield entry, alias
        for entry in self._order:
            for alias in entry.context:
                if any(c.isupper() for c in alias):
                    yield entry, alias


# -- loading and validation ------------------------------------------------------------------


@lru_cache(maxsize=8)
def _load_cached(directory: str) -> ActorDictionary:
    root = Path(directory)
    countries = _read_countries(root / COUNTRIES_FILE)
    entries = _read_actors(root / ACTORS_FILE, countries)
    templates = _read_nouns(root / NOUNS_FILE)
    return ActorDictionary(entries, countries, templates)


def _fail(path: Path, detail: str) -> SitrepError:
    return SitrepError(E.E017, path=path, detail=detail)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror or exc})") from exc


def _read_yaml_list(path: Path) -> list[Any]:
    try:
        data = yaml.safe_load(_read_text(path))
    except yaml.YAMLError as exc:
        raise _fail(path, f"not valid YAML: {exc}") from exc
    if not isinstance(data, list):
        raise _fail(path, "top level must be a list of mappings")
    return data


def _read_countries(path: Path) -> dict[str, Country]:
    countries: dict[str, Country] = {}
    owners: dict[str, str] = {}
    lines = [ln for ln in _read_text(path).splitlines() if ln.strip() and not ln.startswith("#")]
    rows = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(rows, None)
    if header is None or tuple(header[:6]) != _COUNTRY_COLUMNS[:6]:
        raise _fail(path, f"header must be {' '.join(_COUNTRY_COLUMNS)}")
    for number, row in enumerate(rows, start=2):
        where = f"row {number} ({row[2] if len(row) > 2 else '?'})"
        if len(row) not in (6, 7):
            raise _fail(path, f"{where}: expected 6 or 7 tab-separated columns, got {len(row)}")
        iso2, iso3, name = row[0], row[1], row[2]
        if not re.fullmatch(r"[A-Z]{2}", iso2) or not re.fullmatch(r"[A-Z]{3}", iso3):
            raise _fail(path, f"{where}: iso2/iso3 must be 2/3 capital letters")
        if iso2 in countries:
            raise _fail(path, f"{where}: duplicate iso2 {iso2}")
        periods: list[tuple[date, str]] = []
        for part in filter(None, row[5].split(";")):
            match = _PERIOD.fullmatch(part.strip())
            try:
                start = date.fromisoformat(match.group(1)) if match else None
            except ValueError:
                start = None
            if match is None or start is None:
                raise _fail(path, f"{where}: bad state period {part!r} (use YYYY-MM-DD=(label))")
            periods.append((start, match.group(2)))
        if periods != sorted(periods):
            raise _fail(path, f"{where}: state periods must be in date order")
        country = Country(
            iso2=iso2,
            iso3=iso3,
            name=name,
            demonyms=tuple(filter(None, row[3].split("|"))),
            aliases=tuple(filter(None, row[4].split("|"))),
            state_periods=tuple(periods),
            article=row[6].strip() if len(row) > 6 else "",
        )
        for word in (name, *country.demonyms, *country.aliases):
            owner = owners.setdefault(alias_key(word), iso2)
            if owner != iso2:
                raise _fail(path, f"{where}: {word!r} already names {owner}")
        countries[iso2] = country
    return countries


def _strings(value: Any, path: Path, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(value)


def _read_actors(path: Path, countries: Mapping[str, Country]) -> list[_Entry]:
    entries: list[_Entry] = []
    for number, raw in enumerate(_read_yaml_list(path), start=1):
        name = raw.get("name") if isinstance(raw, dict) else None
        where = f"entry {number} ({name!r})"
        if not isinstance(raw, dict) or not isinstance(name, str) or not name.strip():
            raise _fail(path, f"{where}: must be a mapping with a 'name'")
        unknown = set(raw) - _ACTOR_KEYS
        if unknown:
            raise _fail(path, f"{where}: unknown keys {sorted(unknown)}")
        inter, kind = raw.get("inter"), raw.get("kind", "armed")
        if not isinstance(inter, int) or isinstance(inter, bool) or not 1 <= inter <= 8:
            raise _fail(path, f"{where}: 'inter' must be an integer 1-8")
        if kind not in KINDS:
            raise _fail(path, f"{where}: 'kind' must be one of {sorted(KINDS)}")
        source = raw.get("source")
        if not isinstance(source, str) or not source.strip():
            raise _fail(path, f"{where}: 'source' (where the name comes from) is required")
        country = raw.get("country")
        active_in = _strings(raw.get("active_in"), path, where, "active_in")
        for code in (country, *active_in):
            if code is not None and code not in countries:
                raise _fail(path, f"{where}: unknown country code {code!r}")
        if "{period}" in name and country is None:
            raise _fail(path, f"{where}: a name with {{period}} needs a 'country'")
        until = raw.get("until")
        if until is not None and not isinstance(until, date):
            raise _fail(path, f"{where}: 'until' must be a date YYYY-MM-DD")
        if (until is None) != (raw.get("successor") is None):
            raise _fail(path, f"{where}: 'until' and 'successor' go together")
        context = _strings(raw.get("context"), path, where, "context")
        if context and not active_in:
            raise _fail(path, f"{where}: 'context' aliases need 'active_in' countries")
        entries.append(
            _Entry(
                name=name,
                kind=kind,
                inter=inter,
                country=country,
                parent=raw.get("parent"),
                aliases=_strings(raw.get("aliases"), path, where, "aliases"),
                context=context,
                active_in=active_in,
                until=until,
                successor=raw.get("successor"),
            )
        )
    _check_references(path, entries)
    return entries


def _check_references(path: Path, entries: list[_Entry]) -> None:
    names = {e.name for e in entries}
    if len(names) != len(entries):
        raise _fail(path, "two entries have the same 'name'")
    owners: dict[str, str] = {}
    context_owners: dict[tuple[str, str], str] = {}
    for entry in entries:
        where = f"entry {entry.name!r}"
        for ref in (entry.parent, entry.successor):
            if ref is not None and ref not in names:
                raise _fail(path, f"{where}: refers to {ref!r}, which is not an entry name")
        for alias in entry.aliases:
            owner = owners.setdefault(alias_key(alias), entry.name)
            if owner != entry.name:
                raise _fail(path, f"{where}: alias {alias!r} already names {owner!r}")
        for alias in entry.context:
            for iso2 in entry.active_in:
                owner = context_owners.setdefault((alias_key(alias), iso2), entry.name)
                if owner != entry.name:
                    raise _fail(
                        path, f"{where}: context alias {alias!r} in {iso2} already names {owner!r}"
                    )


def _country_of(value: Any, path: Path, where: str) -> str:
    if value not in ("actor", "place"):
        raise _fail(path, f"{where}: 'country_of' must be 'actor' or 'place'")
    return str(value)


def _read_nouns(path: Path) -> dict[tuple[str, ...], _Template]:
    templates: dict[tuple[str, ...], _Template] = {}
    for number, raw in enumerate(_read_yaml_list(path), start=1):
        where = f"entry {number}"
        if not isinstance(raw, dict) or not isinstance(raw.get("template"), str):
            raise _fail(path, f"{where}: must be a mapping with a 'template'")
        text = raw["template"]
        where = f"entry {number} ({text!r})"
        try:
            text.format(country="X", the_country="X", period="")
        except (KeyError, IndexError, ValueError) as exc:
            raise _fail(path, f"{where}: bad placeholder {exc}") from exc
        inter, kind = raw.get("inter"), raw.get("kind")
        if not isinstance(inter, int) or isinstance(inter, bool) or not 1 <= inter <= 8:
            raise _fail(path, f"{where}: 'inter' must be an integer 1-8")
        if kind not in GENERIC_KINDS:
            raise _fail(path, f"{where}: 'kind' must be one of {sorted(GENERIC_KINDS)}")
        lower = {
            key: tuple(s.lower() for s in _strings(raw.get(key), path, where, key))
            for key in ("nouns", "exclude", "proper_modifiers_ok")
        }
        template = _Template(
            template=text,
            kind=kind,
            inter=inter,
            exclude=frozenset(lower["exclude"]),
            check_proper=bool(raw.get("check_proper_modifiers", False)),
            proper_ok=frozenset(lower["proper_modifiers_ok"]),
            by_place=_country_of(raw.get("country_of", "actor"), path, where) == "place",
        )
        for noun in lower["nouns"]:
            for form in {noun, noun if noun.endswith("s") else noun + "s"}:
                words = tuple(_WORDS.findall(form))
                owner = templates.setdefault(words, template)
                if owner is not template and form == noun:
                    raise _fail(path, f"{where}: noun {noun!r} is already in {owner.template!r}")
    # ... and the singular of a plural noun ("an Israeli drone", "a regime
    # helicopter"), where no entry has it already.
    for words, template in list(templates.items()):
        last = words[-1]
        if len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is")):
            templates.setdefault((*words[:-1], last[:-1]), template)
    return templates
