"""Fuzz suite of issue 13: hostile inputs mixed with good stories through
``ingest`` and ``extract``. No exception escapes, every input item is
accounted for exactly once (stored, skipped as a duplicate, or rejected
with a code), every good story is stored, and the store stays intact.

The quick profile (``make test``) writes 1,000 items or a few more; ``make fuzz``
sets ``SITREP_FUZZ_ITEMS=10000`` and prints the counts.
"""

from __future__ import annotations

import os
import sqlite3
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from click.testing import CliRunner

from sitrep.api import ReadOptions, Sitrep
from sitrep.cli import main
from sitrep.errors import ExitCode
from sitrep.pipeline import IngestSummary, ingest
from sitrep.records import Document, Mentions, Rejected

from .fuzz_corpus import build

FUZZ_ITEMS = int(os.environ.get("SITREP_FUZZ_ITEMS", "1000"))
# Hostile files go up to a few MB (HTML bombs); the default limit (10 MB)
# would admit them all, so the fuzz keeps it.
OPTIONS = ReadOptions()


def _label(item: Document | Mentions | Rejected) -> str:
    """The input item an outcome belongs to (a record's id is not part of it)."""
    if isinstance(item, Rejected):
        label = item.item
    else:
        document = item.document if isinstance(item, Mentions) else item
        label = document.origin or document.id
    return label.split(" (id=")[0]


class _Tally:
    """Every item the reader yields, by label."""

    def __init__(self) -> None:
        self.labels: Counter[str] = Counter()

    def watch(self, items: Iterator[Document | Rejected]) -> Iterator[Document | Rejected]:
        for item in items:
            self.labels[_label(item)] += 1
            yield item


def test_fuzz_batch_leaves_nothing_unaccounted(sitrep: Sitrep, tmp_path: Path) -> None:
    started = time.perf_counter()
    corpus = build(tmp_path / "corpus", FUZZ_ITEMS)
    database = tmp_path / "fuzz.db"
    tracebacks: list[str] = []

    # ingest, through the library: the outcome of each item, and the reader's
    # labels (a duplicate is skipped before analysis, with no outcome)
    read = _Tally()
    outcomes: list[Mentions | Rejected] = []
    summary = IngestSummary()
    store = sitrep.store(str(database))
    try:
        reading = read.watch(sitrep.read([corpus.folder], OPTIONS))
        summary = ingest(reading, sitrep.resources, store, outcomes.append)
    except Exception:  # counted and reported below, never swallowed
        tracebacks.append(traceback.format_exc())
    finally:
        store.close()
    rejected = [o for o in outcomes if isinstance(o, Rejected)]
    stored = {_label(o) for o in outcomes if isinstance(o, Mentions)}
    unaccounted = set(corpus.expected) ^ set(read.labels)
    unaccounted |= {label for label, count in read.labels.items() if count > 1}
    lost = corpus.good - stored
    with sqlite3.connect(database) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    # extract, through the library: each item processed or rejected, once
    extracted: list[Mentions | Rejected] = []
    try:
        sitrep.extract([corpus.folder], OPTIONS, progress=extracted.append)
    except Exception:
        tracebacks.append(traceback.format_exc())
    processed = Counter(_label(o) for o in extracted)
    unaccounted |= set(corpus.expected) ^ set(processed)
    unaccounted |= {label for label, count in processed.items() if count > 1}
    lost |= corpus.good & {_label(o) for o in extracted if isinstance(o, Rejected)}

    # the command line over the same store: everything known is skipped
    # before analysis, every rejection is printed
    result = CliRunner().invoke(main, ["ingest", str(corpus.folder), "--db", str(database)])
    if not isinstance(result.exception, (SystemExit, type(None))) or "Traceback" in result.output:
        tracebacks.append(result.output)

    codes = Counter(r.code for r in rejected)
    print(
        f"\nfuzz: {corpus.items} items ({len(corpus.good)} good) in "
        f"{time.perf_counter() - started:.0f} s; ingest stored {summary.stored}, "
        f"skipped {summary.skipped} duplicates, rejected {len(rejected)} "
        f"({', '.join(f'{c} {n}' for c, n in sorted(codes.items()))}); "
        f"extract processed {sum(1 for o in extracted if isinstance(o, Mentions))}, "
        f"rejected {sum(1 for o in extracted if isinstance(o, Rejected))}; "
        f"tracebacks {len(tracebacks)}, unaccounted {len(unaccounted)}, "
        f"good lost {len(lost)}, integrity {integrity}"
    )
    assert corpus.items >= FUZZ_ITEMS
    assert not tracebacks, tracebacks[0]
    assert not unaccounted, sorted(unaccounted)[:20]
    assert not lost, [(r.item, r.reason) for r in rejected if _label(r) in lost][:10]
    assert integrity == "ok" and not orphans and documents == summary.stored
    assert summary.stored + summary.skipped + len(summary.failed) == sum(read.labels.values())
    assert all(r.code.startswith("E") and r.reason.startswith(f"[{r.code}]") for r in rejected)
    assert result.exit_code == ExitCode.PARTIAL
    assert result.output.count("sitrep: rejected ") == len(rejected)
