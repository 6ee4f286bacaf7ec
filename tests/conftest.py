"""Shared fixtures: the real spaCy pipeline, gazetteer and dictionaries,
loaded once per test session (they take seconds; the tests take milliseconds);
and a real PostgreSQL server for the store's tests, started once per session
(installed with apt-get first if need be) and removed at the end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tools.pg_cluster import Cluster, PostgresUnavailableError

if TYPE_CHECKING:
    import datetime as dt

    from sitrep.api import Sitrep
    from sitrep.records import Event

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


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A throwaway PostgreSQL server (tools/pg_cluster.py): a temporary folder,
    an unprivileged owner, a Unix socket and no TCP port. Skipped only where
    PostgreSQL is missing and there is no apt-get to install it."""
    try:
        cluster = Cluster.start()
    except PostgresUnavailableError as exc:
        pytest.skip(f"no PostgreSQL server for the store tests: {exc}")
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new, empty store goes, on each backend: an SQLite file path,
    or the URL of a new database on the session's PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database()


def extract_report(
    sitrep: Sitrep, folder: Path, text: str, published: dt.date | None = None
) -> list[Event]:
    """The events ``sitrep extract`` gives for ``text`` read as a report file
    (with no publication date unless given)."""
    from sitrep.api import ReadOptions

    path = folder / "report.txt"
    path.write_text(text + "\n", encoding="utf-8")
    events, _ = sitrep.extract([path], ReadOptions(published=published))
    return events
