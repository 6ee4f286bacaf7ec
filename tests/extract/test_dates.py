"""Date expressions resolved against the publication date (ACLED time_precision)."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.extract.dates import DAY, MONTH, WEEK, is_historical, resolve

MONDAY = dt.date(2017, 1, 16)  # the seed article's publication date


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        # examples/seed: "this weekend" = 14-15 January, "Saturday night" = 14, "on Sunday" = 15
        ("this weekend", dt.date(2017, 1, 14), dt.date(2017, 1, 15), WEEK),
        ("over the weekend", dt.date(2017, 1, 14), dt.date(2017, 1, 15), WEEK),
        ("Saturday night", dt.date(2017, 1, 14), dt.date(2017, 1, 14), DAY),
        ("Sunday", dt.date(2017, 1, 15), dt.date(2017, 1, 15), DAY),
        ("on Monday", MONDAY, MONDAY, DAY),
        ("last Monday", dt.date(2017, 1, 9), dt.date(2017, 1, 9), DAY),
        ("yesterday", dt.date(2017, 1, 15), dt.date(2017, 1, 15), DAY),
        ("overnight", dt.date(2017, 1, 15), dt.date(2017, 1, 15), DAY),
        ("last week", dt.date(2017, 1, 9), dt.date(2017, 1, 15), WEEK),
        ("earlier this month", dt.date(2017, 1, 1), MONDAY, MONTH),
        ("last month", dt.date(2016, 12, 1), dt.date(2016, 12, 31), MONTH),
        ("in December", dt.date(2016, 12, 1), dt.date(2016, 12, 31), MONTH),
        ("late December", dt.date(2016, 12, 31), dt.date(2016, 12, 31), MONTH),
        ("On 9 May 2020", dt.date(2020, 5, 9), dt.date(2020, 5, 9), DAY),
        ("May 9", dt.date(2016, 5, 9), dt.date(2016, 5, 9), DAY),
        ("January 12", dt.date(2017, 1, 12), dt.date(2017, 1, 12), DAY),
        ("Jan. 12, 2017", dt.date(2017, 1, 12), dt.date(2017, 1, 12), DAY),
        ("three days ago", dt.date(2017, 1, 13), dt.date(2017, 1, 13), DAY),
    ],
)
def test_resolves_against_publication(
    text: str, start: dt.date, end: dt.date, precision: int
) -> None:
    found = resolve(text, MONDAY)
    assert found is not None
    assert (found.start, found.end, found.precision) == (start, end, precision)


def test_weekend_codes_its_first_middle_day() -> None:
    found = resolve("this weekend", MONDAY)
    assert found is not None and found.event_date == dt.date(2017, 1, 14)


def test_no_publication_date_no_guess() -> None:
    assert resolve("on Sunday", None) is None
    assert resolve("this weekend", None) is None
    explicit = resolve("15 January 2017", None)
    assert explicit is not None and explicit.start == dt.date(2017, 1, 15)


def test_old_dates_are_history() -> None:
    # "in 2014 IS seized the city" (EVENT-DATA-CONVENTIONS.md) is background.
    year = resolve("in 2014", MONDAY)
    assert year is not None and is_historical(year, MONDAY)
    weekend = resolve("this weekend", MONDAY)
    assert weekend is not None and not is_historical(weekend, MONDAY)
