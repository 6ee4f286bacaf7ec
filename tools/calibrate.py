"""Fit the confidence calibration table on the dev split of the gold.

    python tools/calibrate.py [--gold eval/gold] [--write]

Runs sitrep with raw (uncalibrated) scores on the dev documents, marks each
predicted event right when it matches a gold event (sitrep.evaluate.match),
fits an isotonic step function (sitrep.calibration.fit) and, with --write,
stores it in src/sitrep/data/calibration.json. Prints the reliability of raw
and calibrated scores on the held-out split, which the table never sees.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sitrep.api import Sitrep
from sitrep.calibration import Calibration, fit
from sitrep.evaluate import GoldSet, load_gold, match, predict

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "src" / "sitrep" / "data" / "calibration.json"


def scored(gold: GoldSet, sitrep: Sitrep) -> list[tuple[float, bool]]:
    """(raw confidence, matched a gold event) for every predicted event."""
    predictions = predict(gold, sitrep)
    pairs = match(gold.events, predictions.events)
    right = {id(p.predicted) for p in pairs}
    return [
        (e.confidence, id(e) in right) for events in predictions.events.values() for e in events
    ]


def brier(scores: list[tuple[float, bool]], table: Calibration) -> float:
    """Mean squared error of the confidence as a probability of being right."""
    return sum((table(raw) - float(ok)) ** 2 for raw, ok in scores) / max(len(scores), 1)


def reliability(scores: list[tuple[float, bool]], table: Calibration) -> list[str]:
    """Per confidence band: events, mean confidence, share right."""
    lines = []
    for low in (0.0, 0.2, 0.4, 0.6, 0.8):
        band = [
            (table(r), ok)
            for r, ok in scores
            if low <= table(r) < low + 0.2 or (low == 0.8 and table(r) >= 1)
        ]
        if band:
            mean = sum(c for c, _ in band) / len(band)
            right = sum(ok for _, ok in band) / len(band)
            lines.append(
                f"  [{low:.1f}, {low + 0.2:.1f}): {len(band):3d} events, "
                f"confidence {mean:.2f}, right {right:.2f}"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold")
    parser.add_argument("--write", action="store_true", help=f"write the table to {TABLE}")
    args = parser.parse_args()
    gold = load_gold(args.gold)
    sitrep = Sitrep()
    sitrep.resources.calibration = Calibration.identity()
    dev, heldout = scored(gold.split("dev"), sitrep), scored(gold.split("heldout"), sitrep)
    table = fit(dev)
    identity = Calibration.identity()
    print(f"dev: {len(dev)} predicted events, {sum(ok for _, ok in dev)} right")
    print(f"table: {list(zip(table.thresholds, table.values, strict=True))}")
    for name, scores in (("dev", dev), ("heldout", heldout)):
        print(
            f"{name}: Brier raw {brier(scores, identity):.3f}, "
            f"calibrated {brier(scores, table):.3f}"
        )
        print("\n".join(reliability(scores, table)))
    if args.write:
        TABLE.write_text(
            json.dumps(
                {
                    "fitted_on": "eval/gold dev split",
                    "thresholds": table.thresholds,
                    "values": table.values,
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {TABLE}")


if __name__ == "__main__":
    main()
