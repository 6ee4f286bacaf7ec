"""Corrections: checked values, laid over events, kept through re-merges and
exported as gold that ``sitrep eval`` reads."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.browse import export_gold
from sitrep.cli import main
from sitrep.corrections import apply, check_value
from sitrep.evaluate import load_gold
from sitrep.records import Document, EventMention, EvidenceSpan, to_dict
from sitrep.store import Store
from tests.report.conftest import make_event

from .store.legacy import MIGRATIONS

DAY = dt.date(2017, 1, 14)
TEXT = "Government forces clashed with IS fighters near the airport. Two shells hit a school."


def _mention(index: int, sub: str = "Armed clash") -> EventMention:
    start = 0 if index == 0 else TEXT.index("Two")
    end = TEXT.index(".") + 1 if index == 0 else len(TEXT)
    span = EvidenceSpan("doc-a", start, end, TEXT[start:end])
    return EventMention("doc-a", index, "Battles", sub, "clashed", [span], event_date=DAY,
                        date_start=DAY, date_end=DAY)  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A store with one document, two mentions and their two events."""
    opened = Store(tmp_path / "sitrep.db")
    document = Document(id="doc-a", text=TEXT, title="Deir ez-Zor", published=DAY, language="en")
    first = make_event("ev-1", DAY, doc_ids=["doc-a"], fatalities=2)
    second = make_event("ev-2", DAY, doc_ids=["doc-a"], sub_event_type="Armed clash")
    with opened.transaction():
        opened.add_document(document, [_mention(0), _mention(1)], [])
        opened.replace_events([(first, [_mention(0)]), (second, [_mention(1)])])
    yield opened
    opened.close()


def test_values_are_checked() -> None:
    assert check_value("fatalities", 3) == 3
    assert check_value("event_date", "2017-01-15") == "2017-01-15"
    assert check_value("actor2", "") is None
    assert check_value("latitude", 35) == 35.0
    for field, value in [
        ("fatalities", -1), ("fatalities", True), ("latitude", 91), ("event_date", "15/01/2017"),
        ("event_type", None), ("actor1", "x" * 301), ("not_an_event", "yes"), ("colour", "red"),
    ]:  # fmt: skip
        with pytest.raises(ValueError, match=r"."):
            check_value(field, value)


def test_apply_widens_the_range_and_fixes_the_date() -> None:
    event = dataclasses.replace(make_event("e", DAY, fatalities=2, high=5), time_precision=2)
    fixed = apply(event, {"fatalities": 9, "event_date": "2017-01-13", "actor2": None})
    assert (fixed.fatalities, fixed.fatalities_low, fixed.fatalities_best) == (9, 2, 9)
    assert fixed.fatalities_high == 9 and fixed.actor2 is None
    assert fixed.event_date == fixed.date_start == fixed.date_end == dt.date(2017, 1, 13)
    assert fixed.time_precision == 1
    assert event.fatalities == 2  # the machine's event is left as it was


def test_correction_survives_a_re_merge_that_changes_the_event(store: Store) -> None:
    with store.transaction():
        store.add_corrections("ev-1", {"fatalities": 7, "actor1": "Republican Guard"}, "Rana")
    assert {e.event_id: e.fatalities for e in store.events()} == {"ev-1": 7, "ev-2": 0}
    # A later report merges both mentions into one event with a new id and date.
    merged = make_event("ev-9", DAY + dt.timedelta(days=1), doc_ids=["doc-a"], fatalities=3)
    with store.transaction():
        store.replace_events([(merged, [_mention(0), _mention(1)])])
    (event,) = store.events()
    assert event.event_id == "ev-9"
    assert (event.fatalities, event.actor1) == (7, "Republican Guard")
    assert event.event_date == DAY + dt.timedelta(days=1)  # not corrected: the merge's
    history = store.corrections("ev-9")
    assert [(c.field, c.old, c.new, c.author) for c in history] == [
        ("fatalities", 2, 7, "Rana"), ("actor1", "Military Forces of Syria (2000-)",
                                       "Republican Guard", "Rana"),
    ]  # fmt: skip
    # The machine's row is untouched: corrections are laid over it on read.
    raw = store.rows("SELECT fatalities FROM events WHERE event_id = 'ev-9'")
    assert raw == [(3,)]


def test_not_an_event_is_left_out_of_every_read(store: Store) -> None:
    with store.transaction():
        store.add_corrections("ev-2", {"not_an_event": True}, "Rana")
    assert [e.event_id for e in store.events()] == ["ev-1"]
    with store.transaction():
        store.add_corrections("ev-2", {"not_an_event": False}, "Rana")
    assert len(store.events()) == 2
    with pytest.raises(KeyError), store.transaction():
        store.add_corrections("nope", {"fatalities": 1}, "Rana")


def test_gold_export_reads_back_in_sitrep_eval(store: Store, tmp_path: Path) -> None:
    with store.transaction():
        store.add_corrections(
            "ev-1",
            {"sub_event_type": "Shelling/artillery/missile attack",
             "event_type": "Explosions/Remote violence", "fatalities": 4},
            "Rana",
        )  # fmt: skip
        store.add_corrections("ev-2", {"not_an_event": True}, "Rana")
    documents, rows = export_gold(store, tmp_path / "gold")
    assert (documents, rows) == (1, 1)
    gold = load_gold(tmp_path / "gold")
    assert [d.doc_id for d in gold.documents] == ["doc-a"]
    assert gold.documents[0].text == TEXT and gold.documents[0].split == "heldout"
    (event,) = gold.events
    assert event.sub_event_type == "Shelling/artillery/missile attack"
    assert event.fatalities == 4 and event.event_date == DAY


def test_cli_corrections_export(store: Store, tmp_path: Path) -> None:
    with store.transaction():
        store.add_corrections("ev-1", {"fatalities": 5}, "Rana")
    out = tmp_path / "gold"
    result = CliRunner().invoke(
        main, ["corrections", "export", "--db", store.path, "-o", str(out), "--split", "dev"]
    )
    assert result.exit_code == 0, result.output
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["split"] == "dev"
    assert len(load_gold(out).events) == 2
    missing = CliRunner().invoke(main, ["corrections", "export", "--db", str(tmp_path / "no.db"),
                                        "-o", str(out)])  # fmt: skip
    assert missing.exit_code == 5 and "E028" in missing.output


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "typo.db")])
    assert result.exit_code == 5 and "E028" in result.output
    assert not (tmp_path / "typo.db").exists()


def test_migration_fills_the_new_columns_of_an_old_store(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    event = make_event("ev-old", DAY, confidence=0.7)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY)")
        for statement in MIGRATIONS[0][1]:
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations VALUES (1)")
        conn.execute(
            "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?)",
            ("ev-old", DAY.isoformat(), "Syria", "Deir ez-Zor", "Battles", "Armed clash",
             event.actor1, event.actor2, 0, json.dumps(to_dict(event))),
        )  # fmt: skip
    store = Store(path)
    try:
        assert store.rows("SELECT latitude, longitude, confidence FROM events") == [
            (35.33, 40.14, 0.7)
        ]
        assert [e.event_id for e in store.events()] == ["ev-old"]
    finally:
        store.close()
