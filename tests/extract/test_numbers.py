"""Figures as news writes them (EVENT-DATA-CONVENTIONS.md, Fatalities)."""

from __future__ import annotations

import pytest

from sitrep.api import Sitrep
from sitrep.extract.numbers import quantities, word_value
from sitrep.lexicon import default_lexicon


@pytest.mark.parametrize(
    ("words", "value"),
    [(["115,000"], 115000), (["twenty", "-", "five"], 25), (["1.5", "million"], 1500000),
     (["two", "hundred"], 200), (["52"], 52), (["eight"], 8)],
)  # fmt: skip
def test_word_value(words: list[str], value: int) -> None:
    assert word_value(words) == value


@pytest.mark.parametrize(
    ("sentence", "low", "best", "high", "qualifier"),
    [
        # 8006503: "leaving at least five people dead"
        ("Gunmen stormed a hotel, leaving at least five people dead.", 5, 5, 5, "at least"),
        # examples/seed: "around 30 people have been killed"
        ("Around 30 people have been killed trying to flee.", 30, 30, 30, "around"),
        ("Between 10 and 15 soldiers were killed in the ambush.", 10, 10, 15, None),
        ("Dozens of villagers were killed.", 12, 12, 12, None),
        ("Up to 40 people died in the blast.", 0, 40, 40, "up to"),
    ],
)
def test_quantities(
    sitrep: Sitrep, sentence: str, low: int, best: int, high: int, qualifier: str | None
) -> None:
    doc = sitrep.resources.nlp(sentence)
    found = quantities(doc[:], default_lexicon())
    assert found
    q = found[0]
    assert (q.low, q.best, q.high, q.qualifier) == (low, best, high, qualifier)


def test_sum_across_groups(sitrep: Sitrep, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The example: "killing 9 Revolutionary Guard members and 2 IS fighters" -> 11.
    import datetime as dt

    from sitrep.api import ReadOptions

    path = tmp_path / "r.txt"
    path.write_text(
        "A suicide bomber struck a convoy near Zahedan on Tuesday, killing 9 Revolutionary "
        "Guard members and 2 IS fighters.\n",
        encoding="utf-8",
    )
    events, statistics = sitrep.extract([path], ReadOptions(published=dt.date(2019, 2, 14)))
    assert len(events) == 1 and events[0].fatalities == 11
    assert not statistics
    # Deaths per side, as the text gives them, in the note.
    assert (
        "11 reported fatalities (9 Revolutionary Guard members, 2 IS fighters)" in events[0].notes
    )
