"""The event lexicon: ACLED taxonomy, trigger words and the language of
casualties, time, modality and sources, loaded from ``data/triggers.yaml`` and
``data/language.yaml`` (format in ``data/README-lexicon.md``).

Knowledge lives in those files; this module only validates and indexes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sitrep.errors import E, SitrepError

RULES = ("violence", "territory", "protest")


#: The measures of one incident's toll (``measures`` in language.yaml); every
#: other measure counts a population (displaced, detained...).
INCIDENT_MEASURES = frozenset({"killed", "injured"})


@dataclass(frozen=True, slots=True)
class TriggerGroup:
    """Phrases that announce one sub-event type, or a rule that decides it."""

    key: str  # the sub-event type, or "rule:<name>"
    sub_event_type: str | None
    rule: str | None
    specific: bool
    phrases: tuple[str, ...]
    needs_object_for: dict[str, tuple[str, ...]] = field(default_factory=dict)
    territory_objects: frozenset[str] = frozenset()
    ground_required: bool = False
    noun_needs_verb: frozenset[str] = frozenset()
    noun_not_object_of: frozenset[str] = frozenset()
    #: A participle of the trigger modifying a noun names a state, not an act
    #: ("detained activists", "inside its detained centers").
    modifier_is_state: bool = False


@dataclass(frozen=True, slots=True)
class OtherSide:
    """Words that name the other side (actor 2) of a change of territory or a
    surrender outside the act's own objects (``other_side`` in language.yaml)."""

    sub_event_types: frozenset[str] = frozenset()
    leave_verbs: frozenset[str] = frozenset()
    leave_nouns: frozenset[str] = frozenset()
    expel_verbs: frozenset[str] = frozenset()
    hand_verbs: frozenset[str] = frozenset()
    hold_verbs: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Qualifier:
    """How a qualifier ("at least", "up to") turns a figure into a range."""

    low: float
    best: float
    high: float


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the extract stage knows about how English reports violence."""

    event_type_of: dict[str, str]  # sub-event type -> event type
    disorder_type_of: dict[str, str]  # event type -> disorder type
    hierarchy: tuple[str, ...]  # sub-event types, highest rank first
    triggers: tuple[TriggerGroup, ...]
    ignore: tuple[str, ...]
    weapon_cues: dict[str, tuple[str, ...]]
    #: Event types a weapon named in the sentence overrules (they say whom an
    #: act struck, not how): the classifier's type gives way to the weapon's.
    weapon_decides_over: frozenset[str]
    #: Acts that, told right after a demonstration of one of these types, are
    #: how its crowd was met, not events of their own.
    crowd_met_by: dict[str, frozenset[str]]
    #: Sub-event types a statement itself makes ("announced their alliance"):
    #: the classifier's trigger may sit on the verb of saying.
    made_by_statement: frozenset[str]
    protest_cues: dict[str, tuple[str, ...]]
    measures: dict[str, tuple[str, ...]]
    death_words: frozenset[str]
    #: Complement -> the verbs it makes a killing (empty: any verb).
    killing_complements: dict[str, frozenset[str]]
    person_nouns: frozenset[str]
    cumulative_cues: tuple[str, ...]
    #: Phrases in which a cumulative cue counts no period ("for the first time in a year").
    not_cumulative: tuple[str, ...]
    perfect_aspect_is_cumulative: bool
    perfect_news_incidents: frozenset[str]
    perfect_news_local_max: int
    vague_quantities: dict[str, int]
    qualifiers: dict[str, Qualifier]
    negation: frozenset[str]
    hypothetical: frozenset[str]
    purpose_markers: frozenset[str]
    habitual_markers: frozenset[str]
    accusation_verbs: frozenset[str]
    claim_verbs: frozenset[str]  # "claimed [responsibility]"
    reciprocal_verbs: frozenset[str]  # "A and B clashed": both sides
    claim_objects: frozenset[str]  # "[claimed] responsibility", "[took] credit"
    non_specific_modifiers: frozenset[str]
    reporting_verbs: frozenset[str]
    according_to: tuple[str, ...]
    speech_verbs: frozenset[str]
    speech_objects: frozenset[str]
    site_nouns: frozenset[str]
    irregular_past: dict[str, tuple[str, ...]]
    locative_hints: dict[str, tuple[str, ...]]
    compass: dict[str, float]
    distance_units: dict[str, float]
    unnamed_sources: frozenset[str]
    other_side: OtherSide = OtherSide()
    scene_speakers: frozenset[str] = frozenset()  # "witnesses in Kasese said": on the scene

    def rank(self, sub_event_type: str) -> int:
        """Position in ACLED's hierarchy (0 = highest)."""
        return self.hierarchy.index(sub_event_type)


def _data_dir() -> Path:
    return Path(str(resources.files("sitrep") / "data"))


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SitrepError(E.E017, path=path, detail=exc) from exc
    if not isinstance(loaded, dict):
        raise SitrepError(E.E017, path=path, detail="top level must be a mapping")
    return loaded


def _words(values: Any, path: Path, where: str) -> tuple[str, ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise SitrepError(E.E017, path=path, detail=f"{where} must be a list of strings")
    return tuple(v.lower() for v in values)


def _other_side(entry: dict[str, Any], path: Path, event_type_of: dict[str, str]) -> OtherSide:
    types = entry.get("sub_event_types") or []
    unknown = [t for t in types if t not in event_type_of]
    if unknown:
        raise SitrepError(E.E017, path=path, detail=f"other_side: unknown type {unknown[0]!r}")
    words = {
        name: frozenset(_words(entry.get(name) or [], path, f"other_side.{name}"))
        for name in ("leave_verbs", "leave_nouns", "expel_verbs", "hand_verbs", "hold_verbs")
    }
    return OtherSide(sub_event_types=frozenset(types), **words)


def load_lexicon(directory: Path | None = None) -> Lexicon:
    """Load and validate the lexicon files from ``directory`` (default: package data)."""
    base = directory or _data_dir()
    trig_path, lang_path = base / "triggers.yaml", base / "language.yaml"
    trig, lang = _read_yaml(trig_path), _read_yaml(lang_path)

    event_type_of: dict[str, str] = {}
    disorder_type_of: dict[str, str] = {}
    hierarchy: list[str] = []
    for entry in trig.get("taxonomy", []):
        event_type = entry["event_type"]
        disorder_type_of[event_type] = entry["disorder_type"]
        for sub in entry["sub_event_types"]:
            event_type_of[sub] = event_type
            hierarchy.append(sub)

    groups: list[TriggerGroup] = []
    for i, entry in enumerate(trig.get("triggers", [])):
        where = f"triggers[{i}]"
        sub, rule = entry.get("sub_event_type"), entry.get("rule")
        if (sub is None) == (rule is None):
            raise SitrepError(
                E.E017, path=trig_path, detail=f"{where}: give sub_event_type or rule"
            )
        if sub is not None and sub not in event_type_of:
            raise SitrepError(E.E017, path=trig_path, detail=f"{where}: unknown type {sub!r}")
        if rule is not None and rule not in RULES:
            raise SitrepError(E.E017, path=trig_path, detail=f"{where}: unknown rule {rule!r}")
        needs = {
            k.lower(): _words(v, trig_path, f"{where}.needs_object_for")
            for k, v in (entry.get("needs_object_for") or {}).items()
        }
        groups.append(
            TriggerGroup(
                key=sub or f"rule:{rule}",
                sub_event_type=sub,
                rule=rule,
                specific=bool(entry.get("specific", True)),
                phrases=_words(entry.get("phrases"), trig_path, f"{where}.phrases"),
                needs_object_for=needs,
                territory_objects=frozenset(
                    _words(
                        entry.get("territory_objects") or [],
                        trig_path,
                        f"{where}.territory_objects",
                    )
                ),
                ground_required=bool(entry.get("ground_required", False)),
                modifier_is_state=bool(entry.get("modifier_is_state", False)),
                noun_needs_verb=frozenset(
                    _words(
                        entry.get("noun_needs_verb") or [], trig_path, f"{where}.noun_needs_verb"
                    )
                ),
                noun_not_object_of=frozenset(
                    _words(
                        entry.get("noun_not_object_of") or [],
                        trig_path,
                        f"{where}.noun_not_object_of",
                    )
                ),
            )
        )

    def cue_map(name: str, source: dict[str, Any], path: Path) -> dict[str, tuple[str, ...]]:
        cues = {k: _words(v, path, f"{name}.{k}") for k, v in (source.get(name) or {}).items()}
        for key in cues:
            if key not in event_type_of:
                raise SitrepError(E.E017, path=path, detail=f"{name}: unknown type {key!r}")
        return cues

    def _event_types(names: list[str], path: Path) -> frozenset[str]:
        known = set(event_type_of.values())
        unknown = [n for n in names if n not in known]
        if unknown:
            raise SitrepError(E.E017, path=path, detail=f"unknown event types {unknown!r}")
        return frozenset(names)

    def _sub_event_types(names: list[str], path: Path) -> frozenset[str]:
        unknown = [n for n in names if n not in event_type_of]
        if unknown:
            raise SitrepError(E.E017, path=path, detail=f"unknown sub-event types {unknown!r}")
        return frozenset(names)

    cumulative = lang.get("cumulative_cues") or {}
    quals = {
        k.lower(): Qualifier(float(v["low"]), float(v["best"]), float(v["high"]))
        for k, v in (lang.get("qualifiers") or {}).items()
    }
    return Lexicon(
        event_type_of=event_type_of,
        disorder_type_of=disorder_type_of,
        hierarchy=tuple(hierarchy),
        triggers=tuple(groups),
        ignore=_words(trig.get("ignore") or [], trig_path, "ignore"),
        weapon_cues=cue_map("weapon_cues", trig, trig_path),
        weapon_decides_over=_event_types(trig.get("weapon_decides_over") or [], trig_path),
        made_by_statement=_sub_event_types(trig.get("made_by_statement") or [], trig_path),
        crowd_met_by={
            act: _sub_event_types([act, *crowds], trig_path) - {act}
            for act, crowds in (trig.get("crowd_met_by") or {}).items()
        },
        protest_cues=cue_map("protest_cues", trig, trig_path),
        measures={k: _words(v, lang_path, f"measures.{k}") for k, v in lang["measures"].items()},
        death_words=frozenset(_words(lang["death_words"], lang_path, "death_words")),
        killing_complements={
            complement.lower(): frozenset(
                _words(verbs or [], lang_path, f"killing_complements.{complement}")
            )
            for complement, verbs in (lang.get("killing_complements") or {}).items()
        },
        person_nouns=frozenset(_words(lang["person_nouns"], lang_path, "person_nouns")),
        cumulative_cues=_words(cumulative.get("lemmas"), lang_path, "cumulative_cues.lemmas"),
        not_cumulative=_words(cumulative.get("not_in", []), lang_path, "cumulative_cues.not_in"),
        perfect_aspect_is_cumulative=bool(cumulative.get("perfect_aspect_is_cumulative", True)),
        perfect_news_local_max=int(cumulative.get("perfect_news_local_max", 0)),
        perfect_news_incidents=frozenset(
            _words(
                cumulative.get("perfect_news_incidents") or [],
                lang_path,
                "cumulative_cues.perfect_news_incidents",
            )
        ),
        vague_quantities={k.lower(): int(v) for k, v in lang["vague_quantities"].items()},
        qualifiers=quals,
        negation=frozenset(_words(lang["negation"], lang_path, "negation")),
        hypothetical=frozenset(_words(lang["hypothetical"], lang_path, "hypothetical")),
        purpose_markers=frozenset(_words(lang["purpose_markers"], lang_path, "purpose_markers")),
        habitual_markers=frozenset(_words(lang["habitual_markers"], lang_path, "habitual")),
        accusation_verbs=frozenset(_words(lang["accusation_verbs"], lang_path, "accusation_verbs")),
        reciprocal_verbs=frozenset(_words(lang["reciprocal_verbs"], lang_path, "reciprocal_verbs")),
        claim_verbs=frozenset(
            _words(lang["responsibility_claims"]["verbs"], lang_path, "responsibility_claims.verbs")
        ),
        claim_objects=frozenset(
            _words(
                lang["responsibility_claims"]["objects"], lang_path, "responsibility_claims.objects"
            )
        ),
        non_specific_modifiers=frozenset(
            _words(lang["non_specific_modifiers"], lang_path, "non_specific_modifiers")
        ),
        reporting_verbs=frozenset(_words(lang["reporting_verbs"], lang_path, "reporting_verbs")),
        according_to=_words(lang["according_to"], lang_path, "according_to"),
        speech_verbs=frozenset(_words(lang["speech_verbs"], lang_path, "speech_verbs")),
        speech_objects=frozenset(_words(lang["speech_objects"], lang_path, "speech_objects")),
        scene_speakers=frozenset(
            _words(lang.get("scene_speakers") or [], lang_path, "scene_speakers")
        ),
        site_nouns=frozenset(_words(lang["site_nouns"], lang_path, "site_nouns")),
        irregular_past={
            k.lower(): _words(v, lang_path, f"irregular_past.{k}")
            for k, v in lang["irregular_past"].items()
        },
        locative_hints={
            k: _words(v, lang_path, f"locative_hints.{k}")
            for k, v in lang["locative_hints"].items()
        },
        compass={k.lower(): float(v) for k, v in lang["compass"].items()},
        distance_units={k.lower(): float(v) for k, v in lang["distance_units"].items()},
        unnamed_sources=frozenset(_words(lang["unnamed_sources"], lang_path, "unnamed_sources")),
        other_side=_other_side(lang.get("other_side") or {}, lang_path, event_type_of),
    )


@cache
def default_lexicon() -> Lexicon:
    """The packaged lexicon, loaded once per process."""
    return load_lexicon()
