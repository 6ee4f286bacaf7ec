"""Regression tests of issue 13, command side: exit codes shared by every
command, option values checked at parse time, coded store errors, read-only
queries, export paths checked first, and exports that lose nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.api import Sitrep
from sitrep.cli import main
from sitrep.errors import ExitCode
from sitrep.export import geojson
from sitrep.records import event_from_dict, to_dict

from .conftest import SEED


@pytest.fixture
def runner(sitrep: Sitrep, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    loaded = sitrep.resources
    monkeypatch.setattr("sitrep.api.Sitrep.resources", property(lambda self: loaded))
    return CliRunner()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, sitrep: Sitrep) -> Path:
    """A store holding the seed's events (made once, never written again)."""
    database = tmp_path_factory.mktemp("store") / "seed.db"
    from sitrep.api import ReadOptions

    sitrep.ingest([SEED], ReadOptions(published=dt.date(2017, 1, 16)), database=str(database))
    return database


@pytest.mark.parametrize(
    ("name", "content"),
    [("empty.jsonl", b""), ("blank.jsonl", b"\n \n"), ("list.json", b"[]"), ("empty.txt", b"")],
)
@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_empty_inputs_say_e001_and_exit_4(
    runner: CliRunner, tmp_path: Path, command: str, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    extra = ["--db", str(tmp_path / "s.db")] if command == "ingest" else []
    result = runner.invoke(main, [command, str(path), *extra])
    assert result.exit_code == ExitCode.ALL_FAILED, result.output
    assert "E001" in result.output


def test_empty_folder_says_e001_and_exits_4(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    result = runner.invoke(main, ["extract", str(folder)])
    assert result.exit_code == ExitCode.ALL_FAILED and "E001" in result.output


def test_extract_and_ingest_exit_alike_on_the_same_inputs(
    runner: CliRunner, tmp_path: Path
) -> None:
    # A readable report with no event in it, and an empty file: 3 for both
    # (extract said 4: it counted only documents that yielded events).
    quiet = tmp_path / "quiet.txt"
    quiet.write_text(
        "The city council met on Monday to discuss the new library budget and road repairs.\n",
        encoding="utf-8",
    )
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    extracted = runner.invoke(main, ["extract", str(quiet), str(empty), "--format", "jsonl"])
    ingested = runner.invoke(main, ["ingest", str(quiet), str(empty), "--db", str(tmp_path / "d")])
    assert extracted.exit_code == ingested.exit_code == ExitCode.PARTIAL


@pytest.mark.parametrize(
    "option", [["--max-bytes", "-1"], ["--max-bytes", "0"], ["--item-timeout", "0"]]
)
def test_bad_option_values_exit_2_before_reading(
    runner: CliRunner, tmp_path: Path, option: list[str]
) -> None:
    result = runner.invoke(main, ["ingest", str(SEED), "--db", str(tmp_path / "s.db"), *option])
    assert result.exit_code == ExitCode.USAGE
    assert not (tmp_path / "s.db").exists()


def test_published_option_at_the_calendar_end_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", str(SEED), "--published", "9999-12-31"])
    assert result.exit_code == ExitCode.USAGE and "E025" in result.output


@pytest.mark.parametrize("command", ["events", "export"])
def test_missing_store_is_e028_exit_5_and_not_created(
    runner: CliRunner, tmp_path: Path, command: str
) -> None:
    typo = tmp_path / "typo.db"
    extra = ["--format", "jsonl"] if command == "export" else []
    result = runner.invoke(main, [command, "--db", str(typo), *extra])
    assert result.exit_code == ExitCode.STORE and "E028" in result.output
    assert not typo.exists()


def test_queries_never_write_the_store(runner: CliRunner, seeded: Path) -> None:
    before = seeded.read_bytes()
    assert runner.invoke(main, ["events", "--db", str(seeded)]).exit_code == 0
    assert runner.invoke(main, ["export", "--db", str(seeded), "--format", "jsonl"]).exit_code == 0
    assert seeded.read_bytes() == before


def test_not_a_store_is_e016_exit_5(runner: CliRunner, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    other.write_bytes(b"")
    result = runner.invoke(main, ["events", "--db", str(other)])
    assert result.exit_code == ExitCode.STORE and "E016" in result.output


def test_db_folder_that_cannot_be_made_is_e029_exit_5(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(main, ["ingest", str(SEED), "--db", str(blocker / "sub" / "s.db")])
    assert result.exit_code == ExitCode.STORE and "E029" in result.output
    assert "Traceback" not in result.output


def test_export_onto_a_folder_is_e031_before_any_work(
    runner: CliRunner, seeded: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        main, ["export", "--db", str(tmp_path / "absent.db"), "--format", "acled-csv", "-o", "."]
    )
    # The path is checked before the store is opened: E031, not E028.
    assert result.exit_code == ExitCode.USAGE and "E031" in result.output


@pytest.mark.parametrize("fmt", ["acled-csv", "parquet", "geojson"])
def test_export_into_a_missing_folder_makes_it(
    runner: CliRunner, seeded: Path, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / "new" / "deeper" / f"events.{fmt}"
    result = runner.invoke(
        main, ["export", "--db", str(seeded), "--format", fmt, "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0


def test_parquet_dates_are_dates_and_an_empty_store_keeps_the_schema(
    runner: CliRunner, seeded: Path, tmp_path: Path
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    full, empty = tmp_path / "full.parquet", tmp_path / "empty.parquet"
    args = ["export", "--db", str(seeded), "--format", "parquet", "-o"]
    assert runner.invoke(main, [*args, str(full)]).exit_code == 0
    assert runner.invoke(main, [*args, str(empty), "--from", "2099-01-01"]).exit_code == 0
    table, nothing = pq.read_table(full), pq.read_table(empty)
    assert table.num_rows > 0 and nothing.num_rows == 0
    assert table.schema.field("event_date").type == pa.date32()
    assert nothing.schema == table.schema
    assert all(isinstance(day, dt.date) for day in table.column("event_date").to_pylist())


def test_geojson_keeps_events_without_a_place_with_null_geometry(seeded: Path) -> None:
    events = Sitrep().events(database=str(seeded))
    unplaced = event_from_dict({**to_dict(events[0]), "latitude": None, "longitude": None})
    collection = geojson([events[0], unplaced])
    assert len(collection["features"]) == 2
    assert collection["features"][1]["geometry"] is None
    assert collection["features"][0]["geometry"]["type"] == "Point"


def test_far_future_date_is_printed_as_a_warning_and_stored(
    runner: CliRunner, tmp_path: Path
) -> None:
    future = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=800)).isoformat()
    result = runner.invoke(
        main, ["ingest", str(SEED), "--published", future, "--db", str(tmp_path / "s.db")]
    )
    assert result.exit_code == 0, result.output
    assert "W001" in result.output and "stored 1" in result.output
