"""Fit the extract stage's gate (``sitrep.extract.learned.keeps``) on the VOA
dev sentences and write it into the classifier's model.json (``make train``,
after tools/train_classifier.py).

    python tools/train_gate.py

The gate is a logistic regression over ``Signals``: the classifier's P(event)
and what the rules found in the same sentence (a lexicon trigger, one that
passed the modality and date checks, a current or a past date, the lead,
incident and cumulative figures). It is fitted on the sentences of the gold's
**dev** VOA documents with their labels (train/voa/voa-dev.jsonl); its
threshold is the one of ``THRESHOLDS`` with the best sentence-level F1 there
(1,074 sentences, 81 events: a steadier choice than event F1 on the dev
documents' 29 events, which swung from 0.44 to 0.46 to 0.34 between 0.4, 0.5
and 0.6 and broke the seed's pinned events above 0.45). The held-out
documents are never used. Deterministic: L-BFGS from zeros.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from scipy import optimize

from sitrep.api import Sitrep
from sitrep.evaluate import load_gold
from sitrep.extract.learned import Signals
from sitrep.pipeline import extract as run_extract

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "src" / "sitrep" / "data" / "classifier" / "model.json"
#: L2 strength: the gate has 12 weights for about a thousand sentences.
L2 = 1e-2
#: Decision thresholds tried.
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 20))


def collect(sitrep: Sitrep) -> tuple[np.ndarray, np.ndarray]:
    """Signals and labels of every labelled sentence of the dev VOA documents."""
    labels: dict[tuple[str, str], bool] = {}
    for line in (ROOT / "train" / "voa" / "voa-dev.jsonl").read_text().splitlines():
        record = json.loads(line)
        labels[(record["doc_id"], record["text"].strip())] = record["sub_event_type"] is not None
    gold = load_gold(ROOT / "eval" / "gold").split("dev")
    rows: list[list[float]] = []
    targets: list[float] = []
    extractor = sitrep.resources.extractor
    extractor.gate = None  # the signals, not an older gate's decisions
    for gold_document in gold.documents:
        if not gold_document.doc_id.startswith("voa-"):
            continue
        seen: list[tuple[str, Signals]] = []
        extractor.on_sentence = lambda sentence, signals: seen.append(  # noqa: B023
            (sentence.text.strip(), signals)
        )
        run_extract([gold_document.document()], sitrep.resources)
        for text, signals in seen:
            key = (gold_document.doc_id, text)
            if key in labels:
                rows.append(signals.vector())
                targets.append(float(labels[key]))
    extractor.on_sentence = None
    return np.array(rows), np.array(targets)


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic regression weights (bias last)."""
    design = np.hstack([x, np.ones((len(x), 1))])

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        z = design @ theta
        p = 1.0 / (1.0 + np.exp(-z))
        eps = 1e-9
        value = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))
        value += 0.5 * L2 * float(theta[:-1] @ theta[:-1])
        grad = design.T @ (p - y) / len(y)
        grad[:-1] += L2 * theta[:-1]
        return float(value), grad

    return optimize.minimize(loss, np.zeros(design.shape[1]), jac=True, method="L-BFGS-B").x


def main() -> int:
    sitrep = Sitrep()
    x, y = collect(sitrep)
    theta = fit(x, y)
    gate = {name: round(float(w), 4) for name, w in zip(Signals.NAMES, theta, strict=False)}
    gate["bias"] = round(float(theta[-1]), 4)
    p = 1.0 / (1.0 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ theta)))
    best = (-1.0, THRESHOLDS[0])
    for threshold in THRESHOLDS:
        predicted = p >= threshold
        tp = float((predicted & (y == 1)).sum())
        precision = tp / max(float(predicted.sum()), 1.0)
        recall = tp / max(float((y == 1).sum()), 1.0)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        print(f"  threshold {threshold}: VOA dev sentence F1 {f1:.3f}", flush=True)
        if f1 > best[0]:
            best = (f1, threshold)
    gate["threshold"] = best[1]
    manifest = json.loads(MODEL.read_text(encoding="utf-8"))
    manifest["gate"] = gate
    manifest.setdefault("figures", {})["gate_voa_dev_sentence_f1"] = round(best[0], 4)
    MODEL.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"gate fitted on {len(y)} VOA dev sentences ({int(y.sum())} events): {gate}")
    print(f"VOA dev sentence F1 at threshold {best[1]}: {best[0]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
