"""The command line: bad input named with its reason and a documented exit
code, the rest of the batch still stored; output formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.api import Sitrep
from sitrep.cli import main
from sitrep.errors import ExitCode
from sitrep.export import ACLED_COLUMNS

from .conftest import SEED, VOA


@pytest.fixture
def runner(sitrep: Sitrep, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    # Reuse the session's loaded resources instead of loading them per command.
    loaded = sitrep.resources
    monkeypatch.setattr("sitrep.api.Sitrep.resources", property(lambda self: loaded))
    return CliRunner()


@pytest.fixture
def bad_batch(tmp_path: Path) -> Path:
    """A folder of reports, one good and one of each kind of bad input."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "latin1.txt").write_bytes(
        "Des manifestants ont été arrêtés à Alger.".encode("cp1252")
    )
    with (folder / "huge.txt").open("wb") as handle:  # 50 MB, sparse
        handle.seek(50 * 1024 * 1024 - 1)
        handle.write(b"\0")
    (folder / "broken.html").write_text(
        "<html><body><div><p>Unclosed <b>tags <script>", encoding="utf-8"
    )
    (folder / "french.txt").write_text(
        "Des affrontements entre l'armée malienne et des groupes jihadistes ont fait au moins "
        "dix morts dimanche dans la région de Mopti, selon des sources locales et sécuritaires.\n",
        encoding="utf-8",
    )
    good_line = VOA.read_text(encoding="utf-8").splitlines()[17]
    (folder / "batch.jsonl").write_text(good_line + "\n{broken json\n", encoding="utf-8")
    return folder


def test_bad_inputs_are_named_and_the_rest_is_stored(
    runner: CliRunner, bad_batch: Path, tmp_path: Path
) -> None:
    database = tmp_path / "s.db"
    result = runner.invoke(main, ["ingest", str(bad_batch), "--db", str(database)])
    assert result.exit_code == ExitCode.PARTIAL, result.output
    out = result.output
    for name, code in [
        ("empty.txt", "E001"),
        ("binary.txt", "E002"),
        ("huge.txt", "E003"),
        ("latin1.txt", "E004"),
        ("french.txt", "E008"),
        ("batch.jsonl:2", "E006"),
    ]:
        assert name in out and code in out, (name, code)
    # The seed, the good JSONL line, and what trafilatura recovers of the broken page.
    assert "stored 3," in out and "failed 5;" in out and "skipped 1 not English" in out
    again = runner.invoke(main, ["ingest", str(bad_batch), "--db", str(database)])
    assert "stored 0, skipped 3 already stored" in again.output


def test_every_input_bad_exits_4(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(main, ["extract", str(empty)])
    assert result.exit_code == ExitCode.ALL_FAILED
    assert "E001" in result.output


def test_extract_jsonl_from_stdin(runner: CliRunner) -> None:
    result = runner.invoke(
        main,
        ["extract", "-", "--published", "2017-01-16", "--format", "jsonl"],
        input=SEED.read_bytes(),
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    kinds = {r["kind"] for r in records}
    assert kinds == {"event", "statistic"}


def test_bad_published_date_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", str(SEED), "--published", "16/01/2017"])
    assert result.exit_code == ExitCode.USAGE
    assert "E010" in result.output


def test_exports(runner: CliRunner, tmp_path: Path) -> None:
    database = tmp_path / "s.db"
    assert (
        runner.invoke(
            main, ["ingest", str(SEED), "--published", "2017-01-16", "--db", str(database)]
        ).exit_code
        == 0
    )
    for fmt, name in [
        ("acled-csv", "e.csv"),
        ("geojson", "e.geojson"),
        ("parquet", "e.parquet"),
        ("jsonl", "e.jsonl"),
    ]:
        result = runner.invoke(
            main, ["export", "--db", str(database), "--format", fmt, "-o", str(tmp_path / name)]
        )
        assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((tmp_path / "e.csv").read_text(encoding="utf-8"))))
    assert rows and list(rows[0])[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert {r["country"] for r in rows} == {"Syria"} and {r["iso"] for r in rows} == {"760"}
    assert all(r["event_id_cnty"].startswith("SYR") for r in rows)
    collection = json.loads((tmp_path / "e.geojson").read_text(encoding="utf-8"))
    assert len(collection["features"]) == len(rows)
    lon, lat = collection["features"][0]["geometry"]["coordinates"]
    assert abs(lat - 35.336) < 0.1 and abs(lon - 40.141) < 0.1
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "e.parquet").num_rows == len(rows)
    result = runner.invoke(
        main, ["events", "--db", str(database), "--event-type", "Battles", "--format", "jsonl"]
    )
    assert result.exit_code == 0
    assert all(json.loads(line)["event_type"] == "Battles" for line in result.output.splitlines())
