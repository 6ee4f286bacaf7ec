"""A store-writing process for the kill tests: stores pre-analysed documents
(a pickle of ``Mentions``) with the ingest pipeline's own write,
``sitrep.pipeline.store_document``, one transaction a document.

    python -m tests.store.store_worker ANALYSED.pickle DATABASE

It prints ``ready`` once imports and the store are open, then one line per
document, and exits when its stdin is closed, so a test can kill it
(``kill -9``) while it writes rather than while Python starts; the parse is
left out because it is not what a kill can break.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from sitrep.calibration import default_calibration
from sitrep.lexicon import load_lexicon
from sitrep.pipeline import store_document
from sitrep.store import Store


def main(analysed: Path, database: str) -> None:
    """Store every document of ``analysed`` into ``database``."""
    results = pickle.loads(analysed.read_bytes())
    lexicon, calibration = load_lexicon(), default_calibration()
    store = Store(database)
    print("ready", flush=True)
    try:
        for result in results:
            stored = store_document(result, store, lexicon, calibration)
            print("stored" if stored else "skipped", result.document.id, flush=True)
    finally:
        store.close()
    # Stay until the test closes stdin, so that a kill meant for a moment of
    # the writes never finds the process gone.
    sys.stdin.read()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
