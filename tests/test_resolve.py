"""The resolve stage on real report sentences: who the arresting force is,
and both sides of a fight (issue 8, point 5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitrep.api import Sitrep

from .conftest import extract_report

# voa-8011115 (Iraq), published 14 March 2025.
AIRSTRIKE = (
    "Iraqi special forces, in a subsequent post on the X social media platform, said "
    "al-Rufay’i was killed Thursday in an airstrike targeting his location in Iraq’s Anbar "
    "desert."
)
ARRESTS = (
    "The officials also said they arrested seven additional IS members, including two "
    "women, in a follow-up operation in Anbar."
)


_events = extract_report


def test_they_arrested_means_the_force_the_report_shows_acting(
    sitrep: Sitrep, tmp_path: Path
) -> None:
    events = _events(sitrep, tmp_path, f"{AIRSTRIKE}\n{ARRESTS}", dt.date(2025, 3, 14))
    arrests = [e for e in events if e.sub_event_type == "Arrests"]
    assert [(e.actor1, e.actor2) for e in arrests] == [
        ("Military Forces of Iraq (2022-)", "Islamic State")
    ]


def test_an_arrest_with_no_force_in_the_report_is_the_polices(
    sitrep: Sitrep, tmp_path: Path
) -> None:
    events = _events(sitrep, tmp_path, ARRESTS, dt.date(2025, 3, 14))
    arrests = [e for e in events if e.sub_event_type == "Arrests"]
    assert [e.actor1 for e in arrests] == ["Police Forces of Iraq (2022-)"]
