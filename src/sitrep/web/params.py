"""Query parameters shared by the event routes: every filter of ``sitrep
events`` plus a bounding box, a minimum confidence and a text search."""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated

from fastapi import Depends, Query

from sitrep.browse import EventFilter
from sitrep.errors import E, SitrepError
from sitrep.store import EventQuery

_TEXT = 200  # longest filter value: actor names are ~120 characters at most


def event_filter(
    date_from: Annotated[dt.date | None, Query(description="Earliest event date.")] = None,
    date_to: Annotated[dt.date | None, Query(description="Latest event date.")] = None,
    country: Annotated[str | None, Query(max_length=_TEXT, examples=["Syria"])] = None,
    admin1: Annotated[str | None, Query(max_length=_TEXT, examples=["Deir ez-Zor"])] = None,
    event_type: Annotated[
        str | None, Query(max_length=_TEXT, description="ACLED event or sub-event type.")
    ] = None,
    actor: Annotated[
        str | None, Query(max_length=_TEXT, description="Part of actor 1's or 2's name.")
    ] = None,
    min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0,
    bbox: Annotated[
        str | None,
        Query(
            max_length=100,
            description="west,south,east,north in degrees (west > east crosses 180°).",
            examples=["35,30,45,40"],
        ),
    ] = None,
    q: Annotated[
        str | None, Query(max_length=_TEXT, description="Text in notes, actors, places, evidence.")
    ] = None,
) -> EventFilter:
    """The filter a request asks for (E044 on a malformed bounding box)."""
    return EventFilter(
        EventQuery(date_from, date_to, country, admin1, event_type, actor),
        bbox=parse_bbox(bbox) if bbox else None,
        min_confidence=min_confidence,
        text=q or None,
    )


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``west,south,east,north`` as four finite numbers within the globe."""
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise SitrepError(
            E.E044, detail="bbox must be four numbers: west,south,east,north"
        ) from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise SitrepError(E.E044, detail="bbox values must be finite numbers")
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise SitrepError(
            E.E044, detail="bbox: longitudes within ±180, latitudes within ±90, south ≤ north"
        )
    return west, south, east, north


Filter = Annotated[EventFilter, Depends(event_filter)]
