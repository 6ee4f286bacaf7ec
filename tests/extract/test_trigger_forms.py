"""Trigger words the lemmatiser gets wrong, and what a territory act takes."""

from __future__ import annotations

import pytest

from sitrep.api import Sitrep
from sitrep.extract.triggers import past_forms

from ..conftest import extract_report


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("rape", ("raped",)),
        ("recapture", ("recaptured",)),
        ("rally", ("rallied",)),
        ("stab", ("stabbed",)),
        ("ambush", ("ambushed",)),
        ("retake", ("retook", "retaken")),
        ("shoot", ("shot",)),
    ],
)
def test_past_forms(sitrep: Sitrep, word: str, forms: tuple[str, ...]) -> None:
    assert past_forms(word, sitrep.resources.lexicon.irregular_past) == forms


@pytest.mark.parametrize(
    ("sentence", "found", "group"),
    [
        # spaCy lemmatises "raped" as "rap" (README: don't trust lemmas alone).
        ("Soldiers raped three women in the village on Monday.", "raped", "Sexual violence"),
        # The side ground is taken from is no object of the taking (train-p3).
        (
            "Somali forces backed by clan militias recaptured the strategic town of Adan "
            "Yabaal from al-Shabaab on Sunday, the information ministry said.",
            "recaptured",
            "rule:territory",
        ),
    ],
)
def test_trigger_found(sitrep: Sitrep, sentence: str, found: str, group: str) -> None:
    doc = sitrep.resources.nlp(sentence)
    triggers = [(t.span.text, t.group.key) for t in sitrep.resources.extractor.matcher(doc)]
    assert (found, group) in triggers


def test_ground_taken_from_a_group_names_the_loser(sitrep: Sitrep, tmp_path) -> None:
    events = extract_report(
        sitrep,
        tmp_path,
        "Somali forces backed by clan militias recaptured the strategic town of Adan Yabaal "
        "from al-Shabaab on Sunday, the information ministry said.",
    )
    assert [e.sub_event_type for e in events] == ["Government regains territory"]
    assert events[0].actor2 == "Al Shabaab"


def test_both_signatories_of_an_agreement(sitrep: Sitrep, tmp_path) -> None:
    # train-p3: a conjoined subject of "sign" is both parties, and "a coalition of
    # holdout rebels" are the rebels.
    events = extract_report(
        sitrep,
        tmp_path,
        "South Sudan's government and a coalition of holdout rebels signed a ceasefire on "
        "Sunday in Juba, mediators said.",
    )
    assert [e.sub_event_type for e in events] == ["Agreement"]
    assert (events[0].actor1 or "").startswith("Government of South Sudan")
    assert events[0].actor2 == "Unidentified Armed Group (South Sudan)"


@pytest.mark.parametrize(
    "sentence",
    [
        "Police defused a bomb planted outside a market in Maiduguri on Sunday.",
        "Army engineers found and defused a roadside bomb planted near a bridge in Kidal.",
        "Soldiers seized grenades and rifles in a raid on a hideout in Beni on Sunday.",
    ],
)
def test_a_device_found_or_defused_is_no_explosion(sitrep: Sitrep, tmp_path, sentence: str) -> None:
    # triggers.yaml noun_not_object_of: the weapon that did not go off.
    events = extract_report(sitrep, tmp_path, sentence)
    assert [e.sub_event_type for e in events] == ["Disrupted weapons use"]
