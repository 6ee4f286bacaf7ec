"""What ``--db`` accepts (a path, ``sqlite:///``, ``postgresql://``, also from
``SITREP_DB``) and its errors: E060 not a store URL, E061 no server."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import main
from sitrep.errors import E, SitrepError
from sitrep.store import Store
from sitrep.store.connection import locate
from sitrep.web.auth import token_path


@pytest.mark.parametrize(
    ("database", "backend", "path"),
    [
        ("sitrep.db", "sqlite", "sitrep.db"),
        ("out/team.db", "sqlite", "out/team.db"),
        ("sqlite:///out/team.db", "sqlite", "out/team.db"),
        ("sqlite:////srv/team.db", "sqlite", "/srv/team.db"),
        ("postgresql://ana:secret@db.example.org:5433/sitrep", "postgresql", None),
        ("postgres://ana@/sitrep?host=/run/postgresql", "postgresql", None),
        ("postgresql+psycopg://ana@localhost/sitrep", "postgresql", None),
    ],
)
def test_db_names_a_file_or_a_database(database: str, backend: str, path: str | None) -> None:
    location = locate(database)
    assert (location.backend, location.path) == (backend, path)
    assert "secret" not in location.display


@pytest.mark.parametrize(
    "database", ["mysql://ana@localhost/sitrep", "postgresql://ana@localhost", "http://x/y"]
)
def test_an_unknown_url_is_e060_and_exit_code_2(database: str) -> None:
    with pytest.raises(SitrepError) as raised:
        locate(database)
    assert raised.value.code is E.E060
    result = CliRunner().invoke(main, ["events", "--db", database])
    assert result.exit_code == 2 and "E060" in result.output


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the block ends


def test_no_server_is_e061_and_exit_code_5_for_readers_and_writers(tmp_path: Path) -> None:
    url = f"postgresql://ana:secret@127.0.0.1:{_closed_port()}/sitrep"
    for readonly in (True, False):
        with pytest.raises(SitrepError) as raised:
            Store(url, readonly=readonly)
        assert raised.value.code is E.E061
        assert "secret" not in str(raised.value)
    ingest = tmp_path / "a.txt"
    ingest.write_text("Nothing happened.\n", encoding="utf-8")
    for args in (["events"], ["ingest", str(ingest)], ["db", "status"], ["db", "upgrade"]):
        result = CliRunner().invoke(main, [*args, "--db", url])
        assert result.exit_code == 5 and "E061" in result.output, (args, result.output)


def test_sitrep_db_is_read_from_the_environment(store_url: str) -> None:
    result = CliRunner(env={"SITREP_DB": store_url}).invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0 and "upgraded from revision none" in result.output


def test_a_postgresql_store_keeps_its_serve_token_in_the_config_folder() -> None:
    one = token_path("postgresql://ana:secret@db.example.org/sitrep")
    assert one == token_path("postgresql://ana:changed@db.example.org/sitrep")
    assert one != token_path("postgresql://ana@db.example.org/other")
    assert one.parent == Path.home() / ".config" / "sitrep"
    assert token_path("sqlite:///out/team.db") == Path("out/team.db.token")
