"""`sitrep spark` options checked before Spark starts."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from sitrep.cli import main


def test_a_bad_encoding_fails_before_spark_starts(tmp_path: Path) -> None:
    source = tmp_path / "a.jsonl"
    source.write_text('{"text": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(
        main, ["spark", str(source), "-o", str(tmp_path / "out"), "--encoding", "no-such-codec"]
    )
    assert result.exit_code == 2
    assert "[E019]" in result.output
    assert not (tmp_path / "out").exists()


def test_an_unknown_country_fails_before_spark_starts(tmp_path: Path) -> None:
    source = tmp_path / "a.jsonl"
    source.write_text('{"text": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(
        main, ["spark", str(source), "-o", str(tmp_path / "out"), "--country", "Atlantis"]
    )
    assert result.exit_code == 2
    assert "[E057]" in result.output
    assert not (tmp_path / "out").exists()
