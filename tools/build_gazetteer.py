"""Build the sitrep gazetteer database (GeoNames data, CC BY 4.0).

Usage: python tools/build_gazetteer.py [OUTPUT.sqlite]

Without an argument the database is written where ``Gazetteer.open()`` looks
for it (``$SITREP_CACHE_DIR`` or ``~/.cache/sitrep``). Prints timings and size.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sitrep.gazetteer import default_path
from sitrep.gazetteer_build import build_gazetteer


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else default_path()
    stats = build_gazetteer(out)
    print(
        f"{out}: {stats['bytes'] / 1e6:.1f} MB, {int(stats['places'])} places, "
        f"{int(stats['keys'])} name keys, built in {stats['total_s']:.1f} s "
        f"(loading {stats['load_s']:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
