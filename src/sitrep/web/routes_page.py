"""The page and what it draws with: map dots or grid clusters, the
timeline, the filter panel's values, the ACLED taxonomy and the base map."""

from __future__ import annotations

import json
import math
from contextlib import closing
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse, HTMLResponse, Response

from sitrep import browse
from sitrep.admin_names import admin1_name
from sitrep.countrycodes import country_code
from sitrep.lexicon import default_lexicon
from sitrep.web.app import ServeConfig, config_of, web_data
from sitrep.web.params import Filter
from sitrep.web.routes_events import ERRORS

router = APIRouter()
Config = Annotated[ServeConfig, Depends(config_of)]
#: Up to this many events in view the map gets every dot (clustered in the
#: browser); past it, server-side grid cells. 3,000 divIcons stay smooth
#: in Chromium on a laptop; the bench's 100,000 do not.
MAX_DOTS = 3000


@router.get("/api/v1/map", tags=["map"], responses=ERRORS)
def map_layer(
    config: Config,
    where: Filter,
    zoom: Annotated[int, Query(ge=0, le=20, description="The map's zoom level.")] = 3,
) -> dict[str, Any]:
    """What the map draws for the view: the events as dots when there are at
    most ``MAX_DOTS`` of them, else counts per grid cell (about 60 pixels wide
    at this zoom) so that 100,000 events cost a few hundred markers."""
    with closing(config.store()) as store:
        total = browse.count(store, where)
        if total <= MAX_DOTS:
            found = browse.page(store, where, limit=MAX_DOTS, sort="fatalities")
            dots = [
                {
                    "event_id": e.event_id,
                    "latitude": e.latitude,
                    "longitude": e.longitude,
                    "event_type": e.event_type,
                    "sub_event_type": e.sub_event_type,
                    "fatalities": e.fatalities,
                    "event_date": e.event_date.isoformat() if e.event_date else None,
                    "location": e.location,
                }
                for e in found.events
                if e.latitude is not None and e.longitude is not None
            ]
            return {"mode": "dots", "total": total, "dots": dots, "cells": []}
        # A 256-pixel tile spans 360 / 2**zoom degrees.
        cell = 360 / math.pow(2, zoom) * 60 / 256
        cells = browse.grid(store, where, cell)
    return {
        "mode": "grid",
        "total": total,
        "dots": [],
        "cells": [
            {
                "latitude": c.latitude,
                "longitude": c.longitude,
                "count": c.count,
                "fatalities": c.fatalities,
                "event_type": c.event_type,
            }
            for c in cells
        ],
    }


@router.get("/api/v1/timeline", tags=["map"], responses=ERRORS)
def timeline(
    config: Config, where: Filter, by: Annotated[Literal["day", "month"], Query()] = "day"
) -> dict[str, Any]:
    """Events and fatalities per day or month under the filters."""
    with closing(config.store()) as store:
        bins = browse.timeline(store, where, by=by)
    return {
        "by": by,
        "bins": [
            {"start": b.start.isoformat(), "count": b.count, "fatalities": b.fatalities}
            for b in bins
        ],
    }


@router.get("/api/v1/facets", tags=["map"], responses=ERRORS)
def facets(config: Config) -> dict[str, Any]:
    """Values for the filter panel, and the store's date span."""
    with closing(config.store()) as store:
        values: dict[str, Any] = browse.facets(store)
        span = store.event_date_span()
    values["dates"] = [d.isoformat() for d in span] if span else None
    return values


@router.get("/api/v1/taxonomy", tags=["map"])
def taxonomy() -> dict[str, Any]:
    """ACLED event types with their disorder type and sub-event types."""
    lexicon = default_lexicon()
    return {
        event_type: {
            "disorder_type": disorder,
            "sub_event_types": [s for s, t in lexicon.event_type_of.items() if t == event_type],
        }
        for event_type, disorder in lexicon.disorder_type_of.items()
    }


@router.get("/api/v1/basemap", tags=["map"], response_class=FileResponse)
def basemap() -> FileResponse:
    """Country outlines (Natural Earth 1:110m admin-0, public domain)."""
    path = Path(str(resources.files("sitrep") / "data" / "report" / "ne_110m_admin0.geojson"))
    return FileResponse(path, media_type="application/geo+json")


@cache
def _admin1_topology() -> bytes:
    """The admin-1 TopoJSON with each unit's ``admin1`` spelled as the store
    spells it (ACLED-style, ``data/admin_names.tsv``) and GeoNames' spelling,
    which the file carries, moved to ``admin1_geonames``."""
    path = web_data() / "ne_10m_admin1.topo.json"
    topology = json.loads(path.read_text(encoding="utf-8"))
    for unit in topology["objects"]["admin1"]["geometries"]:
        properties = unit["properties"]
        geonames = properties.get("admin1")
        # Natural Earth's own codes for some (SDS South Sudan): then by name.
        iso2 = country_code(properties.get("iso_a3") or "") or country_code(
            properties.get("country") or ""
        )
        properties["admin1_geonames"] = geonames
        if geonames and iso2:
            properties["admin1"] = admin1_name(iso2, geonames)
    return json.dumps(topology, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@router.get("/api/v1/basemap/admin1", tags=["map"], response_class=Response)
def basemap_admin1() -> Response:
    """First-level divisions (Natural Earth 1:10m admin-1 states and
    provinces, public domain) as TopoJSON: each unit with its Natural Earth
    ``name``, the ``admin1`` name the store uses for it (ACLED-style where
    sitrep has one, else GeoNames'; null where GeoNames has none), GeoNames'
    own ``admin1_geonames``, ``country``, ``iso_a3``, ``type`` and a
    ``label`` point. The page draws them under the country outlines when
    zoomed in."""
    return Response(_admin1_topology(), media_type="application/json")


@router.get("/", include_in_schema=False, response_class=HTMLResponse)
def page() -> FileResponse:
    """The workbench page."""
    return FileResponse(web_data() / "index.html", media_type="text/html")
