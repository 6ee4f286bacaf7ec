"""Resolve stage: actor phrases -> canonical ``Actor``s with ``inter`` codes.

Named actors come from the actor dictionary; generic phrases take ACLED's
conventions with the country of the place, the phrase's own nationality
("Russian war planes") winning over it. ACLED's defaults fill what a report
leaves open: the victim of violence against civilians is "Civilians (X)",
an unnamed perpetrator "Unidentified Armed Group (X)", a protest's actor
"Protesters (X)", a riot's "Rioters (X)".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sitrep.actors import ActorDictionary
from sitrep.records import ARMED_GROUP_INTERS, Actor, EventMention, Statistic

# Event types whose open roles ACLED fills with a generic actor, by role:
# {event type or sub-event type: (actor 1 phrase, actor 2 phrase)}.
_DEFAULTS: dict[str, tuple[str | None, str | None]] = {
    "Violence against civilians": ("unidentified gunmen", "civilians"),
    "Remote explosive/landmine/IED": ("unidentified gunmen", None),
    "Grenade": ("unidentified gunmen", None),
    "Suicide bomb": ("unidentified gunmen", None),
    "Protests": ("protesters", None),
    "Mob violence": ("rioters", "civilians"),
    "Riots": ("rioters", None),
}
# Arrests are made by the police unless the report names another force, in
# the sentence or as the force acting in its other events (complete_arrests).
_ARRESTING_DEFAULT = "police"
# ACLED puts the crowd first in demonstrations: protesters (6) or rioters (5)
# are actor 1, whoever intervenes or is attacked is actor 2.
_CROWDS = {"Protests": (6, "protesters"), "Riots": (5, "rioters")}


def _resolve_one(
    text: str | None, actors: ActorDictionary, country: str | None, mention: EventMention
) -> Actor | None:
    if not text:
        return None
    place_country = mention.place.country_iso if mention.place is not None else None
    return actors.resolve(text, country=country, on=mention.event_date, place_country=place_country)


def _resolve_many(
    texts: str | None, actors: ActorDictionary, country: str | None, mention: EventMention
) -> list[Actor]:
    found: list[Actor] = []
    for text in (texts or "").split("; "):
        actor = _resolve_one(text, actors, country, mention)
        if actor is not None and actor not in found:
            found.append(actor)
    return found


def actor_country(
    mention: EventMention, document_country: str | None, given: tuple[str, ...] = ()
) -> str | None:
    """The country whose forces, police, rebels or civilians the mention's
    unnamed actors are: a country its own sentence names ("forces in
    Somalia"), else the report's (``given`` by the user, or inferred from the
    whole text) -- the geocoded place decides only when it lies in a country
    the user gave, or when nothing else says (a homonym abroad must not turn
    "regime forces" foreign)."""
    if mention.country_hint:
        return mention.country_hint
    place_country = mention.place.country_iso if mention.place is not None else None
    if place_country is not None and place_country in given:
        return place_country
    return document_country or place_country


def resolve(
    mention: EventMention,
    actors: ActorDictionary,
    document_country: str | None,
    given: tuple[str, ...] = (),
) -> None:
    """Fill ``actor1``/``actor2`` (and associated actors) of ``mention`` in
    place, generic actors with the country of ``actor_country``."""
    country = actor_country(mention, document_country, given)
    actor1 = _resolve_one(mention.actor1_text, actors, country, mention)
    actor2 = _resolve_one(mention.actor2_text, actors, country, mention)
    assoc1 = _resolve_many(mention.assoc_actor_1_text, actors, country, mention)
    assoc2 = _resolve_many(mention.assoc_actor_2_text, actors, country, mention)
    if actor1 is None and assoc1:
        actor1, assoc1 = assoc1[0], assoc1[1:]
    if actor2 is None and assoc2:
        actor2, assoc2 = assoc2[0], assoc2[1:]
    # The victim is always actor 2 (ACLED); a passive mis-parse swapped them.
    if (
        mention.event_type == "Violence against civilians"
        and actor1 is not None
        and actor1.inter == 7
    ) and (actor2 is None or actor2.inter != 7):
        actor1, actor2 = actor2, actor1
    if (
        actor1 is not None
        and actor1.inter == 7
        and mention.event_type not in {"Protests", "Riots", "Violence against civilians"}
    ):
        # Civilians suffer political violence and arrests; they do not wage them.
        actor1, actor2 = None, actor2 or actor1
    crowd = _CROWDS.get(mention.event_type)
    if crowd is not None and mention.sub_event_type != "Mob violence":
        inter, noun = crowd
        if actor1 is not None and actor1.inter in {5, 6, 7} and actor1.inter != inter:
            # "hundreds of people massed" (civilians), "demonstrators" in a riot
            actor1 = _resolve_one(noun, actors, country, mention)
        if (
            (actor1 is None or actor1.inter != inter)
            and actor2 is not None
            and actor2.inter == inter
        ):
            actor1, actor2 = actor2, actor1
        elif actor1 is not None and actor1.inter != inter:
            # The force that met them ("Police in Nairobi opened fire on thousands
            # of demonstrators, killing at least five people"): actor 2, before the
            # crowd or civilians the parse gave that side.
            force, actor1 = actor1, None
            if actor2 is None or actor2.inter in {5, 6, 7}:
                actor2 = force
    defaults = _DEFAULTS.get(mention.sub_event_type) or _DEFAULTS.get(mention.event_type)
    if defaults is not None and country is not None:
        if actor1 is None and defaults[0]:
            actor1 = _resolve_one(defaults[0], actors, country, mention)
        if actor2 is None and defaults[1]:
            actor2 = _resolve_one(defaults[1], actors, country, mention)
    # The same actor on both sides is one side named twice ("IS ... the group").
    if (
        actor1 is not None
        and actor2 is not None
        and actor1.name == actor2.name
        and actor1.inter != 7
    ):
        actor2 = None
    mention.actor1, mention.actor2 = actor1, actor2
    mention.assoc_actor_1 = assoc1[0] if assoc1 and assoc1[0] != actor1 else None
    mention.assoc_actor_2 = assoc2[0] if assoc2 and assoc2[0] != actor2 else None
    mention.civilian_targeting = bool(
        actor2 is not None
        and actor2.inter == 7
        and mention.event_type not in {"Protests", "Strategic developments"}
    )


def resolve_statistic(
    statistic: Statistic, actors: ActorDictionary, document_country: str | None, on: dt.date | None
) -> None:
    """Give a statistic's perpetrator its canonical actor name, in place."""
    if statistic.perpetrator:
        actor = actors.resolve(statistic.perpetrator, country=document_country, on=on)
        if actor is not None:
            statistic.perpetrator = actor.name


# Event types whose two sides fight each other: a one-sided mention takes the
# opponent the same report names for that side.
_DYADIC = {"Battles", "Explosions/Remote violence"}


def complete_sides(mentions: list[EventMention]) -> None:
    """Give a one-sided battle the opponent its report pairs with that actor.

    "The Islamic State group renewed its offensive on ... Deir az-Zour" names no
    opponent; the same report has Syrian forces and IS fighting elsewhere, so
    the offensive is against them (ACLED codes battles between two sides).
    """
    opponents: dict[str, Counter[str]] = {}
    by_name: dict[str, Actor] = {}
    for m in mentions:
        if m.event_type in _DYADIC and m.actor1 is not None and m.actor2 is not None:
            if m.actor2.inter == 7 or m.actor1.inter == 7:
                continue
            for a, b in ((m.actor1, m.actor2), (m.actor2, m.actor1)):
                opponents.setdefault(a.name, Counter())[b.name] += 1
                by_name[b.name] = b
    for m in mentions:
        if m.event_type == "Battles" and m.actor1 is not None and m.actor2 is None:
            counts = opponents.get(m.actor1.name)
            if counts:
                name = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                m.actor2 = by_name[name]


# Event types a claim of responsibility attributes (ACLED codes a claimed
# attack to the group that claimed it).
_CLAIMABLE = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


def credit_claims(
    mentions: list[EventMention],
    claimants: list[str],
    actors: ActorDictionary,
    document_country: str | None,
    on: dt.date | None = None,
) -> None:
    """Give the unidentified perpetrators of a report's attacks the one group
    that claimed responsibility in it ("Militants attacked a passenger train
    ... The BLA quickly claimed responsibility for the attack"). Two or more
    claimants leave every mention as it is: which claimed what is unclear."""
    found = {
        a.name: a
        for a in (actors.resolve(text, country=document_country, on=on) for text in claimants)
        if a is not None and a.inter in ARMED_GROUP_INTERS
    }
    if len(found) != 1:
        return
    group = next(iter(found.values()))
    for m in mentions:
        if m.event_type not in _CLAIMABLE:
            continue
        if (
            m.actor1 is not None
            and m.actor1.unidentified
            and (m.actor2 is None or m.actor2.name != group.name)
        ):
            m.actor1 = group
        elif (
            m.event_type == "Battles"
            and m.actor2 is not None
            and m.actor2.unidentified
            and (m.actor1 is None or m.actor1.name != group.name)
        ):
            m.actor2 = group
        if m.event_type == "Battles" and m.actor2 is not None and m.actor2.name == group.name:
            # The group that claims the attack started the fight: ACLED's
            # actor 1 of a battle is its initiator ("security forces exchanged
            # fire with BLA militants" after "the BLA claimed the attack").
            m.actor1, m.actor2 = m.actor2, m.actor1


def complete_arrests(
    mentions: list[EventMention],
    actors: ActorDictionary,
    document_country: str | None,
    given: tuple[str, ...] = (),
) -> None:
    """Give an arrest whose arresting force its sentence does not name ("they
    arrested seven additional IS members") the state force the same report
    shows acting in its country ("Iraqi special forces said ... killed in an
    airstrike"), else the police (the guidelines' default).

    ACLED's actor 1 of Arrests is the arresting force; a report that names
    one state force and then says "they arrested" means that force."""
    acting: Counter[str] = Counter()
    by_name: dict[str, Actor] = {}
    for m in mentions:
        if m.sub_event_type != "Arrests" and m.actor1 is not None and m.actor1.inter == 1:
            acting[m.actor1.name] += 1
            by_name.setdefault(m.actor1.name, m.actor1)
    for m in mentions:
        if m.sub_event_type != "Arrests" or m.actor1 is not None:
            continue
        country = actor_country(m, document_country, given)
        if country is None:
            continue
        local = [(n, name) for name, n in acting.items() if by_name[name].country == country]
        if local:
            m.actor1 = by_name[max(local, key=lambda item: item[0])[1]]
        else:
            m.actor1 = _resolve_one(_ARRESTING_DEFAULT, actors, country, m)
        if m.actor2 is not None and m.actor1 is not None and m.actor2.name == m.actor1.name:
            m.actor2 = None
