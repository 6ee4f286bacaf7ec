"""The ASGI application of ``sitrep serve``: the API under ``/api/v1``, the
page and its vendored assets, numbered JSON errors, a body-size limit and
headers that keep stored (hostile) text inert in the browser.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sitrep.api import Sitrep
from sitrep.errors import E, SitrepError
from sitrep.ingest import DEFAULT_MAX_BYTES
from sitrep.store import Store
from sitrep.web.auth import Token

log = logging.getLogger("sitrep.web")

#: Status of each API error code (the others are 400).
STATUS = {
    E.E028: 503, E.E016: 503, E.E040: 404, E.E041: 404, E.E042: 401, E.E043: 413,
    E.E044: 422, E.E045: 422, E.E046: 422, E.E047: 404, E.E048: 500, E.E057: 422,
}  # fmt: skip
# The page loads only its own scripts; styles may be set by Leaflet from
# script (inline style attributes); nothing may frame it.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


@dataclass(slots=True)
class ServeConfig:
    """What one server serves and how (``sitrep serve`` options)."""

    database: str
    token: Token
    #: Request bodies over this are refused (E043); uploads of documents
    #: share ``sitrep ingest``'s default limit.
    max_body: int = DEFAULT_MAX_BYTES
    #: Origins allowed to call the API from other pages: none by default.
    cors_origins: tuple[str, ...] = ()
    sitrep: Sitrep = field(default_factory=Sitrep)
    #: One ingest at a time: the pipeline's resources are not thread-safe.
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)

    def store(self) -> Store:
        """The store, which must exist (a typo in ``--db`` is E028, not an empty map)."""
        return self.sitrep.existing_store(self.database, readonly=False)


def error_response(error: E, status: int | None = None, **kwargs: object) -> JSONResponse:
    """A numbered JSON error."""
    return JSONResponse(
        {"error": {"code": error.name, "message": error.format(**kwargs)}},
        status_code=status or STATUS.get(error, 400),
    )


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes (E043), by their declared
    length when there is one and by counting otherwise (chunked uploads)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, or answer 413 once it is too large."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await error_response(E.E043, limit=self.limit)(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _BodyTooLargeError
            return message

        try:
            await self.app(scope, counted, send)
        except _BodyTooLargeError:
            await error_response(E.E043, limit=self.limit)(scope, receive, send)


class _BodyTooLargeError(Exception):
    pass


class SecurityHeaders:
    """Content-Security-Policy and friends on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers to the response start."""

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def web_data() -> Path:
    """The folder of the page and its vendored assets (package data)."""
    return Path(str(resources.files("sitrep") / "data" / "web"))


def create_app(config: ServeConfig) -> FastAPI:
    """The application serving ``config.database``."""
    from sitrep.web import (  # noqa: PLC0415
        routes_docs,
        routes_documents,
        routes_events,
        routes_page,
    )

    app = FastAPI(
        title="sitrep",
        version="1",
        description=(
            "Conflict events coded from reports, with their evidence. Reads are open; "
            "writes need the bearer token printed by `sitrep serve` on its first run. "
            'Errors are `{"error": {"code", "message"}}` with sitrep\'s numbered codes.'
        ),
        docs_url=None,  # our own /docs: Swagger UI would load from a CDN
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.config = config
    app.include_router(routes_events.router, prefix="/api/v1")
    app.include_router(routes_documents.router, prefix="/api/v1")
    app.include_router(routes_page.router)
    app.include_router(routes_docs.router)
    app.mount("/static", StaticFiles(directory=web_data()), name="static")
    _handlers(app)
    if config.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(config.cors_origins),
            allow_methods=["GET", "POST", "PATCH"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=config.max_body)
    return app


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(SitrepError)
    async def coded(_request: Request, exc: SitrepError) -> JSONResponse:
        return JSONResponse(
            {"error": {"code": exc.code.name, "message": exc.message}},
            status_code=STATUS.get(exc.code, 400),
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err.get('loc', ()))}: {err.get('msg', '')}"
            for err in exc.errors()[:5]
        )
        return error_response(E.E044, detail=problems)

    @app.exception_handler(HTTPException)
    async def http(request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return error_response(E.E047, path=request.url.path)
        if exc.status_code == 405:
            return error_response(E.E044, 405, detail=f"{request.method} is not allowed here")
        return error_response(E.E044, exc.status_code, detail=exc.detail)

    @app.exception_handler(Exception)
    async def crash(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("request failed")
        return error_response(E.E048, detail=type(exc).__name__)


def config_of(request: Request) -> ServeConfig:
    """The server's configuration (a FastAPI dependency)."""
    config: Any = request.app.state.config
    assert isinstance(config, ServeConfig)
    return config
