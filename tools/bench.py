"""Throughput benchmark (``make bench``): documents/second and peak memory.

Measures, on the bundled VOA corpus (examples/voa_stories.jsonl, 89 stories,
59,492 words): loading the resources, stateless extraction with one and two
worker processes (documents and words a second, peak memory of a worker),
the same texts through one plain pass of the full spaCy pipeline (issue 12's
yardstick: sitrep's time over that pass, and the share of sentences the
annotation cascade parses), ingest into a fresh SQLite store, and gazetteer
lookups. Then scaling with length: one
report of 10 KB, 100 KB and 1 MB (distinct VOA paragraphs), cleaned and
extracted, in seconds and microseconds per character (issue 13: each under
30 s at 1 MB, and the cost per character at 1 MB within twice that at
10 KB). Prints a table; ``--json FILE`` also writes the figures. Never a
timed test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from sitrep.api import ReadOptions, Sitrep
from sitrep.clean import clean
from sitrep.gazetteer import Gazetteer
from sitrep.records import Document

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


SIZES = {"10KB": 10_000, "100KB": 100_000, "1MB": 1_000_000}


def long_report(size: int) -> str:
    """A report of ``size`` characters: VOA stories as paragraphs, each with
    its own number so that none is a duplicate of another."""
    stories = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    paragraphs: list[str] = []
    length = 0
    while length < size:
        paragraph = f"Report {len(paragraphs)}: {stories[len(paragraphs) % len(stories)]}"
        paragraphs.append(paragraph)
        length += len(paragraph) + 1
    return "\n".join(paragraphs)[:size]


def scaling(sitrep: Sitrep, figures: dict[str, float]) -> None:
    """Clean and extract one report of each size in ``SIZES``."""
    # Warm up first: language identification and the boilerplate patterns
    # load on first use, which would count against the smallest report.
    clean(Document(id="warm-up", text=long_report(2_000)))
    sitrep.extract([SEED])
    for name, size in SIZES.items():
        text = long_report(size)
        start = time.perf_counter()
        clean(Document(id="bench", text=text))
        elapsed = time.perf_counter() - start
        figures[f"clean_{name}_s"] = elapsed
        figures[f"clean_{name}_us_per_char"] = elapsed * 1e6 / size
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / "report.txt"
            report.write_text(text, encoding="utf-8")
            start = time.perf_counter()
            rejected = []
            # No time budget here: the point is to measure the whole cost.
            options = ReadOptions(published=None, item_timeout=None)
            sitrep.extract([report], options, on_rejected=rejected.append)
            elapsed = time.perf_counter() - start
        if rejected:
            raise SystemExit(f"bench: the {name} report was rejected: {rejected[0].reason}")
        figures[f"extract_{name}_s"] = elapsed
        figures[f"extract_{name}_us_per_char"] = elapsed * 1e6 / size
    for stage in ("clean", "extract"):
        small, large = figures[f"{stage}_10KB_us_per_char"], figures[f"{stage}_1MB_us_per_char"]
        figures[f"{stage}_cost_ratio_1MB_to_10KB"] = large / small


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--scaling-only", action="store_true", help="only the 10 KB-1 MB reports")
    args = parser.parse_args()
    figures: dict[str, float] = {}
    if args.scaling_only:
        sitrep = Sitrep()
        _ = sitrep.resources
        scaling(sitrep, figures)
        _print(figures, args.json)
        return
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
    events, statistics = sitrep.extract([CORPUS], ReadOptions(workers=1))
    elapsed = time.perf_counter() - start
    figures["extract_docs_per_s"] = len(lines) / elapsed
    figures["extract_words_per_s"] = words / elapsed
    figures["extract_events"] = len(events)
    figures["extract_statistics"] = len(statistics)

    # Both cores (--workers 2): the same output, analysed in two processes.
    start = time.perf_counter()
    sitrep.extract([CORPUS], ReadOptions(workers=2))
    elapsed_2 = time.perf_counter() - start
    figures["extract_docs_per_s_2_workers"] = len(lines) / elapsed_2
    figures["extract_words_per_s_2_workers"] = words / elapsed_2
    figures["peak_memory_mb_per_worker"] = (
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    )

    # The yardstick (issue 12): one plain pass of the full spaCy pipeline over
    # the same cleaned texts, in this process, and the cascade's share of it.
    texts = [
        clean(Document(id=str(i), text=json.loads(line)["text"])).text
        for i, line in enumerate(lines)
    ]
    start = time.perf_counter()
    full = list(resources.nlp.pipe(texts))
    spacy_s = time.perf_counter() - start
    figures["spacy_full_pass_docs_per_s"] = len(lines) / spacy_s
    figures["sitrep_time_over_full_spacy_pass"] = elapsed / spacy_s
    cascaded = list(resources.cascade.pipe(texts))
    sentences = sum(len(list(doc.sents)) for doc in full)
    parsed = sum(len(list(doc[a:b].sents)) for doc in cascaded for a, b in doc._.sitrep_parsed)
    figures["cascade_parsed_sentence_share"] = parsed / sentences

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
    scaling(sitrep, figures)
    figures["peak_memory_mb_with_1MB"] = peak_mb()
    _print(figures, args.json)


def _print(figures: dict[str, float], json_path: Path | None) -> None:
    for key, value in figures.items():
        print(f"  {key:32s} {value:12.3f}")
    if json_path:
        json_path.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
