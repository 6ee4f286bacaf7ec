"""Issue 8, point 6: a total reported for several days is divided among the
events it covers (ACLED; eval/GUIDELINES.md section 7), remainder to the first
day, the note saying how; never counted twice, and never a statistic's.

Real sentences: PLOVER-GSR01-FIGHT-0005 from the PLOVER gold-standard records
(openeventdata/PLOVER, CC BY-SA 4.0, (c) 2016 Open Event Data Alliance; via
/work/shared/gold) and VOA story 8009314 (public domain).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep.api import ReadOptions, Sitrep
from sitrep.extract import dates
from sitrep.extract.totals import one_a_day, shares
from sitrep.records import EventMention
from tests.conftest import extract_report

# PLOVER-GSR01-FIGHT-0005 (CC BY-SA 4.0, Open Event Data Alliance).
JUBA = (
    "Sudanese rebels shelled the southern regional capital Juba for the first time in a "
    "year on Sunday and Monday, killing about 20 people, relief officials in Nairobi said."
)
# VOA 8009314, 13 March 2025: a figure over two years, a statistic.
BLA_DEATHS = "Deaths in these attacks surged from 88 in 2023 to 388 in 2024."


def test_shares_give_the_remainder_to_the_first() -> None:
    assert shares(33, 2) == [17, 16]  # the Jaffar Express militants (eval/gold, voa-8009314)
    assert shares(34, 2) == [17, 17]
    assert shares(11, 3) == [5, 3, 3]
    assert shares(1, 3) == [1, 0, 0]
    assert shares(0, 2) == [0, 0]
    with pytest.raises(ValueError):
        shares(5, 0)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Sunday and Monday", (dt.date(2025, 3, 9), dt.date(2025, 3, 10))),
        ("between March 11 and 12", (dt.date(2025, 3, 11), dt.date(2025, 3, 12))),
        ("11-12 March", (dt.date(2025, 3, 11), dt.date(2025, 3, 12))),
        ("from Monday to Wednesday", (dt.date(2025, 3, 10), dt.date(2025, 3, 12))),
    ],
)
def test_named_days_are_a_span_of_days(text: str, span: tuple[dt.date, dt.date]) -> None:
    found = dates.resolve(text, dt.date(2025, 3, 13))
    assert found is not None and (found.start, found.end, found.precision) == (*span, dates.DAY)
    assert len(found.days) == (span[1] - span[0]).days + 1


@pytest.mark.parametrize("text", ["Tuesday", "2025-03-11", "last week", "March and April"])
def test_one_day_a_week_or_a_month_is_one_date(text: str) -> None:
    found = dates.resolve(text, dt.date(2025, 3, 13))
    assert found is not None and len(found.days) == 1


def _mention(start: dt.date, end: dt.date, **values: object) -> EventMention:
    return EventMention(
        doc_id="d",
        index=0,
        event_type="Battles",
        sub_event_type="Armed clash",
        trigger="clashes",
        evidence=[],
        event_date=start,
        date_start=start,
        date_end=end,
        time_precision=1,
        **values,  # type: ignore[arg-type]
    )


def test_one_event_a_day_with_the_toll_divided_by_side() -> None:
    # "23 soldiers and 33 militants" over Tuesday and Wednesday: each side divided.
    tuesday, wednesday = dt.date(2025, 3, 11), dt.date(2025, 3, 12)
    mention = _mention(
        tuesday,
        wednesday,
        fatalities_low=56,
        fatalities_best=56,
        fatalities_high=60,
        injuries=5,
        fatalities_by_victim=[("soldiers", 23), ("militants", 33)],
    )
    other = _mention(tuesday, tuesday, fatalities_low=4, fatalities_best=4, fatalities_high=4)
    days = one_a_day([mention, other])
    assert [(m.event_date, m.date_start, m.date_end) for m in days] == [
        (tuesday, tuesday, tuesday),
        (wednesday, wednesday, wednesday),
        (tuesday, tuesday, tuesday),
    ]
    assert [m.index for m in days] == [0, 1, 2]
    assert [(m.fatalities_low, m.fatalities_high, m.injuries) for m in days[:2]] == [
        (28, 30, 3),
        (28, 30, 2),
    ]
    assert [m.fatalities_by_victim for m in days[:2]] == [
        [("soldiers", 12), ("militants", 17)],
        [("soldiers", 11), ("militants", 16)],
    ]
    assert sum(m.fatalities_low for m in days[:2]) == 56  # counted once, not once a day
    assert days[0].fatalities_shares == days[1].fatalities_shares == [28, 28]
    assert days[2] is other and days[2].fatalities_shares == []


def test_a_week_is_not_divided() -> None:
    mention = _mention(dt.date(2025, 3, 3), dt.date(2025, 3, 9), fatalities_low=7)
    mention.time_precision = dates.WEEK
    assert one_a_day([mention]) == [mention]


def test_a_toll_over_two_named_days_is_two_events(sitrep: Sitrep, tmp_path: Path) -> None:
    events = extract_report(sitrep, tmp_path, JUBA, dt.date(2000, 1, 4))
    shelling = [e for e in events if e.sub_event_type == "Shelling/artillery/missile attack"]
    assert [(e.event_date, e.fatalities) for e in shelling] == [
        (dt.date(2000, 1, 2), 10),
        (dt.date(2000, 1, 3), 10),
    ]
    assert {e.location for e in shelling} == {"Juba"}
    for event in shelling:
        assert "from a total of 20 reported over 2 days divided among them (10/10" in event.notes


def test_a_statistic_is_never_divided_into_events(sitrep: Sitrep, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(JUBA + " " + BLA_DEATHS + "\n", encoding="utf-8")
    events, statistics = sitrep.extract([path], ReadOptions(published=dt.date(2000, 1, 4)))
    assert sorted(s.value for s in statistics if s.measure == "killed") == [88, 388]
    assert sum(e.fatalities for e in events) == 20


def test_divided_events_are_stored_once_each(sitrep: Sitrep, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(JUBA + "\n", encoding="utf-8")
    database = str(tmp_path / "sitrep.db")
    options = ReadOptions(published=dt.date(2000, 1, 4))
    sitrep.ingest([path], options, database=database)
    sitrep.ingest([path], options, database=database)  # again: nothing changes
    store = sitrep.store(database, readonly=True)
    try:
        events = store.events()
    finally:
        store.close()
    shelling = sorted(
        (e.event_date, e.fatalities)
        for e in events
        if e.sub_event_type == "Shelling/artillery/missile attack"
    )
    assert shelling == [(dt.date(2000, 1, 2), 10), (dt.date(2000, 1, 3), 10)]


def test_an_act_that_only_inherits_the_days_is_not_divided(sitrep: Sitrep, tmp_path: Path) -> None:
    # Which of the two days the ambush was on is not told: the span at
    # precision 2 (eval/GUIDELINES.md section 5), its toll whole.
    text = JUBA + " Rebels also ambushed an army convoy near Yei, killing three soldiers."
    events = extract_report(sitrep, tmp_path, text, dt.date(2000, 1, 4))
    ambush = [e for e in events if e.location == "Yei"]
    assert [(e.time_precision, e.date_start, e.date_end, e.fatalities) for e in ambush] == [
        (dates.WEEK, dt.date(2000, 1, 2), dt.date(2000, 1, 3), 3)
    ]
    assert "divided" not in ambush[0].notes
