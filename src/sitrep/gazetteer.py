"""Offline gazetteer: place-name normalisation, lookup and spatial helpers.

The data is a compact SQLite file compiled from GeoNames data shipped in PyPI
packages (see ``gazetteer_build`` and ``data/README-gazetteer.md``; GeoNames,
CC BY 4.0). It is built on first use into the cache directory
(``SITREP_CACHE_DIR``, else ``~/.cache/sitrep``) and opened read-only.

Names are matched under two keys: ``name_key`` (case, diacritics, punctuation
folded) and ``fold_key`` (a transliteration skeleton that unifies Deir ez-Zor,
Dayr az Zawr, Deir Ezzor ...). Exact-key matches always rank above folded ones.
"""

from __future__ import annotations

import csv
import functools
import math
import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from sitrep.errors import E, SitrepError
from sitrep.records import Place, stable_hash

#: Bump when the database format or the key functions change (forces a rebuild).
BUILD_VERSION = 4
DB_NAME = f"gazetteer-v{BUILD_VERSION}.sqlite"
DATA_DIR = Path(__file__).parent / "data"
ALIASES_PATH = DATA_DIR / "place_aliases.tsv"
#: ACLED-style (OCHA COD) names of admin units, also read by ``admin_names``.
ADMIN_NAMES_PATH = DATA_DIR / "admin_names.tsv"
#: Words that name no unit alone: an ACLED-style admin name made only of them
#: ("Northern", "Centre", "Lakes", "Unity") is not indexed as a place name.
GENERIC_ADMIN_WORDS = frozenset(
    {
        "north", "northern", "south", "southern", "east", "eastern", "west", "western",
        "central", "centre", "center", "upper", "lower", "middle", "far", "coast", "coastal",
        "lakes", "lake", "unity", "capital", "region", "state", "province", "district", "city",
        "island", "islands", "bay", "mon", "delta", "river", "sea", "red", "littoral",
    }
)  # fmt: skip
COUNTRIES_PATH = DATA_DIR / "countries.tsv"


def _acronym_like(name: str) -> bool:
    """ "DRC", "U.A.E.", "BiH": letters mostly capitals, or dotted."""
    letters = [c for c in name if c.isalpha()]
    return "." in name or sum(c.isupper() for c in letters) * 2 > len(letters)


EXACT, FOLDED = 0, 1

# ---------------------------------------------------------------- normalisation

_APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʿʾʻʼʹ`´′\u02bd\u02be\u02bf"), None)
_SPECIAL = str.maketrans(
    {
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "ı": "i",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
        "ə": "e",
        "ß": "ss",
        "ħ": "h",
        "ŧ": "t",
    }
)
# Arabic script: unify alef, ya and ta marbuta forms; drop tatweel.
_ARABIC = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        "ک": "ك",
        "ـ": None,
    }
)
_NON_WORD = re.compile(r"[\W_]+")
_ARABIC_CHAR = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")


def name_key(text: str) -> str:
    """Lowercase, diacritic-free, punctuation-free key ("Deïr ez-Zor" -> "deir ez zor").

    NFKD; combining marks (Latin diacritics and Arabic tashkeel) removed;
    apostrophes and ayn/hamza signs removed; Arabic letter variants unified;
    everything that is not a letter or digit becomes a space; a leading "the"
    is dropped.
    """
    if text.isascii():
        text = _NON_WORD.sub(" ", text.translate(_APOSTROPHES).lower()).strip()
    else:
        text = unicodedata.normalize("NFKC", text).translate(_ARABIC)
        text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
        text = _NON_WORD.sub(" ", text.translate(_SPECIAL).translate(_ARABIC)).strip()
    if text.startswith("the ") and len(text) > 4:
        text = text[4:]
    return text


# Arabic article spellings (and Turkic/Persian ezafe-like "ul", "uz") dropped as tokens.
_ARTICLES = frozenset(
    [
        "al",
        "el",
        "ad",
        "ag",
        "ar",
        "as",
        "ash",
        "at",
        "az",
        "an",
        "adh",
        "ed",
        "es",
        "ez",
        "er",
        "et",
        "en",
        "ul",
        "ud",
        "ur",
        "us",
        "uz",
        "il",
    ]
)
_SUN = "tdrzsnlj"
_FUSED_ARTICLE = re.compile(rf"^[aeiu]([{_SUN}]|sh|th|dh)\1(?=[a-z]{{2}})")
_DIGRAPHS = (("dj", "j"), ("ph", "f"), ("gh", "g"), ("ck", "k"), ("q", "k"), ("x", "ks"))
_VOWELS = frozenset("aeiou")
_CLASS = {"a": "a", "e": "i", "i": "i", "y": "i", "o": "u", "u": "u", "w": "u"}


_OU_W = re.compile(r"ou(?=[aeiy])")
_C_S = re.compile(r"c(?=[eiy])")
_C_K = re.compile(r"c(?!h)")
_DOUBLE_DIGRAPH = re.compile(r"(zh|sh|kh|th)\1")
_DOUBLE = re.compile(r"(.)\1+")


def _spell(word: str) -> str:
    """Spelling-level fold of one Latin word (doubles, digraphs, "ou", final -ah/-eh)."""
    if "ou" in word:
        word = _OU_W.sub("w", word).replace("ou", "u")
    if "c" in word:
        word = _C_K.sub("k", _C_S.sub("s", word))
    for old, new in _DIGRAPHS:
        if old in word:
            word = word.replace(old, new)
    if "h" in word:
        word = _DOUBLE_DIGRAPH.sub(r"\1", word)
    word = _DOUBLE.sub(r"\1", word)
    if len(word) > 3 and word[-1] == "h" and word[-2] in "ae":
        word = word[:-2] + "a"
    return word


def _skeleton(word: str, light: bool) -> str:
    """Initial vowel class + consonants (+ final vowel class); vowels kept if ``light``."""
    out: list[str] = []
    n = len(word)
    for i, c in enumerate(word):
        prev_v = i > 0 and word[i - 1] in _VOWELS
        next_v = i + 1 < n and word[i + 1] in _VOWELS
        vowel_like = c in _VOWELS or (
            c in "yw" and i > 0 and not (prev_v and next_v) and (c == "y" or prev_v)
        )
        if not vowel_like:
            out.append(c)
        elif i == 0 or i == n - 1 or light:
            out.append(_CLASS[c])
    return _DOUBLE.sub(r"\1", "".join(out))


def without_article(key: str) -> str:
    """A ``name_key`` without its leading Arabic article words ("el hodeidah"
    -> "hodeidah"); the key itself when nothing else is left."""
    words = key.split()
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _fold_arabic(key: str) -> str:
    """Arabic script: drop every "ال" (article, separate or fused) and all spaces."""
    return key.replace("ال", "").replace(" ", "") or key.replace(" ", "")


def fold_key(text: str) -> str:
    """Aggressive transliteration fold (see README-gazetteer.md, "Normalisation").

    Per word of ``name_key``: Arabic article tokens (al, el, ad, ar, as, ash,
    az, ...) dropped, fused sun-letter articles ("Ezzor", "Assuwayda") dropped,
    spelling variants unified (dj->j, ph->f, gh->g, q->k, c->k/s, ou->u or w,
    doubled letters, final -ah/-eh -> a), then reduced to a skeleton: the class
    of a word-initial vowel (a | e,i | o,u), the consonants, and the class of a
    word-final vowel; y/w count as vowels except word-initially and between two
    vowels (w also before a vowel). Keys with fewer than three consonants keep
    their vowels (as classes), so "Gao", "Hama" and "Bab" are not reduced to one
    or two letters.
    """
    key = name_key(text)
    if _ARABIC_CHAR.search(key):
        return _fold_arabic(key)
    words = key.split()
    kept = [w for w in words if w not in _ARTICLES] or words[-1:]
    spelled = [_spell(_FUSED_ARTICLE.sub(r"\1", w)) for w in kept]
    heavy = [_skeleton(w, False) for w in spelled]
    if sum(1 for w in heavy for c in w if c not in "aiu") < 3:
        return " ".join(_skeleton(w, True) for w in spelled)
    return " ".join(heavy)


# ------------------------------------------------------------------- geometry


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (mean Earth radius 6371.0088 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places in kilometres."""
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


# ------------------------------------------------------------------ qualifiers

QUALIFIERS_PATH = DATA_DIR / "place_qualifiers.tsv"
_OF_PREFIX = re.compile(r"^(\w+) of (.+)$")


@functools.cache
def qualifier_words() -> dict[str, str]:
    """``place_qualifiers.tsv``: qualifier word -> kind ("region", "district",
    "place"); read once, on first use."""
    words: dict[str, str] = {}
    for line in QUALIFIERS_PATH.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and not line.startswith("#") and parts[0].strip():
            words[name_key(parts[0])] = parts[1].strip()
    return words


#: A place that only has a name among its alternates outranks places called so
#: only when it is this many times more populous (lookup).
ALTERNATE_OUTWEIGHS = 20


def split_qualifier(key: str) -> tuple[str, str | None]:
    """Split a trailing/leading qualifier: "idlib province" -> ("idlib", "region"),
    "kalat district" -> ("kalat", "district"), "city of aleppo" -> ("aleppo", "place")."""
    kinds = qualifier_words()
    words = key.split()
    if len(words) > 1 and words[-1] in kinds:
        return " ".join(words[:-1]), kinds[words[-1]]
    m = _OF_PREFIX.match(key)
    if m and m.group(1) in kinds:
        return m.group(2), kinds[m.group(1)]
    return key, None


def _tier(place: Place, want: str | None) -> int:
    code = place.feature_code
    # Other divisions (ADM2-5, in imported dumps) rank below the town they are
    # named after: "Rotterdam" is the city, not the more populous municipality.
    division = int(place.feature_class == "A")
    if want == "region":
        return {"ADM1": 0, "PCLI": 1, "PPLC": 2, "PPLA": 2}.get(code, 3)
    if want == "place":
        return {"PPLC": 0, "PPLA": 0, "ADM1": 3, "PCLI": 3}.get(code, 1 + 2 * division)
    if want == "district":
        # The town the district is named after (its seat: ACLED's representative
        # location), else the district itself, never the province of that name.
        return {"PPLC": 0, "PPLA": 0, "ADM2": 2, "ADM1": 3, "PCLI": 3}.get(code, 1 + 2 * division)
    # A country outranks a town that merely has its name as an alternate
    # ("Iraq" is also an old name of Arāk, Iran).
    return {"PCLI": 0, "PPLC": 0, "PPLA": 0, "ADM1": 1}.get(code, 2 + division)


# ------------------------------------------------------------------ gazetteer


def default_cache_dir() -> Path:
    """``$SITREP_CACHE_DIR`` or ``~/.cache/sitrep``."""
    env = os.environ.get("SITREP_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "sitrep"


def default_path() -> Path:
    """Where the default gazetteer database lives (built on first use)."""
    return default_cache_dir() / DB_NAME


def configured_path() -> Path | None:
    """``$SITREP_GAZETTEER``: a gazetteer database (e.g. an imported GeoNames dump)
    to use instead of the default one; ``None`` when unset."""
    env = os.environ.get("SITREP_GAZETTEER", "").strip()
    return Path(env).expanduser() if env else None


def default_user_places() -> Path | None:
    """``$SITREP_PLACES``, else ``$XDG_CONFIG_HOME/sitrep/places.csv`` if it exists."""
    env = os.environ.get("SITREP_PLACES")
    if env:
        return Path(env)
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    path = base / "sitrep" / "places.csv"
    return path if path.exists() else None


_COLUMNS = "id, name, lat, lon, fclass, fcode, cc, a1, a2code, a2, pop"
_Row = tuple[int, str, float, float, str, str, str, str | None, str | None, str | None, int]


class Gazetteer:
    """Read-only, thread-safe access to the compiled gazetteer."""

    def __init__(self, conn: sqlite3.Connection, user_places: Path | None = None) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self._countries: dict[str, str] = dict(conn.execute("SELECT iso, name FROM country"))
        self._admin1: dict[tuple[str, str], tuple[str, int | None]] = {
            (cc, code): (name, seat)
            for cc, code, name, seat in conn.execute("SELECT cc, code, name, seat FROM admin1")
        }
        self._extra: dict[tuple[str, int], list[int]] = {}  # (key, kind) -> ids
        self._user: dict[int, Place] = {}
        self._load_aliases(ALIASES_PATH)
        self._load_admin_names()
        self._load_country_names(COUNTRIES_PATH)
        if user_places is not None and user_places.exists():
            self._load_user_places(user_places)
        self._cached = functools.lru_cache(maxsize=16384)(self._lookup)

    # -- construction --------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None, *, user_places: Path | None = None) -> Gazetteer:
        """Open ``path`` (default: ``$SITREP_GAZETTEER``, else the cache database,
        built first if missing)."""
        if path is None:
            path = configured_path()
            if path is not None and not path.exists():
                detail = "no such file (set by SITREP_GAZETTEER)"
                raise SitrepError(E.E011, path=path, detail=detail)
            path = path or default_path()
            if not path.exists():
                cls.build(path)
            if user_places is None:
                user_places = default_user_places()
        uri = f"file:{path.resolve()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return cls(conn, user_places)

    @classmethod
    def build(cls, path: Path) -> None:
        """Compile the gazetteer from the shipped GeoNames data into ``path`` (atomic)."""
        from sitrep.gazetteer_build import build_gazetteer  # noqa: PLC0415 (heavy, rare)

        build_gazetteer(path)

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    def _index(self, names: Iterable[str], pid: int) -> None:
        for n in names:
            for kind, key in ((EXACT, name_key(n)), (FOLDED, fold_key(n))):
                if key:
                    ids = self._extra.setdefault((key, kind), [])
                    if pid not in ids:
                        ids.append(pid)

    def _load_aliases(self, path: Path) -> None:
        if not path.exists():
            return
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and not line.startswith("#") and parts[1].strip().isdigit():
                self._index([parts[0]], int(parts[1]))

    def _load_admin_names(self) -> None:
        """Each unit of ``admin_names.tsv`` also under its ACLED-style (OCHA
        COD) spelling, the one reports and analysts use: "North Darfur" is
        GeoNames' "Northern Darfur", "Shan" its "Shan State" (not Schaan,
        Liechtenstein). A name made only of generic words ("Northern",
        "Centre", "Lakes") is left out: alone it names no place."""
        admin1 = {
            (str(cc), str(code)): int(gid)  # type: ignore[call-overload]
            for cc, code, gid in self._query("SELECT cc, code, geonameid FROM admin1", [])
            if gid is not None
        }
        if not ADMIN_NAMES_PATH.exists():
            return
        for line in ADMIN_NAMES_PATH.read_text(encoding="utf-8").splitlines():
            columns = line.split("\t")
            if line.startswith("#") or len(columns) < 2:
                continue
            unit, name = columns[0].strip(), columns[1].strip()
            if set(name_key(name).split()) <= GENERIC_ADMIN_WORDS:
                continue
            cc, code, district = [*unit.split("."), ""][:3]
            if not district:
                pid = admin1.get((cc, code))
            else:
                found = self._query(
                    "SELECT id FROM place WHERE fcode = 'ADM2' AND cc = ? AND a1 = ?"
                    " AND a2code = ? LIMIT 1",
                    [cc, code, district],
                )
                pid = int(found[0][0]) if found else None  # type: ignore[call-overload]
            if pid is not None:
                self._index([name], pid)

    def _load_country_names(self, path: Path) -> None:
        """Each country's place (PCLI) also under sitrep's names and aliases of
        it (``countries.tsv``): "eastern Congo" is DR Congo, not Congo, a town
        in Brazil. Not an acronym ("DRC", "UAE", "C.A.R."): an all-capital
        word is a place only by a curated alias (``geocode.acronym``)."""
        if not path.exists():
            return
        ids = dict(self._conn.execute("SELECT iso, geonameid FROM country"))
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            columns = line.split("\t")
            iso = columns[0].strip()
            if line.startswith("#") or len(columns) < 5 or iso not in ids:
                continue
            names = [n.strip() for n in (columns[2], *columns[4].split("|")) if n.strip()]
            self._index(
                [n for n in names if not _acronym_like(n) and not self._part_of(n, iso)],
                int(ids[iso]),
            )

    def _part_of(self, name: str, iso: str) -> bool:
        """Whether ``name`` is also the name of a place in country ``iso``: a
        part named for the whole ("Zanzibar" for Tanzania, "Scotland" for the
        United Kingdom) stays the part."""
        ids = self._ids_for(name_key(name), EXACT)
        if not ids:
            return False
        marks = ",".join("?" * len(ids))
        rows = self._query(
            f"SELECT 1 FROM place WHERE cc = ? AND id IN ({marks}) LIMIT 1", [iso, *ids]
        )
        return bool(rows)

    def _load_user_places(self, path: Path) -> None:
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                cc = (row.get("country_iso") or "").strip().upper()
                a1 = (row.get("admin1") or "").strip() or None
                a1_code = self._admin1_code(cc, a1) if a1 else None
                code = (row.get("feature_code") or "PPL").strip() or "PPL"
                alts = tuple(a for a in (row.get("alternate_names") or "").split("|") if a)
                lat, lon = float(row["latitude"]), float(row["longitude"])
                pid = -int(stable_hash(row["name"], lat, lon, length=8), 16)
                self._user[pid] = Place(
                    geonameid=pid,
                    name=row["name"],
                    latitude=lat,
                    longitude=lon,
                    country_iso=cc,
                    country=self._countries.get(cc, cc),
                    feature_class="A" if code.startswith(("ADM", "PCL")) else "P",
                    feature_code=code,
                    admin1=self._admin1.get((cc, a1_code or ""), (a1,))[0],
                    admin1_code=a1_code,
                    admin2=(row.get("admin2") or "").strip() or None,
                    alternate_names=alts,
                )
                self._index((row["name"], *alts), pid)

    # -- records -------------------------------------------------------------

    def _place(self, row: _Row, alts: str | None = None) -> Place:
        pid, name, lat, lon, fclass, fcode, cc, a1, a2code, a2, pop = row
        return Place(
            geonameid=pid,
            name=name,
            latitude=lat,
            longitude=lon,
            country_iso=cc,
            country=self._countries.get(cc, cc),
            feature_class=fclass,
            feature_code=fcode,
            admin1=self._admin1.get((cc, a1 or ""), (None,))[0],
            admin1_code=a1,
            admin2=a2,
            admin2_code=a2code,
            population=pop,
            alternate_names=tuple(alts.split("|")) if alts else (),
        )

    def _query(self, sql: str, args: Iterable[object]) -> list[tuple[object, ...]]:
        with self._lock:
            return self._conn.execute(sql, tuple(args)).fetchall()

    def get(self, geonameid: int) -> Place | None:
        """The place with this id, alternate names filled."""
        if geonameid in self._user:
            return self._user[geonameid]
        rows = self._query(f"SELECT {_COLUMNS}, alt FROM place WHERE id = ?", [geonameid])
        return self._place(rows[0][:-1], rows[0][-1]) if rows else None  # type: ignore[arg-type]

    def _places(self, ids: list[int]) -> dict[int, Place]:
        out = {i: self._user[i] for i in ids if i in self._user}
        db_ids = [i for i in ids if i not in out]
        for start in range(0, len(db_ids), 500):
            chunk = db_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._query(f"SELECT {_COLUMNS} FROM place WHERE id IN ({marks})", chunk):
                place = self._place(row)  # type: ignore[arg-type]
                out[place.geonameid] = place
        return out

    def country_place(self, iso2: str) -> Place | None:
        """The country (feature code PCLI), located at its capital."""
        rows = self._query("SELECT id FROM place WHERE fcode = 'PCLI' AND cc = ?", [iso2.upper()])
        return self.get(int(rows[0][0])) if rows else None  # type: ignore[call-overload]

    def admin1_seat(self, iso2: str, admin1_code: str) -> Place | None:
        """The seat of an admin1 region (approximated by its most populous place)."""
        seat = self._admin1.get((iso2.upper(), admin1_code), ("", None))[1]
        return self.get(seat) if seat is not None else None

    def admin1_region(self, iso2: str, admin1_code: str) -> Place | None:
        """The admin1 region itself (feature code ADM1), located at its seat."""
        rows = self._query(
            "SELECT id FROM place WHERE fcode = 'ADM1' AND cc = ? AND a1 = ?",
            [iso2.upper(), admin1_code],
        )
        return self.get(int(rows[0][0])) if rows else None  # type: ignore[call-overload]

    def _admin1_code(self, cc: str, admin1: str) -> str | None:
        if (cc, admin1) in self._admin1:
            return admin1
        for want in (name_key, fold_key):
            key = want(split_qualifier(name_key(admin1))[0])
            for (c, code), (name, _seat) in self._admin1.items():
                if c == cc and want(name) == key:
                    return code
        return None

    def nearest(self, lat: float, lon: float, *, country: str | None = None) -> Place | None:
        """The nearest populated place (feature class P), optionally within a country."""
        for d in (0.25, 1.0, 4.0, 16.0, 180.0):
            sql = f"SELECT {_COLUMNS} FROM place WHERE fclass = 'P' AND lat BETWEEN ? AND ?"
            args: list[object] = [lat - d, lat + d]
            if d < 90:
                sql += " AND lon BETWEEN ? AND ?"
                dlon = d / max(0.05, math.cos(math.radians(lat)))
                args += [lon - dlon, lon + dlon]
            if country:
                sql += " AND cc = ?"
                args.append(country.upper())
            rows = self._query(sql, args)
            best = min(rows, key=lambda r: haversine_km(lat, lon, r[2], r[3]), default=None)  # type: ignore[arg-type]
            if best is not None and haversine_km(lat, lon, best[2], best[3]) <= d * 111:  # type: ignore[arg-type]
                return self._place(best)  # type: ignore[arg-type]
        return None

    # -- lookup --------------------------------------------------------------

    def _ids_for(self, key: str, kind: int) -> list[int]:
        ids = [
            int(r[0])  # type: ignore[call-overload]
            for r in self._query("SELECT id FROM name_key WHERE key = ? AND kind = ?", [key, kind])
        ]
        return ids + [i for i in self._extra.get((key, kind), []) if i not in ids]

    def _lookup(
        self, text: str, country: str | None, admin1: str | None, limit: int
    ) -> tuple[Place, ...]:
        key = name_key(text)
        want: str | None = None
        if not self._ids_for(key, EXACT):
            key, want = split_qualifier(key)
        if not key:
            return ()
        exact = self._ids_for(key, EXACT)
        folded = [i for i in self._ids_for(fold_key(key), FOLDED) if i not in exact]
        places = self._places(exact + folded)
        cc = country.upper() if country else None
        a1 = (self._admin1_code(cc, admin1) if cc else None) if admin1 else None
        a1_key = name_key(admin1) if admin1 else None
        exact_set = set(exact)

        def other_admin1(p: Place) -> bool:
            if a1_key is None:
                return False
            if a1 is not None:
                return p.admin1_code != a1
            return p.admin1_code != admin1 and name_key(p.admin1 or "") != a1_key

        # A town called so outranks one that only has the name among its
        # alternates ("Jayapura" is the Papuan city, not Jaipur, whose Sanskrit
        # name it is), unless that one is far bigger ("Aleppo" is Halab, not
        # Aleppo, Pennsylvania).
        # Among towns, and only where no country is known to choose by.
        main_population = max(
            (
                p.population
                for p in places.values()
                if p.feature_class == "P" and name_key(p.name) == key
            ),
            default=-1,
        )

        def by_alternate(p: Place) -> int:
            # ... and a region known by the name only without its kind ("Beni
            # Department", Bolivia) does not outrank the town called so (Beni,
            # DR Congo), unless far bigger or asked for ("Kharkiv region").
            if cc is not None or main_population < 0:
                return 0
            if p.feature_class != "P" and (p.feature_code != "ADM1" or want is not None):
                return 0
            if name_key(p.name) == key or p.geonameid in self._user:
                return 0
            return int(p.population < ALTERNATE_OUTWEIGHS * max(main_population, 1))

        def rank(p: Place) -> tuple[int, int, int, int, int, int, int]:
            return (
                int(cc is not None and p.country_iso != cc),
                int(p.geonameid not in exact_set),
                by_alternate(p),
                int(p.geonameid not in self._user),
                int(other_admin1(p)),
                _tier(p, want),
                -p.population,
            )

        return tuple(sorted(places.values(), key=rank)[:limit])

    def alias_ids(self, name: str) -> tuple[int, ...]:
        """Ids of the places ``name`` is a curated spelling of
        (``place_aliases.tsv``, sitrep's country names, the user's places)."""
        return tuple(self._extra.get((name_key(name), EXACT), ()))

    def is_alias(self, name: str) -> bool:
        """Whether ``name`` is one of the curated spellings of
        ``place_aliases.tsv`` or the user's places (not a GeoNames name)."""
        return (name_key(name), EXACT) in self._extra

    def lookup(
        self,
        name: str,
        *,
        country: str | None = None,
        admin1: str | None = None,
        limit: int = 10,
    ) -> list[Place]:
        """Candidate places for ``name``, best first (see module docs for the ranking).

        ``country`` is an ISO2 code: places elsewhere come last, never first.
        ``admin1`` (code or name) puts places in that region first. A trailing
        "province/governorate/region/oblast/countryside" prefers the ADM1 region,
        "city/town/village/district" the populated place.
        """
        return list(self._cached(name, country, admin1, limit))

    def with_alternates(self, place: Place) -> Place:
        """``place`` with its alternate names filled (lookup results omit them)."""
        full = self.get(place.geonameid)
        return replace(place, alternate_names=full.alternate_names) if full else place
