"""The accuracy gate (as trafilatura's eval gate): sitrep on the team's gold
(eval/gold) must not fall below the minimums pinned in eval/baseline.json.
Raising a minimum is a normal commit; lowering one needs a reason in the
commit message (eval/README.md)."""

from __future__ import annotations

import json

from sitrep.api import Sitrep
from sitrep.evaluate import check_baseline, evaluate

from .conftest import ROOT


def test_accuracy_does_not_regress(sitrep: Sitrep) -> None:
    baseline = json.loads((ROOT / "eval" / "baseline.json").read_text(encoding="utf-8"))
    report = evaluate(ROOT / "eval" / "gold", sitrep)
    failures = check_baseline(report, baseline)
    assert not failures, "\n".join(failures)
