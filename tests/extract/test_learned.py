"""Where the classifier meets the rules (sitrep.extract.learned), on whole
reports written for these tests (not in train/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitrep.api import Sitrep
from sitrep.records import Event

from ..conftest import extract_report

PUBLISHED = dt.date(2024, 5, 20)


def _code(sitrep: Sitrep, tmp_path: Path, text: str) -> list[Event]:
    return extract_report(sitrep, tmp_path, text, PUBLISHED)


def test_a_sure_classifier_overrules_an_allegation_in_a_summary(
    sitrep: Sitrep, tmp_path: Path
) -> None:
    # The rules alone drop an act inside an accusation; in a coder-style
    # summary the classifier is sure it is the news.
    text = (
        "Residents accused soldiers deployed in Mbengwi of raping two young women "
        "at a checkpoint on Thursday."
    )
    events = _code(sitrep, tmp_path, text)
    assert [e.sub_event_type for e in events] == ["Sexual violence"]
    assert events[0].event_date == dt.date(2024, 5, 16)


def test_look_alike_accident_gives_no_event(sitrep: Sitrep, tmp_path: Path) -> None:
    text = (
        "A gas cylinder exploded in a crowded restaurant in Lagos on Sunday, killing "
        "three cooks, the fire service said."
    )
    assert _code(sitrep, tmp_path, text) == []


def test_a_threat_in_an_article_is_no_event(sitrep: Sitrep, tmp_path: Path) -> None:
    # In a whole article modality stays a firm veto, however violent the words.
    text = "\n".join(
        [
            "Tension rises in northern Mozambique",
            "Officials in Pemba met aid agencies on Monday to discuss the season.",
            "Insurgents could attack the town of Mocimboa da Praia again within weeks, "
            "a provincial official warned.",
            "The government said it had sent more police to the province.",
            "Aid agencies said they were preparing for more displacement.",
        ]
    )
    events = _code(sitrep, tmp_path, text)
    assert not [e for e in events if "could attack" in " ".join(x.text for x in e.evidence)]
