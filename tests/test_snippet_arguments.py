"""Argument figures of ``sitrep eval --classify --pipeline`` on labelled
snippets (evaluate_snippets): who, where and how many, scored against the
labelled spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.api import Sitrep
from sitrep.evaluate_snippets import _figure, _unperiod, evaluate_pipeline_snippets

from .conftest import extract_report


def _write(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_arguments_are_scored_against_the_labelled_spans(sitrep: Sitrep, tmp_path: Path) -> None:
    labelled = _write(
        tmp_path / "snippets.jsonl",
        {
            "id": "a",
            "text": "Gunmen killed five villagers in Maiduguri on Tuesday.",
            "sub_event_type": "Attack",
            "actor1": "Gunmen",
            "actor2": "villagers",
            "location": "Maiduguri",
            "fatalities": "five",
            "country": "NG",
        },
        {
            # The labelled place is wrong for this text: the figure must say so.
            "id": "b",
            "text": "Gunmen killed two farmers in Maiduguri on Monday.",
            "sub_event_type": "Attack",
            "actor1": "Gunmen",
            "actor2": "farmers",
            "location": "Kano",
            "fatalities": "three",
            "country": "NG",
        },
        {"id": "c", "text": "The river flooded the market on Monday.", "sub_event_type": None},
    )
    result = evaluate_pipeline_snippets(labelled, sitrep)
    assert result.arguments["actor1_match"] == 1.0
    assert result.arguments["country_match"] == 1.0
    assert result.arguments["location_match"] == 0.5
    assert result.arguments["fatalities_exact"] == 0.5
    assert result.argument_counts["location_match"] == 2
    assert result.as_dict()["location_match"] == 0.5


def test_labelled_figures_and_periods(sitrep: Sitrep) -> None:
    resources = sitrep.resources
    assert _figure("At least 20", resources) == 20
    assert _figure("Five", resources) == 5
    assert _figure("dozens", resources) == 12  # ACLED: "dozens" -> 12
    assert _figure("a child", resources) == 1
    assert _figure(None, resources) == 0
    assert _figure("1,200", resources) == 1200


@pytest.mark.parametrize(
    ("span", "dead"),
    [
        # Fatality spans as labelled in the team's training splits: every group
        # a span joins counts, the attackers' dead too (ACLED counts every death).
        ("the administrator and his son", 2),
        ("two gendarmes and the attacker", 3),
        ("himself, a soldier and eight civilian volunteers", 10),
        ("a woman and her two daughters", 3),
        ("himself and five others", 6),
        ("both men and their driver", 3),
        ("a young man and woman", 2),
        ("a 45-year-old man and his nephew", 2),
        ("beat him to death", 1),
        # A range is its lower bound, before the groups are added.
        ("between 9 and 12", 9),
        ("between five and eight raiders and one soldier", 6),
        # A share of the group before it is not added to it.
        ("12 people, including 3 children", 12),
        ("five people, three of them children", 5),
        # A plural without a number is unknown: 0.
        ("the attackers", 0),
    ],
)
def test_a_labelled_span_counts_each_group_it_joins(sitrep: Sitrep, span: str, dead: int) -> None:
    assert _figure(span, sitrep.resources) == dead
    assert _unperiod("Military Forces of Mali (2021-)") == "Military Forces of Mali"
    assert _unperiod("Civilians (Mali)") == "Civilians (Mali)"


def test_the_force_that_met_a_protest_is_actor_2(sitrep: Sitrep, tmp_path: Path) -> None:
    # From the team's training split train-l1: the police are the subject, the people
    # killed the object; ACLED codes Protesters (Kenya) against Police Forces of Kenya.
    events = extract_report(
        sitrep,
        tmp_path,
        "Police in Nairobi opened fire on thousands of mostly young demonstrators marching "
        "against a proposed finance bill near parliament on Tuesday afternoon, killing at "
        "least five people.",
    )
    assert [e.sub_event_type for e in events] == ["Excessive force against protesters"]
    assert events[0].actor1 == "Protesters (Kenya)"
    assert (events[0].actor2 or "").startswith("Police Forces of Kenya")


def test_a_crowd_is_scored_as_actor_1_of_its_protest(sitrep: Sitrep, tmp_path: Path) -> None:
    labelled = _write(
        tmp_path / "snippets.jsonl",
        {
            "id": "a",
            "text": "Police fired tear gas to disperse hundreds of protesters in Abuja on "
            "Thursday.",
            "sub_event_type": "Protest with intervention",
            "actor1": "Police",
            "actor2": "protesters",
            "location": "Abuja",
            "fatalities": None,
            "country": "NG",
        },
    )
    result = evaluate_pipeline_snippets(labelled, sitrep)
    assert result.arguments["actor1_match"] == 1.0
    assert result.arguments["actor2_match"] == 1.0


def test_an_unlabelled_crowd_is_still_actor_1_of_its_protest(
    sitrep: Sitrep, tmp_path: Path
) -> None:
    # train-p1 (p1-0952): only the police are labelled; ACLED still puts the
    # crowd first (Protesters (Bahrain)) and the police second.
    labelled = _write(
        tmp_path / "snippets.jsonl",
        {
            "id": "a",
            "text": "Police in Manama dispersed a rally in solidarity with Gaza near the Bab "
            "al-Bahrain, arresting at least 11, the opposition group al-Wefaq said.",
            "sub_event_type": "Protest with intervention",
            "actor1": "Police",
            "actor2": None,
            "location": "Manama",
            "fatalities": None,
            "country": "BH",
        },
    )
    result = evaluate_pipeline_snippets(labelled, sitrep)
    assert result.arguments["actor1_match"] == 1.0
    assert "actor2_match" not in result.arguments


def test_singular_of_a_plural_noun(sitrep: Sitrep) -> None:
    actors = sitrep.resources.actors
    drone = actors.generic("an Israeli drone", country="LB", on=None)
    assert drone is not None and drone.name.startswith("Military Forces of Israel")
    helicopter = actors.generic("a regime helicopter", country="SY", on=None)
    assert helicopter is not None and helicopter.name.startswith("Military Forces of Syria")


def test_a_snippet_the_pipeline_rejects_is_counted(sitrep: Sitrep, tmp_path: Path) -> None:
    # A snippet with no words (E008) is scored as no event and counted, so an
    # error in the pipeline cannot pass for a quiet "no event".
    labelled = _write(
        tmp_path / "snippets.jsonl",
        {"id": "a", "text": "....", "sub_event_type": None},
        {"id": "b", "text": "The river flooded the market on Monday.", "sub_event_type": None},
    )
    result = evaluate_pipeline_snippets(labelled, sitrep)
    assert result.rejected == 1
    assert result.as_dict()["rejected"] == 1
    assert result.non_event_fp_rate == 0.0
