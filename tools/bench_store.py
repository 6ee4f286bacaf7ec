"""Ingest throughput on each backend with 1 and 4 processes (``make bench``).

The VOA corpus (examples/voa_stories.jsonl, 89 stories) is ingested into a
new store by one ``sitrep ingest`` process, then, into another new store, by
four processes at once, each given a quarter of the stories; on SQLite (a
file) and on PostgreSQL (a throwaway server, tools/pg_cluster.py, on the same
machine over a Unix socket). Documents/s is the corpus over the wall time
from starting the processes to the last one's exit, each process's start
(loading spaCy, the gazetteer and the classifier: about 2 s) included. The
rows each pair of runs leaves are compared: they must be the same.

    python tools/bench_store.py [--json FILE] [--stories N]

Never a timed test: figures depend on the machine (and on its cores: four
processes on two cores share them).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pg_cluster import Cluster
from sitrep.store import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "voa_stories.jsonl"
#: The tables compared between the runs (every column but the ingest time
#: and where each document was read from, which names the quarter's file).
COMPARED = {
    "documents": "id, url, source, title, published, language, text, removed",
    "mentions": "doc_id, idx, sub_event_type, date_start, date_end, record",
    "statistics": "statistic_id, doc_id, measure, value, record",
    "events": "event_id, event_date, fatalities, record, latitude, longitude, confidence",
    "event_mentions": "event_id, doc_id, idx",
}


def ingest(inputs: list[Path], database: str) -> float:
    """Run one ``sitrep ingest`` process per input at once; the wall time in seconds."""
    start = time.perf_counter()
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "sitrep.cli", "ingest", str(path), "--db", database],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in inputs
    ]
    for run in runs:
        _, err = run.communicate()
        if run.returncode != 0:
            raise SystemExit(f"sitrep ingest failed ({run.returncode}): {err}")
    return time.perf_counter() - start


def rows(database: str) -> dict[str, list[tuple[object, ...]]]:
    """The compared rows of a store, sorted."""
    store = Store(database, readonly=True)
    try:
        return {t: sorted(store.rows(f"SELECT {c} FROM {t}")) for t, c in COMPARED.items()}
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--stories", type=int, default=0, help="only the first N stories")
    args = parser.parse_args()
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    if args.stories:
        lines = lines[: args.stories]
    figures: dict[str, float] = {"documents": len(lines)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        whole = folder / "all.jsonl"
        whole.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        quarters = []
        for q in range(4):
            part = folder / f"quarter{q}.jsonl"
            part.write_text("".join(f"{line}\n" for line in lines[q::4]), encoding="utf-8")
            quarters.append(part)
        cluster = Cluster.start()
        try:
            for backend in ("sqlite", "postgresql"):
                stores = []
                for workers, inputs in ((1, [whole]), (4, quarters)):
                    if backend == "sqlite":
                        database = str(folder / f"bench{workers}.db")
                    else:
                        database = cluster.create_database(f"bench{workers}")
                    elapsed = ingest(inputs, database)
                    figures[f"{backend}_{workers}_process_docs_per_s"] = len(lines) / elapsed
                    stores.append(database)
                same = rows(stores[0]) == rows(stores[1])
                figures[f"{backend}_1_and_4_processes_same_rows"] = float(same)
                if not same:
                    raise SystemExit(f"{backend}: 1 and 4 processes left different rows")
        finally:
            cluster.stop()
    print(f"ingest, {len(lines)} VOA stories, each process's start included:")
    for key, value in figures.items():
        print(f"  {key:40s} {value:10.2f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
