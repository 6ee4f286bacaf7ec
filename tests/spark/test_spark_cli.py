"""`sitrep spark` options checked before Spark starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import main


@pytest.mark.parametrize(
    ("option", "code"),
    [
        (["--encoding", "no-such-codec"], "E019"),
        (["--country", "Atlantis"], "E057"),
        (["--published", "0001-01-01"], "E025"),  # the range extract and ingest check
    ],
)
def test_a_bad_option_fails_before_spark_starts(
    tmp_path: Path, option: list[str], code: str
) -> None:
    source = tmp_path / "a.jsonl"
    source.write_text('{"text": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["spark", str(source), "-o", str(tmp_path / "out"), *option])
    assert result.exit_code == 2
    assert f"[{code}]" in result.output
    assert not (tmp_path / "out").exists()
