"""Shared fixtures: the real spaCy pipeline, gazetteer and dictionaries,
loaded once per test session (they take seconds; the tests take milliseconds)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sitrep.api import Sitrep

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "seed" / "000_e75f6b530e0885c2.txt"
VOA = EXAMPLES / "voa_stories.jsonl"


@pytest.fixture(scope="session")
def sitrep() -> Sitrep:
    """A ``Sitrep`` with its resources loaded (spaCy model, gazetteer, data)."""
    from sitrep.api import Sitrep

    instance = Sitrep()
    _ = instance.resources
    return instance
