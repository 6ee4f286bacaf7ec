"""Extraction on real reports: each test pins one behaviour, from a real
sentence of a Voice of America story in examples/voa_stories.jsonl (public
domain; the story id is cited) and run through the whole pipeline."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache

import pytest

from sitrep.api import Sitrep
from sitrep.records import Event, Statistic

from ..conftest import VOA, extract_report


@cache
def _stories() -> dict[str, str]:
    lines = VOA.read_text(encoding="utf-8").splitlines()
    return {json.loads(line)["id"]: line for line in lines}


@pytest.fixture(scope="module")
def coded(
    sitrep: Sitrep, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[list[Event], list[Statistic]]]:
    folder = tmp_path_factory.mktemp("voa")
    results = {}
    for story in (
        "8011115",
        "8006651",
        "8011076",
        "6205629",
        "7686618",
        "6202623",
        "6203525",
        "8006503",
        "6205512",
        "8009314",
        "6205674",
        "8008998",
        "6202743",
        "8009853",
        "6184384",
        "8011218",
        "8006723",
    ):
        path = folder / f"{story}.jsonl"
        path.write_text(_stories()[story] + "\n", encoding="utf-8")
        results[story] = sitrep.extract([path])
    return results


def _with(events: list[Event], words: str) -> list[Event]:
    return [e for e in events if any(words in span.text for span in e.evidence)]


def test_definite_reference_to_an_earlier_strike_is_no_new_strike(coded: dict) -> None:
    # 8011115: "Intelligence collected at the scene of the airstrike further led to the
    # arrest of another five people in the northern Iraqi city of Irbil."
    events, _ = coded["8011115"]
    sentence = _with(events, "scene of the airstrike")
    assert [e.sub_event_type for e in sentence] == ["Arrests"]
    assert sentence[0].location == "Erbil" and sentence[0].actor2 == "Civilians (Iraq)"


def test_airstrike_in_anbar_by_iraqi_and_us_forces(coded: dict) -> None:
    # 8011115: "... al-Rufay'i was killed Thursday in an airstrike targeting his location
    # in Iraq's Anbar desert." (published Friday 2025-03-14)
    events, _ = coded["8011115"]
    strikes = [e for e in events if e.sub_event_type == "Air/drone strike"]
    assert strikes and all(e.admin1 == "Al-Anbar" for e in strikes)
    assert all(str(e.event_date) == "2025-03-13" for e in strikes)
    # "U.S. Central Command ... said al-Rufay'i was killed in a precision airstrike
    # Thursday": the same strike told by the other force, one joint operation.
    assert len(strikes) == 1
    assert strikes[0].actor1 == "Military Forces of Iraq (2022-)"
    assert strikes[0].assoc_actor_1 == "Military Forces of the United States (2025-)"
    assert strikes[0].actor2 == "Islamic State"


def test_train_attack_is_located_in_balochistan_not_afghanistan(coded: dict) -> None:
    # 8006651: "Militants attacked a cross-country passenger train Tuesday in Pakistan's
    # restive southwestern Balochistan province, taking many hostages."
    events, _ = coded["8006651"]
    assert events
    assert all(e.country in {"Pakistan", None} for e in events)
    train = _with(events, "attacked a cross-country passenger train")
    assert train and train[0].admin1 == "Balochistan" and str(train[0].event_date) == "2025-03-11"


def test_a_year_of_attacks_is_a_statistic_not_fatalities(coded: dict) -> None:
    # 8011076: "In 2024, the BLA and other Baloch separatist groups killed nearly 400
    # people in over 500 attacks."
    events, statistics = coded["8011076"]
    assert all(e.fatalities < 100 for e in events)
    assert any(s.value == 400 and s.measure == "killed" for s in statistics)
    assert not any(s.value == 500 for s in statistics), "500 attacks are no casualties"


def test_a_demand_is_not_an_event(coded: dict) -> None:
    # 6205629: '"If the Taliban are sincere in what they say, then they must stop killing
    # Afghan civilians and return to the negotiation table ..."'
    events, _ = coded["6205629"]
    assert not _with(events, "must stop killing")


def test_an_accusation_of_unspecified_acts_is_not_an_event(coded: dict) -> None:
    # 7686618: "The C.A.R. accuses the rebel group of killing, maiming, raping, looting,
    # and regularly displacing civilians from the villages."
    events, _ = coded["7686618"]
    assert not _with(events, "accuses the rebel group")


def test_a_clause_is_not_a_compound_trigger(coded: dict) -> None:
    # 6202623: "A group of armed prisoners exchanged gunfire with guards" is no
    # "prisoner exchange" agreement.
    events, _ = coded["6202623"]
    assert not [e for e in events if e.sub_event_type == "Agreement"]


def test_protesters_killed_by_the_military(coded: dict) -> None:
    # 6203525: "... as at least eight anti-coup demonstrators were killed Friday in the
    # central town of Aungban in eastern Shan state."
    events, _ = coded["6203525"]
    force = [e for e in events if e.sub_event_type == "Excessive force against protesters"]
    assert len(force) == 1
    # ACLED puts the crowd first in demonstration events.
    assert force[0].actor1 == "Protesters (Myanmar)"
    assert force[0].actor2 == "Military Forces of Myanmar (2021-)"
    assert force[0].fatalities == 8
    assert (force[0].admin1, force[0].admin1_geonames) == ("Shan", "Shan State")


def test_hotel_attack_in_beledweyne(coded: dict) -> None:
    # 8006503: "Gunmen stormed a hotel in the Somali city of Beledweyne on Tuesday, leaving
    # at least five people dead ..."
    events, _ = coded["8006503"]
    stormed = _with(events, "Gunmen stormed a hotel")
    assert stormed
    event = stormed[0]
    assert event.fatalities == 5
    # "The Islamist militant group al-Shabab immediately claimed responsibility
    # for the attack.": ACLED codes a claimed attack to the group that claimed it.
    assert event.actor1 == "Al Shabaab"
    assert str(event.event_date) == "2025-03-11"


def test_sit_in_to_protest_in_the_capital(coded: dict) -> None:
    # 6205512: "Scores of chicken sellers in Cameroon's capital held a one-hour sit-in
    # Monday at the Mvog-Ada chicken market to protest the continued restrictions, which
    # have pushed all but about 25 sellers - out of 300 last year - out of business."
    # The infinitive names what the sit-in was; "last year" dates the sellers, not it;
    # "Cameroon's capital" is Yaounde.
    events, _ = coded["6205512"]
    protests = [e for e in events if e.event_type == "Protests"]
    assert len(protests) == 1
    assert protests[0].sub_event_type == "Peaceful protest"
    assert protests[0].actor1 == "Protesters (Cameroon)"
    assert protests[0].location == "Yaoundé" and str(protests[0].event_date) == "2021-05-03"


def test_bombers_killed_are_no_bombing(coded: dict) -> None:
    # 8009314: '... adding that snipers killed suicide bombers before forces advanced'
    events, _ = coded["8009314"]
    assert not [
        e
        for e in _with(events, "snipers killed suicide bombers")
        if e.sub_event_type == "Suicide bomb"
    ]


def test_stun_grenades_are_crowd_control(coded: dict) -> None:
    # 6205674: "Witnesses reported Israeli security forces fired tear gas, rubber bullets,
    # and stun grenades at Palestinian demonstrators, ..."
    events, _ = coded["6205674"]
    assert not [e for e in events if e.sub_event_type == "Grenade"]


def test_conjoined_verbs_share_the_perfect(coded: dict) -> None:
    # 8008998: "In the past two years, journalists have been blocked or harassed while
    # covering events and briefly detained and assaulted, media groups said."
    events, _ = coded["8008998"]
    assert not _with(events, "briefly detained and assaulted")


def test_month_dated_background_and_what_followed_it_are_no_events(coded: dict) -> None:
    # 8006651: "Earlier this month, a female suicide bomber detonated her explosive
    # devices near a military convoy in Balochistan's Kalat district, ... Last month, BLA
    # insurgents ambushed a bus ... in Kalat and killed 18 of those on board. Just days
    # later, a roadside bomb blast killed 11 coal miners in the city, ..." (guidelines 1, 5)
    events, _ = coded["8006651"]
    for words in ("Earlier this month", "Last month, BLA", "Just days later"):
        assert not _with(events, words), words


def test_region_named_in_the_lead_is_coded_to_the_town_the_report_names(coded: dict) -> None:
    # 8006651: "Militants attacked a cross-country passenger train Tuesday in Pakistan's
    # restive southwestern Balochistan province" ... "An emergency has been declared at the
    # government hospital in Sibi to receive the injured." Kalat, named only in the
    # background, is not the story's place.
    events, _ = coded["8006651"]
    lead = _with(events, "Militants attacked a cross-country passenger train")
    assert lead and all(e.location == "Sibi" for e in lead)
    assert all(e.geo_precision == 2 for e in lead)  # inferred: "near" the town


def test_a_claim_of_responsibility_names_the_perpetrator(coded: dict) -> None:
    # 8006651: "The Baloch Liberation Army, or BLA, quickly claimed responsibility for the
    # attack." The lead's "Militants attacked ..." is then the BLA's attack.
    events, _ = coded["8006651"]
    lead = _with(events, "Militants attacked a cross-country passenger train")
    assert {e.actor1 for e in lead} == {"BLA: Baloch Liberation Army"}


def test_attackers_killed_count_for_the_battle_not_the_attack_on_civilians(
    coded: dict,
) -> None:
    # 8006651: "The sources said 16 terrorists had been killed. A clearance operation
    # involving military helicopters has been going on for hours with frequent exchange
    # of fire reported between Pakistani security and BLA militants."
    events, _ = coded["8006651"]
    attack = [e for e in events if e.sub_event_type == "Attack"]
    clash = [e for e in events if e.sub_event_type == "Armed clash"]
    assert attack and clash
    assert attack[0].fatalities == 0
    assert clash[0].fatalities == 16


def test_the_date_of_the_act_not_of_its_telling(coded: dict) -> None:
    # 8011076: "Pakistan officials confirmed Friday that 31 people ... lost their lives in
    # Tuesday's train hijacking". "Five Frontier Corps personnel were also killed in the
    # attack and the ensuing battle with militants." happened Tuesday, not Friday.
    events, _ = coded["8011076"]
    battle = _with(events, "Five Frontier Corps personnel were also killed")
    assert battle
    assert str(battle[0].event_date) == "2025-03-11"


def test_the_previous_day_counts_from_the_sentence_date(coded: dict) -> None:
    # 6205629: "The leader of Afghanistan's Taliban insurgency Sunday praised ..., as
    # officials in Kabul raised the death toll to more than 60 from the previous day's
    # multiple blasts outside a girls' school": the blasts were on Saturday.
    events, _ = coded["6205629"]
    blasts = [e for e in events if e.sub_event_type == "Remote explosive/landmine/IED"]
    assert blasts
    assert str(blasts[0].event_date) == "2021-05-08"


def test_a_train_taken_near_a_town_is_no_territory_taken(coded: dict) -> None:
    # 8011076: "Separatist militants from Baloch Liberation Army (BLA), a designated
    # terror group, took over the Jaffar Express near Sibi hours after it left the
    # provincial capital, Quetta, on Tuesday." Sibi says where, not what was taken.
    events, _ = coded["8011076"]
    taken = [e for e in events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert not taken
    # ... and the story's events are coded to Sibi, the town it names ("near": precision 2).
    assert events and all(e.location == "Sibi" and e.geo_precision == 2 for e in events)


def test_both_sides_of_a_fight_between_them(coded: dict) -> None:
    # 8006651: "A clearance operation involving military helicopters has been going on
    # for hours with frequent exchange of fire reported between Pakistani security and BLA
    # militants." Both sides, the nation's "security" being its forces.
    events, _ = coded["8006651"]
    fight = _with(events, "exchange of fire reported between")
    assert fight
    assert {fight[0].actor1, fight[0].actor2} == {
        "BLA: Baloch Liberation Army",
        "Military Forces of Pakistan (2024-)",
    }


def test_a_participle_told_as_known_takes_no_date_of_another_clause(coded: dict) -> None:
    # 6202743: "Many Nigerians are expressing relief after more than 270 schoolgirls
    # kidnapped in northwestern Zamfara state were freed by their captors Tuesday."
    # Tuesday dates the release; the kidnapping is dated by its own clause later on
    # ("who were kidnapped last Friday during an overnight raid").
    events, _ = coded["6202743"]
    abductions = [e for e in events if e.sub_event_type == "Abduction/forced disappearance"]
    assert abductions, "the kidnapping of last Friday is an event"
    assert {e.event_date.isoformat() for e in abductions} == {"2021-02-26"}
    assert not _with(events, "were freed by their captors Tuesday")


def test_a_report_codes_no_act_it_places_nowhere(coded: dict) -> None:
    # ACLED codes no country-level events. 8009853 quotes a speech: "civilians remain
    # unseen, unprotected, bombed, besieged, raped, displaced"; 6184384 tells an
    # anecdote ("the car hit a roadside bomb") with no place; 8011218 a legend ("he set
    # fire to the gunpowder house and blew the whole site up").
    for story in ("8009853", "6184384", "8011218"):
        events, _ = coded[story]
        assert events == [], story


def test_a_snippet_with_no_place_is_still_an_event(sitrep: Sitrep, tmp_path) -> None:
    # A headline or a coder's one-line summary is classified whether or not it names a place.
    events = extract_report(
        sitrep, tmp_path, "Gunmen killed five villagers on Tuesday, police said."
    )
    assert [e.sub_event_type for e in events] == ["Attack"]
    assert events[0].location is None


def test_a_toll_over_the_past_week_is_a_statistic_not_a_battle(coded: dict) -> None:
    # 6205629: "The Afghan army chief said on Saturday his forces had also "killed and
    # injured 1,000" Taliban fighters in the past week." One figure for two conjoined
    # verbs over a week: a cumulative claim, not an incident.
    events, statistics = coded["6205629"]
    assert not _with(events, "in the past week")
    assert any(s.value == 1000 and "past week" in s.evidence[0].text for s in statistics)


def test_a_claimed_toll_is_no_strategic_development(coded: dict) -> None:
    # 8006503: "In a statement, the group said it had killed more than 10 people." The
    # classifier reads the claim as a change to the group; a sentence counting its dead
    # tells violence, and strategic developments kill no one.
    events, _ = coded["8006503"]
    assert not [e for e in events if e.event_type == "Strategic developments"]
    assert _with(events, "Gunmen stormed a hotel")


def test_a_place_inside_what_is_said_is_the_events(sitrep: Sitrep, tmp_path) -> None:
    # A monitor's snippet: the place hangs under "say" through "fire on demonstrators
    # in", not as where anyone speaks.
    events = extract_report(
        sitrep,
        tmp_path,
        "Syrian regime forces fire on peaceful demonstrators in Daraa al-Balad, killing "
        "three, activists say.",
    )
    assert [e.country for e in events] == ["Syria"]
    assert "Daraa" in {events[0].admin1, events[0].admin1_geonames}
    # ... while where officials speak is not where the act happened.
    events = extract_report(
        sitrep,
        tmp_path,
        "Officials in Islamabad said gunmen killed five people in Quetta on Monday.",
    )
    assert [e.location for e in events] == ["Quetta"]


def test_armed_prisoners_exchanging_gunfire_is_a_battle(coded: dict) -> None:
    # 6202623: "A group of armed prisoners exchanged gunfire with guards, then made their
    # way out through a back door." ("prisoners exchanged" is no prisoner exchange; the
    # group's members act.)
    events, _ = coded["6202623"]
    fight = _with(events, "exchanged gunfire with guards")
    assert [e.sub_event_type for e in fight] == ["Armed clash"]
    assert fight[0].actor1 == "Unidentified Armed Group (Haiti)"
    # "The police returned fire and Arnel Joseph was killed": the same gun battle as
    # the lead's (its evidence), not another.
    answered = _with(events, "returned fire")
    assert len(answered) <= 1 and all(e.location == "Gonaïves" for e in answered)


def test_a_state_forces_count_of_militants_it_killed_is_the_toll(coded: dict) -> None:
    # 8011076: "In the clearance operation that lasted more than 30 hours, the Pakistan
    # military said it killed 33 BLA terrorists." The forces' own report, and the only
    # source of those deaths: ACLED codes it (an armed group's claim for its own attack
    # only raises the high end).
    events, _ = coded["8011076"]
    battles = [e for e in events if e.sub_event_type == "Armed clash"]
    assert battles and max(e.fatalities for e in battles) >= 33


def test_a_voice_echoing_concerns_is_no_event(coded: dict) -> None:
    # 8006723: "Chalida Tajaroensuk, who heads Thailand's People's Empowerment Foundation,
    # another local rights group, echoed their concerns." The classifier is sure of an
    # event; echoing is speaking (speech_verbs), so it gives no model trigger.
    events, _ = coded["8006723"]
    assert not _with(events, "echoed their concerns")


def test_people_held_in_detention_centres_are_no_arrest(coded: dict) -> None:
    # 8006723: "... their sources in the Thai government and inside its detained centers
    # have told them the other three Uyghurs also remain in Thailand, in the custody of
    # the Bureau of Immigration." ("detained" modifies a noun: a state, not an arrest.)
    events, _ = coded["8006723"]
    assert not _with(events, "detained centers")


def test_a_toll_told_of_the_attack_just_told_is_its_toll(sitrep: Sitrep, tmp_path) -> None:
    # 8009976: the toll's only trigger is "the attack", which points back at
    # the act told just before; the passengers' dead are the attack's, the
    # troops' the fight's (none told here).
    text = (
        "Militants linked with the banned Baloch Liberation Army attacked a passenger train "
        "Tuesday near Sibi, Balochistan, taking hundreds hostage. At least 21 passengers and "
        "four paramilitary troops died in the attack."
    )
    events = extract_report(sitrep, tmp_path, text, dt.date(2025, 3, 13))
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Attack", 21)]
