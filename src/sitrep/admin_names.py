"""ACLED-style names of administrative units (``data/admin_names.tsv``).

The gazetteer carries GeoNames' spellings of provinces and districts ("Idlib",
"Rif-dimashq", "Ar-Raqqah"); ACLED-style data, which analysts compare sitrep's
output with, follows the UN OCHA common operational datasets ("Idleb", "Rural
Damascus", "Ar-Raqqa"). The table maps GeoNames admin codes to those names; a
unit it lacks keeps its GeoNames name. Applied when events are built (merge);
the gazetteer keeps GeoNames' names as the places' own and only finds a unit
by its ACLED-style spelling too (``Gazetteer._load_admin_names``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from sitrep.records import Place


@dataclass(frozen=True, slots=True)
class AdminName:
    """One administrative unit: its GeoNames code, its ACLED-style (COD-AB)
    name and its GeoNames name."""

    code: str  # "SY.12" (admin1) or "SY.12.169388" (admin2)
    name: str
    geonames: str


@dataclass(frozen=True, slots=True)
class AdminNames:
    """A place's admin1/admin2 names, ACLED-style and as GeoNames spells them."""

    admin1: str | None
    admin2: str | None
    admin1_geonames: str | None
    admin2_geonames: str | None


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


@cache
def table() -> dict[str, AdminName]:
    """Every row of ``data/admin_names.tsv`` by its GeoNames code."""
    path = resources.files("sitrep") / "data" / "admin_names.tsv"
    rows: dict[str, AdminName] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, name, geonames = (part.strip() for part in line.split("\t"))
        rows[code] = AdminName(code, name, geonames)
    return rows


@cache
def _by_geonames_name() -> dict[str, AdminName]:
    """(parent code, folded GeoNames name) -> row: a place whose admin2 name
    is known but whose admin2 code is not (user places, old gazetteers)."""
    rows: dict[str, AdminName] = {}
    for row in table().values():
        parent = row.code.rpartition(".")[0]
        rows.setdefault(f"{parent}|{_fold(row.geonames)}", row)
    return rows


def _lookup(parent: str, code: str | None, geonames: str | None) -> str | None:
    row = table().get(f"{parent}.{code}") if code else None
    if row is None and geonames:
        row = _by_geonames_name().get(f"{parent}|{_fold(geonames)}")
    return row.name if row is not None else geonames


def admin1_name(iso2: str, geonames: str) -> str:
    """The ACLED-style name of the first-level unit GeoNames calls
    ``geonames`` in country ``iso2`` (``geonames`` itself if the table has none)."""
    return _lookup(iso2.upper(), None, geonames) or geonames


def names_of(place: Place | None) -> AdminNames:
    """The ACLED-style admin1/admin2 names of ``place`` (its GeoNames names
    where the table has none), with the GeoNames names beside them."""
    if place is None:
        return AdminNames(None, None, None, None)
    cc = place.country_iso.upper()
    admin1 = _lookup(cc, place.admin1_code, place.admin1)
    admin2 = place.admin2
    if place.admin1_code:
        admin2 = _lookup(f"{cc}.{place.admin1_code}", place.admin2_code, place.admin2)
    return AdminNames(admin1, admin2, place.admin1, place.admin2)


@cache
def _admin1_spellings() -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for row in table().values():
        if row.code.count(".") != 1:
            continue  # districts are not filtered on
        for key in {_fold(row.name), _fold(row.geonames)}:
            groups.setdefault(key, set()).update({row.name, row.geonames})
    return {key: frozenset(group) for key, group in groups.items()}


def admin1_spellings(name: str) -> tuple[str, ...]:
    """``name`` and the other spellings of the first-level units it names
    ("Idlib" -> "Idleb", "Idlib"), sorted: a filter on either finds events
    stored under the other (stores written before schema 1.2 hold GeoNames
    names)."""
    found = _admin1_spellings().get(_fold(name), frozenset())
    return tuple(sorted({name, *found}))
