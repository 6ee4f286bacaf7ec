"""Rebuild the report map's country boundaries from Natural Earth.

The package ships ``src/sitrep/data/report/ne_110m_admin0.geojson``: Natural
Earth's 1:110m admin-0 countries (public domain), as geopandas 0.14 shipped
them in its ``naturalearth_lowres`` dataset, rounded to 0.01 degrees (about
1 km, far below what a page-sized map shows) so the file stays small.

    pip download geopandas==0.14.4 --no-deps -d /tmp/ne
    cd /tmp/ne && unzip geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*'
    python tools/build_boundaries.py /tmp/ne/geopandas/datasets/naturalearth_lowres

Reads the shapefile with the standard library only (ESRI's published format:
a 100-byte header, then records of polygons), so no GIS package is needed.
"""

from __future__ import annotations

import argparse
import json
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "sitrep" / "data" / "report" / "ne_110m_admin0.geojson"
POLYGON = 5  # ESRI shape type


def read_dbf(path: Path) -> list[dict[str, str]]:
    """Rows of a dBASE III table as strings (the .dbf beside a shapefile)."""
    raw = path.read_bytes()
    count, header_len, record_len = struct.unpack("<IHH", raw[4:12])
    fields: list[tuple[str, int]] = []
    for offset in range(32, header_len - 1, 32):
        name = raw[offset : offset + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, raw[offset + 16]))
    rows = []
    for i in range(count):
        record = raw[header_len + i * record_len : header_len + (i + 1) * record_len]
        position, row = 1, {}  # byte 0 is the deletion flag
        for name, length in fields:
            # The .cpg beside the table says ISO-8859-1 ("Côte d'Ivoire").
            row[name] = record[position : position + length].decode("latin-1").strip()
            position += length
        rows.append(row)
    return rows


def read_polygons(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Each record's rings (lists of lon/lat points) from a polygon .shp file."""
    raw = path.read_bytes()
    position, shapes = 100, []
    while position < len(raw):
        _, length = struct.unpack(">II", raw[position : position + 8])
        body = raw[position + 8 : position + 8 + 2 * length]
        position += 8 + 2 * length
        (shape_type,) = struct.unpack("<i", body[:4])
        if shape_type != POLYGON:
            shapes.append([])
            continue
        parts_count, points_count = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{parts_count}i", body[44 : 44 + 4 * parts_count]))
        start = 44 + 4 * parts_count
        points = [
            struct.unpack("<dd", body[start + 16 * i : start + 16 * (i + 1)])
            for i in range(points_count)
        ]
        bounds = [*parts, points_count]
        shapes.append([points[bounds[k] : bounds[k + 1]] for k in range(parts_count)])
    return shapes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path, help="folder holding naturalearth_lowres.shp/.dbf")
    args = parser.parse_args()
    rows = read_dbf(args.folder / "naturalearth_lowres.dbf")
    shapes = read_polygons(args.folder / "naturalearth_lowres.shp")
    features = []
    for row, rings in zip(rows, shapes, strict=True):
        coordinates = [[[round(x, 2), round(y, 2)] for x, y in ring] for ring in rings]
        features.append(
            {
                "type": "Feature",
                "properties": {"name": row["name"], "iso_a3": row["iso_a3"]},
                # Rings as the shapefile stores them (outer rings clockwise,
                # holes counter-clockwise); the map draws them as one path each.
                "geometry": {"type": "MultiLineString", "coordinates": coordinates},
            }
        )
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via geopandas 0.14.4",
        "features": features,
    }
    OUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(features)} countries to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
