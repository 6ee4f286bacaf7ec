"""Choose the thresholds where the learned classifier meets the rules
(``sitrep.extract.learned``) on the gold's **dev** documents, by event F1.

    python tools/tune_gate.py [--split dev]

Parses each gold document once, then re-runs extraction and scoring for every
combination of thresholds in the grid and prints them best first. The
held-out split is never used to choose (eval/GUIDELINES.md section 9).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path
from typing import Any

from sitrep.api import Sitrep
from sitrep.evaluate import load_gold, predict, score_predictions
from sitrep.extract import learned

ROOT = Path(__file__).resolve().parent.parent
GRID = {
    "threshold": (0.3, 0.4, 0.5),
    "MODEL_TRIGGER_FROM": (0.2, 0.5, 0.8, 1.01),
}


class CachedNlp:
    """The spaCy pipeline with its parses kept: the thresholds act after it."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.docs: dict[str, Any] = {}

    def __call__(self, text: str) -> Any:
        if text not in self.docs:
            self.docs[text] = self.nlp(text)
        return self.docs[text]

    def pipe(self, texts: Any, batch_size: int = 32) -> Any:
        return [self(t) for t in texts]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()
    gold = load_gold(ROOT / "eval" / "gold").split(args.split)
    sitrep = Sitrep()
    sitrep.resources.nlp = CachedNlp(sitrep.resources.nlp)  # type: ignore[assignment]
    rows = []
    for values in itertools.product(*GRID.values()):
        for name, value in zip(GRID, values, strict=True):
            if name == "threshold":  # the fitted gate's decision threshold
                gate = sitrep.resources.extractor.gate
                if gate is not None:
                    gate["threshold"] = value
            else:
                setattr(learned, name, value)
        report = score_predictions(gold, predict(gold, sitrep))
        f = report.splits[args.split].figures
        rows.append((f["event_f1"] or 0.0, f["event_precision"], f["event_recall"], values))
        print(
            f"{dict(zip(GRID, values, strict=True))}: F1 {f['event_f1']:.3f} "
            f"P {f['event_precision']:.3f} R {f['event_recall']:.3f}",
            flush=True,
        )
    print("best first:")
    for row in sorted(rows, key=lambda r: -r[0])[:10]:
        setting = dict(zip(GRID, row[3], strict=True))
        print(f"  F1 {row[0]:.3f} P {row[1]:.3f} R {row[2]:.3f}  {setting}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
