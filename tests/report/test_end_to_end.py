"""``sitrep report`` on a store built as ``make run`` builds it (the seed
article published 2017-01-16, then the VOA sample): the brief's figures equal
those of ``sitrep events`` over the same filters, and the PDF says them."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from sitrep.api import ReadOptions
from sitrep.cli import main
from tests.conftest import EXAMPLES, SEED
from tests.report.pdf import needs_poppler, page_ink, pdf_text
from tests.report.test_render import key_figures

if TYPE_CHECKING:
    from sitrep.api import Sitrep

pytestmark = pytest.mark.slow

FILTERS = [
    ["--from", "2017-01-01", "--to", "2025-12-31"],
    ["--from", "2017-01-10", "--to", "2017-01-20", "--country", "Syria"],
    ["--from", "2025-03-01", "--to", "2025-03-31", "--country", "Somalia"],
]


@pytest.fixture(scope="module")
def run_store(sitrep: Sitrep, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The store of ``make run``: the seed with its publication date, then the VOA sample."""
    database = str(tmp_path_factory.mktemp("run") / "sitrep.db")
    sitrep.ingest([SEED], ReadOptions(published=dt.date(2017, 1, 16)), database=database)
    sitrep.ingest([EXAMPLES / "voa_sample.jsonl"], database=database)
    return database


def events_figures(database: str, filters: list[str]) -> dict[str, tuple[int, int]]:
    """Events and fatalities by type as ``sitrep events`` gives them."""
    result = CliRunner().invoke(main, ["events", "--db", database, "--format", "jsonl", *filters])
    assert result.exit_code == 0, result.output
    events, deaths = Counter[str](), Counter[str]()
    for record in map(json.loads, result.output.splitlines()):
        events[record["event_type"]] += 1
        deaths[record["event_type"]] += record["fatalities"]
    figures = {t: (events[t], deaths[t]) for t in events}
    figures["All events"] = (sum(events.values()), sum(deaths.values()))
    return figures


def pdf_key_figures(path: Path) -> dict[str, tuple[int, int]]:
    """The key-figures table as ``pdftotext -layout`` reads it from the PDF."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    table = text[text.index("Key figures") : text.index("Fatalities are ACLED")]
    rows = re.findall(r"^\s*(\S.*?)\s{2,}([\d,]+)\s{2,}.+?\s{2,}([\d,]+)\s{2,}.+$", table, re.M)
    return {label: (int(n.replace(",", "")), int(f.replace(",", ""))) for label, n, f in rows}


@needs_poppler
@pytest.mark.parametrize("filters", FILTERS, ids=["all", "syria-week", "somalia-march"])
def test_brief_figures_equal_sitrep_events(
    run_store: str, filters: list[str], tmp_path: Path
) -> None:
    expected = events_figures(run_store, filters)
    assert expected["All events"][0] > 0  # the filters select something
    for name in ("brief.html", "brief.pdf"):
        result = CliRunner().invoke(
            main, ["report", "--db", run_store, *filters, "-o", str(tmp_path / name)]
        )
        assert result.exit_code == 0, result.output
    assert key_figures((tmp_path / "brief.html").read_text(encoding="utf-8")) == expected
    assert pdf_key_figures(tmp_path / "brief.pdf") == expected


@needs_poppler
def test_pdf_has_the_seed_statistics_with_attribution_and_renders_every_page(
    run_store: str, tmp_path: Path
) -> None:
    out = tmp_path / "brief.pdf"
    result = CliRunner().invoke(
        main, ["report", "--db", run_store, "--from", "2017-01-01", "--to", "2017-01-31",
               "--paper", "letter", "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    # The seed's headline, where it was said (pdftotext drops hyphens at line ends).
    title = "Syrian regime launch Deir"
    for figure in (
        "Trapped: 115,000 residents",
        "Killed: 210 civilians; cause: shelling; by Islamic State",
        "Starved: 52",
        "Killed: around 30 people",
    ):
        start = text.index(figure)
        said = text[start : start + 400]
        assert "Said by: no source named (the report's own statement)" in said, said
        assert title in said, said
    assert "IS shelling has claimed the lives of 210 civilians" in text  # the evidence, quoted
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    count = int(re.search(r"Pages:\s+(\d+)", pages.stdout).group(1))  # type: ignore[union-attr]
    ink = page_ink(out, tmp_path)
    assert len(ink) == count >= 2
    assert all(share > 0.005 for share in ink), ink  # no blank page
