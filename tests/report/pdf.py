"""Reading PDFs in tests with poppler-utils (installed by tools/system-deps.sh)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

# Skipped on a developer's machine without poppler-utils, never in CI
# (CI=true), where tools/system-deps.sh has installed it: there a missing
# pdftoppm fails the tests instead of hiding them.
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None and not os.environ.get("CI"),
    reason="poppler-utils missing: run tools/system-deps.sh",
)


def pdf_text(path: Path) -> str:
    """The PDF's text in reading order, whitespace collapsed, bidi marks dropped."""
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(re.sub("[\u200e\u200f\u202a-\u202e]", "", text).split())


def page_ink(path: Path, tmp: Path) -> list[float]:
    """Share of non-white pixels of each page, rendered by pdftoppm at 20 dpi
    in grey (one PGM a page): a blank page scores 0."""
    subprocess.run(["pdftoppm", "-r", "20", "-gray", str(path), str(tmp / "page")], check=True)
    shares = []
    for image in sorted(tmp.glob("page*.pgm")):
        raw = image.read_bytes()
        # P5 header: magic, width, height, maxval, each ended by whitespace.
        fields = raw.split(maxsplit=4)
        width, height = int(fields[1]), int(fields[2])
        pixels = raw[len(raw) - width * height :]
        shares.append(sum(1 for p in pixels if p < 200) / len(pixels))
    return shares
