"""Snippet classification scores: does the classifier say event or not, and
which of ACLED's 25 sub-event types, on labelled snippets or sentences.

Input is JSONL in the format of eval/GUIDELINES.md section 11 (``text``,
``sub_event_type`` or null). Figures: weighted and macro F1 over the 25
sub-event types (a non-event predicted as an event is a false positive of
the predicted type; an event predicted as none is a false negative of its
own), accuracy of the event/non-event decision, the non-event false-positive
rate, event recall, and the confusion table.

Scoring the whole pipeline (``evaluate_pipeline_snippets``) also scores the
arguments of each gold event snippet the pipeline finds some event in, where
the labelled record gives them (eval/GUIDELINES.md section 11): ``actor1_match``
and ``actor2_match`` (the gold span, resolved with the actor dictionary in the
record's country, is the event's actor or associated actor on that side; the
regime period of a state's forces is ignored; in a protest or riot the crowd
is actor 1 as ACLED orders it, named Protesters/Rioters (X); spans the dictionary cannot
name are left out and counted), ``actor1_match_either_order``,
``location_match`` (the same name, or the gold name's place in the record's
country within 25 km; "near X", "between X and Y", "X's Y district" hit on
either name), ``country_match`` and ``fatalities_exact`` (no figure
labelled: 0).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.api import Sitrep
from sitrep.classifier import NO_EVENT, EventClassifier, SentenceScore
from sitrep.countrycodes import codes
from sitrep.errors import E, SitrepError
from sitrep.extract.numbers import quantities
from sitrep.gazetteer import haversine_km, name_key
from sitrep.pipeline import Resources
from sitrep.pipeline import extract as run_extract
from sitrep.records import Actor, Document, Event, stable_hash

#: P(event) from which a snippet counts as an event. 0.5 is the calibrated
#: decision point (the probabilities are calibrated on real dev sentences).
THRESHOLD = 0.5


#: Argument fields a labelled record may carry (eval/GUIDELINES.md section 11).
ARGUMENT_FIELDS = ("actor1", "actor2", "location", "fatalities", "country")
#: A predicted place this close to the labelled one is the same location.
SAME_LOCATION_KM = 25.0


@dataclass(frozen=True, slots=True)
class Labelled:
    """One labelled snippet: its text and its gold sub-event type (None: no event)."""

    id: str
    text: str
    gold: str | None
    #: The labelled arguments, where the record gives them (spans as written).
    arguments: dict[str, str | None] = field(default_factory=dict)


@dataclass(slots=True)
class SnippetScores:
    """Classification figures over one set of snippets."""

    n: int = 0
    events: int = 0
    non_events: int = 0
    weighted_f1: float = 0.0
    macro_f1: float = 0.0
    accuracy: float = 0.0  # exact label, "no event" included
    event_recall: float = 0.0  # gold events predicted as some event
    event_precision: float = 0.0
    non_event_fp_rate: float = 0.0  # gold non-events predicted as an event
    per_class: dict[str, tuple[float, float, float, int]] = field(default_factory=dict)
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)
    #: Argument figures (pipeline scoring only) and how many snippets each is over.
    arguments: dict[str, float] = field(default_factory=dict)
    argument_counts: dict[str, int] = field(default_factory=dict)
    #: Snippets the pipeline rejected (pipeline scoring only): each scored as
    #: no event, and counted so an extractor error cannot hide in the figures.
    rejected: int = 0

    def as_dict(self) -> dict[str, object]:
        """JSON-ready figures (the confusion table as gold -> predicted -> count)."""
        table: dict[str, dict[str, int]] = {}
        for (gold, predicted), count in sorted(self.confusion.items()):
            table.setdefault(gold, {})[predicted] = count
        return {
            "n": self.n,
            "events": self.events,
            "non_events": self.non_events,
            "weighted_f1": round(self.weighted_f1, 4),
            "macro_f1": round(self.macro_f1, 4),
            "accuracy": round(self.accuracy, 4),
            "event_recall": round(self.event_recall, 4),
            "event_precision": round(self.event_precision, 4),
            "non_event_fp_rate": round(self.non_event_fp_rate, 4),
            "rejected": self.rejected,
            **{name: round(value, 4) for name, value in self.arguments.items()},
            "argument_counts": dict(self.argument_counts),
            "per_class": {
                k: {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "n": n}
                for k, (p, r, f, n) in sorted(self.per_class.items())
            },
            "confusion": table,
        }


def load_labelled(path: Path) -> list[Labelled]:
    """Read labelled snippets; error E017 names the first bad line."""
    found = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SitrepError(E.E017, path=path, detail=exc.strerror or repr(exc)) from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            arguments = {k: record[k] for k in ARGUMENT_FIELDS if k in record}
            found.append(
                Labelled(str(record["id"]), record["text"], record["sub_event_type"], arguments)
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise SitrepError(E.E017, path=path, detail=f"line {number}: {exc!r}") from exc
    return found


def decide(score: SentenceScore, threshold: float = THRESHOLD) -> str | None:
    """The label a score gives: a sub-event type, or None for no event."""
    return score.sub_event_type if score.p_event >= threshold else None


def scores(
    gold: Sequence[str | None], predicted: Sequence[str | None], classes: Iterable[str]
) -> SnippetScores:
    """Figures from paired gold and predicted labels (None: no event)."""
    result = SnippetScores(n=len(gold))
    confusion: Counter[tuple[str, str]] = Counter(
        (g or NO_EVENT, p or NO_EVENT) for g, p in zip(gold, predicted, strict=True)
    )
    result.confusion = dict(confusion)
    result.events = sum(1 for g in gold if g is not None)
    result.non_events = result.n - result.events
    result.accuracy = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / max(
        result.n, 1
    )
    detected = sum(1 for g, p in zip(gold, predicted, strict=True) if g and p)
    result.event_recall = detected / max(result.events, 1)
    result.event_precision = detected / max(sum(1 for p in predicted if p), 1)
    result.non_event_fp_rate = sum(
        1 for g, p in zip(gold, predicted, strict=True) if g is None and p
    ) / max(result.non_events, 1)
    weighted, macro, present = 0.0, 0.0, 0
    for name in classes:
        tp = confusion[(name, name)]
        support = sum(c for (g, _), c in confusion.items() if g == name)
        claimed = sum(c for (_, p), c in confusion.items() if p == name)
        precision = tp / claimed if claimed else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if support:
            result.per_class[name] = (precision, recall, f1, support)
            weighted += f1 * support
            macro += f1
            present += 1
    result.weighted_f1 = weighted / max(result.events, 1)
    result.macro_f1 = macro / max(present, 1)
    return result


def evaluate_snippets(
    path: Path,
    classifier: EventClassifier,
    threshold: float = THRESHOLD,
    context: str = "snippet",
) -> SnippetScores:
    """Score ``classifier`` on the labelled snippets in ``path``; ``context``
    "article" for sentences taken from whole reports (calibrated to their prior)."""
    labelled = load_labelled(path)
    found = classifier.score([item.text for item in labelled], context=context)
    return scores(
        [item.gold for item in labelled],
        [decide(s, threshold) for s in found],
        classifier.sub_event_types,
    )


def evaluate_pipeline_snippets(path: Path, sitrep: Sitrep) -> SnippetScores:
    """Score the whole pipeline on labelled snippets: each snippet is a
    document of its own, and its label is the sub-event type of its most
    confident event (none when no event comes out), as a user coding the
    snippet with sitrep would read it."""
    labelled = load_labelled(path)
    predicted: list[str | None] = []
    tally = _ArgumentTally()
    rejected: list[object] = []
    for item in labelled:
        document = Document(id=stable_hash(item.text), text=item.text, origin=item.id)
        events, _statistics = run_extract([document], sitrep.resources, rejected.append)
        best = max(events, key=lambda e: e.confidence) if events else None
        predicted.append(best.sub_event_type if best is not None else None)
        if item.gold is not None and best is not None and item.arguments:
            tally.add(item, best, sitrep.resources)
    result = scores(
        [item.gold for item in labelled], predicted, sitrep.resources.classifier.sub_event_types
    )
    result.arguments, result.argument_counts = tally.figures()
    result.rejected = len(rejected)
    return result


def _unperiod(name: str | None) -> str:
    """An actor name without ACLED's regime period ("Military Forces of Mali (2021-)")."""
    if not name:
        return ""
    head, _, last = name.rpartition(" (")
    return head if head and last[:4].isdigit() else name


@dataclass(slots=True)
class _ArgumentTally:
    hits: Counter[str] = field(default_factory=Counter)
    totals: Counter[str] = field(default_factory=Counter)

    def _score(self, figure: str, hit: bool) -> None:
        self.totals[figure] += 1
        self.hits[figure] += hit

    def add(self, item: Labelled, event: Event, resources: Resources) -> None:
        args = item.arguments
        country = (args.get("country") or "").upper() or None
        sides = (
            {_unperiod(event.actor1), _unperiod(event.assoc_actor_1)} - {""},
            {_unperiod(event.actor2), _unperiod(event.assoc_actor_2)} - {""},
        )
        expected = _expected_actors(item, country, event, resources)
        for number, key in enumerate(("actor1", "actor2")):
            if not args.get(key):
                continue
            actor = expected[number]
            if actor is None:
                self.totals[f"{key}_unresolved"] += 1
                continue
            name = _unperiod(actor.name)
            self._score(f"{key}_match", name in sides[number])
            self._score(f"{key}_match_either_order", name in sides[0] | sides[1])
        if country:
            found = codes(country)
            self._score("country_match", found is not None and found.numeric == event.iso)
        location = args.get("location")
        if location:
            self._score("location_match", _same_location(location, country, event, resources))
        if "fatalities" in args:
            self._score(
                "fatalities_exact", event.fatalities == _figure(args["fatalities"], resources)
            )

    def figures(self) -> tuple[dict[str, float], dict[str, int]]:
        rates = {
            figure: self.hits[figure] / total
            for figure, total in sorted(self.totals.items())
            if not figure.endswith("_unresolved") and total
        }
        return rates, dict(sorted(self.totals.items()))


#: Words around a labelled place span that are not its name ("near Kotile",
#: "about 45 kilometres southwest of Kismayo", "Nasir town").
_SPAN_NOISE = re.compile(
    r"^(?:the |near |about |around |outside |some |in )+|"
    r"^.*\b(?:of|from) (?=[A-Z])|"
    r"\s*\(.*\)\s*$|"
    r" (?:town|city|village|area|neighbou?rhood|district|county|camp|compound|market|locality)$"
)


def _span_names(span: str) -> list[str]:
    """The place names a labelled location span holds: itself, its name without
    the words around it, both ends of "between A and B", both parts of "A's B"."""
    names = [span]
    stripped = span
    for _ in range(3):
        stripped = _SPAN_NOISE.sub("", stripped).strip(" ,")
    names.append(stripped)
    if stripped.lower().startswith("between ") and " and " in stripped:
        names += stripped[8:].split(" and ", 1)
    if "'s " in stripped:
        names += stripped.split("'s ", 1)
    return [n for n in dict.fromkeys(names) if n]


#: ACLED's crowd in demonstrations: actor 1 whatever the sentence makes it
#: ("Police opened fire on demonstrators": Protesters (X), then the police).
_CROWDS = {"Protests": "protesters", "Riots": "rioters"}


def _expected_actors(
    item: Labelled, country: str | None, event: Event, resources: Resources
) -> tuple[Actor | None, Actor | None]:
    """The labelled spans as ACLED names them, in ACLED's order: a crowd in a
    protest or riot is actor 1 (the labels give who did what to whom)."""
    found = [
        resources.actors.resolve(span, country=country, on=event.event_date) if span else None
        for span in (item.arguments.get("actor1"), item.arguments.get("actor2"))
    ]
    first, second = found
    event_type = resources.lexicon.event_type_of.get(item.gold or "")
    noun = _CROWDS.get(event_type or "")
    if noun is None or item.gold == "Mob violence":
        return first, second
    crowd = resources.actors.resolve(noun, country=country, on=event.event_date)
    if (
        second is not None
        and second.inter in {5, 6, 7}
        and (first is None or first.inter not in {5, 6, 7})
    ):
        return crowd, first  # "Police dispersed demonstrators"
    if first is not None and first.inter in {5, 6, 7}:
        return crowd, second
    if first is not None and second is None:
        return crowd, first  # "Police dispersed a rally": the crowd is unlabelled
    return first, second


def _same_location(span: str, country: str | None, event: Event, resources: Resources) -> bool:
    if event.location is None or event.latitude is None or event.longitude is None:
        return False
    for name in _span_names(span):
        if name_key(name) == name_key(event.location):
            return True
        for place in resources.gazetteer.lookup(name, country=country)[:1]:
            if country is None or place.country_iso == country:
                km = haversine_km(place.latitude, place.longitude, event.latitude, event.longitude)
                if km <= SAME_LOCATION_KM:
                    return True
    return False


#: "between 7 and 12" is its lower bound (ACLED); read before the parts.
_RANGE = re.compile(r"\bbetween\s+(\S+)\s+and\s+\S+", re.IGNORECASE)
#: What joins the groups of dead a span names, each counted ("a farmer and
#: his son", "himself, a soldier and eight civilian volunteers").
_PARTS = re.compile(
    r",\s+(?:and\s+)?|\s+(?:and|along with|as well as|together with)\s+", re.IGNORECASE
)
#: A part that is a share of the group before it ("including 3 children").
_SHARE = re.compile(r"\b(?:including|among|of whom|of them)\b", re.IGNORECASE)
#: Words that name one person before a singular noun ("the attacker", "his son").
_ONE_PERSON = {"a", "an", "one", "the", "his", "her", "their", "its", "another"}
_PERSON_PRONOUNS = {"him", "her", "he", "she", "himself", "herself"}


def _figure(span: str | None, resources: Resources) -> int:
    """The number a labelled fatality span gives: "Five", "at least 12",
    "dozens" by ACLED's rule, "a child", "between 7 and 12" (its lower bound),
    and the sum of the groups it joins ("a farmer and his son" 2, "two gendarmes
    and the attacker" 3: ACLED counts every death, the attackers' too); 0 for
    none."""
    if not span:
        return 0
    parts = [p for p in _PARTS.split(_RANGE.sub(r"\1", span.strip())) if p.strip()]
    total = 0
    for n, part in enumerate(parts):
        if n and _SHARE.search(part):
            continue
        total += _part_figure(part, resources, joined=len(parts) > 1)
    return total


#: An age is no count: "a 45-year-old man and his nephew" are 2.
_AGE = re.compile(r"\b\S+-year-old\b", re.IGNORECASE)


def _part_figure(part: str, resources: Resources, *, joined: bool) -> int:
    part = _AGE.sub("", part)
    doc = resources.nlp.make_doc(part)
    for token in doc:
        token.is_sent_start = token.i == 0
    found = quantities(doc[:], resources.lexicon)
    if found:
        return found[0].low
    words = part.lower().split()
    vague = resources.lexicon.vague_quantities
    if " ".join(words) in vague or words[0] in vague:
        return vague.get(" ".join(words), vague.get(words[0], 0))
    if words == ["both"] or words[0] == "both":
        return 2
    if not _PERSON_PRONOUNS.isdisjoint(words):
        return 1  # "him", "beat him to death"
    singular = not words[-1].endswith("s") or words[-1].endswith("ss")
    if words[0] in _ONE_PERSON and singular:
        return 1  # "a child", "the attacker", "his son"
    return int(joined and len(words) == 1 and singular)  # "a young man and woman"


def confusion_table(result: SnippetScores, limit: int = 15) -> list[tuple[str, str, int]]:
    """The most frequent confusions (gold, predicted, count), errors only."""
    errors = [(g, p, c) for (g, p), c in result.confusion.items() if g != p]
    return sorted(errors, key=lambda row: -row[2])[:limit]


def check_classifier_baseline(
    baseline: dict[str, Any],
    root: Path,
    classifier: EventClassifier,
    sitrep: Sitrep | None = None,
) -> tuple[dict[str, SnippetScores], list[str]]:
    """Score every labelled file the baseline names and list each figure below
    its minimum or above its maximum. The baseline maps a name to ``{"path":
    labelled file relative to root (default: the name), "context": ...,
    "pipeline": true to score the whole pipeline, "min": {figure: value},
    "max": {...}}``."""
    results: dict[str, SnippetScores] = {}
    failures: list[str] = []
    if sitrep is None and any(isinstance(e, dict) and e.get("pipeline") for e in baseline.values()):
        sitrep = Sitrep()
    for name, entry in baseline.items():
        if name.startswith("_"):
            continue
        if entry.get("pipeline"):
            result = evaluate_pipeline_snippets(root / entry["path"], sitrep)  # type: ignore[arg-type]
        else:
            result = evaluate_snippets(
                root / entry.get("path", name), classifier, context=entry.get("context", "snippet")
            )
        results[name] = result
        figures = result.as_dict()
        for figure, minimum in entry.get("min", {}).items():
            if float(figures[figure]) < float(minimum):  # type: ignore[arg-type]
                failures.append(
                    f"{name}: {figure} {figures[figure]} is below its minimum {minimum}"
                )
        for figure, maximum in entry.get("max", {}).items():
            if float(figures[figure]) > float(maximum):  # type: ignore[arg-type]
                failures.append(
                    f"{name}: {figure} {figures[figure]} is above its maximum {maximum}"
                )
    return results, failures
