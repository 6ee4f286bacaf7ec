"""Blocking: split the merge into independent blocks that give exactly the
events of one global ``merge()``.

Why the key is safe. ``merge.cluster`` walks the mentions in one sorted
order and puts each into the first group all of whose members state the
same incident (``same_incident``), else into a new group. Take any
partition of the mentions into blocks such that two mentions of different
blocks are never ``same_incident``. A group from another block then never
takes a mention (it is not empty, and none of its members is the same
incident), so every group stays inside one block, and the walk restricted
to one block, in the same relative order, makes the same groups. Merging
each block alone is the global merge, provided that (1) each block's
mentions are given in the global input order, so that ties of the sort key
fall the same way (the sort is stable), and (2) the ``-2``, ``-3`` suffixes
that keep event ids unique are given across blocks in the global order of
the groups (``finalise_ids``).

The key used is ``(sub_event_type, date component)``: ``same_incident``
requires the same sub-event type and overlapping dates (``date_start`` to
``date_end``, both ends included; two undated mentions overlap, an undated
and a dated one never do). A date component is a maximal run of
overlapping intervals of one sub-event type: intervals of two components
never overlap. Country and admin1 are **not** safe keys: two places within
``merge.SAME_PLACE_KM`` are one place, across a border too (Rafah, Egypt and
Rafah, Gaza Strip), and a place-less mention merges only with place-less
ones whichever country its neighbours name. A month-precision date (the 1st
to the 31st) joins the days it spans into one component, so blocks are
about a month of one sub-event type: enough parallelism on a corpus of
years, and exact.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sitrep.calibration import Calibration
from sitrep.lexicon import Lexicon
from sitrep.merge import _sort_key as merge_sort_key  # the global walk's order
from sitrep.merge import merge_groups
from sitrep.records import Event, EventMention

#: The block of undated mentions of a sub-event type.
UNDATED = -1

Span = tuple[str, dt.date | None, dt.date | None]
#: A mention's place in the global input order: (input, document, mention).
Order = tuple[int, ...]


def span_of(mention: EventMention) -> Span:
    """``(sub_event_type, start, end)`` of a mention; a start without an end
    overlaps nothing in ``merge`` and is taken as one day (a superset is safe)."""
    start = mention.date_start
    end = mention.date_end if mention.date_end is not None else start
    return mention.sub_event_type, start, end


def date_components(spans: Iterable[Span]) -> dict[Span, int]:
    """Component number of each distinct span: overlapping intervals of one
    sub-event type share a number; undated spans get ``UNDATED``."""
    by_type: dict[str, set[tuple[dt.date, dt.date]]] = defaultdict(set)
    components: dict[Span, int] = {}
    for sub, start, end in spans:
        if start is None or end is None:
            components[(sub, start, end)] = UNDATED
        else:
            by_type[sub].add((start, end))
    for sub, intervals in by_type.items():
        number, reach = -1, dt.date.min
        for start, end in sorted(intervals):
            if number < 0 or start > reach:  # a gap: the next component starts
                number += 1
                reach = end
            reach = max(reach, end)
            components[(sub, start, end)] = number
    return components


def block_of(mention: EventMention, components: dict[Span, int]) -> tuple[str, int]:
    """The block key of a mention: ``(sub_event_type, date component)``."""
    return mention.sub_event_type, components[span_of(mention)]


@dataclass(slots=True)
class BlockEvent:
    """An event merged in its block, with what the global pass needs."""

    event: Event
    base_id: str  # its id before the uniqueness suffix
    first: tuple[tuple[str, str, str, int], Order]  # its first mention in the global walk


def merge_block(
    mentions: Sequence[tuple[Order, EventMention]],
    lexicon: Lexicon,
    sources: dict[str, str],
    calibration: Calibration | None = None,
) -> list[BlockEvent]:
    """Merge one block (its mentions with their global input order)."""
    ordered = sorted(mentions, key=lambda pair: pair[0])
    order_of = {id(m): o for o, m in ordered}
    merged = []
    for event, group in merge_groups([m for _, m in ordered], lexicon, sources, calibration):
        first = min((merge_sort_key(m), order_of[id(m)]) for m in group)
        merged.append(BlockEvent(event, event.event_id.split("-", 1)[0], first))
    return merged


def finalise_ids(same_base: Iterable[BlockEvent]) -> list[Event]:
    """Events sharing one base id, suffixed ``-2``, ``-3`` ... in the order of
    their first mention in the global walk, as ``merge_groups`` does."""
    events = []
    for n, block_event in enumerate(sorted(same_base, key=lambda b: b.first), 1):
        event = block_event.event
        event.event_id = block_event.base_id if n == 1 else f"{block_event.base_id}-{n}"
        events.append(event)
    return events


def merge_by_blocks(
    mentions: Sequence[tuple[Order, EventMention]],
    lexicon: Lexicon,
    sources: dict[str, str],
    calibration: Calibration | None = None,
) -> list[Event]:
    """The blocked merge on one machine (what the Spark job distributes);
    equal, event for event, to ``merge`` of the same mentions."""
    components = date_components(span_of(m) for _, m in mentions)
    blocks: dict[tuple[str, int], list[tuple[Order, EventMention]]] = defaultdict(list)
    for order, mention in mentions:
        blocks[block_of(mention, components)].append((order, mention))
    by_base: dict[str, list[BlockEvent]] = defaultdict(list)
    for block in blocks.values():
        for block_event in merge_block(block, lexicon, sources, calibration):
            by_base[block_event.base_id].append(block_event)
    return [event for group in by_base.values() for event in finalise_ids(group)]
