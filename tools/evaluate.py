"""The accuracy gate (``make eval``): score sitrep on the bundled gold and
compare with the pinned minimums.

Usage: python tools/evaluate.py [--gold eval/gold] [--baseline eval/baseline.json]
                                [--min-confidence X] [--json] [--write-baseline]

Prints the figures of every split (dev, heldout, all), then checks each
minimum in the baseline (``{"heldout": {"event_f1": 0.41, ...}, "dev": {...}}``)
and exits 1 naming every figure below its minimum. Without a baseline file it
prints the figures and how to pin them; ``--write-baseline`` writes the current
figures rounded down to 2 decimals, less 0.02, as the minimums (throughput is
never pinned: it depends on the machine). Exit 2: the gold or the baseline
could not be read. See eval/README.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console

from sitrep.classifier import default_classifier
from sitrep.cli.eval_cmd import load_baseline, render_report, render_snippet_scores
from sitrep.evaluate import ALL, GoldError, baseline_from, check_baseline, evaluate
from sitrep.evaluate_snippets import check_classifier_baseline

ROOT = Path(__file__).resolve().parent.parent
MARGIN = 0.02


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold")
    parser.add_argument("--baseline", type=Path, default=ROOT / "eval" / "baseline.json")
    parser.add_argument("--min-confidence", type=float, default=0.0)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--write-baseline",
        action="store_true",
        help=f"pin the current figures (rounded down, less {MARGIN}) as the minimums",
    )
    args = parser.parse_args(argv)
    out, err = Console(width=160), Console(stderr=True, soft_wrap=True)
    try:
        report = evaluate(args.gold, min_confidence=args.min_confidence)
    except GoldError as exc:
        err.print(f"evaluate: {exc}", highlight=False, markup=False)
        return 2
    for doc_id, reason in report.rejected.items():
        err.print(f"evaluate: rejected {doc_id}: {reason}", highlight=False, markup=False)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        render_report(report, ["dev", "heldout", ALL], out)

    if args.write_baseline:
        pinned = baseline_from(report, margin=MARGIN)
        args.baseline.parent.mkdir(parents=True, exist_ok=True)
        args.baseline.write_text(json.dumps(pinned, indent=2) + "\n", encoding="utf-8")
        err.print(f"evaluate: wrote the minimums to {args.baseline}", highlight=False)
        return 0
    if not args.baseline.is_file():
        err.print(
            f"evaluate: no {args.baseline}, so nothing is checked; pin the figures above "
            f"with `python tools/evaluate.py --write-baseline` (rounded down, less {MARGIN})",
            highlight=False,
            markup=False,
        )
        return 0
    try:
        failures = check_baseline(report, load_baseline(args.baseline))
    except GoldError as exc:
        err.print(f"evaluate: {exc}", highlight=False, markup=False)
        return 2
    classifier_baseline = args.baseline.with_name("classifier_baseline.json")
    if classifier_baseline.is_file():
        results, more = check_classifier_baseline(
            json.loads(classifier_baseline.read_text(encoding="utf-8")), ROOT, default_classifier()
        )
        for name, result in results.items():
            if not args.json:
                render_snippet_scores(name, result, out)
        failures += more
    for failure in failures:
        err.print(f"evaluate: REGRESSION {failure}", highlight=False, markup=False)
    if failures:
        return 1
    err.print(f"evaluate: every minimum in {args.baseline} holds", highlight=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
