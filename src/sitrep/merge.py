"""Merge stage: event mentions -> ``Event``s, one per incident.

ACLED's aggregation rule: the same act (sub-event type), by compatible
actors, at the same place, on overlapping dates is one event, however many
sentences or reports state it. The merged event lists every document and
evidence span; its date is the most precise one reported; its fatalities are
ACLED's conservative figure (the lowest a report gives) with the range kept
(UCDP low/best/high). Merging is a pure function of the set of mentions, so
ingesting in another order, or twice, gives the same events.
"""

from __future__ import annotations

import datetime as dt
import statistics as stats
from collections import Counter
from collections.abc import Iterable

from sitrep.admin_names import names_of
from sitrep.calibration import Calibration
from sitrep.countrycodes import codes, region_of
from sitrep.gazetteer import haversine_km
from sitrep.lexicon import Lexicon
from sitrep.records import (
    ARMED_GROUP_INTERS,
    CIVILIAN_INTER,
    Actor,
    Event,
    EventMention,
    EvidenceSpan,
    stable_hash,
)

#: Places closer than this are one location (ACLED codes to the nearest town;
#: two spellings of one town can resolve to GeoNames entries a few km apart).
SAME_PLACE_KM = 10.0


def _sort_key(m: EventMention) -> tuple[str, str, str, int]:
    return (m.event_date.isoformat() if m.event_date else "", m.sub_event_type, m.doc_id, m.index)


def _overlap(a: EventMention, b: EventMention) -> bool:
    if a.date_start is None or b.date_start is None or a.date_end is None or b.date_end is None:
        return a.date_start is None and b.date_start is None
    return a.date_start <= b.date_end and b.date_start <= a.date_end


def _same_place(a: EventMention, b: EventMention) -> bool:
    if a.place is None or b.place is None:
        return a.place is None and b.place is None
    if a.place.geonameid == b.place.geonameid:
        return True
    return (
        haversine_km(a.place.latitude, a.place.longitude, b.place.latitude, b.place.longitude)
        <= SAME_PLACE_KM
    )


def _fits(x: Actor | None, y: Actor | None) -> bool:
    """Whether two statements of one side can be the same actor: the same
    name, one side left open, or unnamed "militants" and the armed group a
    report names ("killed in the ensuing battle with militants" / "the
    military said it killed 33 BLA terrorists")."""
    if x is None or y is None or x.name == y.name:
        return True
    return (x.unidentified and y.inter in ARMED_GROUP_INTERS) or (
        y.unidentified and x.inter in ARMED_GROUP_INTERS
    )


def _joint(a: EventMention, b: EventMention) -> bool:
    """Two state forces stated by one report as doing the same act, on the same
    day and place, to the same side (one of them may leave it unnamed): one
    joint operation, the other force its
    associated actor ("Iraqi forces ... carried out an airstrike" / "U.S.
    Central Command said al-Rufay'i was killed in a precision airstrike")."""
    return (
        a.doc_id == b.doc_id
        and a.actor1 is not None
        and b.actor1 is not None
        and a.actor1.inter == 1
        and b.actor1.inter == 1
        and (a.actor2 is not None or b.actor2 is not None)
        and _fits(a.actor2, b.actor2)
        and a.event_type != "Violence against civilians"
    )


def _actors_compatible(a: EventMention, b: EventMention, symmetric: bool) -> bool:
    if _fits(a.actor1, b.actor1) and _fits(a.actor2, b.actor2):
        return True
    if _joint(a, b):
        return True
    # Actor order carries no meaning outside violence against civilians.
    return symmetric and _fits(a.actor1, b.actor2) and _fits(a.actor2, b.actor1)


def _both_placed_and_dated(a: EventMention, b: EventMention) -> bool:
    return (
        a.place is not None
        and b.place is not None
        and a.date_start is not None
        and b.date_start is not None
    )


def same_incident(a: EventMention, b: EventMention) -> bool:
    """Whether two mentions state the same incident (ACLED aggregation).

    Within one report, two place-less or undated statements of one act are
    the report repeating itself; across reports nothing shows they are the
    same incident unless both are located and dated (two abductions "in the
    village of X" that the gazetteer lacks, in two stories, stay apart)."""
    if a.sub_event_type != b.sub_event_type:
        return False
    if a.doc_id != b.doc_id and not _both_placed_and_dated(a, b):
        return False
    symmetric = a.event_type != "Violence against civilians"
    return _overlap(a, b) and _same_place(a, b) and _actors_compatible(a, b, symmetric)


def cluster(mentions: Iterable[EventMention]) -> list[list[EventMention]]:
    """Group mentions into incidents, deterministically (sorted input, greedy)."""
    groups: list[list[EventMention]] = []
    for mention in sorted(mentions, key=_sort_key):
        home = next((g for g in groups if all(same_incident(mention, m) for m in g)), None)
        if home is None:
            groups.append([mention])
        else:
            home.append(mention)
    return groups


def _civilian(actor: Actor | None) -> bool:
    """ACLED's civilians (inter 7): the one actor that may be on both sides."""
    return actor is not None and actor.inter == CIVILIAN_INTER


def _most_common(values: Iterable[Actor | None]) -> Actor | None:
    present = [v for v in values if v is not None]
    # A side one statement leaves unnamed is the group another names.
    present = [v for v in present if not v.unidentified] or present
    if not present:
        return None
    counts = Counter(a.name for a in present)
    best = max(counts.values())
    return next(a for a in present if counts[a.name] == best)


#: UCDP ``where_prec`` of an event known only to be in a country.
UCDP_COUNTRY = 6


def _context_country(group: list[EventMention]) -> str | None:
    """The country the user gave the reports of an unplaced incident, when
    they agree on one (``EventMention.context_country``)."""
    given = {m.context_country for m in group}
    return given.pop() if len(given) == 1 else None


def _inflated(mention: EventMention) -> bool:
    """A toll an armed group claims for its own attack ("the group said it had
    killed more than 10 people"). A state's forces reporting the militants
    they killed ("the Pakistan military said it killed 33 BLA terrorists") are
    most often the only source of those deaths, and ACLED codes them."""
    return mention.claimed and (mention.actor1 is None or mention.actor1.inter != 1)


def _per_document_fatalities(group: list[EventMention]) -> list[tuple[int, int, int]]:
    """One (low, best, high) per report: the largest figure a report gives for
    the incident (a report restating its figure does not double it). A
    perpetrator's own claim ("the group said it had killed more than 10") is
    not the conservative toll ACLED codes: it only raises the high end, unless
    the report gives no other figure."""
    by_doc: dict[str, tuple[int, int, int]] = {}
    claims: dict[str, int] = {}
    for m in group:
        figure = (m.fatalities_low, m.fatalities_best, m.fatalities_high)
        if _inflated(m):
            claims[m.doc_id] = max(claims.get(m.doc_id, 0), m.fatalities_high)
        elif figure[1] > by_doc.get(m.doc_id, (0, 0, 0))[1]:
            by_doc[m.doc_id] = figure
    for m in group:
        if _inflated(m) and by_doc.get(m.doc_id, (0, 0, 0))[1] == 0:
            figure = (m.fatalities_low, m.fatalities_best, m.fatalities_high)
            if figure[1] > by_doc.get(m.doc_id, (0, 0, 0))[1]:
                by_doc[m.doc_id] = figure
    for doc_id, claimed in claims.items():
        if doc_id in by_doc:
            low, best, high = by_doc[doc_id]
            by_doc[doc_id] = (low, best, max(high, claimed))
    return [f for f in by_doc.values() if f[1] > 0]


def _by_victim(group: list[EventMention]) -> list[tuple[str, int]]:
    """Deaths per side from the report that details them most."""
    detailed = [m.fatalities_by_victim for m in group if m.fatalities_by_victim]
    return max(detailed, key=len) if detailed else []


def _note(
    *,
    event_date: dt.date | None,
    sub_event_type: str,
    actor1: Actor | None,
    actor2: Actor | None,
    location: str | None,
    admin1: str | None,
    country: str | None,
    fatalities: int,
    attribution: str | None,
    by_victim: list[tuple[str, int]] | None = None,
    shares: list[int] | None = None,
) -> str:
    when = event_date.isoformat() if event_date else "An unknown date"
    who = actor1.name if actor1 else "An unidentified actor"
    against = f" against {actor2.name}" if actor2 else ""
    where = ", ".join(p for p in (location, admin1, country) if p) or "an unknown location"
    said = f" According to {attribution}." if attribution else ""
    what = f"{sub_event_type.lower()}{against} in {where}"
    detail = ", ".join(f"{n} {victims}" for victims, n in by_victim or [])
    toll = f"{fatalities} reported fatalities" + (f" ({detail})" if detail else "")
    if shares:
        # ACLED: the note says how a total was divided among its events.
        toll += (
            f", from a total of {sum(shares)} reported over {len(shares)} days"
            f" divided among them ({'/'.join(map(str, shares))}, the remainder to the first)"
        )
    return f"On {when}, {who}: {what}; {toll}.{said}"


def to_event(
    group: list[EventMention],
    lexicon: Lexicon,
    sources: dict[str, str],
    calibration: Calibration | None = None,
) -> Event:
    """Build one ``Event`` from the mentions of one incident."""
    dated = [m for m in group if m.time_precision is not None]
    when = min(dated, key=lambda m: (m.time_precision, m.event_date)) if dated else group[0]
    located = [m for m in group if m.place is not None]
    where = (
        min(located, key=lambda m: (m.geo_precision or 9, -m.confidence)) if located else group[0]
    )
    place = where.place
    actor1 = _most_common(m.actor1 for m in group)
    # One side named in one report as actor 1 and in another as actor 2 is
    # still one side ("IS attacked ..." / "... clashed with IS").
    actor2 = _most_common(
        m.actor2 if m.actor2 != actor1 or _civilian(m.actor2) else m.actor1 for m in group
    )
    if (
        actor1 is not None
        and actor2 is not None
        and actor2.name == actor1.name
        and not _civilian(actor2)
    ):
        # (Civilians may be on both sides: a mob of residents lynching a man,
        # as resolve keeps them.)
        actor2 = None
    assoc1 = _most_common(m.assoc_actor_1 for m in group) or _most_common(
        m.actor1
        for m in group
        if m.actor1 is not None and m.actor1 != actor1 and m.actor1.inter == 1
    )
    assoc2 = _most_common(m.assoc_actor_2 for m in group)
    figures = _per_document_fatalities(group)
    low = min((f[0] for f in figures), default=0)
    best = int(stats.median(f[1] for f in figures)) if figures else 0
    high = max((f[2] for f in figures), default=0)
    injuries = max((m.injuries for m in group), default=0)
    doc_ids = sorted({m.doc_id for m in group})
    evidence: list[EvidenceSpan] = []
    for m in sorted(group, key=lambda m: (m.doc_id, m.index)):
        evidence += [e for e in m.evidence if e not in evidence]
    attributions = sorted({m.attribution for m in group if m.attribution})
    attribution = "; ".join(attributions) or None
    sub = group[0].sub_event_type
    event_type = lexicon.event_type_of[sub]
    inter1 = actor1.inter if actor1 else None
    inter2 = actor2.inter if actor2 else None
    interaction = None
    if inter1 is not None:
        pair = sorted(i for i in (inter1, inter2) if i is not None)
        interaction = int("".join(map(str, pair))) if len(pair) == 2 else inter1 * 10
    admin = names_of(place)
    # No place found: the country the user gave the report, if one (ACLED has
    # no country-level geo_precision: location, admin1, coordinates and
    # geo_precision stay empty; UCDP's where_prec 6 says "country").
    context = None if place else _context_country(group)
    country_codes = codes(place.country_iso if place else context)
    country = place.country if place else (country_codes.name if country_codes else None)
    source_names = sorted({sources.get(d, d) for d in doc_ids})
    # Raw score: the best-supported statement of the incident, plus a little
    # per further report; then calibrated on the team's gold (calibration.py).
    raw = min(0.98, max(m.confidence for m in group) + 0.05 * (len(doc_ids) - 1))
    confidence = (calibration or Calibration.identity())(raw)
    event_id = stable_hash(
        sub,
        when.event_date,
        place.geonameid if place else None,
        actor1.name if actor1 else None,
        actor2.name if actor2 else None,
    )
    return Event(
        event_id=event_id,
        doc_ids=doc_ids,
        event_date=when.event_date,
        time_precision=when.time_precision,
        date_start=when.date_start,
        date_end=when.date_end,
        disorder_type=lexicon.disorder_type_of[event_type],
        event_type=event_type,
        sub_event_type=sub,
        actor1=actor1.name if actor1 else None,
        assoc_actor_1=assoc1.name if assoc1 else None,
        inter1=inter1,
        actor2=actor2.name if actor2 else None,
        assoc_actor_2=assoc2.name if assoc2 else None,
        inter2=inter2,
        interaction=interaction,
        civilian_targeting="Civilian targeting" if any(m.civilian_targeting for m in group) else "",
        iso=country_codes.numeric if country_codes else None,
        country=country,
        admin1=admin.admin1,
        admin2=admin.admin2,
        location=place.name if place else None,
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        geo_precision=where.geo_precision,
        where_prec=where.where_prec if place else (UCDP_COUNTRY if country_codes else None),
        fatalities=low,
        fatalities_low=low,
        fatalities_best=best,
        fatalities_high=high,
        injuries=injuries,
        source="; ".join(source_names),
        notes=_note(
            event_date=when.event_date,
            sub_event_type=sub,
            actor1=actor1,
            actor2=actor2,
            location=place.name if place else None,
            admin1=admin.admin1,
            country=country,
            fatalities=low,
            attribution=attribution,
            by_victim=_by_victim(group),
            shares=next((m.fatalities_shares for m in group if m.fatalities_shares), None),
        ),
        attribution=attribution,
        evidence=evidence,
        confidence=round(confidence, 2),
        geonameid=place.geonameid if place else None,
        region=region_of(country_codes.iso2) if country_codes else None,
        admin1_geonames=admin.admin1_geonames,
        admin2_geonames=admin.admin2_geonames,
    )


def merge_groups(
    mentions: Iterable[EventMention],
    lexicon: Lexicon,
    sources: dict[str, str],
    calibration: Calibration | None = None,
) -> list[tuple[Event, list[EventMention]]]:
    """Events with the mentions each was built from: a report's main events
    (told in its lead, the earliest first), then the most confident, then by
    date."""
    pairs = [(to_event(g, lexicon, sources, calibration), g) for g in cluster(mentions)]
    seen: set[str] = set()
    for event, _ in pairs:
        # Two incidents that differ only in fields outside the id (dates that do
        # not overlap within one day, say) keep distinct, stable ids.
        base, n = event.event_id, 1
        while event.event_id in seen:
            n += 1
            event.event_id = f"{base}-{n}"
        seen.add(event.event_id)
    return sorted(
        pairs,
        key=lambda p: (
            not any(m.lead for m in p[1]),
            min((s.start for s in p[0].evidence), default=0) if any(m.lead for m in p[1]) else 0,
            -p[0].confidence,
            p[0].event_date or dt.date.min,
            p[0].event_id,
        ),
    )


def merge(
    mentions: Iterable[EventMention],
    lexicon: Lexicon,
    sources: dict[str, str],
    calibration: Calibration | None = None,
) -> list[Event]:
    """Events from mentions, one per incident, main events first (merge_groups)."""
    return [event for event, _ in merge_groups(mentions, lexicon, sources, calibration)]
