"""``/api/v1/documents`` (text; ingest with the token) and ``/api/v1/statistics``."""

from __future__ import annotations

import datetime as dt
import io
from contextlib import closing
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse

from sitrep import browse
from sitrep.api import ReadOptions
from sitrep.countrycodes import country_code
from sitrep.errors import E, SitrepError
from sitrep.records import to_dict
from sitrep.web.app import ServeConfig, config_of
from sitrep.web.routes_events import ERRORS, document_json
from sitrep.web.schemas import ErrorOut, IngestOut

router = APIRouter()
Config = Annotated[ServeConfig, Depends(config_of)]


@router.get("/documents/{doc_id}", tags=["documents"], responses=ERRORS)
def get_document(config: Config, doc_id: Annotated[str, Path(max_length=100)]) -> dict[str, Any]:
    """A stored document's metadata and cleaned text (evidence spans are
    character offsets into this text)."""
    with closing(config.store()) as store:
        found = browse.document(store, doc_id)
        if found is None:
            raise SitrepError(E.E041, doc_id=doc_id)
        # The ids the user gave this text (as every other output since schema 1.1).
        source_ids = store.source_ids([doc_id]).get(doc_id, [])
    return {**document_json(found.info), "source_ids": source_ids, "text": found.text}


def _countries(values: list[str]) -> tuple[str, ...]:
    """The ``country`` parameters (codes or names, each perhaps a comma-separated
    list) as given, checked before anything is read: E057 names a bad one."""
    given = tuple(p.strip() for v in values for p in v.split(",") if p.strip())
    unknown = next((c for c in given if country_code(c) is None), None)
    if unknown is not None:
        raise SitrepError(E.E057, value=unknown, where="the country parameter")
    return given


@router.post(
    "/documents",
    tags=["documents"],
    response_model=IngestOut,
    status_code=201,
    responses={**ERRORS, 401: {"model": ErrorOut}, 413: {"model": ErrorOut}},
    openapi_extra={
        "security": [{"bearer": []}],
        "requestBody": {
            "required": True,
            "content": {
                "text/plain": {"schema": {"type": "string"}},
                "text/html": {"schema": {"type": "string"}},
                "application/x-ndjson": {"schema": {"type": "string"}},
            },
        },
    },
)
async def post_documents(
    request: Request,
    config: Config,
    input_format: Annotated[Literal["auto", "text", "html", "jsonl"], Query()] = "auto",
    published: Annotated[dt.date | None, Query(description="Publication date.")] = None,
    country: Annotated[
        list[str] | None,
        Query(
            max_length=200,
            description=(
                "Country the documents are about (ISO code or name; repeat, or separate "
                "with commas, for several), as ``--country``; a JSONL record's own "
                "``country`` wins."
            ),
        ),
    ] = None,
    authorization: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    """Ingest a body of text, HTML or JSONL (one document a line, as
    ``sitrep ingest``) through the same pipeline, with the same checks and
    error codes for each rejected item (needs the bearer token). The body may
    not be larger than the server's limit (E043). ``country`` gives the
    documents' country context, as ``sitrep ingest --country`` does (E057 for
    one that names no country)."""
    if not config.token.accepts(authorization):
        raise SitrepError(E.E042, path=config.token.path)
    countries = _countries(country or [])
    body = await request.body()
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    chosen: str = input_format
    if input_format == "auto":
        # stdin has no file name to guess from: the content type says it.
        chosen = {
            "text/html": "html",
            "application/x-ndjson": "jsonl",
            "application/jsonl": "jsonl",
        }.get(kind, "text")
    options = ReadOptions(chosen, published, max_bytes=config.max_body, countries=countries)
    with config.ingest_lock:
        summary = config.sitrep.ingest(
            ["-"], options, database=config.database, stdin=io.BytesIO(body)
        )
    result = {
        "stored": summary.stored,
        "skipped": summary.skipped,
        "rejected": [{"item": r.item, "code": r.code, "reason": r.reason} for r in summary.failed],
        "events": summary.events,
        "statistics": summary.statistics,
    }
    if summary.failed and not summary.stored and not summary.skipped:
        codes = ", ".join(sorted({r.code for r in summary.failed}))
        message = E.E046.format(detail=codes)
        return JSONResponse(
            {"error": {"code": E.E046.name, "message": message}, **result}, status_code=422
        )
    return JSONResponse(result, status_code=201 if summary.stored else 200)


@router.get("/statistics", tags=["statistics"], responses=ERRORS)
def list_statistics(
    config: Config,
    doc_id: Annotated[str | None, Query(max_length=100)] = None,
    country: Annotated[str | None, Query(max_length=200)] = None,
    measure: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=browse.MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """Aggregate and cumulative figures (kept apart from events), paged."""
    with closing(config.store()) as store:
        statistics = [
            s
            for s in store.statistics()
            if (doc_id is None or s.doc_id == doc_id)
            and (country is None or (s.country or "").lower() == country.lower())
            and (measure is None or s.measure == measure)
        ]
    return {
        "total": len(statistics),
        "offset": offset,
        "limit": limit,
        "statistics": [to_dict(s) for s in statistics[offset : offset + limit]],
    }
