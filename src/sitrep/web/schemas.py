"""Request and response shapes of the web API (they make the OpenAPI schema)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ErrorBody(BaseModel):
    """A numbered error: ``code`` from ``sitrep.errors`` and its message."""

    code: str = Field(examples=["E040"])
    message: str


class ErrorOut(BaseModel):
    """Every error response: ``{"error": {"code", "message"}}``."""

    error: ErrorBody


class EventPageOut(BaseModel):
    """One page of events (each the JSONL event record, corrections applied)."""

    total: int
    offset: int
    limit: int
    events: list[dict[str, Any]]


class CorrectionIn(BaseModel):
    """Fields to correct; a field left out is unchanged, ``null`` empties it."""

    model_config = ConfigDict(extra="forbid")

    author: str = Field("analyst", min_length=1, max_length=100, description="Who corrects.")
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    assoc_actor_1: str | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    event_date: str | None = Field(None, description="YYYY-MM-DD")
    fatalities: int | None = None
    not_an_event: bool | None = None


class CorrectionOut(BaseModel):
    """One stored correction."""

    id: int
    event_id: str
    field: str
    old: Any
    new: Any
    author: str
    created_at: str


class IngestOut(BaseModel):
    """What a POST of documents did (as ``sitrep ingest`` prints it)."""

    stored: int
    skipped: int
    rejected: list[dict[str, str]]
    events: int
    statistics: int
