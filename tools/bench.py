"""Throughput benchmark (``make bench``): documents/second and peak memory.

Measures, on the bundled VOA corpus (examples/voa_stories.jsonl, 89 stories,
59,492 words): loading the resources, stateless extraction, ingest into a
fresh SQLite store, and gazetteer lookups. Prints a table; ``--json FILE``
also writes the figures. Never a timed test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from sitrep.api import Sitrep
from sitrep.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "voa_stories.jsonl"
SEED = ROOT / "examples" / "seed" / "000_e75f6b530e0885c2.txt"
# Real spellings from reports, across the conflicts sitrep covers.
NAMES = [
    "Deir ez-Zor", "Deir az-Zour", "Dayr az Zawr", "al-Bab", "Raqqa", "Idlib province", "Mosul",
    "Aden", "Hodeidah", "Benghazi", "Misrata", "Kandahar", "Gao", "Ouagadougou", "Kharkiv",
    "Bakhmut", "Mogadishu", "Maiduguri", "Goma", "Khartoum",
]  # fmt: skip


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux: KiB units)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures: dict[str, float] = {}
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    words = sum(len(json.loads(line)["text"].split()) for line in lines)

    start = time.perf_counter()
    gazetteer = Gazetteer.open()
    figures["gazetteer_open_s"] = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(5):
        for name in NAMES:
            gazetteer.lookup(name)  # repeated names hit the LRU cache
    figures["lookup_ms_per_name_cached"] = (time.perf_counter() - start) * 1000 / (5 * len(NAMES))
    fresh = Gazetteer.open()
    start = time.perf_counter()
    for name in NAMES:
        fresh.lookup(name, country="SY")
    figures["lookup_ms_per_name_uncached"] = (time.perf_counter() - start) * 1000 / len(NAMES)

    sitrep = Sitrep()
    start = time.perf_counter()
    resources = sitrep.resources
    figures["resources_load_s"] = time.perf_counter() - start
    _ = resources

    start = time.perf_counter()
    sitrep.extract([SEED])
    figures["seed_extract_s"] = time.perf_counter() - start

    start = time.perf_counter()
    events, statistics = sitrep.extract([CORPUS])
    elapsed = time.perf_counter() - start
    figures["extract_docs_per_s"] = len(lines) / elapsed
    figures["extract_words_per_s"] = words / elapsed
    figures["extract_events"] = len(events)
    figures["extract_statistics"] = len(statistics)

    with tempfile.TemporaryDirectory() as tmp:
        database = str(Path(tmp) / "bench.db")
        start = time.perf_counter()
        summary = sitrep.ingest([CORPUS], database=database)
        elapsed = time.perf_counter() - start
        figures["ingest_docs_per_s"] = summary.stored / elapsed
        start = time.perf_counter()
        again = sitrep.ingest([CORPUS], database=database)
        figures["reingest_skip_docs_per_s"] = again.skipped / (time.perf_counter() - start)
    figures["peak_memory_mb"] = peak_mb()

    print(f"corpus: {CORPUS.name}, {len(lines)} documents, {words:,} words")
    for key, value in figures.items():
        print(f"  {key:32s} {value:12.3f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
