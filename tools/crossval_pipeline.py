"""The whole pipeline on training snippets its classifier never saw.

    python tools/crossval_pipeline.py [--hold-out p5-,l4-] [--keep DIR]

The shipped classifier is trained on every training pass, so the pipeline's
figures on those passes flatter it, and ``test-t1`` must not be tuned on. This
tool trains the classifier head again without some passes (the
``--hold-out`` id prefixes; ``tools/train_classifier.py --hold-out``), then
scores, on those passes, that classifier alone and the whole pipeline with it
(``sitrep eval --classify [--pipeline]``'s figures): a dev measure for the way
the rules and the classifier meet (``sitrep.extract.learned``). Takes about
four minutes. Never a test: it prints figures.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sitrep.api import Sitrep
from sitrep.classifier import EventClassifier
from sitrep.evaluate_snippets import SnippetScores, evaluate_pipeline_snippets, evaluate_snippets

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "train" / "snippets"
SHIPPED = ROOT / "src" / "sitrep" / "data" / "classifier"


def _line(name: str, scores: SnippetScores) -> str:
    figures = (
        f"{name:10s} weighted F1 {scores.weighted_f1:.3f}  macro F1 {scores.macro_f1:.3f}  "
        f"event recall {scores.event_recall:.3f}  non-event FP {scores.non_event_fp_rate:.3f}"
    )
    if scores.arguments:
        figures += "\n" + " " * 11 + "  ".join(f"{k} {v:.3f}" for k, v in scores.arguments.items())
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hold-out", default="p5-,l4-", help="id prefixes of the passes")
    parser.add_argument("--keep", type=Path, help="keep the held-out model in this folder")
    args = parser.parse_args()
    prefixes = [p for p in args.hold_out.split(",") if p]
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        for name in ("tokenizer.json", "static.npy"):  # they do not depend on the labels
            shutil.copy(SHIPPED / name, out / name)
        subprocess.run(
            [sys.executable, str(ROOT / "tools" / "train_classifier.py"), "--out", str(out),
             "--hold-out", ",".join(prefixes)],
            check=True,
        )  # fmt: skip
        classifier = EventClassifier.load(out)
        sitrep = Sitrep()
        resources = sitrep.resources
        resources.classifier = classifier
        resources.cascade.classifier = classifier
        resources.extractor.classifier = classifier
        for prefix in prefixes:
            path = SNIPPETS / f"train-{prefix.rstrip('-')}.jsonl"
            print(f"{path.name}:")
            print(_line("classifier", evaluate_snippets(path, classifier)))
            print(_line("pipeline", evaluate_pipeline_snippets(path, sitrep)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
