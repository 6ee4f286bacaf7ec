"""Not events: negated, denied, hypothetical, planned, threatened, historical
and habitual mentions (EVENT-DATA-CONVENTIONS.md, known failure modes)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep.api import ReadOptions, Sitrep

PUBLISHED = dt.date(2017, 1, 16)


def _extract(sitrep: Sitrep, tmp_path: Path, text: str) -> list:
    path = tmp_path / "r.txt"
    path.write_text(text + "\n", encoding="utf-8")
    events, _ = sitrep.extract([path], ReadOptions(published=PUBLISHED))
    return events


@pytest.mark.parametrize(
    "sentence",
    [
        # EVENT-DATA-CONVENTIONS.md: "in 2014 IS seized the city" is history.
        "In 2014 IS seized the city of Mosul.",
        # ... and "could attack" is a hypothesis.
        "Officials warned that IS could attack Deir ez-Zor again.",
        "The army denied that its forces shelled the village of Tal Abyad on Sunday.",
        "Syrian troops did not attack the town of al-Bab on Sunday.",
        "Islamic State fighters threatened to attack the airport in Deir ez-Zor.",
        "The army plans to launch an offensive on Raqqa next month.",
        # examples/seed: a habit, told in the present simple.
        "Those attempting to flee the city of Deir ez-Zor are shot by regime forces, "
        "Deir Ezzor 24 reported.",
    ],
)
def test_no_event(sitrep: Sitrep, tmp_path: Path, sentence: str) -> None:
    assert _extract(sitrep, tmp_path, sentence) == []


def test_an_asserted_event_with_its_attribution(sitrep: Sitrep, tmp_path: Path) -> None:
    events = _extract(
        sitrep,
        tmp_path,
        "Syrian troops attacked Islamic State positions in Deir ez-Zor on Sunday, "
        "according to the Syrian Observatory for Human Rights.",
    )
    assert len(events) == 1
    assert events[0].attribution == "the Syrian Observatory for Human Rights"
    assert events[0].event_date == dt.date(2017, 1, 15)


@pytest.mark.parametrize(
    ("sentence", "verb", "claimed"),
    [
        # VOA 8006503: the perpetrator reports its own act.
        ("In a statement, the group said it had killed more than 10 people.", "killed", True),
        # VOA 8011115: a third party reports the act.
        (
            "U.S. Central Command said al-Rufay'i was killed in a precision airstrike Thursday.",
            "killed",
            False,
        ),
        ("Police said gunmen killed five villagers on Tuesday.", "killed", False),
    ],
)
def test_self_claimed(sitrep: Sitrep, sentence: str, verb: str, claimed: bool) -> None:
    from sitrep.extract.modality import self_claimed

    doc = sitrep.resources.nlp(sentence)
    token = next(t for t in doc if t.text == verb)
    assert self_claimed(token, sitrep.resources.lexicon) is claimed
