"""Key figures, changes, rankings and incidents from hand-built events."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.report import figures
from sitrep.report.figures import Change, Period
from sitrep.store import DocumentInfo
from tests.report.conftest import make_event, make_statistic

DAY = dt.date(2024, 3, 10)


def test_previous_period_has_the_same_length_and_ends_the_day_before() -> None:
    period = Period(dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    previous = period.previous()
    assert previous == Period(dt.date(2024, 1, 30), dt.date(2024, 2, 29))
    assert previous.days == period.days == 31
    assert dt.date(2024, 3, 31) in period
    assert dt.date(2024, 4, 1) not in period


@pytest.mark.parametrize(
    ("previous", "current", "text", "direction"),
    [
        (None, 5, "no earlier data", "none"),
        (4, 6, "▲ 50%", "up"),
        (10, 8, "▼ 20%", "down"),
        (3, 3, "= 0%", "same"),
        (0, 2, "▲ new (none before)", "up"),
        (0, 0, "= (none either)", "same"),
    ],
)
def test_change_reads_as_an_arrow_and_a_percentage(
    previous: int | None, current: int, text: str, direction: str
) -> None:
    change = Change(previous, current)
    assert change.text == text
    assert change.direction == direction


def test_key_figures_by_type_with_changes_and_totals() -> None:
    now = [
        make_event("a", DAY, fatalities=4),
        make_event("b", DAY, fatalities=2),
        make_event("c", DAY, event_type="Riots", sub_event_type="Mob violence"),
    ]
    before = [make_event("d", DAY, fatalities=3)]
    rows, total = figures.key_figures(now, before, earlier_data=True)
    assert [(r.label, r.events, r.fatalities) for r in rows] == [("Battles", 2, 6), ("Riots", 1, 0)]
    assert rows[0].events_change.text == "▲ 100%"
    assert rows[0].fatalities_change.text == "▲ 100%"
    assert rows[1].events_change.text == "▲ new (none before)"
    assert (total.events, total.fatalities) == (3, 6)
    _, total = figures.key_figures(now, [], earlier_data=False)
    assert total.events_change.text == "no earlier data"


def test_a_type_gone_since_the_previous_period_is_still_listed() -> None:
    rows, _ = figures.key_figures([], [make_event("d", DAY)], earlier_data=True)
    assert [(r.label, r.events, r.events_change.text) for r in rows] == [("Battles", 0, "▼ 100%")]


def test_interaction_names_follow_acled_codes() -> None:
    assert figures.interaction_name(12) == "State forces vs Rebel group"
    assert figures.interaction_name(27) == "Rebel group vs Civilians"
    assert figures.interaction_name(10) == "State forces alone"
    assert figures.interaction_name(None) == "(not coded)"


def test_an_actor_named_twice_in_one_event_counts_once() -> None:
    event = make_event("a", DAY, actor1="Islamic State", actor2="Islamic State", fatalities=7)
    other = make_event("b", DAY, fatalities=1)
    actors = figures.top_actors([event, other])
    assert actors[0] == figures.Ranked("Islamic State", 2, 8)
    assert figures.Ranked("Military Forces of Syria (2000-)", 1, 1) in actors


def test_regions_and_interactions_rank_by_events_then_fatalities() -> None:
    events = [
        make_event("a", DAY, admin1="Aleppo", fatalities=1),
        make_event("b", DAY, fatalities=9),
        make_event("c", DAY, admin1="Aleppo"),
    ]
    assert [r.name for r in figures.top_regions(events)] == ["Aleppo, Syria", "Deir ez-Zor, Syria"]
    assert figures.interactions(events) == [figures.Ranked("State forces vs Rebel group", 3, 10)]


def test_main_incidents_are_the_most_severe_then_the_most_reported_once_each() -> None:
    deadly = make_event("deadly", DAY, fatalities=30, high=45)
    echoed = make_event("echoed", DAY, doc_ids=("d1", "d2", "d3"))
    both = make_event("both", DAY, fatalities=5, doc_ids=("d1", "d2"))
    documents = {
        "d1": DocumentInfo("d1", None, "https://www.voanews.com/a/x", "Title", DAY, "en", None)
    }
    incidents = figures.main_incidents([echoed, both, deadly], documents, limit=2)
    assert [(i.event.event_id, i.why) for i in incidents] == [
        ("deadly", "most severe"),
        ("both", "most severe and most reported"),
        ("echoed", "most reported"),
    ]
    assert incidents[0].fatalities_range == "30 (range 30–45)"
    assert incidents[2].fatalities_range == "0"
    source = incidents[2].sources[0]
    assert (source.outlet, source.title) == ("voanews.com", "Title")
    assert source.quotes == ("Government forces clashed with IS fighters.",)


def test_method_counts_documents_outlets_and_low_confidence() -> None:
    events = [
        make_event("a", DAY, confidence=0.3, doc_ids=("d1",)),
        make_event("b", DAY + dt.timedelta(days=2), confidence=0.9, doc_ids=("d1", "d2")),
    ]
    documents = {
        "d1": DocumentInfo("d1", "VOA", None, None, DAY, "en", None),
        "d2": DocumentInfo("d2", None, None, None, DAY, "fr", "batch.jsonl:2"),
        "d3": DocumentInfo("d3", "AFP", None, None, DAY, "en", None),
    }
    reported = figures.reported_figures([make_statistic("s", "d3", 10)], documents)
    method = figures.method(
        events, reported, documents, confidence_threshold=0.5, store_span=None,
        undated_statistics=0, version="0.1.0",
    )  # fmt: skip
    assert method.documents == 3
    assert method.outlets == ("AFP", "VOA", "batch.jsonl:2")
    assert method.low_confidence_share == 0.5
    assert method.not_english_stored == 1
    assert method.selection_span == (DAY, DAY + dt.timedelta(days=2))
