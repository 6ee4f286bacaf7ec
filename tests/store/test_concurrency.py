"""Many writers on one store, on both backends: concurrent `sitrep ingest`
processes over overlapping inputs, and writers killed with SIGKILL at
random moments then run again, leave exactly the rows of one sequential run."""

from __future__ import annotations

import pickle
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tools.pg_cluster import Cluster

from sitrep.api import Sitrep
from sitrep.pipeline import analyse, cleaned, store_document
from sitrep.records import Mentions
from sitrep.store import Store

from ..conftest import ROOT, VOA
from .helpers import count_documents, store_problems, table_rows

#: VOA stories the concurrent ingests share (a subset keeps the test to
#: seconds: each process loads spaCy and parses its half).
STORIES = 12
#: Documents the killed writers store (pre-analysed once).
KILL_STORIES = 24
KILL_RUNS = 10
#: Fixed, so a failure can be replayed.
SEED = 20261202


def _write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sequential(sitrep: Sitrep, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One sequential ingest of the stories into a new SQLite store: the reference."""
    folder = tmp_path_factory.mktemp("sequential")
    lines = VOA.read_text(encoding="utf-8").splitlines()[:STORIES]
    database = folder / "sequential.db"
    summary = sitrep.ingest([_write_jsonl(folder / "all.jsonl", lines)], database=str(database))
    assert summary.stored == STORIES and not summary.failed
    return database


def _backend_store(backend: str, tmp_path: Path, name: str, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return str(tmp_path / f"{name}.db")
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database(name)


def test_four_ingest_processes_over_overlapping_halves_equal_one_sequential_run(
    store_url: str, sequential: Path, tmp_path: Path
) -> None:
    lines = VOA.read_text(encoding="utf-8").splitlines()[:STORIES]
    # Two halves sharing four stories; each read forwards by one process and
    # backwards by another, so the same documents race from both ends.
    first, second = lines[:8], lines[4:]
    inputs = [
        _write_jsonl(tmp_path / "first.jsonl", first),
        _write_jsonl(tmp_path / "second.jsonl", second),
        _write_jsonl(tmp_path / "first_reversed.jsonl", first[::-1]),
        _write_jsonl(tmp_path / "second_reversed.jsonl", second[::-1]),
    ]
    runs = [
        subprocess.Popen(
            # One worker each: four processes on two cores are concurrency enough.
            [
                sys.executable,
                "-m",
                "sitrep.cli",
                "ingest",
                str(path),
                "--workers",
                "1",
                "--db",
                store_url,
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in inputs
    ]
    summaries = []
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
        summaries.append(err.strip().splitlines()[-1])
    stored = sum(int(line.split("stored ")[1].split(",")[0]) for line in summaries)
    assert stored == STORIES, summaries  # each document stored by exactly one process
    # Where a document was read from is whichever input stored it first.
    assert table_rows(store_url, origin=False) == table_rows(str(sequential), origin=False)
    assert store_problems(store_url) == []
    store = Store(store_url, readonly=True)
    try:
        origins = {r[0].partition(":")[0] for r in store.rows("SELECT origin FROM documents")}
    finally:
        store.close()
    assert origins <= {str(path) for path in inputs}


@pytest.fixture(scope="module")
def analysed(sitrep: Sitrep, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The kill tests' documents, analysed once and pickled for the writers."""
    folder = tmp_path_factory.mktemp("analysed")
    lines = VOA.read_text(encoding="utf-8").splitlines()[:KILL_STORIES]
    source = _write_jsonl(folder / "stories.jsonl", lines)
    results = [
        r for r in analyse(cleaned(sitrep.read([source])), sitrep.resources)
        if isinstance(r, Mentions)
    ]  # fmt: skip
    assert len(results) == KILL_STORIES
    path = folder / "analysed.pickle"
    path.write_bytes(pickle.dumps(results))
    return path


def _writer(analysed: Path, database: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.store_worker", str(analysed), database],
        cwd=ROOT,
        stdin=subprocess.PIPE,  # the writer exits when it is closed (communicate)
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_ready(process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.strip() == "ready", process.stderr.read() if process.stderr else line


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_writers_killed_at_random_moments_then_run_again_leave_the_same_rows(
    backend: str, sitrep: Sitrep, analysed: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    # The reference, and how long the writes take once the writer is ready
    # (until its last document, not its exit).
    whole = _backend_store(backend, tmp_path, "whole", request)
    process = _writer(analysed, whole)
    _wait_ready(process)
    started = time.monotonic()
    assert process.stdout is not None
    for _ in range(KILL_STORIES):
        assert process.stdout.readline().startswith("stored")
    writing = time.monotonic() - started
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    reference = table_rows(whole)

    results = pickle.loads(analysed.read_bytes())
    lexicon, calibration = sitrep.resources.lexicon, sitrep.resources.calibration
    rng = random.Random(SEED)
    stored_when_killed = []
    for run in range(KILL_RUNS):
        database = _backend_store(backend, tmp_path, f"killed{run}", request)
        process = _writer(analysed, database)
        _wait_ready(process)
        # After a random number of committed documents, at a random moment
        # of the next ones' transactions.
        assert process.stdout is not None
        stored_before = [process.stdout.readline() for _ in range(rng.randrange(KILL_STORIES - 2))]
        time.sleep(rng.uniform(0, 2 * writing / KILL_STORIES))
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate(timeout=60)
        assert process.returncode == -signal.SIGKILL
        # A document may be committed and killed before it said so: count them.
        stored_when_killed.append(count_documents(database))
        assert stored_when_killed[-1] >= len(stored_before) + out.count("stored")
        # The run again, here: the same write, each document once.
        store = Store(database)
        try:
            again = [store_document(r, store, lexicon, calibration) for r in results]
        finally:
            store.close()
        assert sum(again) == KILL_STORIES - stored_when_killed[-1], f"run {run}"
        assert table_rows(database) == reference, f"run {run}"
        assert store_problems(database) == [], f"run {run}"
    # Every kill fell after the store was open (the writer never exits by
    # itself while its stdin is open); on a busy machine a late one may find
    # every document committed, but most land midway.
    assert sum(0 < n < KILL_STORIES for n in stored_when_killed) >= 3, stored_when_killed
