"""The WARC builder the bench uses too (tools/warc_corpus.py), loaded by path:
tools are scripts, not part of the package."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

TOOLS = Path(__file__).resolve().parents[2] / "tools"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("warc_corpus", TOOLS / "warc_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["warc_corpus"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def warc_corpus() -> ModuleType:
    """``tools/warc_corpus.py``: builds WARC files from the VOA stories."""
    return _load()
