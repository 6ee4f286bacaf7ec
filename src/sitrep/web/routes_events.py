"""``/api/v1/events``: pages of events (JSON, GeoJSON, ACLED CSV), one event
with everything behind it, and corrections (PATCH with the token)."""

from __future__ import annotations

import io
from contextlib import closing
from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Response
from fastapi.responses import JSONResponse

from sitrep import browse
from sitrep import export as exporters
from sitrep.corrections import FIELDS, check_value
from sitrep.errors import E, SitrepError
from sitrep.lexicon import default_lexicon
from sitrep.records import to_dict
from sitrep.web.app import ServeConfig, config_of
from sitrep.web.params import Filter
from sitrep.web.schemas import CorrectionIn, CorrectionOut, ErrorOut, EventPageOut

router = APIRouter(tags=["events"])
Config = Annotated[ServeConfig, Depends(config_of)]
EventId = Annotated[str, Path(max_length=100, description="sitrep_event_id of the event.")]
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut}, 422: {"model": ErrorOut}, 503: {"model": ErrorOut}
}  # fmt: skip


@router.get(
    "/events",
    response_model=EventPageOut,
    responses={
        **ERRORS,
        200: {"content": {"application/geo+json": {}, "text/csv": {}}},
    },
)
def list_events(
    config: Config,
    where: Filter,
    response_format: Annotated[
        Literal["json", "geojson", "csv"], Query(alias="format", description="Output format.")
    ] = "json",
    sort: Annotated[Literal[tuple(browse.SORTS)], Query()] = "event_date",  # type: ignore[valid-type]
    order: Annotated[Literal["asc", "desc"], Query()] = "asc",
    limit: Annotated[int, Query(ge=1, le=browse.MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Any:
    """Events matching every filter given, corrections applied, paged.

    ``format=geojson`` gives the page's located events as a FeatureCollection,
    ``format=csv`` as ACLED CSV (sitrep's columns after ACLED's)."""
    with closing(config.store()) as store:
        found = browse.page(
            store, where, sort=sort, descending=order == "desc", limit=limit, offset=offset
        )
    headers = {"X-Total-Count": str(found.total)}
    if response_format == "csv":
        out = io.StringIO()
        exporters.write_csv(found.events, out)
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
    if response_format == "geojson":
        return JSONResponse(
            exporters.geojson(found.events), media_type="application/geo+json", headers=headers
        )
    return JSONResponse(
        {
            "total": found.total,
            "offset": found.offset,
            "limit": limit,
            "events": [to_dict(e) for e in found.events],
        },
        headers=headers,
    )


@router.get("/events/{event_id}", responses=ERRORS)
def get_event(config: Config, event_id: EventId) -> dict[str, Any]:
    """One event (also one marked "not an event") as corrected and as sitrep
    coded it, its mentions with their evidence spans, its source documents,
    the statistics those documents state (never counted in the event) and
    its corrections."""
    with closing(config.store()) as store:
        found = browse.detail(store, event_id)
    if found is None:
        raise SitrepError(E.E040, event_id=event_id)
    return {
        "event": to_dict(found.event),
        "machine": to_dict(found.machine),
        "not_an_event": found.not_an_event,
        "corrected": bool(found.corrections),
        "mentions": [asdict(m) for m in found.mentions],
        "documents": [document_json(d) for d in found.documents],
        "statistics": [to_dict(s) for s in found.statistics],
        "corrections": [asdict(c) for c in found.corrections],
    }


def document_json(info: Any) -> dict[str, Any]:
    """A document's metadata as the API gives it (the outlet as ``source``)."""
    return {
        "id": info.id,
        "title": info.title,
        "source": info.outlet,
        "url": info.url,
        "published": info.published.isoformat() if info.published else None,
        "language": info.language,
    }


@router.patch(
    "/events/{event_id}",
    responses={**ERRORS, 401: {"model": ErrorOut}},
    openapi_extra={"security": [{"bearer": []}]},
)
def correct_event(
    config: Config,
    event_id: EventId,
    body: CorrectionIn,
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Correct an event (needs the bearer token). Each changed field is kept
    with who, when, the old and the new value, and laid over the event on
    every read, through later ingests and merges."""
    if not config.token.accepts(authorization):
        raise SitrepError(E.E042, path=config.token.path)
    changes = _checked(body)
    with closing(config.store()) as store, store.transaction():
        try:
            added = store.add_corrections(event_id, changes, body.author)
        except KeyError:
            raise SitrepError(E.E040, event_id=event_id) from None
    return {"corrections": [asdict(c) for c in added], "event": get_event(config, event_id)}


def _checked(body: CorrectionIn) -> dict[str, Any]:
    """The corrections asked for, checked against the ACLED taxonomy; a new
    sub-event type brings its event and disorder types along."""
    given = {f: getattr(body, f) for f in body.model_fields_set if f in FIELDS}
    if not given:
        raise SitrepError(E.E045, field="the event", detail="no field to correct was given")
    lexicon = default_lexicon()
    changes: dict[str, Any] = {}
    for field, value in given.items():
        try:
            changes[field] = check_value(field, value)
        except ValueError as exc:
            raise SitrepError(E.E045, field=field, detail=exc) from None
    sub = changes.get("sub_event_type")
    if sub is not None:
        if sub not in lexicon.event_type_of:
            raise SitrepError(
                E.E045, field="sub_event_type", detail=f"{sub!r} is not an ACLED sub-event type"
            )
        parent = lexicon.event_type_of[sub]
        if changes.get("event_type", parent) != parent:
            raise SitrepError(
                E.E045, field="event_type", detail=f"{sub!r} is a sub-event type of {parent!r}"
            )
        changes["event_type"] = parent
    event_type = changes.get("event_type")
    if event_type is not None:
        if event_type not in lexicon.disorder_type_of:
            raise SitrepError(
                E.E045, field="event_type", detail=f"{event_type!r} is not an ACLED event type"
            )
        if sub is None:
            raise SitrepError(
                E.E045, field="event_type", detail="give the sub_event_type with a new event_type"
            )
        changes["disorder_type"] = lexicon.disorder_type_of[event_type]
    return changes


@router.get("/events/{event_id}/corrections", response_model=list[CorrectionOut], responses=ERRORS)
def event_corrections(config: Config, event_id: EventId) -> list[dict[str, Any]]:
    """The corrections of one event, oldest first."""
    with closing(config.store()) as store:
        if not store.rows("SELECT 1 FROM events WHERE event_id = ?", [event_id]):
            raise SitrepError(E.E040, event_id=event_id)
        return [asdict(c) for c in store.corrections(event_id)]


@router.get("/corrections", response_model=list[CorrectionOut], responses=ERRORS)
def all_corrections(
    config: Config,
    limit: Annotated[int, Query(ge=1, le=browse.MAX_PAGE)] = 1000,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[dict[str, Any]]:
    """Every correction, oldest first, paged."""
    with closing(config.store()) as store:
        return [asdict(c) for c in store.corrections()[offset : offset + limit]]
