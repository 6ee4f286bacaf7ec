"""The brief's static map: events by type and fatalities on Natural Earth
country boundaries (public domain, ``data/report/ne_110m_admin0.geojson``).

No tile server and no GIS package: the boundaries are a small GeoJSON file
read with ``json``, drawn in an equirectangular projection whose aspect is
corrected for the latitude, which is faithful enough at the scale of a
country or a region.
"""

from __future__ import annotations

import functools
import json
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.path import Path as MplPath

from sitrep.records import Event
from sitrep.report.charts import TYPE_COLOURS, colour, new_figure, to_svg

BOUNDARIES = Path(str(resources.files("sitrep") / "data" / "report" / "ne_110m_admin0.geojson"))
#: Markers drawn at most: past a few thousand an SVG map gets slow to render
#: and no more readable; the smallest groups go first, and the note says so.
MAX_MARKERS = 2000
#: Smallest map span in degrees (about 660 km): a single town still shows its
#: country and neighbours around it.
MIN_SPAN = 6.0
#: Grid cells across the map's width: a cell is about a marker's width on
#: the page; events of one type in one cell share a marker.
GRID = 150
#: Marker sizes stop growing here: past it a marker would hide its region.
MAX_SIZE_FATALITIES = 1000
LABELS = 8  # place names written on the map, busiest first


@dataclass(frozen=True, slots=True)
class Country:
    """One Natural Earth admin-0 unit: its name and outline rings (lon, lat)."""

    name: str
    iso_a3: str
    rings: tuple[tuple[tuple[float, float], ...], ...]
    bounds: tuple[float, float, float, float]  # west, south, east, north


def _bounds(rings: list[list[list[float]]]) -> tuple[float, float, float, float]:
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


@functools.cache
def load_countries(path: Path = BOUNDARIES) -> tuple[Country, ...]:
    """Country outlines from a GeoJSON of MultiLineString rings (built by
    ``tools/build_boundaries.py``); cached, as every brief draws them."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        Country(
            name=f["properties"]["name"],
            iso_a3=f["properties"]["iso_a3"],
            rings=tuple(tuple((x, y) for x, y in ring) for ring in f["geometry"]["coordinates"]),
            bounds=_bounds(f["geometry"]["coordinates"]),
        )
        for f in collection["features"]
    )


@dataclass(slots=True)
class _Marker:
    longitude: float
    latitude: float
    event_type: str
    location: str
    events: int = 0
    fatalities: int = 0


def _markers(events: Sequence[Event], cell: float) -> list[_Marker]:
    # Events of one type in one grid cell share a marker, placed at their
    # mean position: the cell is about what one marker covers on the page,
    # so 100,000 events make at most a few thousand markers, and the size of
    # each carries the fatalities.
    groups: dict[tuple[int, int, str], _Marker] = {}
    for e in events:
        if e.latitude is None or e.longitude is None:
            continue
        key = (math.floor(e.longitude / cell), math.floor(e.latitude / cell), e.event_type)
        marker = groups.get(key)
        if marker is None:
            marker = groups[key] = _Marker(0.0, 0.0, e.event_type, e.location or "")
        marker.longitude += e.longitude  # summed here, averaged below
        marker.latitude += e.latitude
        marker.events += 1
        marker.fatalities += e.fatalities
    for marker in groups.values():
        marker.longitude /= marker.events
        marker.latitude /= marker.events
    return sorted(groups.values(), key=lambda m: (-m.events, -m.fatalities, m.location))


def _extent(
    points: Sequence[tuple[float, float]], countries: Sequence[Country]
) -> tuple[float, float, float, float] | None:
    if points:
        xs = [x for x, _ in points]
        ys = [y for _, y in points]
        west, south, east, north = min(xs), min(ys), max(xs), max(ys)
    elif countries:
        west = min(c.bounds[0] for c in countries)
        south = min(c.bounds[1] for c in countries)
        east = max(c.bounds[2] for c in countries)
        north = max(c.bounds[3] for c in countries)
    else:
        return None
    pad_x = max((east - west) * 0.12, (MIN_SPAN - (east - west)) / 2, 0.5)
    pad_y = max((north - south) * 0.12, (MIN_SPAN - (north - south)) / 2, 0.5)
    return (
        max(west - pad_x, -180.0),
        max(south - pad_y, -90.0),
        min(east + pad_x, 180.0),
        min(north + pad_y, 90.0),
    )


def _label_spot(
    country: Country, extent: tuple[float, float, float, float]
) -> tuple[float, float] | None:
    """Where to write a country's name: the middle of the part of its box that
    is on the map, if that point is inside the country and the country is
    wide enough there to hold a name (a tenth of the map's width); on a world
    map only the large countries are named, on a regional one every neighbour."""
    west, south, east, north = extent
    left, bottom = max(country.bounds[0], west), max(country.bounds[1], south)
    right, top = min(country.bounds[2], east), min(country.bounds[3], north)
    if right - left < (east - west) / 10:
        return None
    middle = (
        (country.bounds[0] + country.bounds[2]) / 2,
        (country.bounds[1] + country.bounds[3]) / 2,
    )
    # The middle of the whole country first (where a reader looks for the
    # name), else the middle of the part on the map.
    for spot in (middle, ((left + right) / 2, (bottom + top) / 2)):
        on_map = west < spot[0] < east and south < spot[1] < north
        if on_map and any(
            MplPath(ring).contains_point(spot) for ring in country.rings if len(ring) > 2
        ):
            return spot
    return None


def _size(fatalities: int) -> float:
    # Marker area grows with the square root of the dead, so one massacre
    # does not hide every other event; 0 dead is a small ring.
    return 18.0 + 16.0 * math.sqrt(min(fatalities, MAX_SIZE_FATALITIES))


def render_map(events: Sequence[Event], area_countries: Sequence[str] = ()) -> tuple[str, str]:
    """The map as an inline SVG, and a note for the reader (events without
    coordinates, markers left out). Empty SVG when there is nothing to place."""
    countries = load_countries()
    points = [(e.longitude, e.latitude) for e in events if e.longitude is not None
              and e.latitude is not None]  # fmt: skip
    wanted = {c.lower() for c in area_countries}
    extent = _extent(points, [c for c in countries if c.name.lower() in wanted])
    if extent is None:
        return "", "No event has coordinates to map."
    west, south, east, north = extent
    markers = _markers(events, max((east - west) / GRID, 0.01))
    aspect = 1 / max(math.cos(math.radians((south + north) / 2)), 0.2)
    # A map much wider than tall is a strip a reader cannot read: show at
    # least 45% of the width in height, more of the land north and south.
    missing = (east - west) * 0.45 / aspect - (north - south)
    if missing > 0:
        south, north = max(south - missing / 2, -85.0), min(north + missing / 2, 85.0)
        extent = (west, south, east, north)
    width = 6.8
    axes_width = width - 1.6  # the legend sits on the right
    height = min(max(axes_width * (north - south) * aspect / max(east - west, 1e-6), 2.4), 4.2)
    figure = new_figure(width, height)
    axes = figure.add_subplot()
    axes.set_facecolor("#dcebf5")  # sea
    visible = [
        c
        for c in countries
        if c.bounds[0] <= east and c.bounds[2] >= west and c.bounds[1] <= north
        and c.bounds[3] >= south
    ]  # fmt: skip
    axes.add_collection(
        PolyCollection(
            [ring for c in visible for ring in c.rings],
            facecolors="#f4f1ea",
            edgecolors="#8c8c8c",
            linewidths=0.6,
        )
    )
    for c in visible:
        spot = _label_spot(c, extent)
        if spot is not None:
            axes.text(
                *spot,
                c.name.upper(),
                fontsize=6,
                color="#9a9a9a",
                ha="center",
                va="center",
                zorder=2,
            )
    shown = markers[:MAX_MARKERS]
    for hollow in (True, False):
        # Largest first, so small markers stay visible on top of large ones.
        chosen = sorted(
            (m for m in shown if (m.fatalities == 0) == hollow), key=lambda m: -m.fatalities
        )
        if not chosen:
            continue
        axes.scatter(
            [m.longitude for m in chosen],
            [m.latitude for m in chosen],
            s=[_size(m.fatalities) for m in chosen],
            facecolors="none" if hollow else [colour(m.event_type) for m in chosen],
            edgecolors=[colour(m.event_type) for m in chosen],
            linewidths=1.2,
            alpha=0.85,
            zorder=3,
        )
    places: dict[str, tuple[float, float, int]] = {}
    totals: dict[str, int] = defaultdict(int)
    for m in shown:
        totals[m.location] += m.events
        places.setdefault(m.location, (m.longitude, m.latitude, 0))
    for name in sorted(totals, key=lambda n: -totals[n])[:LABELS]:
        if name:
            x, y, _ = places[name]
            axes.annotate(name, (x, y), xytext=(4, 4), textcoords="offset points", fontsize=7)
    axes.set_xlim(west, east)
    axes.set_ylim(south, north)
    axes.set_aspect(aspect)
    axes.tick_params(labelsize=6, length=2)
    present = [t for t in TYPE_COLOURS if any(m.event_type == t for m in shown)]
    handles = [
        Line2D([], [], marker="o", linestyle="", color=TYPE_COLOURS[t], label=t) for t in present
    ]
    handles += [
        Line2D([], [], marker="o", linestyle="", markerfacecolor="none", color="#555555",
               markersize=math.sqrt(_size(0)), label="no fatalities"),
        Line2D([], [], marker="o", linestyle="", color="#555555",
               markersize=math.sqrt(_size(10)), label="10 killed"),
        Line2D([], [], marker="o", linestyle="", color="#555555",
               markersize=math.sqrt(_size(100)), label="100 killed"),
    ]  # fmt: skip
    if any(m.fatalities >= MAX_SIZE_FATALITIES for m in shown):
        handles.append(Line2D([], [], marker="o", linestyle="", color="#555555",
                              markersize=math.sqrt(_size(MAX_SIZE_FATALITIES)),
                              label=f"{MAX_SIZE_FATALITIES:,} or more"))  # fmt: skip
    axes.legend(handles=handles, fontsize=6, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    svg = to_svg(figure, "map")
    located = sum(m.events for m in markers)
    notes = []
    if located < len(events):
        notes.append(f"{len(events) - located} events have no coordinates and are not mapped.")
    if len(markers) > MAX_MARKERS:
        left = sum(m.events for m in markers[MAX_MARKERS:])
        notes.append(f"{left} events at the {len(markers) - MAX_MARKERS} least busy places "
                     "are not drawn.")  # fmt: skip
    if any(m.fatalities > MAX_SIZE_FATALITIES for m in shown):
        notes.append(f"Markers stop growing at {MAX_SIZE_FATALITIES:,} killed.")
    return svg, " ".join(notes)
