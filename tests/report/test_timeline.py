"""Timeline bins and series."""

from __future__ import annotations

import datetime as dt

from sitrep.report.figures import Period
from sitrep.report.timeline import bins, render_timeline, series, unit_for
from tests.report.conftest import make_event


def test_bins_are_days_then_weeks_then_months() -> None:
    assert unit_for(Period(dt.date(2024, 1, 1), dt.date(2024, 3, 2))) == "day"  # 62 days
    assert unit_for(Period(dt.date(2024, 1, 1), dt.date(2024, 3, 3))) == "week"
    assert unit_for(Period(dt.date(2020, 1, 1), dt.date(2024, 1, 1))) == "month"
    weeks = bins(Period(dt.date(2024, 3, 6), dt.date(2024, 3, 20)), "week")
    assert weeks == [dt.date(2024, 3, 4), dt.date(2024, 3, 11), dt.date(2024, 3, 18)]
    months = bins(Period(dt.date(2023, 12, 15), dt.date(2024, 2, 1)), "month")
    assert months == [dt.date(2023, 12, 1), dt.date(2024, 1, 1), dt.date(2024, 2, 1)]


def test_series_counts_events_and_fatalities_per_bin_and_type() -> None:
    period = Period(dt.date(2024, 3, 10), dt.date(2024, 3, 12))
    events = [
        make_event("a", dt.date(2024, 3, 10), fatalities=2),
        make_event("b", dt.date(2024, 3, 12), fatalities=1),
        make_event("c", dt.date(2024, 3, 12), event_type="Riots", sub_event_type="Mob violence"),
    ]
    starts, by_type, deaths = series(events, period, "day")
    assert len(starts) == 3
    assert by_type == {"Battles": [1, 0, 1], "Riots": [0, 0, 1]}
    assert deaths == [2, 0, 1]


def test_timeline_is_an_inline_svg_and_nothing_without_events() -> None:
    period = Period(dt.date(2024, 3, 10), dt.date(2024, 3, 12))
    svg = render_timeline([make_event("a", dt.date(2024, 3, 11), fatalities=3)], period)
    assert svg.startswith("<svg") and "Battles" in svg and "fatalities" in svg
    assert render_timeline([], period) == ""
