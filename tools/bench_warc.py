"""WARC streaming benchmark (``make bench``): records/second and memory.

Builds a WARC.gz of at least 1,000 records from the VOA stories (cycled,
each copy with its own URL) with the records a crawl holds that are not
articles (requests, metadata, redirects, images, PDFs) and broken records
(corrupt gzip members, members without a WARC record, failed digests, a
truncated end), then reads it with ``sitrep.readers.read_warc`` through
ingest's HTML path, sampling the resident memory as it goes. Memory is flat
when the last samples are no higher than the first ones past warm-up: the
reader holds one record at a time. Never a timed test: figures depend on
the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from sitrep.ingest import _document_from_html
from sitrep.readers import ReaderOptions, WarcTally, read_warc
from warc_corpus import append_truncated, build_warc, corpus, stories

# Records per story with the layout below: the page, 5 non-article records
# every 2nd story, 1 broken record every 10th: 1 + 2.5 + 0.1 = 3.6.
NOT_HTML_EVERY = 2
BROKEN_EVERY = 10
RECORDS_PER_STORY = 3.6
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    """Resident memory of this process now, in MiB (Linux /proc)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE / 2**20


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux: KiB units)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(records: int) -> dict[str, float]:
    """Build a WARC of at least ``records`` records, read it, return the figures."""
    story_count = int(records / RECORDS_PER_STORY) + 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "CC-NEWS-bench.warc.gz"
        layout = build_warc(
            path, corpus(story_count), not_html_every=NOT_HTML_EVERY, broken_every=BROKEN_EVERY
        )
        append_truncated(path, stories(1)[0])
        size_mb = path.stat().st_size / 2**20
        tally = WarcTally()
        samples: list[float] = []
        start = time.perf_counter()
        for n, _item in enumerate(read_warc(path, ReaderOptions(), _document_from_html, tally)):
            if n % 25 == 0:
                samples.append(rss_mb())
        elapsed = time.perf_counter() - start
    samples.append(rss_mb())
    warm = samples[len(samples) // 10 :]  # past the first imports and caches
    quarter = max(len(warm) // 4, 1)
    print(f"WARC of {tally.records + tally.broken:,} records, {size_mb:.1f} MiB: {tally.summary()}")
    return {
        "records": tally.records + tally.broken,
        "warc_mib": size_mb,
        "records_per_s": (tally.records + tally.broken) / elapsed,
        "html_pages_per_s": tally.pages / elapsed,
        "broken_reported": tally.broken,
        "broken_written": layout.broken + 1,
        "rss_first_quarter_mib": max(warm[:quarter]),
        "rss_last_quarter_mib": max(warm[-quarter:]),
        "peak_memory_mib": peak_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1000, help="at least this many records")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    # The same reading over a file ten times longer: flat memory means the
    # same peak, not ten times the growth.
    runs = {f"{n}": measure(n) for n in (args.records, args.records * 10)}
    names = list(runs)
    print(f"{'':28s} " + " ".join(f"{n + ' records':>16s}" for n in names))
    for key in runs[names[0]]:
        print(f"  {key:26s} " + " ".join(f"{runs[n][key]:16.1f}" for n in names))
    small, large = runs[names[0]], runs[names[1]]
    growth = large["peak_memory_mib"] - small["peak_memory_mib"]
    within = large["rss_last_quarter_mib"] - large["rss_first_quarter_mib"]
    flat = growth < 20 and within < 20  # MiB: allocator noise, not the file's size
    print(
        f"  memory {'flat' if flat else 'GROWING'}: peak {growth:+.1f} MiB for 10x the records, "
        f"{within:+.1f} MiB from the first to the last quarter of the long read"
    )
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
