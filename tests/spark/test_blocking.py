"""The blocked merge equals the global merge (pure, no Spark): random
mentions with overlapping, month-long, undated and open-ended dates, places
10 km apart across a border, and actors that do and do not fit."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest

from sitrep.calibration import default_calibration
from sitrep.lexicon import load_lexicon
from sitrep.merge import merge
from sitrep.records import Actor, EventMention, EvidenceSpan, Place, to_dict
from sitrep.spark.blocking import UNDATED, date_components, merge_by_blocks, span_of

LEXICON = load_lexicon()
CALIBRATION = default_calibration()
SUBS = ["Armed clash", "Air/drone strike", "Attack", "Shelling/artillery/missile attack"]
# Rafah (Egypt) and Rafah (Gaza Strip) are about 1 km apart: one place for the
# merge, two countries.
PLACES = [
    Place(349114, "Rafah", 31.2802, 34.2440, "EG", "Egypt", admin1="North Sinai"),
    Place(281129, "Rafah", 31.2969, 34.2436, "PS", "Palestinian Territory", admin1="Gaza Strip"),
    Place(170063, "Aleppo", 36.2021, 37.1343, "SY", "Syria", admin1="Aleppo"),
    None,
]
ACTORS = [
    Actor("Military Forces of Syria (2000-)", 1),
    Actor("Islamic State", 2),
    Actor("Unidentified Armed Group (Syria)", 3),
    Actor("Civilians (Syria)", 7),
    None,
]
DAY0 = dt.date(2024, 1, 1)


def _dates(rng: random.Random) -> tuple[dt.date | None, dt.date | None, dt.date | None, int | None]:
    """(event_date, start, end, precision): a day, a week, a month, undated, open-ended."""
    day = DAY0 + dt.timedelta(days=rng.randrange(90))
    shape = rng.choice(["day", "day", "day", "week", "month", "undated", "open"])
    if shape == "day":
        return day, day, day, 1
    if shape == "week":
        return day, day, day + dt.timedelta(days=6), 2
    if shape == "month":
        first = day.replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return first, first, last, 3
    if shape == "open":
        return day, day, None, 1
    return None, None, None, None


def _mentions(seed: int, count: int = 240) -> list[EventMention]:
    rng = random.Random(seed)
    mentions = []
    for n in range(count):
        event_date, start, end, precision = _dates(rng)
        sub = rng.choice(SUBS)
        doc = f"doc{rng.randrange(12)}"
        place = rng.choice(PLACES)
        low = rng.choice([0, 0, 1, 3, 10])
        mentions.append(
            EventMention(
                doc_id=doc,
                index=n,
                event_type=LEXICON.event_type_of[sub],
                sub_event_type=sub,
                trigger="attack",
                evidence=[EvidenceSpan(doc, n * 10, n * 10 + 9, f"sentence {n}")],
                actor1=rng.choice(ACTORS),
                actor2=rng.choice(ACTORS),
                place=place,
                geo_precision=rng.choice([1, 2, 3]) if place else None,
                event_date=event_date,
                date_start=start,
                date_end=end,
                time_precision=precision,
                fatalities_low=low,
                fatalities_best=low,
                fatalities_high=low + rng.choice([0, 2]),
                confidence=rng.choice([0.4, 0.6, 0.8]),
                lead=rng.random() < 0.2,
            )
        )
    # Exact copies (a story read twice) tie in the merge's sort key: the
    # blocked merge must break the tie by input order as the global one does.
    return mentions + [m for m in mentions[:40] if rng.random() < 0.5]


def _by_id(events: list) -> dict[str, dict]:  # type: ignore[type-arg]
    return {e.event_id: to_dict(e) for e in events}


@pytest.mark.parametrize("seed", range(8))
def test_blocked_merge_equals_global_merge(seed: int) -> None:
    mentions = _mentions(seed)
    sources = {f"doc{n}": f"Outlet {n}" for n in range(12)}
    expected = merge(mentions, LEXICON, sources, CALIBRATION)
    ordered = [((0, n), m) for n, m in enumerate(mentions)]
    got = merge_by_blocks(ordered, LEXICON, sources, CALIBRATION)
    assert len(got) == len(expected)
    assert _by_id(got) == _by_id(expected)


def test_the_random_cases_reach_every_path() -> None:
    """Several blocks per type, undated blocks, and ids suffixed across blocks."""
    ids, blocks = [], set()
    for seed in range(8):
        mentions = _mentions(seed)
        components = date_components(span_of(m) for m in mentions)
        blocks |= {(seed, *key, value) for key, value in components.items()}
        ids += [e.event_id for e in merge(mentions, LEXICON, {}, CALIBRATION)]
    assert any(value == UNDATED for *_, value in blocks)
    assert any(value >= 2 for *_, value in blocks)
    assert any("-" in event_id for event_id in ids)


def test_country_is_not_a_safe_block() -> None:
    """Why the key is not the country: one clash reported at Rafah, Egypt and
    at Rafah, Gaza is one event globally, two if blocked by country."""
    day = dt.date(2024, 2, 12)
    mentions = [
        EventMention(
            doc_id=f"doc{n}", index=0, event_type="Battles", sub_event_type="Armed clash",
            trigger="clashed", evidence=[EvidenceSpan(f"doc{n}", 0, 5, "clash")],
            actor1=ACTORS[1], actor2=ACTORS[0], place=PLACES[n], geo_precision=1,
            event_date=day, date_start=day, date_end=day, time_precision=1,
        )
        for n in (0, 1)
    ]  # fmt: skip
    assert len(merge(mentions, LEXICON, {}, CALIBRATION)) == 1
    by_country: dict[str, list[EventMention]] = defaultdict(list)
    for m in mentions:
        by_country[m.place.country_iso if m.place else ""].append(m)
    assert sum(len(merge(b, LEXICON, {}, CALIBRATION)) for b in by_country.values()) == 2
    ordered = [((0, n), m) for n, m in enumerate(mentions)]
    assert len(merge_by_blocks(ordered, LEXICON, {}, CALIBRATION)) == 1


@pytest.mark.parametrize("reverse", [False, True])
def test_ids_are_made_unique_across_blocks_in_the_global_order(reverse: bool) -> None:
    """Two incidents in different blocks with one base id (a date stated
    outside its own span: not what extract makes, but the merge allows it)
    get the suffixes the global merge gives them."""
    stated, other = dt.date(2024, 1, 5), dt.date(2024, 2, 1)

    def mention(doc: str, start: dt.date) -> EventMention:
        return EventMention(
            doc_id=doc, index=0, event_type="Battles", sub_event_type="Armed clash",
            trigger="clashed", evidence=[EvidenceSpan(doc, 0, 5, "clash")],
            actor1=ACTORS[1], actor2=ACTORS[0], place=PLACES[2], geo_precision=1,
            event_date=stated, date_start=start, date_end=start, time_precision=1,
        )  # fmt: skip

    # In either input order, only the global order of the groups (their
    # doc ids break the tie) decides which one is "-2".
    mentions = [mention("doc-b", stated), mention("doc-a", other)]
    if reverse:
        mentions.reverse()
    expected = merge(mentions, LEXICON, {}, CALIBRATION)
    assert sorted(e.event_id.count("-") for e in expected) == [0, 1]
    got = merge_by_blocks(list(enumerate(mentions)), LEXICON, {}, CALIBRATION)  # type: ignore[arg-type]
    assert _by_id(got) == _by_id(expected)
