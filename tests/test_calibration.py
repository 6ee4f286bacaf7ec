"""Confidence: calibrated on the team's gold (tools/calibrate.py), and a
report's main event - the one its lead is about - ranks first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.api import Sitrep
from sitrep.calibration import Calibration, default_calibration, fit

from .conftest import VOA


def test_isotonic_fit_pools_violators_and_ties() -> None:
    scores = [(0.4, False), (0.5, True), (0.5, False), (0.6, False), (0.9, True), (0.9, True)]
    table = fit(scores)
    assert list(table.thresholds) == sorted(table.thresholds)
    assert list(table.values) == sorted(table.values), "non-decreasing"
    assert table(0.9) > table(0.5) >= table(0.4)
    assert table(0.0) > 0 and table(1.0) < 1, "smoothed, never 0 or 1"


def test_identity_passes_raw_scores() -> None:
    assert Calibration.identity()(0.42) == 0.42


def test_packaged_table_is_monotone() -> None:
    table = default_calibration()
    assert table.thresholds and list(table.values) == sorted(table.values)


@pytest.fixture(scope="module")
def hotel_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """VOA story 8006503 as a one-line JSONL batch."""
    line = next(
        line
        for line in VOA.read_text(encoding="utf-8").splitlines()
        if json.loads(line)["id"] == "8006503"
    )
    path = tmp_path_factory.mktemp("hotel") / "8006503.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hotel(sitrep: Sitrep, hotel_path: Path) -> list:
    events, _ = sitrep.extract([hotel_path])
    return events


def test_main_event_ranks_first(hotel: list) -> None:
    # 8006503 "Gunmen attack hotel in Somalia, killing at least 5": the lead's
    # "Gunmen stormed a hotel in the Somali city of Beledweyne on Tuesday ...".
    assert hotel
    assert any("Gunmen stormed a hotel" in span.text for span in hotel[0].evidence)


def test_min_confidence_filters(sitrep: Sitrep, hotel: list, hotel_path: Path) -> None:
    threshold = max(e.confidence for e in hotel)
    kept, _ = sitrep.extract([hotel_path], min_confidence=threshold)
    assert kept and all(e.confidence >= threshold for e in kept)
    assert len(kept) <= len(hotel)
