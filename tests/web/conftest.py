"""The `make run` store (the seed article and the VOA sample, ingested by the
real pipeline) built once per session; each test that writes gets a copy."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import EXAMPLES, SEED

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

    from sitrep.api import Sitrep
    from sitrep.web.auth import Token

VOA_SAMPLE = EXAMPLES / "voa_sample.jsonl"
#: Deir ez-Zor city, where the seed's events are placed (GeoNames 170794).
DEIR_EZ_ZOR = (35.336, 40.141)


@pytest.fixture(scope="session")
def run_store(tmp_path_factory: pytest.TempPathFactory, sitrep: Sitrep) -> Path:
    """A store filled as `make run` fills out/sitrep.db (never written to)."""
    from sitrep.api import ReadOptions

    path = tmp_path_factory.mktemp("run-store") / "sitrep.db"
    sitrep.ingest([SEED], ReadOptions(published=dt.date(2017, 1, 16)), database=str(path))
    sitrep.ingest([VOA_SAMPLE], database=str(path))
    return path


def copy_store(source: Path, folder: Path) -> Path:
    """A consistent copy of a WAL store (SQLite's backup, not a file copy)."""
    target = folder / "sitrep.db"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


@pytest.fixture
def store_copy(run_store: Path, tmp_path: Path) -> Path:
    """A private copy of the run store for a test that writes."""
    return copy_store(run_store, tmp_path)


@pytest.fixture
def token(store_copy: Path) -> Token:
    """The store's write token, created as `sitrep serve` creates it."""
    from sitrep.web.auth import load_or_create, token_path

    return load_or_create(token_path(str(store_copy)))


@pytest.fixture
def client(store_copy: Path, token: Token, sitrep: Sitrep) -> Iterator[TestClient]:
    """An in-process client of the app over the private store copy."""
    from fastapi.testclient import TestClient

    from sitrep.web import ServeConfig, create_app

    app = create_app(ServeConfig(str(store_copy), token, max_body=200_000, sitrep=sitrep))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def auth(token: Token) -> dict[str, str]:
    """The header that carries the write token."""
    return {"Authorization": f"Bearer {token.value}"}
