"""The records that flow through sitrep, each defined once.

A document moves through the stages as these types (DESIGN.md, "Records"):
``Document`` -> ``EventMention`` / ``Statistic`` (with ``Place`` and ``Actor``
filled in by the geocode and resolve stages) -> ``Event``. ``Event`` uses
ACLED's column names wherever ACLED has one. ``Rejected`` is what an input that
could not be processed becomes: the item, a numbered error code, and the reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Version of the JSONL/record output contract (README, "Output schema").
SCHEMA_VERSION = "1.2"


def union_ids(*groups: Iterable[str | None]) -> list[str]:
    """The ids of ``groups`` in first-seen order, each once, blanks left out."""
    found: dict[str, None] = {}
    for group in groups:
        for value in group:
            if value:
                found.setdefault(value, None)
    return list(found)


def stable_hash(*parts: object, length: int = 16) -> str:
    """Return a short, stable hex digest of ``parts`` (content-hash keys)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class EvidenceSpan:
    """A character span of a document's cleaned text that supports a record."""

    doc_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class RemovedText:
    """A piece of the raw text that cleaning dropped, and why."""

    reason: str  # "boilerplate" | "duplicate" | "near-duplicate"
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """One report, after ingest (raw) or after clean (``paragraphs`` filled).

    ``id`` is the hash of the normalised text, so the same article ingested
    twice has the same id. ``published`` is never guessed: ``None`` when the
    source does not give it. ``text`` is the paragraphs joined by newlines, so
    evidence offsets point into it.
    """

    id: str
    text: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: dt.date | None = None
    language: str | None = None
    paragraphs: tuple[str, ...] = ()
    removed: tuple[RemovedText, ...] = ()
    origin: str | None = None  # where it came from: "file.txt", "batch.jsonl:12", "-"
    #: Coded warnings (errors.W): the document is processed, but needs a look.
    warnings: tuple[str, ...] = ()
    #: ISO 3166-1 alpha-2 codes of the countries the report is about, as the
    #: user gave them (``--country``, a JSONL record's ``country``); empty:
    #: inferred from the text (geocode).
    countries: tuple[str, ...] = ()
    #: The ids the user gave this text (a JSONL record's ``id`` else its
    #: ``path:line``, a file's path, a page's or item's URL), first-seen
    #: order; identical texts read under several ids keep them all.
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input item that was not processed, with a numbered reason (errors.py)."""

    item: str
    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry (GeoNames-derived)."""

    geonameid: int
    name: str
    latitude: float
    longitude: float
    country_iso: str
    country: str
    feature_class: str = "P"
    feature_code: str = "PPL"
    admin1: str | None = None
    admin1_code: str | None = None
    admin2: str | None = None
    admin2_code: str | None = None
    population: int = 0
    alternate_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor (ACLED naming) with its ``inter`` code (1-8)."""

    name: str
    inter: int
    aliases: tuple[str, ...] = ()
    country: str | None = None  # ISO 3166-1 alpha-2
    parent: str | None = None

    @property
    def unidentified(self) -> bool:
        """ACLED's "Unidentified Armed Group (X)": armed men a report does not name."""
        return self.name.startswith("Unidentified Armed Group")


#: ACLED inter codes of armed non-state groups (2 rebels, 3 political
#: militias, 4 identity militias): those that claim attacks, and what an
#: unidentified armed group may turn out to be.
ARMED_GROUP_INTERS = frozenset({2, 3, 4})
#: ACLED inter codes of the unarmed: rioters (5), protesters (6), civilians (7).
CROWD_INTERS = frozenset({5, 6, 7})
#: ACLED's inter code of civilians.
CIVILIAN_INTER = 7
#: ACLED inter codes of the forces that meet a crowd: state forces (1) and
#: external forces (8).
FORCE_INTERS = frozenset({1, 8})


@dataclass(slots=True)
class EventMention:
    """One event as one report states it: the output of extract, enriched by
    geocode (``place``) and resolve (``actor1``/``actor2``), input to merge."""

    doc_id: str
    index: int
    event_type: str
    sub_event_type: str
    trigger: str
    evidence: list[EvidenceSpan]
    actor1_text: str | None = None
    actor2_text: str | None = None
    assoc_actor_1_text: str | None = None
    assoc_actor_2_text: str | None = None
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actor_1: Actor | None = None
    assoc_actor_2: Actor | None = None
    place_text: str | None = None
    place_candidates: list[str] = field(default_factory=list)  # best first
    #: Names the model labelled otherwise, in a place's slot ("on Kidal checkpoint",
    #: "in Kumba"): taken only when nothing better places the act (geocode).
    weak_places: list[str] = field(default_factory=list)
    place_hint: str | None = None  # "near", "outskirts", "countryside", ...
    # The hint of each candidate, in the same order ("the village of X near Y":
    # [None, "near"]); geocode uses it when it falls back from X to Y.
    place_hints: list[str | None] = field(default_factory=list)
    place: Place | None = None
    geo_precision: int | None = None
    where_prec: int | None = None
    event_date: dt.date | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    time_precision: int | None = None
    fatalities_low: int = 0
    fatalities_best: int = 0
    fatalities_high: int = 0
    injuries: int = 0
    civilian_targeting: bool = False
    attribution: str | None = None
    confidence: float = 0.5
    country_hint: str | None = None  # ISO2 of a nationality adjective on an actor
    #: ISO2 of the one country the user gave the report (``--country``, a JSONL
    #: record's ``country``): the country of a mention the gazetteer could not
    #: place (its event has a country but no location, as a report says no more).
    context_country: str | None = None
    generic: bool = False  # only generic triggers ("attack", "kill") announced it
    lead: bool = False  # stated in the report's lead: its main event(s)
    claimed: bool = False  # told as its perpetrator's claim: its figures are not the toll
    # Deaths by who died, where the text says so: [("Revolutionary Guard members", 9), ...]
    fatalities_by_victim: list[tuple[str, int]] = field(default_factory=list)
    #: A total divided among the events it covers (one a day: extract.totals),
    #: each share in order, this mention's among them; empty: not divided.
    fatalities_shares: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Mentions:
    """What extract finds in one document, before geocoding and resolution."""

    document: Document
    events: list[EventMention] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    place_names: list[str] = field(default_factory=list)  # every place named, in order
    focus_places: list[str] = field(default_factory=list)  # headline/lead places, best first
    country_hints: list[str] = field(default_factory=list)  # ISO2 of nationalities named
    claimants: list[str] = field(default_factory=list)  # actors claiming responsibility, in order
    sentences: int = 0  # how many sentences the text has (a snippet or a report)


@dataclass(slots=True)
class Event:
    """An incident, possibly reported by many documents (ACLED columns)."""

    event_id: str
    doc_ids: list[str]
    event_date: dt.date | None
    time_precision: int | None
    date_start: dt.date | None
    date_end: dt.date | None
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str | None
    assoc_actor_1: str | None
    inter1: int | None
    actor2: str | None
    assoc_actor_2: str | None
    inter2: int | None
    interaction: int | None
    civilian_targeting: str  # "Civilian targeting" or "" as in ACLED exports
    iso: int | None  # ISO 3166-1 numeric, as ACLED
    country: str | None
    admin1: str | None
    admin2: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    where_prec: int | None
    fatalities: int
    fatalities_low: int
    fatalities_best: int
    fatalities_high: int
    injuries: int
    source: str
    notes: str
    attribution: str | None
    evidence: list[EvidenceSpan]
    confidence: float
    geonameid: int | None = None
    #: The source ids of the documents behind the event (``Document.source_ids``,
    #: first-seen order by ``doc_ids``).
    source_ids: list[str] = field(default_factory=list)
    #: ACLED's world region of the event's country (``data/regions.tsv``).
    region: str | None = None
    #: GeoNames' spelling of ``admin1``/``admin2``, which carry the ACLED-style
    #: (OCHA COD-AB) names where ``data/admin_names.tsv`` has them.
    admin1_geonames: str | None = None
    admin2_geonames: str | None = None


@dataclass(slots=True)
class Statistic:
    """An aggregate or cumulative figure that is not one incident.

    Never also counted as an event's fatalities.
    """

    statistic_id: str
    doc_id: str
    measure: str  # killed, injured, displaced, trapped, detained, missing, starved ...
    value: int
    value_low: int
    value_high: int
    qualifier: str | None  # "about", "at least", "more than", ...
    victims: str | None
    cause: str | None
    perpetrator: str | None
    period: str | None
    date_start: dt.date | None
    date_end: dt.date | None
    location: str | None
    attribution: str | None
    evidence: list[EvidenceSpan]
    confidence: float = 0.5
    country: str | None = None
    iso: int | None = None  # ISO 3166-1 numeric, as ACLED
    latitude: float | None = None
    longitude: float | None = None
    #: The source ids of the statistic's document (``Document.source_ids``).
    source_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Extraction:
    """What the pipeline produces for one document."""

    document: Document
    events: list[Event] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)


def with_source_ids(
    events: Sequence[Event], statistics: Sequence[Statistic], ids: Mapping[str, Sequence[str]]
) -> None:
    """Set each record's ``source_ids`` from ``ids`` (doc id -> its source
    ids): an event's are the union over its documents, in ``doc_ids`` order."""
    for event in events:
        event.source_ids = union_ids(*(ids.get(d, ()) for d in event.doc_ids))
    for statistic in statistics:
        statistic.source_ids = union_ids(ids.get(statistic.doc_id, ()))


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def to_dict(record: Any) -> dict[str, Any]:
    """Return a JSON-ready dict of a record (dates as ISO strings)."""
    plain: dict[str, Any] = _plain(dataclasses.asdict(record))
    return plain


def event_record(event: Event) -> dict[str, Any]:
    """The JSONL object for an event (``"kind": "event"``, DESIGN.md contract)."""
    return {"kind": "event", **to_dict(event)}


def statistic_record(statistic: Statistic) -> dict[str, Any]:
    """The JSONL object for a statistic (``"kind": "statistic"``)."""
    return {"kind": "statistic", **to_dict(statistic)}


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _spans(values: Any) -> list[EvidenceSpan]:
    return [EvidenceSpan(**v) for v in values or []]


def _actor(value: Any) -> Actor | None:
    if not value:
        return None
    return Actor(**{**value, "aliases": tuple(value.get("aliases") or ())})


def _place(value: Any) -> Place | None:
    if not value:
        return None
    return Place(**{**value, "alternate_names": tuple(value.get("alternate_names") or ())})


def mention_from_dict(data: dict[str, Any]) -> EventMention:
    """Rebuild an ``EventMention`` from ``to_dict`` output (the store keeps them)."""
    values = dict(data)
    values["fatalities_by_victim"] = [
        (str(v), int(n)) for v, n in values.get("fatalities_by_victim") or []
    ]
    for key in ("event_date", "date_start", "date_end"):
        values[key] = _date(values.get(key))
    for key in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
        values[key] = _actor(values.get(key))
    values["place"] = _place(values.get("place"))
    values["evidence"] = _spans(values.get("evidence"))
    return EventMention(**values)


def event_from_dict(data: dict[str, Any]) -> Event:
    """Rebuild an ``Event`` from ``to_dict`` output."""
    values = {k: v for k, v in data.items() if k != "kind"}
    for key in ("event_date", "date_start", "date_end"):
        values[key] = _date(values.get(key))
    values["evidence"] = _spans(values.get("evidence"))
    return Event(**values)


def statistic_from_dict(data: dict[str, Any]) -> Statistic:
    """Rebuild a ``Statistic`` from ``to_dict`` output."""
    values = {k: v for k, v in data.items() if k != "kind"}
    for key in ("date_start", "date_end"):
        values[key] = _date(values.get(key))
    values["evidence"] = _spans(values.get("evidence"))
    return Statistic(**values)
