"""Selection of events and statistics: the same as ``sitrep events`` over the same filters."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from sitrep.api import Sitrep
from sitrep.cli import main
from sitrep.report import queries
from sitrep.report.figures import Period
from sitrep.report.queries import Area
from sitrep.store import DocumentInfo
from tests.report.conftest import make_statistic

PERIOD = Period(dt.date(2024, 3, 8), dt.date(2024, 3, 14))


def _cli_events(database: str, *filters: str) -> dict[str, dict[str, object]]:
    result = CliRunner().invoke(
        main,
        ["events", "--db", database, "--from", "2024-03-08", "--to", "2024-03-14",
         "--format", "jsonl", *filters],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return {r["event_id"]: r for r in map(json.loads, result.output.splitlines())}


def test_events_are_those_of_sitrep_events_over_the_same_filters(march_store: str) -> None:
    sitrep = Sitrep()
    everywhere = queries.select_events(sitrep, march_store, Area(), PERIOD)
    assert [e.event_id for e in everywhere] == list(_cli_events(march_store))
    assert {e.event_id for e in everywhere} == {"e1", "e2", "e3", "e4", "e6"}
    syria = queries.select_events(sitrep, march_store, Area(("syria",)), PERIOD)
    assert [e.event_id for e in syria] == list(_cli_events(march_store, "--country", "syria"))
    both = queries.select_events(sitrep, march_store, Area(("Syria", "Iraq")), PERIOD)
    expected = _cli_events(march_store, "--country", "Syria") | _cli_events(
        march_store, "--country", "Iraq"
    )
    assert {e.event_id for e in both} == set(expected)
    region = queries.select_events(sitrep, march_store, Area((), ("Nineveh",)), PERIOD)
    assert [e.event_id for e in region] == list(_cli_events(march_store, "--admin1", "Nineveh"))


def test_earlier_events_are_found_for_the_area_only(march_store: str) -> None:
    sitrep = Sitrep()
    assert queries.has_earlier_events(sitrep, march_store, Area(("Syria",)), PERIOD.start)
    assert not queries.has_earlier_events(sitrep, march_store, Area(("Iraq",)), PERIOD.start)


def test_statistics_are_chosen_by_the_day_they_were_reported_and_the_area() -> None:
    day = dt.date(2024, 3, 10)
    documents = {
        "dated": DocumentInfo("dated", None, None, None, day, "en", None),
        "late": DocumentInfo("late", None, None, None, day + dt.timedelta(days=30), "en", None),
        "undated": DocumentInfo("undated", None, None, None, None, "en", None),
    }
    statistics = [
        make_statistic("in", "dated", 210),
        make_statistic("after", "late", 300),
        make_statistic("by-own-date", "undated", 52, reported=day),
        make_statistic("no-date", "undated", 30),
        make_statistic("elsewhere", "dated", 7, country="Iraq", location="Mosul"),
    ]
    chosen, undated = queries.select_statistics(statistics, documents, Area(("Syria",)), PERIOD)
    assert [s.statistic_id for s in chosen] == ["in", "by-own-date"]
    assert undated == 1
    chosen, _ = queries.select_statistics(statistics, documents, Area((), ("mosul",)), PERIOD)
    assert [s.statistic_id for s in chosen] == ["elsewhere"]


def test_area_labels() -> None:
    assert Area().label == "all areas in the store"
    assert Area(("Syria", "Iraq")).label == "Syria, Iraq"
    assert Area(("Syria",), ("Deir ez-Zor",)).label == "Deir ez-Zor (Syria)"
