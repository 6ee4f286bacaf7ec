"""Who did it to whom in one sentence (EVENT-DATA-CONVENTIONS.md, Actors), from
snippets of the team's own training data (train/snippets, Apache-2.0)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.api import Sitrep


def _coded(sitrep: Sitrep, tmp_path: Path, text: str) -> list[tuple[str | None, str | None]]:
    # Published the day after the snippet's own date ("On 9 May 2024"), as its report was.
    published = "2024-05-10" if "2024" in text else "2024-11-30"
    path = tmp_path / "snippet.jsonl"
    path.write_text(json.dumps({"id": "s", "text": text, "published": published}) + "\n")
    events, _ = sitrep.extract([path])
    return [(e.actor1, e.actor2) for e in events]


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        # train-p1-0632: a conjoined subject of "clashed" is both sides.
        (
            "On 9 May 2024, PKK militants and Turkish forces clashed in \u015e\u0131rnak's "
            "Uludere district (\u015e\u0131rnak). 2 soldiers killed.",
            {"PKK: Kurdistan Workers Party", "Military Forces of Turkey (2002-)"},
        ),
        # train-p1-0021: "between" names both sides; the dead are no side.
        (
            "The Observatory documented violent clashes between the Syrian Democratic Forces "
            "and members of the regime's National Defence Forces in al-Hasakah city today, in "
            "which 5 people were killed, among them 2 civilians caught in the crossfire.",
            {"SDF: Syrian Democratic Forces", "NDF: National Defense Forces"},
        ),
    ],
)
def test_two_sides(sitrep: Sitrep, tmp_path: Path, text: str, sides: set[str]) -> None:
    coded = _coded(sitrep, tmp_path, text)
    assert coded
    assert {side for side in coded[0] if side} == sides
