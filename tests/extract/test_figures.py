"""Casualty figures of one sentence (EVENT-DATA-CONVENTIONS.md, Fatalities):
a victim named without a number counts one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep.api import ReadOptions, Sitrep
from sitrep.extract.figures import figures
from sitrep.lexicon import default_lexicon


def _killed(sitrep: Sitrep, sentence: str) -> list[int]:
    """The incident deaths of a dated sentence."""
    return [low for low, cumulative in _tolls(sitrep, sentence, has_date=True) if not cumulative]


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # VOA 6202623 (a name, no number): one death.
        (
            "Arnel Joseph, the notorious leader of the Village de Dieu gang, was killed in a "
            "gun battle with police Friday in the town of L'Estere, near Gonaives in Haiti's "
            "north, officials said.",
            [1],
        ),
        # VOA 8011115
        ("Today the fugitive leader of ISIS in Iraq was killed.", [1]),
        # VOA 8011076: the number counts them; no one more for the noun.
        ("Five Frontier Corps personnel were also killed in the attack.", [5]),
        # The team's test split (t1-0311): "killing a child and wounding four".
        (
            "Mortar rounds fired from across the Durand Line landed in a village in Kunar "
            "province, killing a child and wounding four, local Taliban officials said.",
            [1],
        ),
        # t1-0588: the killing is the charge, not this incident.
        (
            "Police arrested a man in El Alto suspected of killing a taxi driver during a robbery.",
            [],
        ),
        # train-p2 (p2-0918): "left N ... dead", the measure after the object.
        (
            "Bulletin: Fighting between JNIM and the Islamic State Sahel Province near "
            "Tin-Hama (Gao) on Tuesday left at least 20 combatants dead, according to local "
            "sources.",
            [20],
        ),
        # The team's own wording of the same phrasing, with the injured apart.
        ("An ambush on Sunday left three police officers dead and two wounded.", [3]),
        # Plural victims with no number count nobody (ACLED: unknown is 0).
        ("Soldiers were killed when militants attacked a checkpoint.", []),
    ],
)
def test_single_victims(sitrep: Sitrep, sentence: str, killed: list[int]) -> None:
    assert _killed(sitrep, sentence) == killed


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # VOA 7686618 (a communique quoted): "shot dead N", the measure
        # before the number, on a verb that is no killing by itself.
        (
            "During 18 hours of siege, our brave soldiers shot dead two militants, and four "
            "of them desperately blew themselves up when they realized that they could not "
            "escape, he said.",
            [2],
        ),
        # train-p2 (p2-0126): the small model makes "dead" a modifier of the victims.
        (
            "The Nigerien army shot dead 11 civilians in Tibbaram during a sweep on Sunday, "
            "relatives of the victims said.",
            [11],
        ),
        ("Soldiers shot 11 civilians dead in Tillaberi on Sunday.", [11]),
        # "to death" and "alive" after a verb of burning or burying.
        ("Militants hacked to death 7 villagers in Ituri on Sunday.", [7]),
        ("Gunmen hacked seven villagers to death in Ituri on Sunday.", [7]),
        ("Gunmen burned alive four people in Kasai on Sunday.", [4]),
        ("A mob beat to death a suspected thief in Lagos on Sunday.", [1]),
        # "alive" alone is no death: the rescued are living.
        ("Rescuers pulled four people alive from the rubble on Sunday.", []),
    ],
)
def test_a_killing_told_by_its_manner(sitrep: Sitrep, sentence: str, killed: list[int]) -> None:
    """ "shot dead", "hacked to death", "burned alive": the complement makes the
    act a killing (language.yaml ``killing_complements``)."""
    assert _killed(sitrep, sentence) == killed


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # train-p1-0021: "among them" is part of the 5, not 2 more.
        (
            "The Observatory documented violent clashes between the Syrian Democratic Forces "
            "and members of the regime's National Defence Forces in al-Hasakah city today, in "
            "which 5 people were killed, among them 2 civilians caught in the crossfire.",
            [5],
        ),
        # Two groups of dead are two parts of the toll.
        ("The attack killed 9 soldiers and 2 civilians.", [9, 2]),
    ],
)
def test_a_part_of_a_toll_is_not_added_to_it(
    sitrep: Sitrep, sentence: str, killed: list[int]
) -> None:
    assert _killed(sitrep, sentence) == killed


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # train-l4-0414 (labelled "a farmer and his son"): each coordinated victim counts.
        (
            "A landmine blast killed a farmer and his son on Thursday as they drove a tractor "
            "on a rural road near Apatzingán, Michoacán, state authorities reported.",
            [1, 1],
        ),
        # train-l3-0164 ("the administrator and his son"), the victims as subject.
        (
            "On 22 November 2023, an IED exploded near a motorbike carrying a village "
            "administrator in Yinmarbin township (Sagaing); the administrator and his son "
            "were killed.",
            [1, 1],
        ),
        # A named victim beside a numbered group: the number counts only its own noun.
        ("Militants shot dead a soldier and two civilians near Gao on Friday.", [2, 1]),
        ("Gunmen killed a local chief along with his two bodyguards in Maiduguri.", [2, 1]),
        ("A suicide bomber killed the district governor and his driver in Kunduz.", [1, 1]),
        # train-l3-0333: the second victim was wounded, not killed.
        (
            "A businessman was stabbed to death and his bodyguard wounded in a robbery "
            "outside a bank in the Azerbaijani city of Ganja on Wednesday, police said.",
            [1],
        ),
    ],
)
def test_each_coordinated_victim_counts(sitrep: Sitrep, sentence: str, killed: list[int]) -> None:
    assert _killed(sitrep, sentence) == killed


def _tolls(sitrep: Sitrep, sentence: str, *, has_date: bool) -> list[tuple[int, bool]]:
    doc = sitrep.resources.nlp(sentence)
    found = figures(
        doc[:],
        default_lexicon(),
        has_date=has_date,
        is_person=sitrep.resources.actors.is_actor_noun,
    )
    return [(f.quantity.low, f.cumulative) for f in found if f.measure == "killed"]


@pytest.mark.parametrize(
    ("sentence", "has_date", "tolls"),
    [
        # VOA 6205629: the toll of Saturday's blasts, one incident (ACLED codes it).
        (
            "Meanwhile, officials and victims’ families told media that the death toll had "
            "risen to at least 63 from Saturday’s multiple blasts outside a girls’ school in "
            "Kabul’s western Dasht-e-Barchi neighborhood, mostly populated by ethnic Hazara "
            "Shi’ite Muslims.",
            True,
            [(63, False)],
        ),
        # An undated toll sums up more than one incident.
        ("The death toll has risen to 63, officials said.", False, [(63, True)]),
        # A toll over a period is a statistic whatever its date.
        (
            "The death toll since the war began has risen to 500,000, the monitor said on "
            "Saturday.",
            True,
            [(500000, True)],
        ),
    ],
)
def test_a_dated_toll_is_an_incidents(
    sitrep: Sitrep, sentence: str, has_date: bool, tolls: list[tuple[int, bool]]
) -> None:
    assert _tolls(sitrep, sentence, has_date=has_date) == tolls


@pytest.mark.parametrize(
    ("sentence", "tolls"),
    [
        # VOA 8008152: a perfect whose subject is the incident itself is news.
        (
            "“Coordinated airstrikes by the Somali army and international partners in the "
            "Middle Shabelle region have killed at least 50 al-Shabab militants, including "
            "senior leader in charge of the coordination of the group’s combat vehicles,” "
            "the NISA statement said.",
            [(50, False)],
        ),
        # The team's own wording: the incident named in the clause ("in an ambush").
        (
            "Militants have killed 12 soldiers in an ambush on a convoy in the north of the "
            "country, the army said.",
            [(12, False)],
        ),
        # The seed: a campaign's toll and the siege's dead are totals (the 52
        # who "have died of starvation" are counted as starved, not killed).
        (
            "IS shelling has claimed the lives of 210 civilians, while 52 have died of "
            "starvation, and around 30 people have been killed either trying to flee or enter "
            "the districts.",
            [(210, True), (30, True)],
        ),
        # The team's training pass p3 (p3-1026, translated local press): a few
        # deaths in a named town are news.
        (
            "The militias of the clan have killed three civilians in the surroundings of "
            "Afgooye, including a woman, they were travelling to the market, said the elders.",
            [(3, False)],
        ),
        # A country's toll is not a town's.
        ("Militias have killed 15 civilians in Somalia.", [(15, True)]),
        # An armed group's toll with no incident named sums up its war.
        ("Boko Haram has killed more than 35,000 people.", [(35000, True)]),
        # A cue of a period wins over the incident ("this year").
        ("Airstrikes have killed 300 militants this year.", [(300, True)]),
    ],
)
def test_a_perfect_toll_is_news_when_it_names_the_incident(
    sitrep: Sitrep, sentence: str, tolls: list[tuple[int, bool]]
) -> None:
    assert _tolls(sitrep, sentence, has_date=False) == tolls


# VOA 7686618 (Central African Republic), published Friday 5 July 2024.
BODIES = (
    "The C.A.R. military says bodies of five government troops and six civilians have been "
    "found in villages since the attacks began Tuesday."
)


def test_since_a_recent_day_counts_the_current_episode(sitrep: Sitrep) -> None:
    doc = sitrep.resources.nlp(BODIES)
    lexicon, is_person = default_lexicon(), sitrep.resources.actors.is_actor_noun
    recent = figures(doc[:], lexicon, has_date=True, is_person=is_person, recent=True)
    assert [(f.quantity.low, f.victims, f.cumulative) for f in recent] == [
        (5, "government troops", False),
        (6, "civilians", False),
    ]
    # "since" a month or a year is a long-run total.
    months = figures(doc[:], lexicon, has_date=True, is_person=is_person, recent=False)
    assert all(f.cumulative for f in months)


def test_a_toll_by_side_told_after_its_event(sitrep: Sitrep, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        "This week, military sources said 3R rebels attacked nearly 10 villages between the "
        "towns of Bocaranga and Bazoum in northeastern C.A.R., near the Cameroon border. "
        + BODIES
        + "\n",
        encoding="utf-8",
    )
    events, statistics = sitrep.extract([path], ReadOptions(published=dt.date(2024, 7, 5)))
    assert not [s for s in statistics if s.measure == "killed"]
    battles = [e for e in events if e.event_type == "Battles"]
    # Civilians killed inside a battle are its fatalities (ACLED), each side noted.
    assert [e.fatalities for e in battles] == [11]
    assert "5 government troops, 6 civilians" in battles[0].notes


def test_a_toll_told_far_after_an_incident_is_not_its(sitrep: Sitrep, tmp_path: Path) -> None:
    # VOA 6202623 (one paragraph): the mutiny's 25 deaths, told long after the
    # gun battle in which one man was killed, are not the gun battle's.
    sentences = [
        "Arnel Joseph, the notorious leader of the Village de Dieu gang, was killed in a gun "
        "battle with police Friday in the town of L'Estere, near Gonaives in Haiti's north, "
        "officials said.",
        "Joseph, in his 20s, had been arrested and sentenced to six years in prison in 2011 "
        "for the murder of several policemen.",
        "He was released in May 2017.",
        "He was rearrested in July 2019 as he was going into surgery for a leg injury.",
        "He was awaiting trial on those charges when he escaped Thursday.",
        "According to Exantus, there were 25 deaths as a result of the mutiny, including six "
        "prisoners, Joseph among them.",
    ]
    path = tmp_path / "report.txt"
    path.write_text(" ".join(sentences) + "\n", encoding="utf-8")
    events, _ = sitrep.extract([path], ReadOptions(published=dt.date(2021, 2, 27)))
    battles = [e for e in events if e.sub_event_type == "Armed clash"]
    assert [e.fatalities for e in battles] == [1]


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        # The team's training pass p3 (p3-0030): translated local press.
        (
            "Two faithful have been killed by bullets of the police this Sunday in Kinshasa "
            "during the march of the Catholic laity after the mass, according to the organisers "
            "of the CLC.",
            2,
        ),
        # p4-0030: "yesterday" dates the death however the report is dated.
        (
            "One protester has died and many injured after police fired at protesters who "
            "blocked the railway line at Rambukkana yesterday over fuel price hike, hospital "
            "sources said.",
            1,
        ),
    ],
)
def test_a_day_named_without_a_publication_date_dates_a_perfect_toll(
    sitrep: Sitrep, tmp_path: Path, text: str, fatalities: int
) -> None:
    # A snippet with no publication date: "this Sunday" cannot be resolved to
    # a day, yet it says the deaths are news, not a running total.
    path = tmp_path / "snippet.txt"
    path.write_text(text + "\n", encoding="utf-8")
    events, statistics = sitrep.extract([path], ReadOptions(published=None))
    assert [e.fatalities for e in events] == [fatalities]
    assert not [s for s in statistics if s.measure == "killed"]


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # train-p1 (p1-0390) and train-l2 (l2-0403): translated Arabic media.
        ("17 people were martyred in the explosion on Sunday, the Interior Ministry said.", [17]),
        ("The raids resulted in the martyrdom of six workers on Monday.", [6]),
    ],
)
def test_martyrs_are_dead(sitrep: Sitrep, sentence: str, killed: list[int]) -> None:
    assert _killed(sitrep, sentence) == killed


def test_a_weapon_and_its_explosion_are_one_act(sitrep: Sitrep, tmp_path: Path) -> None:
    # train-l1-0291: "A grenade ... exploded ..., killing two children" was a
    # Grenade event without its dead and an IED event with them.
    path = tmp_path / "snippet.txt"
    path.write_text(
        "A grenade thrown over the wall of a school being used as a shelter for displaced "
        "families in Kassala exploded in the courtyard on Thursday night, killing two children "
        "and wounding six people, police said.\n",
        encoding="utf-8",
    )
    events, _ = sitrep.extract([path], ReadOptions(published=dt.date(2024, 11, 30)))
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Grenade", 2)]
