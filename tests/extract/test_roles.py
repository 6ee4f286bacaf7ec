"""Who did it to whom in one sentence (EVENT-DATA-CONVENTIONS.md, Actors), from
snippets of the team's own training data (train/snippets, Apache-2.0)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.api import Sitrep
from sitrep.extract.roles import Discourse, roles
from sitrep.extract.triggers import clause_verb
from sitrep.lexicon import default_lexicon


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


def _sides_on(sitrep: Sitrep, tmp_path: Path, text: str, published: str) -> list:
    path = tmp_path / "report.jsonl"
    path.write_text(json.dumps({"id": "r", "text": text, "published": published}) + "\n")
    events, _ = sitrep.extract([path])
    return [(e.actor1, e.actor2) for e in events]


@pytest.mark.parametrize(
    ("text", "published", "sides"),
    [
        # VOA 6202623: the dead man's gang fought the police.
        (
            "Arnel Joseph, the notorious leader of the Village de Dieu gang, was killed in a "
            "gun battle with police Friday in the town of L'Estere, near Gonaives in Haiti's "
            "north, officials said.",
            "2021-02-27",
            ("5 Segond", "Police Forces of Haiti (2017-)"),
        ),
        # VOA 8011076: the Frontier Corps (Pakistan's military) fought the militants.
        (
            "Militants attacked a passenger train near Sibi on Tuesday. Five Frontier Corps "
            "personnel were also killed in the attack and the ensuing battle with militants.",
            "2025-03-14",
            ("Military Forces of Pakistan (2024-)", "Unidentified Armed Group (Pakistan)"),
        ),
    ],
)
def test_those_killed_in_a_battle_with_a_side_are_the_other_side(
    sitrep: Sitrep, tmp_path: Path, text: str, published: str, sides: tuple[str, str]
) -> None:
    assert sides in _sides_on(sitrep, tmp_path, text, published)


def _roles_of(sitrep: Sitrep, sentence: str, trigger: str) -> tuple[list[str], list[str]]:
    doc = sitrep.resources.nlp(sentence)
    head = next(t for t in doc if t.text == trigger)
    found = roles(
        doc[head.i : head.i + 1],
        clause_verb(head),
        doc[:],
        sitrep.resources.actors,
        Discourse(),
        reciprocal=default_lexicon().reciprocal_verbs,
    )
    return found.actor1, found.actor2


def test_nations_fighting_are_their_forces(sitrep: Sitrep) -> None:
    # PLOVER-GSR01 FIGHT record (CC BY-SA 4.0, Open Event Data Alliance).
    sentence = (
        "Russia closed its southern borders with Iran and Turkey because of fighting between "
        "Azerbaijanis and Armenians, an editor at the official Armenian news agency said."
    )
    assert _roles_of(sitrep, sentence, "fighting") == (
        ["Azerbaijanis forces"],
        ["Armenians forces"],
    )


def test_guerrillas_are_an_unidentified_armed_group(sitrep: Sitrep, tmp_path: Path) -> None:
    # PLOVER-GSR01 FIGHT record: the other side of the fighting is "guerrillas".
    text = (
        "Vietnamese-led forces have retaken a strategic village in Western Cambodia after "
        "fierce fighting with guerrillas who overran it late last month, Thai military sources "
        "said today."
    )
    sides = _sides_on(sitrep, tmp_path, text, "1990-01-10")
    assert sides and sides[0][1] is not None
    assert sides[0][1].startswith("Unidentified Armed Group")


@pytest.mark.parametrize(
    ("text", "loser"),
    [
        # train-p2-0607: "from" names the side that lost the ground, whatever
        # trigger the act was found by.
        (
            "On 8 September 2024, Nigerien Armed Forces (FAN) retook Tamou (Till\u00e1b\u00e9ri) "
            "from JNIM after a morning assault; 9 militants and 2 soldiers killed.",
            "JNIM: Group for Support of Islam and Muslims",
        ),
        # train-p2-0904: ... after a place the parse takes apart.
        (
            "On 27 April 2024, Burkinabe soldiers and VDP retook the town of Bourzanga "
            "(Centre-Nord) from Ansarul Islam militants. No fatalities reported.",
            "Ansarul Islam",
        ),
        # train-p2-0001: the side that fled, in the clause saying when.
        (
            "Malian troops have retaken control of the town of L\u00e9r\u00e9 in the Timbuktu "
            "region after JNIM fighters who had occupied it for three weeks fled on Sunday, the "
            "army said.",
            "JNIM: Group for Support of Islam and Muslims",
        ),
        # train-p1-0305: ... or after whose withdrawal.
        (
            "According to a military source, the town of Tadif south of al-Bab was brought back "
            "under army control on Friday after the withdrawal of Islamic State militants, who "
            "lost 15 men in the fighting.",
            "Islamic State",
        ),
        # train-p2-0308: the side chased out.
        (
            "Residents of Damasak said soldiers stormed back into the border town on Tuesday, "
            "chasing out ISWAP militants who had held it since the weekend.",
            "Islamic State (West Africa)",
        ),
        # train-p1-0793: the side handed the ground.
        (
            "The US military handed over the K1 air base in Kirkuk to Iraqi security forces on "
            "Sunday as part of a coalition drawdown, the coalition said.",
            "Military Forces of Iraq",
        ),
        # train-p1-1101: the side that moved in after the other withdrew.
        (
            "Israeli troops withdrew from the town of Bint Jbeil on Monday and the Lebanese army "
            "moved in under the truce terms, the army command said.",
            "Military Forces of Lebanon",
        ),
    ],
)
def test_the_other_side_of_a_change_of_territory(
    sitrep: Sitrep, tmp_path: Path, text: str, loser: str
) -> None:
    coded = _coded(sitrep, tmp_path, text)
    assert coded
    actor2 = coded[0][1]
    assert actor2 is not None and actor2.startswith(loser), coded


@pytest.mark.parametrize(
    ("text", "force"),
    [
        # train-p2-0336: the crowd is found by its own word ("protesting"), the
        # force that met it elsewhere in the sentence.
        (
            "Police dispersed hundreds of market women protesting new taxes outside city hall "
            "in Freetown on Tuesday, detaining four organisers, witnesses said.",
            "Police Forces of Sierra Leone",
        ),
        # train-p3-0340
        (
            "KIGALI (Reuters) - Rwandan police used tear gas to disperse refugees demonstrating "
            "over food ration cuts outside the UNHCR office near Karongi, arresting 15 people.",
            "Police Forces of Rwanda",
        ),
        # VOA 6205674: "Israeli security forces fired tear gas ... at Palestinian demonstrators".
        (
            "Witnesses reported Israeli security forces fired tear gas, rubber bullets, and stun "
            "grenades at Palestinian demonstrators, some of whom threw rocks at police.",
            "Military Forces of Israel",
        ),
    ],
)
def test_the_force_that_met_a_crowd_is_actor_2(
    sitrep: Sitrep, tmp_path: Path, text: str, force: str
) -> None:
    coded = _coded(sitrep, tmp_path, text)
    crowd = [sides for sides in coded if sides[0] and sides[0].startswith("Protesters")]
    assert crowd, coded
    assert crowd[0][1] is not None and crowd[0][1].startswith(force), coded


def test_a_mob_and_its_victims_may_both_be_civilians(sitrep: Sitrep, tmp_path: Path) -> None:
    # train-p3-1262: residents killed a man; the victim is actor 2 (ACLED's
    # Civilians) even when the mob is named as civilians too.
    text = (
        "A group of residents in Makamba stoned a man to death after accusing him of "
        "stealing a goat, the provincial police spokesman said."
    )
    coded = _coded(sitrep, tmp_path, text)
    assert coded and coded[0][1] == "Civilians (Burundi)", coded


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        # train-p1-0018: the parse hangs one side on the other ("Peshmerga" a
        # modifier of "PKK fighters"); both are still the sides of the clash.
        (
            "Clashes erupt between Iraqi Kurdish Peshmerga and PKK fighters in Duhok's Amedi "
            "district",
            {"Military Forces of Iraq", "PKK: Kurdistan Workers Party"},
        ),
        # train-p1-0327: "between" hangs on a word after the verb ("till the morning").
        (
            "Fighting went on till the morning between the Turkish army and the PKK elements in "
            "the rural of \u00c7ukurca, and the clashes caused the killing of 2 soldiers, the "
            "governorate said.",
            {"Military Forces of Turkey", "PKK: Kurdistan Workers Party"},
        ),
    ],
)
def test_the_sides_between_which_a_fight_is(
    sitrep: Sitrep, tmp_path: Path, text: str, sides: set[str]
) -> None:
    coded = _coded(sitrep, tmp_path, text)
    assert coded
    found = {
        side.split(" (")[0] if side.startswith("Military") else side for side in coded[0] if side
    }
    assert found == sides, coded


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        # train-p1-0429: "guards" is no actor alone, "border guards" are police.
        (
            "On 18 February 2024, Iranian border guards shot dead 2 Kurdish kolbars near "
            "Nowsud (Kermanshah).",
            "Police Forces of Iran (1989-)",
        ),
        # train-p1-0165
        (
            "Jordanian border guards foiled an attempt to smuggle weapons and explosives "
            "across the Syrian border in the Ruwaished sector on Thursday, seizing "
            "rocket-propelled grenades and hand grenades, the army said.",
            "Police Forces of Jordan (1999-)",
        ),
    ],
)
def test_a_force_named_by_its_modifiers_acts(
    sitrep: Sitrep, tmp_path: Path, text: str, actor1: str
) -> None:
    path = tmp_path / "snippet.jsonl"
    path.write_text(json.dumps({"id": "s", "text": text, "published": "2024-02-19"}) + "\n")
    events, _ = sitrep.extract([path])
    assert [e.actor1 for e in events][:1] == [actor1]


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        # train-l1-0311: the act is the second of two verbs with one subject.
        (
            "Nigerien soldiers discovered and defused two improvised explosive devices buried "
            "on the main road near the town of Ayorou on Sunday, the defence ministry said.",
            "Military Forces of Niger (2023-)",
        ),
        # train-p2-1368
        (
            "Police in Lomé discovered a bag of explosives near the central mosque on Thursday "
            "and safely detonated it, the security ministry said.",
            "Police Forces of Togo (2005-)",
        ),
    ],
)
def test_a_conjoined_verb_shares_its_subject(
    sitrep: Sitrep, tmp_path: Path, text: str, actor1: str
) -> None:
    assert [a1 for a1, _a2 in _coded(sitrep, tmp_path, text)][:1] == [actor1]
