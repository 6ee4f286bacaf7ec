"""``sitrep report`` on the command line: outputs, exit codes, numbered errors."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from sitrep.cli import main
from tests.report.pdf import needs_poppler, page_ink, pdf_text

PERIOD = ["--from", "2024-03-08", "--to", "2024-03-14"]


def test_report_writes_html_and_says_what_it_wrote(march_store: str, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    result = CliRunner().invoke(
        main, ["report", "--db", march_store, *PERIOD, "--country", "Syria", "--country", "Iraq",
               "--title", "Weekly brief", "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "5 events, 21 fatalities, 1 reported figures, Syria, Iraq" in result.output
    html = out.read_text(encoding="utf-8")
    assert "<h1>Weekly brief</h1>" in html


def test_missing_store_exits_5_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    result = CliRunner().invoke(
        main, ["report", "--db", str(missing), *PERIOD, "-o", str(tmp_path / "b.pdf")]
    )
    assert result.exit_code == 5
    assert "[E028]" in result.output
    assert not missing.exists() and not (tmp_path / "b.pdf").exists()


def test_bad_requests_exit_2_with_numbered_errors(march_store: str, tmp_path: Path) -> None:
    runner = CliRunner()
    swapped = runner.invoke(
        main, ["report", "--db", march_store, "--from", "2024-03-14", "--to", "2024-03-08",
               "-o", str(tmp_path / "b.html")],
    )  # fmt: skip
    assert swapped.exit_code == 2 and "[E032]" in swapped.output
    docx = runner.invoke(main, ["report", "--db", march_store, *PERIOD, "-o", "brief.docx"])
    assert docx.exit_code == 2 and "[E033]" in docx.output
    not_a_date = runner.invoke(
        main, ["report", "--db", march_store, "--from", "March", "--to", "2024-03-08", "-o", "b.md"]
    )
    assert not_a_date.exit_code == 2 and "[E010]" in not_a_date.output


@needs_poppler
def test_an_empty_period_is_a_clear_one_page_brief(march_store: str, tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    result = CliRunner().invoke(
        main, ["report", "--db", march_store, "--from", "2023-01-01", "--to", "2023-01-31",
               "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    ink = page_ink(out, tmp_path)
    assert len(ink) == 1 and ink[0] > 0.005
    text = pdf_text(out)
    assert "No events and no reported figures are in the store" in text
    assert "The store holds events from 2024-03-05 to 2024-03-13" in text


def test_events_and_export_do_not_create_a_missing_store(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    for command in (["events"], ["export", "--format", "jsonl"]):
        result = CliRunner().invoke(main, [*command, "--db", str(missing)])
        assert result.exit_code == 5, result.output
        assert "[E028]" in result.output
    assert not missing.exists()
