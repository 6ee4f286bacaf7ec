"""Totals divided among the events they cover (ACLED; eval/GUIDELINES.md,
section 7): a toll reported for fighting over several named days ("clashes on
Tuesday and Wednesday killed 33") is one event a day, each with its share of
the toll, so the total is counted once, never once per day.

The division is ACLED's: the total over the number of days, the remainder to
the first day (33 over two days: 17 and 16). Each share keeps the whole
division (``EventMention.fatalities_shares``) so that the event's note can say
how its figure was reached. Cumulative figures are statistics, never an
event's toll (``figures``), so nothing here divides them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from sitrep.records import EventMention

__all__ = ["one_a_day", "shares"]


def shares(total: int, parts: int) -> list[int]:
    """``total`` divided into ``parts`` whole shares, the remainder to the
    first (ACLED: "remainder to the first day"): 33 over 2 is [17, 16], 11
    over 3 is [5, 3, 3]."""
    if parts < 1:
        raise ValueError(f"cannot divide into {parts} parts")
    base, rest = divmod(total, parts)
    return [base + rest if n == 0 else base for n in range(parts)]


def one_a_day(mentions: Iterable[EventMention]) -> list[EventMention]:
    """Each mention dated to a span of named days becomes one mention a day,
    its casualty figures divided among them (``shares``); the others are kept
    as they are. Mentions are numbered again in order (``index``)."""
    found: list[EventMention] = []
    for mention in mentions:
        found += _by_day(mention)
    for number, mention in enumerate(found):
        mention.index = number
    return found


def _by_day(mention: EventMention) -> list[EventMention]:
    start, end = mention.date_start, mention.date_end
    if mention.time_precision != 1 or start is None or end is None or end <= start:
        return [mention]
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    parts = len(days)
    low = shares(mention.fatalities_low, parts)
    best = shares(mention.fatalities_best, parts)
    high = shares(mention.fatalities_high, parts)
    injuries = shares(mention.injuries, parts)
    by_victim = [(victims, shares(n, parts)) for victims, n in mention.fatalities_by_victim]
    divided = []
    for n, day in enumerate(days):
        divided.append(
            dataclasses.replace(
                mention,
                event_date=day,
                date_start=day,
                date_end=day,
                fatalities_low=low[n],
                fatalities_best=best[n],
                fatalities_high=high[n],
                injuries=injuries[n],
                fatalities_by_victim=[(v, counts[n]) for v, counts in by_victim],
                fatalities_shares=low if mention.fatalities_low else [],
                evidence=list(mention.evidence),
                place_candidates=list(mention.place_candidates),
            )
        )
    return divided
