"""ACLED event and sub-event types for triggers, and ACLED's hierarchy when
one sentence states one act in several words.

A specific trigger names its type ("air strike"); a rule decides it from
context (``violence``: weapon cues, then who was hit; ``territory``: who took
it; ``protest``: how it was met). Generic words ("attack", "kill") only make an
event when no specific trigger in the sentence already names the act.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from sitrep.actors import ActorDictionary
from sitrep.extract.figures import Figure
from sitrep.extract.roles import Discourse, Roles, sentence_actors
from sitrep.extract.triggers import Trigger
from sitrep.lexicon import Lexicon

ARMED = {1, 2, 3, 4, 8}
_RETAKE = {"recapture", "retake", "regain", "win back", "won back", "liberate"}
_KILLING = {
    "kill", "murder", "slaughter", "massacre", "execute", "behead", "lynch", "shoot dead",
    "gun down", "assassinate", "stab", "burn alive", "beat to death", "torture", "beat",
}  # fmt: skip


@dataclass(slots=True)
class Candidate:
    """A trigger the text asserts, with its predicate, roles and attribution."""

    trigger: Trigger
    verb: Token
    roles: Roles
    attribution: str | None
    sub_event_type: str | None = None
    claimed: bool = False  # the perpetrator's own claim ("the group said it had killed")


def _inter(text: str | None, actors: ActorDictionary) -> int | None:
    return actors.inter_of(text) if text else None


def _cue(words: tuple[str, ...], lemmas: str, lowers: str) -> bool:
    return any(f" {w} " in lemmas or f" {w} " in lowers for w in words)


def _texts(tokens: list[Token]) -> tuple[str, str]:
    lemmas = " " + " ".join(t.lemma_.lower() for t in tokens) + " "
    lowers = " " + " ".join(t.lower_ for t in tokens) + " "
    return lemmas, lowers


def classify(
    candidate: Candidate,
    sentence: Span,
    lexicon: Lexicon,
    actors: ActorDictionary,
    *,
    victims: list[str] | None = None,
    sentence_others: list[str] | None = None,
) -> str | None:
    """The ACLED sub-event type of ``candidate`` (``None``: not an event)."""
    if candidate.sub_event_type is not None:
        return candidate.sub_event_type
    group = candidate.trigger.group
    if group.sub_event_type is not None:
        return group.sub_event_type
    actor1 = candidate.roles.actor1[0] if candidate.roles.actor1 else None
    actor2 = candidate.roles.actor2[0] if candidate.roles.actor2 else None
    if group.rule == "territory":
        inter1 = _inter(actor1, actors)
        if inter1 == 1:
            return "Government regains territory"
        if inter1 is None and candidate.trigger.phrase in _RETAKE:
            return "Government regains territory"
        return "Non-state actor overtakes territory"
    if group.rule == "protest":
        # How a protest was met is often the next sentence ("Police fired tear
        # gas to disperse them.").
        doc = sentence.doc
        following = doc[sentence.end].sent if sentence.end < len(doc) else None
        scope = list(sentence) + (list(following) if following is not None else [])
        lemmas, lowers = _texts(scope)
        for sub in lexicon.hierarchy:
            cues = lexicon.protest_cues.get(sub)
            if cues and _cue(cues, lemmas, lowers):
                return sub
        return "Peaceful protest"
    # violence: the weapon first (in the trigger's own phrase, then the sentence).
    head = candidate.trigger.head
    for scope in (list(head.subtree), list(sentence)):
        lemmas, lowers = _texts(scope)
        for sub in lexicon.hierarchy:
            cues = lexicon.weapon_cues.get(sub)
            if cues and _cue(cues, lemmas, lowers):
                return sub
    inter2 = _inter(actor2, actors)
    victim_inters = [_inter(v, actors) for v in (victims or [])]
    if inter2 == 7 or 7 in victim_inters:
        return "Attack"
    if inter2 in ARMED or any(v in ARMED for v in victim_inters):
        return "Armed clash"
    inter1 = _inter(actor1, actors)
    # Nobody named as hit: the sentence's other actors tell who was ("his
    # forces killed and injured 1,000 Taliban fighters").
    others = [_inter(a, actors) for a in (sentence_others or []) if a != actor1]
    if 7 in others:
        return "Attack"
    if inter1 in ARMED and any(o in ARMED for o in others):
        return "Armed clash"
    if candidate.trigger.phrase in _KILLING or inter1 is None:
        return "Attack"
    if inter1 in ARMED:
        return "Armed clash"
    return None


def cued(sub_event_type: str, sentence: Span, lexicon: Lexicon, *, following: bool = True) -> bool:
    """Whether the text names what makes ``sub_event_type``: a weapon cue in
    the sentence ("helicopter gunships" for Air/drone strike) or a protest cue
    in it or (``following``) the next sentence ("tear gas" for Protest with
    intervention)."""
    doc = sentence.doc
    scope = list(sentence)
    cues = lexicon.weapon_cues.get(sub_event_type)
    if not cues:
        cues = lexicon.protest_cues.get(sub_event_type)
        if following and sentence.end < len(doc):
            scope += list(doc[sentence.end].sent)
    if not cues:
        return False
    lemmas, lowers = _texts(scope)
    return _cue(cues, lemmas, lowers)


def fold_sentence(
    candidates: list[Candidate],
    *,
    sentence: Span,
    lexicon: Lexicon,
    actors: ActorDictionary,
    discourse: Discourse,
    figs: list[Figure],
    sure: bool = False,
) -> list[Candidate]:
    """Apply ACLED's hierarchy inside one sentence.

    Generic triggers fold into the sentence's specific ones (lending them
    actors); specific triggers of the same event type and compatible actors
    are one act, coded with the highest-ranked sub-event type. A generic
    trigger alone makes an act only with an actor or a casualty figure, or
    when the classifier is ``sure`` the sentence reports an event.
    """
    specific = [c for c in candidates if c.trigger.group.specific]
    generic = [c for c in candidates if not c.trigger.group.specific]
    victims = [f.victims for f in figs if f.victims and not f.cumulative]
    others = sentence_actors(sentence, actors, discourse)
    incident = any(not f.cumulative for f in figs)
    if not specific:
        # A generic word alone makes an event only with something violent to
        # hold on to: an actor, a casualty figure.
        usable = [c for c in generic if sure or c.roles.actor1 or c.roles.actor2 or incident]
        if not usable:
            return []
        best = max(
            usable, key=lambda c: (len(c.roles.actor1) + len(c.roles.actor2), -c.trigger.span.start)
        )
        for other in usable:
            _lend(best, other)
        specific = [best]
    else:
        for g in generic:
            nearest = min(specific, key=lambda c: abs(c.trigger.head.i - g.trigger.head.i))
            _lend(nearest, g)
    for candidate in specific:
        candidate.sub_event_type = classify(
            candidate, sentence, lexicon, actors, victims=victims, sentence_others=others
        )
    kept: list[Candidate] = []
    for candidate in sorted(
        (c for c in specific if c.sub_event_type is not None),
        key=lambda c: lexicon.rank(c.sub_event_type or "Other"),
    ):
        same = next((k for k in kept if _same_act(k, candidate, lexicon)), None)
        if same is None:
            kept.append(candidate)
        else:
            if _one_weapon(same, candidate) and candidate.trigger.head.pos_ in {"NOUN", "PROPN"}:
                # The weapon names the tactic, not the verb of its explosion
                # ("A hand grenade ... exploded" is a Grenade event).
                # ... and who used it acts ("hurled by an unidentified man").
                same.sub_event_type = candidate.sub_event_type
                if candidate.roles.actor1:
                    same.roles.actor1 = list(candidate.roles.actor1)
            _lend(same, candidate)
    return sorted(kept, key=lambda c: c.trigger.span.start)


def _lend(target: Candidate, source: Candidate) -> None:
    """Give ``target`` the actors and attribution it lacks from ``source``."""
    if not target.roles.actor1 and source.roles.actor1:
        target.roles.actor1 = list(source.roles.actor1)
    if not target.roles.actor2 and source.roles.actor2:
        target.roles.actor2 = [a for a in source.roles.actor2 if a not in target.roles.actor1]
    target.attribution = target.attribution or source.attribution


def _same_act(a: Candidate, b: Candidate, lexicon: Lexicon) -> bool:
    if a.sub_event_type is None or b.sub_event_type is None:
        return False
    if lexicon.event_type_of[a.sub_event_type] != lexicon.event_type_of[b.sub_event_type]:
        return False
    if a.sub_event_type == b.sub_event_type:
        return _compatible(a.roles.actor1, b.roles.actor1)
    if _one_weapon(a, b):
        return True  # its actors are the weapon's ("hurled by an unidentified man")
    # Two Battles types (a clash that took territory) are one battle only when
    # the same side acts; different tactics of remote violence stay apart.
    return lexicon.event_type_of[a.sub_event_type] == "Battles" and _compatible(
        a.roles.actor1, b.roles.actor1
    )


def _one_weapon(a: Candidate, b: Candidate) -> bool:
    """Whether one trigger is the other's weapon: "A grenade ... exploded",
    "a mortar shell landed": the explosion is the grenade's, one act (other
    tactics of remote violence in a sentence stay apart)."""
    x, y = a.trigger.head, b.trigger.head
    return x.head.i == y.i or y.head.i == x.i


def _compatible(x: list[str], y: list[str]) -> bool:
    return not x or not y or bool(set(x) & set(y))
