"""Score sitrep against gold events in ACLED form (``sitrep eval``, ``make eval``).

Gold comes in one of two shapes (``load_gold``):

* a folder with ``documents.jsonl`` (``doc_id``, ``title``, ``published``
  YYYY-MM-DD, ``url``, ``text``, ``split`` "dev" or "heldout") and
  ``events.csv`` (``doc_id`` plus ACLED's columns: ``event_date``,
  ``event_type``, ``sub_event_type``, ``actor1``, ``actor2``, ``admin1``,
  ``latitude``, ``longitude``, ``fatalities``, ...);
* a plain ACLED CSV export (``event_id_cnty``, ``event_date``, ..., ``notes``,
  ``fatalities``): each row is one document whose text is its ``notes``,
  published on its ``event_date``, with that row as its only gold event. Rows
  go to the split named in a ``split`` column, else to "heldout".

Each document is run through the pipeline on its own (``sitrep.pipeline.extract``
with one in-memory ``Document``), so every predicted event belongs to exactly
one gold document; events under ``min_confidence`` are dropped, as
``sitrep extract --min-confidence`` does.

Matching. A gold event and a predicted event can be paired only if

1. they come from the same document;
2. they have the same ``event_type``;
3. their ``event_date`` values are at most 1 day apart (checked only when both
   are dated);
4. their coordinates are at most 25 km apart (checked only when both are
   located).

Each gold event is paired with at most one predicted event and vice versa. The
pairing is an optimal assignment per document (Hungarian algorithm): first the
largest number of pairs, then the highest total score, where a pair scores
2 for the same ``sub_event_type``, 1 for the same ``actor1`` and 0.5 for the
same ``actor2`` (for Battles also with the two actors swapped), up to 1 for
closeness (1 at 0 km, 0 at 25 km) and up to 1 for the date (1 same day, 0.5
a day apart).

Figures (``Scores``), each over the events of one split:

* ``event_precision`` / ``event_recall`` / ``event_f1``: pairs / predicted
  events, pairs / gold events, and their harmonic mean.
* Over the pairs: ``sub_event_type_accuracy`` and the weighted (by gold
  support) and macro F1 of ``sub_event_type``; ``actor1_match`` and
  ``actor2_match`` (canonical names, case-insensitive, blank equals blank);
  ``actor1_match_either_order`` / ``actor2_match_either_order`` (the same, but
  a Battles pair may have its actors swapped); ``fatalities_exact`` and
  ``fatalities_within_1`` (pairs whose gold gives fatalities);
  ``date_exact`` (pairs whose gold is dated); ``location_within_25km`` (pairs
  whose gold has coordinates; an unlocated prediction counts as a miss);
  ``admin1_match`` (pairs whose gold has an admin1; compared
  case-insensitively, ignoring punctuation, with the prediction's
  ACLED-style name or its GeoNames spelling: gold may use either).
* ``event_type_accuracy`` cannot be measured on those pairs (rule 2 makes it
  1.0), so it comes from a second, type-blind assignment (rules 1, 3, 4 only,
  same event type preferred): the share of those pairs whose event types agree.
  ``event_f1_any_type`` is detection F1 on that assignment, and ``confusions``
  lists its most frequent (gold sub-event type, predicted sub-event type)
  disagreements.
* ``docs_per_second``: documents over the wall time of their prediction run
  (resources loaded beforehand).

A figure is ``None`` when nothing in the split can measure it.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.api import Sitrep
from sitrep.gazetteer import haversine_km
from sitrep.pipeline import extract as run_extract
from sitrep.records import Document, Event, Rejected, stable_hash

#: Most days between a gold and a predicted event date for them to pair.
MAX_DAYS = 1
#: Most kilometres between a gold and a predicted event for them to pair.
MAX_KM = 25.0
#: Splits of a gold set; "all" is their union.
SPLITS = ("dev", "heldout")
ALL = "all"
#: Figures that can be pinned in a baseline (a minimum each), in report order.
FIGURES = (
    "event_precision",
    "event_recall",
    "event_f1",
    "event_f1_any_type",
    "event_type_accuracy",
    "sub_event_type_accuracy",
    "sub_event_type_f1_weighted",
    "sub_event_type_f1_macro",
    "actor1_match",
    "actor2_match",
    "actor1_match_either_order",
    "actor2_match_either_order",
    "fatalities_exact",
    "fatalities_within_1",
    "date_exact",
    "location_within_25km",
    "admin1_match",
    "docs_per_second",
)
#: Figures that depend on the machine and are never pinned by ``baseline_from``.
MACHINE_FIGURES = frozenset({"docs_per_second"})

_BATTLES = "battles"
_ACLED_DATE_FORMATS = ("%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y", "%Y/%m/%d")
_EVENT_COLUMNS = ("doc_id", "event_date", "event_type", "sub_event_type")


class GoldError(ValueError):
    """The gold set is missing, malformed or inconsistent."""


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """A document of the gold set."""

    doc_id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    split: str = "dev"

    def document(self) -> Document:
        """The document the pipeline reads (its origin is the gold ``doc_id``)."""
        return Document(
            id=stable_hash(self.text),
            text=self.text,
            url=self.url,
            title=self.title,
            published=self.published,
            origin=self.doc_id,
        )


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """A hand-coded event (ACLED columns) of one gold document."""

    doc_id: str
    event_type: str
    sub_event_type: str
    event_date: dt.date | None = None
    time_precision: int | None = None
    disorder_type: str = ""
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: str | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: str | None = None
    civilian_targeting: str = ""
    country: str | None = None
    admin1: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    notes: str = ""
    evidence: str = ""


@dataclass(slots=True)
class GoldSet:
    """Documents and their events, as loaded by ``load_gold``."""

    source: str
    documents: list[GoldDocument]
    events: list[GoldEvent]

    def split(self, name: str) -> GoldSet:
        """The documents of one split ("dev", "heldout") and their events; "all" is self."""
        if name == ALL:
            return self
        documents = [d for d in self.documents if d.split == name]
        ids = {d.doc_id for d in documents}
        return GoldSet(self.source, documents, [e for e in self.events if e.doc_id in ids])


@dataclass(frozen=True, slots=True)
class Pair:
    """A gold event matched to a predicted event (``swapped``: Battles actors
    compared in the opposite order)."""

    gold: GoldEvent
    predicted: Event
    swapped: bool = False


@dataclass(slots=True)
class Predictions:
    """What sitrep predicted for each gold document, and how long it took."""

    events: dict[str, list[Event]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    rejected: dict[str, str] = field(default_factory=dict)  # doc_id -> reason


@dataclass(slots=True)
class Scores:
    """The figures of one split (see the module docstring)."""

    documents: int
    gold_events: int
    predicted_events: int
    matched: int
    figures: dict[str, float | None]
    counts: dict[str, int]  # denominators of the rates over pairs
    confusions: list[tuple[str, str, int]]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "documents": self.documents,
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "matched": self.matched,
            **self.figures,
            "counts": dict(self.counts),
            "confusions": [{"gold": g, "predicted": p, "count": n} for g, p, n in self.confusions],
        }


@dataclass(slots=True)
class EvalReport:
    """Scores of sitrep on a gold set, per split ("dev", "heldout", "all")."""

    gold: str
    min_confidence: float
    splits: dict[str, Scores]
    rejected: dict[str, str] = field(default_factory=dict)

    def to_dict(self, splits: Iterable[str] | None = None) -> dict[str, Any]:
        """A JSON-ready dict (only the named splits, if given)."""
        names = list(self.splits) if splits is None else list(splits)
        return {
            "gold": self.gold,
            "min_confidence": self.min_confidence,
            "rejected": dict(self.rejected),
            "splits": {n: self.splits[n].to_dict() for n in names if n in self.splits},
        }


# --------------------------------------------------------------------- loading


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _int(value: str | None, what: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return int(float(value))
    except ValueError:
        raise GoldError(f"{what}: not a number: {value!r}") from None


def _float(value: str | None, what: str) -> float | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise GoldError(f"{what}: not a number: {value!r}") from None
    return number if math.isfinite(number) else None


def _gold_date(value: str | None, what: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    for fmt in _ACLED_DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise GoldError(f"{what}: not a date: {value!r}")


def _gold_event(row: Mapping[str, str | None], doc_id: str, where: str) -> GoldEvent:
    event_type = _text(row.get("event_type"))
    sub_event_type = _text(row.get("sub_event_type"))
    if not event_type or not sub_event_type:
        raise GoldError(f"{where}: event_type and sub_event_type are required")
    return GoldEvent(
        doc_id=doc_id,
        event_type=event_type,
        sub_event_type=sub_event_type,
        event_date=_gold_date(row.get("event_date"), where),
        time_precision=_int(row.get("time_precision"), where),
        disorder_type=_text(row.get("disorder_type")) or "",
        actor1=_text(row.get("actor1")),
        assoc_actor_1=_text(row.get("assoc_actor_1")),
        inter1=_text(row.get("inter1")),
        actor2=_text(row.get("actor2")),
        assoc_actor_2=_text(row.get("assoc_actor_2")),
        inter2=_text(row.get("inter2")),
        civilian_targeting=_text(row.get("civilian_targeting")) or "",
        country=_text(row.get("country")),
        admin1=_text(row.get("admin1")),
        location=_text(row.get("location")),
        latitude=_float(row.get("latitude"), where),
        longitude=_float(row.get("longitude"), where),
        geo_precision=_int(row.get("geo_precision"), where),
        fatalities=_int(row.get("fatalities"), where),
        notes=_text(row.get("notes")) or "",
        evidence=_text(row.get("evidence")) or "",
    )


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str | None]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            return list(reader.fieldnames or []), rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise GoldError(f"{path}: cannot read: {exc}") from None


def _load_documents(path: Path) -> list[GoldDocument]:
    documents: list[GoldDocument] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read: {exc}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{where}: not JSON: {exc}") from None
        if not isinstance(record, dict) or not record.get("doc_id") or not record.get("text"):
            raise GoldError(f"{where}: a document needs doc_id and text")
        split = str(record.get("split") or "dev")
        if split not in SPLITS:
            raise GoldError(f"{where}: split must be one of {', '.join(SPLITS)}, not {split!r}")
        documents.append(
            GoldDocument(
                doc_id=str(record["doc_id"]),
                text=str(record["text"]),
                title=_text(record.get("title")),
                published=_gold_date(record.get("published"), where),
                url=_text(record.get("url")),
                split=split,
            )
        )
    return documents


def _load_folder(folder: Path, events_path: Path) -> GoldSet:
    documents_path = folder / "documents.jsonl"
    if not documents_path.is_file():
        raise GoldError(f"{folder}: no documents.jsonl")
    if not events_path.is_file():
        raise GoldError(f"{folder}: no events.csv")
    documents = _load_documents(documents_path)
    seen: set[str] = set()
    for d in documents:
        if d.doc_id in seen:
            raise GoldError(f"{documents_path}: doc_id {d.doc_id!r} appears twice")
        seen.add(d.doc_id)
    columns, rows = _read_csv(events_path)
    missing = [c for c in _EVENT_COLUMNS if c not in columns]
    if missing:
        raise GoldError(f"{events_path}: missing columns {', '.join(missing)}")
    events = []
    for number, row in enumerate(rows, 2):
        doc_id = (row.get("doc_id") or "").strip()
        if doc_id not in seen:
            raise GoldError(f"{events_path}:{number}: unknown doc_id {doc_id!r}")
        events.append(_gold_event(row, doc_id, f"{events_path}:{number}"))
    return GoldSet(str(folder), documents, events)


def _load_acled(path: Path, rows: list[dict[str, str | None]]) -> GoldSet:
    documents, events = [], []
    for number, row in enumerate(rows, 2):
        where = f"{path}:{number}"
        text = _text(row.get("notes"))
        if not text:
            continue  # nothing to read
        doc_id = _text(row.get("event_id_cnty")) or f"row{number}"
        split = _text(row.get("split")) or "heldout"
        if split not in SPLITS:
            raise GoldError(f"{where}: split must be one of {', '.join(SPLITS)}, not {split!r}")
        event = _gold_event(row, doc_id, where)
        documents.append(GoldDocument(doc_id, text, None, event.event_date, None, split))
        events.append(event)
    return GoldSet(str(path), documents, events)


def load_gold(path: str | Path) -> GoldSet:
    """Load a gold folder (``documents.jsonl`` + ``events.csv``), a gold
    ``events.csv`` (its ``documents.jsonl`` next to it) or an ACLED CSV export.
    Raises ``GoldError`` naming the file and line of anything malformed."""
    path = Path(path)
    if path.is_dir():
        return _load_folder(path, path / "events.csv")
    if not path.is_file():
        raise GoldError(f"{path}: no such file or folder")
    columns, rows = _read_csv(path)
    if "doc_id" in columns:
        return _load_folder(path.parent, path)
    if "notes" in columns and "event_type" in columns:
        return _load_acled(path, rows)
    raise GoldError(f"{path}: neither a gold events.csv (doc_id, ...) nor an ACLED export (notes)")


# ------------------------------------------------------------------ prediction


def predict(
    gold: GoldSet, sitrep: Sitrep | None = None, *, min_confidence: float = 0.0
) -> Predictions:
    """Run each gold document through the pipeline, one at a time."""
    sitrep = sitrep or Sitrep()
    resources = sitrep.resources  # loaded before the clock starts
    resources.nlp("Warm-up: rebels attacked the town on Monday.")  # first-call costs too
    predictions = Predictions()
    for gold_document in gold.documents:
        document = gold_document.document()
        rejected: list[Rejected] = []
        start = time.perf_counter()
        events, _statistics = run_extract([document], resources, rejected.append)
        predictions.seconds[gold_document.doc_id] = time.perf_counter() - start
        predictions.events[gold_document.doc_id] = [
            e for e in events if e.confidence >= min_confidence
        ]
        if rejected:
            predictions.rejected[gold_document.doc_id] = rejected[0].reason
    return predictions


# -------------------------------------------------------------------- matching


def _name(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


def _place_name(value: str | None) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", (value or "").casefold()).split())


def _days(gold: GoldEvent, predicted: Event) -> int | None:
    if gold.event_date is None or predicted.event_date is None:
        return None
    return abs((gold.event_date - predicted.event_date).days)


def _km(gold: GoldEvent, predicted: Event) -> float | None:
    if (
        gold.latitude is None
        or gold.longitude is None
        or predicted.latitude is None
        or predicted.longitude is None
    ):
        return None
    return haversine_km(gold.latitude, gold.longitude, predicted.latitude, predicted.longitude)


def _orientation(gold: GoldEvent, predicted: Event) -> tuple[bool, bool, bool]:
    """(actor1 matches, actor2 matches, swapped) in the better orientation:
    Battles may have their two sides in either order."""
    direct = (
        _name(gold.actor1) == _name(predicted.actor1),
        _name(gold.actor2) == _name(predicted.actor2),
    )
    if _name(gold.event_type) == _BATTLES and _name(predicted.event_type) == _BATTLES:
        swapped = (
            _name(gold.actor1) == _name(predicted.actor2),
            _name(gold.actor2) == _name(predicted.actor1),
        )
        if sum(swapped) > sum(direct):
            return swapped[0], swapped[1], True
    return direct[0], direct[1], False


def score(gold: GoldEvent, predicted: Event, *, same_type: bool = True) -> float | None:
    """How well ``predicted`` fits ``gold`` (higher is better), or ``None`` when
    the matching rules forbid pairing them (the document is not checked here).

    With ``same_type=False`` the event types may differ (a match of the same
    type scores 3 more)."""
    type_equal = _name(gold.event_type) == _name(predicted.event_type)
    if same_type and not type_equal:
        return None
    days = _days(gold, predicted)
    if days is not None and days > MAX_DAYS:
        return None
    km = _km(gold, predicted)
    if km is not None and km > MAX_KM:
        return None
    actor1, actor2, _ = _orientation(gold, predicted)
    value = 2.0 if _name(gold.sub_event_type) == _name(predicted.sub_event_type) else 0.0
    value += (1.0 if actor1 else 0.0) + (0.5 if actor2 else 0.0)
    value += 0.0 if km is None else 1.0 - km / MAX_KM
    value += 0.0 if days is None else 1.0 - days / (MAX_DAYS + 1)
    if not same_type and type_equal:
        value += 3.0
    return value


def _assign(weights: list[list[float | None]]) -> list[tuple[int, int]]:
    """Pairs (row, column) of a maximum-cardinality, then maximum-weight
    assignment; ``None`` weights are forbidden pairs (Hungarian algorithm)."""
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    if rows == 0 or cols == 0:
        return []
    transposed = rows > cols
    if transposed:
        weights = [[weights[r][c] for r in range(rows)] for c in range(cols)]
        rows, cols = cols, rows
    top = max((w for row in weights for w in row if w is not None), default=0.0)
    big = (top + 1.0) * (rows + 1)  # one more pair outweighs any score difference
    cost = [[0.0 if w is None else -(big + w) for w in row] for row in weights]
    # Jonker-Volgenant style potentials, 1-based (rows <= cols).
    u = [0.0] * (rows + 1)
    v = [0.0] * (cols + 1)
    owner = [0] * (cols + 1)  # owner[c] = row assigned to column c
    way = [0] * (cols + 1)
    for r in range(1, rows + 1):
        owner[0] = r
        c0 = 0
        minv = [math.inf] * (cols + 1)
        used = [False] * (cols + 1)
        while True:
            used[c0] = True
            r0, delta, c1 = owner[c0], math.inf, 0
            for c in range(1, cols + 1):
                if not used[c]:
                    current = cost[r0 - 1][c - 1] - u[r0] - v[c]
                    if current < minv[c]:
                        minv[c], way[c] = current, c0
                    if minv[c] < delta:
                        delta, c1 = minv[c], c
            for c in range(cols + 1):
                if used[c]:
                    u[owner[c]] += delta
                    v[c] -= delta
                else:
                    minv[c] -= delta
            c0 = c1
            if owner[c0] == 0:
                break
        while c0:
            c1 = way[c0]
            owner[c0] = owner[c1]
            c0 = c1
    pairs = []
    for c in range(1, cols + 1):
        r = owner[c]
        if r and weights[r - 1][c - 1] is not None:
            pairs.append((c - 1, r - 1) if transposed else (r - 1, c - 1))
    return sorted(pairs)


def match(
    gold: Sequence[GoldEvent],
    predicted: Mapping[str, Sequence[Event]],
    *,
    same_type: bool = True,
) -> list[Pair]:
    """Pair gold events with predicted events (``predicted`` maps a gold
    ``doc_id`` to the events predicted for that document): one-to-one, within a
    document, under the matching rules, by optimal assignment."""
    by_document: dict[str, list[GoldEvent]] = {}
    for event in gold:
        by_document.setdefault(event.doc_id, []).append(event)
    pairs: list[Pair] = []
    for doc_id, gold_events in by_document.items():
        candidates = list(predicted.get(doc_id, ()))
        weights = [[score(g, p, same_type=same_type) for p in candidates] for g in gold_events]
        for i, j in _assign(weights):
            g, p = gold_events[i], candidates[j]
            pairs.append(Pair(g, p, _orientation(g, p)[2]))
    return pairs


# --------------------------------------------------------------------- figures


def _rate(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def label_f1(pairs: Sequence[tuple[str, str]]) -> tuple[float | None, float | None]:
    """(weighted, macro) F1 of labels over (gold, predicted) pairs: per-label
    F1, averaged over gold support (weighted) or over every label seen (macro)."""
    if not pairs:
        return None, None
    support = Counter(g for g, _ in pairs)
    guessed = Counter(p for _, p in pairs)
    correct = Counter(g for g, p in pairs if g == p)
    scores = {}
    for label in support.keys() | guessed.keys():
        precision = correct[label] / guessed[label] if guessed[label] else 0.0
        recall = correct[label] / support[label] if support[label] else 0.0
        scores[label] = _f1(precision, recall) or 0.0
    weighted = sum(scores[label] * n for label, n in support.items()) / len(pairs)
    return weighted, sum(scores.values()) / len(scores)


def _counted(
    pairs: Sequence[Pair], applies: Callable[[Pair], bool], hit: Callable[[Pair], bool]
) -> tuple[int, int]:
    relevant = [p for p in pairs if applies(p)]
    return sum(1 for p in relevant if hit(p)), len(relevant)


def _always(_pair: Pair) -> bool:
    return True


def _fatalities_close(pair: Pair, tolerance: int) -> bool:
    return abs((pair.gold.fatalities or 0) - pair.predicted.fatalities) <= tolerance


def _located(pair: Pair) -> bool:
    km = _km(pair.gold, pair.predicted)
    return km is not None and km <= MAX_KM


def _direct(pair: Pair) -> tuple[bool, bool]:
    g, p = pair.gold, pair.predicted
    return _name(g.actor1) == _name(p.actor1), _name(g.actor2) == _name(p.actor2)


def _either(pair: Pair) -> tuple[bool, bool]:
    actor1, actor2, _ = _orientation(pair.gold, pair.predicted)
    return actor1, actor2


def scores(
    gold: Sequence[GoldEvent],
    predicted: Mapping[str, Sequence[Event]],
    *,
    documents: int | None = None,
    seconds: float | None = None,
    confusions: int = 10,
) -> Scores:
    """The figures for ``gold`` against ``predicted`` (doc_id -> events)."""
    pairs = match(gold, predicted)
    loose = match(gold, predicted, same_type=False)
    n_predicted = sum(len(v) for v in predicted.values())
    precision, recall = _rate(len(pairs), n_predicted), _rate(len(pairs), len(gold))
    loose_f1 = _f1(_rate(len(loose), n_predicted), _rate(len(loose), len(gold)))
    labels = [(p.gold.sub_event_type, p.predicted.sub_event_type) for p in pairs]
    weighted, macro = label_f1(labels)
    counted: dict[str, tuple[int, int]] = {
        "event_type_accuracy": _counted(
            loose, _always, lambda p: _name(p.gold.event_type) == _name(p.predicted.event_type)
        ),
        "sub_event_type_accuracy": (sum(1 for g, p in labels if g == p), len(labels)),
        "actor1_match": _counted(pairs, _always, lambda p: _direct(p)[0]),
        "actor2_match": _counted(pairs, _always, lambda p: _direct(p)[1]),
        "actor1_match_either_order": _counted(pairs, _always, lambda p: _either(p)[0]),
        "actor2_match_either_order": _counted(pairs, _always, lambda p: _either(p)[1]),
        "fatalities_exact": _counted(
            pairs, lambda p: p.gold.fatalities is not None, lambda p: _fatalities_close(p, 0)
        ),
        "fatalities_within_1": _counted(
            pairs, lambda p: p.gold.fatalities is not None, lambda p: _fatalities_close(p, 1)
        ),
        "date_exact": _counted(
            pairs,
            lambda p: p.gold.event_date is not None,
            lambda p: p.gold.event_date == p.predicted.event_date,
        ),
        "location_within_25km": _counted(
            pairs,
            lambda p: p.gold.latitude is not None and p.gold.longitude is not None,
            _located,
        ),
        "admin1_match": _counted(
            pairs,
            lambda p: bool(p.gold.admin1),
            lambda p: (
                _place_name(p.gold.admin1)
                in {_place_name(p.predicted.admin1), _place_name(p.predicted.admin1_geonames)}
            ),
        ),
    }
    figures: dict[str, float | None] = {
        "event_precision": precision,
        "event_recall": recall,
        "event_f1": _f1(precision, recall),
        "event_f1_any_type": loose_f1,
        "sub_event_type_f1_weighted": weighted,
        "sub_event_type_f1_macro": macro,
        **{name: _rate(hits, total) for name, (hits, total) in counted.items()},
        "docs_per_second": (
            documents / seconds if documents and seconds is not None and seconds > 0 else None
        ),
    }
    confused = Counter(
        (p.gold.sub_event_type, p.predicted.sub_event_type)
        for p in loose
        if _name(p.gold.sub_event_type) != _name(p.predicted.sub_event_type)
    )
    return Scores(
        documents=documents if documents is not None else len({e.doc_id for e in gold}),
        gold_events=len(gold),
        predicted_events=n_predicted,
        matched=len(pairs),
        figures={name: figures[name] for name in FIGURES},
        counts={name: total for name, (_, total) in counted.items()},
        confusions=[(g, p, n) for (g, p), n in confused.most_common(confusions)],
    )


def score_predictions(
    gold: GoldSet, predictions: Predictions, *, min_confidence: float = 0.0
) -> EvalReport:
    """Scores per split of already computed predictions."""
    splits: dict[str, Scores] = {}
    for name in (*SPLITS, ALL):
        part = gold.split(name)
        ids = [d.doc_id for d in part.documents]
        splits[name] = scores(
            part.events,
            {i: predictions.events.get(i, []) for i in ids},
            documents=len(ids),
            seconds=sum(predictions.seconds.get(i, 0.0) for i in ids),
        )
    return EvalReport(gold.source, min_confidence, splits, dict(predictions.rejected))


def evaluate(
    gold: str | Path | GoldSet,
    sitrep: Sitrep | None = None,
    *,
    min_confidence: float = 0.0,
) -> EvalReport:
    """Load the gold (unless given), predict every document and score each split."""
    gold_set = gold if isinstance(gold, GoldSet) else load_gold(gold)
    predictions = predict(gold_set, sitrep, min_confidence=min_confidence)
    return score_predictions(gold_set, predictions, min_confidence=min_confidence)


# -------------------------------------------------------------------- baseline


def check_baseline(report: EvalReport, baseline: Mapping[str, Any]) -> list[str]:
    """Every pinned figure of ``report`` below its minimum in ``baseline``
    (``{"heldout": {"event_f1": 0.4, ...}, "dev": {...}}``), as messages;
    empty when all hold. Keys starting with "_" are comments."""
    failures = []
    for split, minimums in baseline.items():
        if split.startswith("_"):
            continue
        if split not in report.splits or not isinstance(minimums, Mapping):
            failures.append(f"{split}: not a split of the report (dev, heldout, all)")
            continue
        figures = report.splits[split].figures
        for name, minimum in minimums.items():
            if name.startswith("_"):
                continue
            if name not in figures:
                failures.append(f"{split}.{name}: not a figure")
                continue
            value = figures[name]
            if value is None:
                failures.append(f"{split}.{name}: not measured (minimum {minimum})")
            elif value < float(minimum):
                failures.append(f"{split}.{name}: {value:.3f} is below its minimum {minimum}")
    return failures


def baseline_from(
    report: EvalReport, splits: Sequence[str] = ("heldout", "dev"), margin: float = 0.02
) -> dict[str, dict[str, float]]:
    """Minimums to pin: each measured figure rounded down to 2 decimals, less
    ``margin`` (never below 0); machine-dependent figures are left out."""
    pinned: dict[str, dict[str, float]] = {}
    for split in splits:
        if split not in report.splits:
            continue
        pinned[split] = {
            name: round(max(0.0, math.floor(value * 100) / 100 - margin), 2)
            for name, value in report.splits[split].figures.items()
            if value is not None and name not in MACHINE_FIGURES
        }
    return pinned


__all__ = [
    "ALL",
    "FIGURES",
    "MAX_DAYS",
    "MAX_KM",
    "SPLITS",
    "EvalReport",
    "GoldDocument",
    "GoldError",
    "GoldEvent",
    "GoldSet",
    "Pair",
    "Predictions",
    "Scores",
    "baseline_from",
    "check_baseline",
    "evaluate",
    "label_f1",
    "load_gold",
    "match",
    "predict",
    "score",
    "score_predictions",
    "scores",
]
