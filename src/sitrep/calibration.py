"""Confidence calibration: raw extraction scores -> the share of events with
that score that are right.

The table in ``data/calibration.json`` is fitted by ``tools/calibrate.py`` on
the dev split of the team's gold (isotonic regression: a non-decreasing step
function). Of the events given confidence 0.8, about 80% should match a gold
event; the held-out split checks it (eval/README.md).
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from sitrep.errors import E, SitrepError


@dataclass(frozen=True, slots=True)
class Calibration:
    """A non-decreasing step function over raw scores."""

    thresholds: tuple[float, ...] = ()  # raw scores where a step starts, ascending
    values: tuple[float, ...] = ()  # calibrated confidence from that raw score on

    def __call__(self, raw: float) -> float:
        """The calibrated confidence of a raw score (identity without a table)."""
        if not self.thresholds:
            return raw
        index = bisect.bisect_right(self.thresholds, raw) - 1
        return self.values[max(index, 0)]

    @classmethod
    def identity(cls) -> Calibration:
        """No calibration: raw scores pass through (used to fit a new table)."""
        return cls()


def fit(scores: list[tuple[float, bool]]) -> Calibration:
    """Isotonic regression (pool adjacent violators) of correctness on raw
    score. Equal raw scores form one block; each value is smoothed as
    (right + 1) / (events + 2), so a handful of events never gives 0 or 1."""
    tied: dict[float, list[float]] = {}
    for raw, correct in scores:
        tally = tied.setdefault(raw, [raw, 0.0, 0.0])
        tally[1] += float(correct)
        tally[2] += 1.0
    blocks: list[list[float]] = []  # [first raw score, right, events]
    for tally in sorted(tied.values()):
        blocks.append(list(tally))
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            last = blocks.pop()
            blocks[-1][1] += last[1]
            blocks[-1][2] += last[2]
    return Calibration(
        thresholds=tuple(round(b[0], 4) for b in blocks),
        values=tuple(round((b[1] + 1) / (b[2] + 2), 3) for b in blocks),
    )


def load_calibration(path: Path | None = None) -> Calibration:
    """Read a calibration table (default: the packaged one)."""
    path = path or Path(str(resources.files("sitrep") / "data" / "calibration.json"))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        table = Calibration(
            tuple(map(float, data["thresholds"])), tuple(map(float, data["values"]))
        )
    except (OSError, KeyError, TypeError, ValueError) as exc:
        raise SitrepError(E.E017, path=path, detail=exc) from exc
    if len(table.thresholds) != len(table.values) or list(table.thresholds) != sorted(
        table.thresholds
    ):
        raise SitrepError(E.E017, path=path, detail="thresholds must ascend, one value each")
    return table


@cache
def default_calibration() -> Calibration:
    """The packaged calibration table, loaded once."""
    return load_calibration()
