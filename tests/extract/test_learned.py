"""Where the classifier meets the rules (sitrep.extract.learned), on whole
reports written for these tests (not in train/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitrep.api import Sitrep
from sitrep.classifier import SentenceScore
from sitrep.extract.learned import model_trigger
from sitrep.extract.modality import Modality, modality
from sitrep.extract.triggers import clause_verb
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


def test_an_act_no_one_does_in_a_snippet_the_classifier_rejects_is_no_event(
    sitrep: Sitrep, tmp_path: Path
) -> None:
    # The team's own wording of the disasters and accidents of training pass
    # l4 (l4-0205, l4-0475): "killing" and "buried", no one doing them, and
    # a classifier sure they are no event (P below 0.05).
    for text in (
        "A landslide buried part of a gold mine in Kolwezi on Monday, killing nine miners, "
        "the provincial governor said.",
        "Two passenger trains collided near Dhaka on Saturday, killing 17 people, railway "
        "officials said.",
    ):
        score = sitrep.resources.classifier.score([text], context="snippet")[0]
        assert score.p_event < 0.05
        assert _code(sitrep, tmp_path, text) == []
    # A crowd is its own actor: p5-0339's protest is kept however low its score.
    text = (
        "Armoured gendarmerie vehicles blocked farmers' tractors heading for the Rungis "
        "market, and 79 protesters were taken into custody, according to the interior ministry."
    )
    assert "Protests" in [e.event_type for e in _code(sitrep, tmp_path, text)]


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


def test_a_generic_word_makes_an_act_when_the_classifier_is_sure(
    sitrep: Sitrep, tmp_path: Path
) -> None:
    # "beat" alone (a generic violence word, no casualty figure, an actor the
    # dictionary does not know) made nothing; the classifier is sure of mob
    # violence in this coder-style sentence.
    text = "Villagers caught a suspected cattle thief and beat him in Rumbek before police arrived."
    events = _code(sitrep, tmp_path, text)
    assert [(e.sub_event_type, e.location) for e in events] == [("Mob violence", "Rumbek")]


def test_in_a_snippet_the_classifier_s_type_stands_over_a_trigger_s(
    sitrep: Sitrep, tmp_path: Path
) -> None:
    # "torch" is a riot trigger; militants burning a school is ACLED's
    # Looting/property destruction, the classifier's type.
    events = _code(sitrep, tmp_path, "Militants torch school in North Waziristan")
    assert [e.sub_event_type for e in events] == ["Looting/property destruction"]


def test_a_headline_present_is_news_and_a_present_passive_a_habit(sitrep: Sitrep) -> None:
    nlp = sitrep.resources.nlp
    lexicon = sitrep.resources.lexicon

    def mood(text: str, word: str) -> Modality:
        doc = nlp(text)
        head = next(t for t in doc if t.lower_ == word)
        return modality(head, clause_verb(head), doc[:], lexicon)

    headline = mood("Bandits kill 12 traders in Zurmi market raid", "kill")
    assert headline.habitual and headline.only_news_present
    # examples/seed: a habit, with its present auxiliary.
    habit = mood("Those attempting to flee the city are shot by regime forces.", "shot")
    assert habit.habitual and not habit.only_news_present
    assert not mood("Bandits could kill traders in Zurmi", "kill").only_news_present


def test_a_model_trigger_needs_less_in_a_snippet_than_in_an_article(sitrep: Sitrep) -> None:
    doc = sitrep.resources.nlp("Gunmen snatch four teenagers in Guayaquil.")
    score = SentenceScore(0.6, "Abduction/forced disappearance", 0.9, {})
    lexicon = sitrep.resources.lexicon
    assert model_trigger(doc[:], score, lexicon) is None
    trigger = model_trigger(doc[:], score, lexicon, snippet=True)
    assert trigger is not None and trigger.group.sub_event_type == score.sub_event_type


def test_a_headline_s_participle_carries_the_classifier_s_act(
    sitrep: Sitrep, tmp_path: Path
) -> None:
    # The tagger reads the headline's first word as a name (the root, PROPN);
    # the act is its participle.
    events = _code(sitrep, tmp_path, "Grenade thrown at police checkpoint in Beni, no injuries")
    assert [(e.sub_event_type, e.location) for e in events] == [("Grenade", "Beni")]


def test_a_statement_makes_a_change_to_a_group(sitrep: Sitrep, tmp_path: Path) -> None:
    # "announced" is a verb of saying with no reported clause: the act is the
    # announcement itself (triggers.yaml made_by_statement).
    text = "The Mai-Mai group announced its dissolution in a video released on Tuesday."
    events = _code(sitrep, tmp_path, text)
    assert [(e.sub_event_type, e.actor1) for e in events] == [
        ("Change to group/activity", "Mai-Mai Militia")
    ]


def test_arrests_told_after_a_protest_are_its_intervention(sitrep: Sitrep, tmp_path: Path) -> None:
    # triggers.yaml crowd_met_by: one event, in the protest's type.
    text = (
        "Hundreds of teachers rallied outside parliament in Harare on Tuesday. "
        "Police detained 20 of them."
    )
    events = _code(sitrep, tmp_path, text)
    assert [(e.sub_event_type, e.location) for e in events] == [
        ("Protest with intervention", "Harare")
    ]
    # An arrest told with a place of its own is another event.
    text = "Protesters marched through Kampala on Monday. Police arrested two journalists in Gulu."
    assert "Arrests" in {e.sub_event_type for e in _code(sitrep, tmp_path, text)}
