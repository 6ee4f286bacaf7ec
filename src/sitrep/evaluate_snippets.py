"""Snippet classification scores: does the classifier say event or not, and
which of ACLED's 25 sub-event types, on labelled snippets or sentences.

Input is JSONL in the format of eval/GUIDELINES.md section 11 (``text``,
``sub_event_type`` or null). Figures: weighted and macro F1 over the 25
sub-event types (a non-event predicted as an event is a false positive of
the predicted type; an event predicted as none is a false negative of its
own), accuracy of the event/non-event decision, the non-event false-positive
rate, event recall, and the confusion table.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.api import Sitrep
from sitrep.classifier import NO_EVENT, EventClassifier, SentenceScore
from sitrep.errors import E, SitrepError
from sitrep.pipeline import extract as run_extract
from sitrep.records import Document, stable_hash

#: P(event) from which a snippet counts as an event. 0.5 is the calibrated
#: decision point (the probabilities are calibrated on real dev sentences).
THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Labelled:
    """One labelled snippet: its text and its gold sub-event type (None: no event)."""

    id: str
    text: str
    gold: str | None


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
            found.append(Labelled(str(record["id"]), record["text"], record["sub_event_type"]))
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
    for item in labelled:
        document = Document(id=stable_hash(item.text), text=item.text, origin=item.id)
        events, _statistics = run_extract([document], sitrep.resources)
        best = max(events, key=lambda e: e.confidence) if events else None
        predicted.append(best.sub_event_type if best is not None else None)
    return scores(
        [item.gold for item in labelled], predicted, sitrep.resources.classifier.sub_event_types
    )


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
