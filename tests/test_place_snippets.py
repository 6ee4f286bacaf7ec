"""Places in snippets (sentences from the team's labelled splits, train/snippets):
the most specific place a sentence names, and names with a bearing or a kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.api import Sitrep

from .conftest import extract_report


def _coded(sitrep: Sitrep, tmp_path: Path, text: str) -> list:
    return extract_report(sitrep, tmp_path, text)


def _first_place(sitrep: Sitrep, tmp_path: Path, text: str) -> list[tuple[str | None, str | None]]:
    """(location, country) of the first event coded from ``text``, or []."""
    return [(e.location, e.country) for e in _coded(sitrep, tmp_path, text)][:1]


@pytest.mark.parametrize(
    ("text", "location", "country"),
    [
        # The town the sentence names inside the region it also names.
        (
            "Residents of Atbara, many of them women and retired railway workers, held a "
            "silent vigil outside the River Nile state government offices on Monday evening "
            "to demand the release of detained activists.",
            "Atbara",
            "Sudan",
        ),
        # A bearing before a city names a part of it.
        (
            "Mortar shells containing toxic chlorine gas were fired by Daesh on Iraqi Counter "
            "Terrorism forces in al-Tanak neighbourhood of west Mosul, our correspondent "
            "quoted a field commander.",
            "Mosul",
            "Iraq",
        ),
        # "Nampula city" is Nampula, spelled with its kind, even with no other place named.
        (
            "Police shot dead three demonstrators and wounded at least a dozen more on "
            "Thursday as several thousand supporters of the opposition marched peacefully "
            "through Nampula city to contest the October elections.",
            "Nampula",
            "Mozambique",
        ),
        # Names the model labels a nationality, a person or an organisation, in a
        # place's slot (train-p2, train-l1).
        ("Grenade attack on Kidal checkpoint injures two UN peacekeepers", "Kidal", "Mali"),
        (
            "Gendarmes fired live rounds on Tuesday at residents of Kumba who were marching "
            "peacefully to protest the killing of schoolchildren, killing two people.",
            "Kumba",
            "Cameroon",
        ),
        (
            "On 14 August 2023, Nigerian Army troops of Operation Hadin Kai recaptured Marte "
            "(Borno) from ISWAP after a two-day assault. 11 militants killed.",
            "Marte",
            "Nigeria",
        ),
        # A name the model labels a date, in a place's slot (train-p4, train-p2).
        (
            "Unknown miscreants planted an explosive device on a motorcycle in Turbat, which "
            "went off near a passing FC convoy, injuring two personnel.",
            "Turbat",
            "Pakistan",
        ),
        (
            "Caption: Villagers gather near the charred remains of a house in Tchaourou burned "
            "by a mob hunting alleged witches, Tuesday.",
            "Tchaourou",
            "Benin",
        ),
        # ... owning a site ("Omdurman's old market", train-p3).
        (
            "Traders said soldiers from the army broke into shops in Omdurman's old market "
            "after retaking the area, taking electronics and food.",
            "Omdurman",
            "Sudan",
        ),
        # ... before an administrative unit ("Boulsa department", train-p2).
        (
            "Flash update: A drone strike on the weekly market of Boulsa department on Monday "
            "reportedly killed at least 15 civilians; partners are verifying figures.",
            "Boulsa",
            "Burkina Faso",
        ),
        # The tagger reads "Sagaing" as a verb; the entity is still a place (train-p4).
        (
            "Myanmar soldiers raped at least three women during a raid on a village in Sagaing "
            "region before torching homes, survivors told a rights group.",
            "Sagaing Region",
            "Myanmar",
        ),
        # Communes below the district (gazetteer build 4), with the region
        # ACLED-style notes put in brackets (train-p2): the region gives the
        # country; the commune is found in it.
        (
            "On 23 May 2024, Tuareg and Arab communal militias signed a non-aggression pact "
            "in Ber (Tombouctou).",
            "Ber",
            "Mali",
        ),
        (
            "On 19 April 2024, unidentified gunmen ambushed a Ghanaian police patrol near Garu "
            "(Upper East); police returned fire. 1 officer killed.",
            "Garu",
            "Ghana",
        ),
        (
            "On 9 June 2024, JNIM militants raped several women in a village near Djibasso "
            "(Boucle du Mouhoun). No fatalities.",
            "Djibasso",
            "Burkina Faso",
        ),
        # The place before the brackets, whatever the model calls it, is the
        # event's; the region in the brackets only says where it is (train-p2).
        (
            "On 2 October 2023, FAMa and Wagner regained control of Bourem (Gao) after the "
            "CSP withdrew from its positions following clashes. Several fatalities.",
            "Bourem",
            "Mali",
        ),
        (
            "Bulletin: Fighting between JNIM and the Islamic State Sahel Province near "
            "Tin-Hama (Gao) on Tuesday left at least 20 combatants dead, according to local "
            "sources.",
            "Tin Hama",
            "Mali",
        ),
        # A name of any label, or a word the tagger reads as an adjective or a
        # noun, before a site noun or after "people of" (train-p2).
        ("Burkinabe army recaptures Djibo outskirts from jihadists", "Djibo", "Burkina Faso"),
        (
            "ISWAP shelled the Mafa military base with heavy artillery for two hours on "
            "Wednesday before attempting a ground attack, a CJTF source told the paper.",
            "Mafa",
            "Nigeria",
        ),
        (
            "The inhabitants of Ngaoundal, angered by a series of kidnappings, have lynched "
            "two presumed kidnappers handed over by the vigilance committee, Tuesday, informs "
            "the gendarmerie.",
            "Ngaoundal",
            "Cameroon",
        ),
        ("Mortar fire hits Monguno market, two dead", "Monguno", "Nigeria"),
        ("Bomb rips through Bamenda taxi park, wounding 8", "Bamenda", "Cameroon"),
        # ... or held ("took control of", train-p2, train-p4), or a kind of site the
        # model does not know (train-p4, train-l2).
        (
            "ISWAP insurgents take control of Gajiram after troops abandon base",
            "Gajiram",
            "Nigeria",
        ),
        (
            "Two suicide bombers blew up explosive-laden vehicles at the wall of Bannu "
            "cantonment, police said, killing several civilians in nearby homes.",
            "Bannu",
            "Pakistan",
        ),
        # ... or a site the model makes one organisation of (train-p2).
        (
            "Students at the University of Lomé fought with gendarmes and burned a "
            "university bus during a protest over unpaid grants on Tuesday.",
            "Lomé",
            "Togo",
        ),
        # ... or after a bearing ("north of", train-p2).
        (
            "Islamic State fighters set up a new headquarters in a village north of Ménaka "
            "and are collecting taxes, a local official said.",
            "Ménaka",
            "Mali",
        ),
        (
            "The people of Bouaké took to the streets this Tuesday to express their support "
            "to the Head of State before the election; the march took place in calm, noted "
            "the prefect.",
            "Bouaké",
            "Ivory Coast",
        ),
        (
            "The army affirms that the terrorists have used a chemical substance against the "
            "position of Tin-Akoff on Sunday; several soldiers presented burns and "
            "respiratory troubles, according to the communiqué.",
            "Tin-Akoff",
            "Burkina Faso",
        ),
        (
            "Scores of youths took over the Ngaoundéré main roundabout on Friday, singing and "
            "holding placards that denounced the kidnappings along the national road, our "
            "correspondent reports.",
            "Ngaoundéré",
            "Cameroon",
        ),
        (
            "French troops completed their handover of the Rufisque camp to Senegal's army, "
            "officials said.",
            "Rufisque",
            "Senegal",
        ),
        # Pakistan's tribal and Malakand districts, which no gazetteer source
        # places, are coded to their seats (place_aliases.tsv; train-p4).
        (
            "A mob dragged a man accused of desecrating the Quran out of a police station in "
            "Swat on Thursday, lynched him and set his body on fire, police said.",
            "Mingora",
            "Pakistan",
        ),
        (
            "Gunmen abducted at least 16 workers of a construction company in Kurram district "
            "and took them to an unknown location, police said.",
            "Parachinar",
            "Pakistan",
        ),
        (
            "A roadside bomb struck a police vehicle in Bajaur, killing four policemen, "
            "officials said, in the latest attack on security forces in the tribal district.",
            "Khar",
            "Pakistan",
        ),
    ],
)
def test_place(sitrep: Sitrep, tmp_path: Path, text: str, location: str, country: str) -> None:
    events = _coded(sitrep, tmp_path, text)
    assert events, text
    assert events[0].location == location
    assert events[0].country == country


def test_a_name_in_a_place_slot_is_no_place_abroad(sitrep: Sitrep, tmp_path: Path) -> None:
    # A weak reading is taken only in the report's country: "Mora" is a Cameroonian
    # town; the model calls it a person, and India has a Bilimora.
    events = _coded(
        sitrep,
        tmp_path,
        "Boko Haram fighters attacked soldiers in Mora in Cameroon's Far North region on "
        "Friday, killing three.",
    )
    assert events and all(e.country in {"Cameroon", None} for e in events)


def test_a_datelines_agency_is_no_region_and_congo_is_a_country(
    sitrep: Sitrep, tmp_path: Path
) -> None:
    # train-p3 (p3-0396, p3-0016): "CAIRO (Reuters) -" is a dateline, not
    # Cairo in a region called Reuters; "eastern Congo" is DR Congo (sitrep's
    # name for it), not Congo, a town in Brazil.
    events = _coded(
        sitrep,
        tmp_path,
        "CAIRO (Reuters) - Rockets fired by the RSF hit the Saudi Hospital in El Fasher on "
        "Saturday, killing four patients, a medical source said.",
    )
    assert [(e.location, e.country) for e in events][:1] == [("El Fasher", "Sudan")]
    events = _coded(
        sitrep,
        tmp_path,
        "KAMPALA (AP) — Ugandan troops operating inside eastern Congo have seized back a key "
        "ADF camp near Kainama, a military spokesman said.",
    )
    assert events and events[0].country == "Democratic Republic of the Congo"


def test_a_part_named_like_its_country_stays_the_part(sitrep: Sitrep) -> None:
    # countries.tsv gives "Zanzibar" as a name of Tanzania; the gazetteer
    # keeps it the islands' (train-p3, p3-1259), and "Congo" the country's.
    gazetteer = sitrep.resources.gazetteer
    assert gazetteer.lookup("Zanzibar", limit=1)[0].feature_code != "PCLI"
    assert gazetteer.lookup("Congo", limit=1)[0].country_iso == "CD"


@pytest.mark.parametrize(
    ("text", "not_country"),
    [
        # train-p2 (p2-1384), no publication date: "on Thursday" cannot be
        # resolved to a day, yet it is a time, not Thursday Island, Australia.
        (
            "Soldiers torched dozens of empty homes in Babessi on Thursday in reprisal for a "
            "separatist ambush, residents told the paper, adding that no one was hurt.",
            "Australia",
        ),
        # train-p3 (p3-0426): "on 5 June" was Unieux, France (GeoNames spells it
        # "June"), and the armed group French; Chiure district is not in the gazetteer.
        (
            "According to partners, NSAG attacked villages in Chiure district on 5 June, "
            "killing at least 5 civilians and burning around 200 homes.",
            "France",
        ),
    ],
)
def test_a_day_or_month_is_no_place_in_an_undated_report(
    sitrep: Sitrep, tmp_path: Path, text: str, not_country: str
) -> None:
    events = _coded(sitrep, tmp_path, text)
    assert events and all(e.country != not_country for e in events)


@pytest.mark.parametrize(
    ("text", "location", "country"),
    [
        (
            "On 26 January 2024, the Chadian army took over the Abéché base from French "
            "forces (Ouaddaï).",
            "Abéché",
            "Chad",
        ),
        (
            "Chadian army took over the Faya base vacated by French troops on Monday, "
            "officials said.",
            "Faya-Largeau",
            "Chad",
        ),
        # "Nigerien" tagged a person is still a nationality.
        (
            "Caption: Nigerien soldiers raise their flag at the Ouallam base on Friday, after "
            "departing French troops handed it over.",
            "Ouallam",
            "Niger",
        ),
        (
            "The last United States troops left Agadez drone base on Monday, handing the "
            "facility to the Nigerien army as agreed with the junta.",
            "Agadez",
            "Niger",
        ),
        (
            "Caption: A Chadian soldier is treated at Bol hospital on Saturday after Boko "
            "Haram fighters allegedly used a chemical agent in an attack on his unit.",
            "Bol",
            "Chad",
        ),
    ],
)
def test_a_name_in_a_place_slot_is_read_in_a_country_the_report_names(
    sitrep: Sitrep, tmp_path: Path, text: str, location: str, country: str
) -> None:
    # The nationalities and actors tie (Chadian, French; Chadian, Boko Haram): the
    # weak name is read in each country they point to (train-p2).
    assert _first_place(sitrep, tmp_path, text) == [(location, country)]


@pytest.mark.parametrize(
    ("text", "location"),
    [
        (
            "Rockets were fired at the Bourem camp late Tuesday, the military said, adding "
            "that there was only material damage.",
            "Bourem",
        ),
        ("MINUSMA hands Tessalit camp to FAMa as withdrawal accelerates", "Tessalit"),
        (
            "Two kamikazes driving a vehicle loaded with explosives hurled themselves on the "
            "gate of the camp of Tessit Sunday, indicates the general staff of the armies, "
            "which reports material damage.",
            "Tessit",
        ),
    ],
)
def test_a_place_entity_that_takes_in_a_site_or_a_day_is_read_without_it(
    sitrep: Sitrep, tmp_path: Path, text: str, location: str
) -> None:
    # The model tags "Bourem camp" and "Tessit Sunday" as one place (train-p2).
    assert _first_place(sitrep, tmp_path, text) == [(location, "Mali")]


@pytest.mark.parametrize(
    ("text", "location", "country"),
    [
        # An act made by a statement happens where the statement is made (train-p2).
        (
            "The movement MSA-D has announced its integration into the FLA, during a meeting "
            "held in Kidal on Saturday, according to a communiqué.",
            "Kidal",
            "Mali",
        ),
        (
            "Koglweogo self-defence groups in Kaya said they would integrate into the VDP "
            "under the army's command from Monday.",
            "Kaya",
            "Burkina Faso",
        ),
        # A place told before the clause a trailing reporting verb reports (train-p2).
        (
            "In Rosso, young people protesting the death of a detainee set fire to the police "
            "commissariat and erected barricades, reported local media.",
            "Rosso",
            "Mauritania",
        ),
        (
            "In Bandiagara, unknown armed men riddled with bullets a minibus transporting "
            "traders on Sunday, killing eleven, reports a local source.",
            "Bandiagara",
            "Mali",
        ),
    ],
)
def test_a_place_told_with_a_statement_can_be_the_act_s(
    sitrep: Sitrep, tmp_path: Path, text: str, location: str, country: str
) -> None:
    assert _first_place(sitrep, tmp_path, text) == [(location, country)]


@pytest.mark.parametrize(
    ("text", "location", "country"),
    [
        # People on the scene speak where it happened (train-p2, train-l4).
        (
            "Traders in Gamboru told the paper that insurgents raided the market on Monday, "
            "carting away foodstuff and fuel before fleeing towards the Mandara hills.",
            "Gamboru",
            "Nigeria",
        ),
        (
            "Witnesses in Kasese said that soldiers deployed around the Rwenzururu palace "
            "fired directly into a crowd of unarmed supporters of the king who had gathered "
            "to sing and pray on Saturday afternoon, killing at least five of them, although "
            "the army insisted its troops had come under attack.",
            "Kasese",
            "Uganda",
        ),
    ],
)
def test_where_witnesses_speak_is_where_it_happened(
    sitrep: Sitrep, tmp_path: Path, text: str, location: str, country: str
) -> None:
    assert _first_place(sitrep, tmp_path, text) == [(location, country)]


def test_where_officials_speak_is_still_not_where_an_attack_happened(
    sitrep: Sitrep, tmp_path: Path
) -> None:
    events = _coded(
        sitrep, tmp_path, "In Islamabad, officials said gunmen killed five soldiers on Monday."
    )
    assert events and events[0].location != "Islamabad"


@pytest.mark.parametrize(
    ("text", "location", "country"),
    [
        (
            "Our gallant troops, in a swift operation on Thursday, cleared the terrorists from "
            "Malam Fatori and restored the Nigerian flag over the town, the Defence "
            "Headquarters announced.",
            "Mallam Fatori",
            "Nigeria",
        ),
        (
            "On 12 May 2024, the MSA-D withdrew from Ménaka and handed its positions to the "
            "Malian army.",
            "Ménaka",
            "Mali",
        ),
    ],
)
def test_the_ground_left_or_cleared_is_a_place_slot(
    sitrep: Sitrep, tmp_path: Path, text: str, location: str, country: str
) -> None:
    # The model tags both names a person; "from" on a verb of leaving or driving out
    # names the ground (train-p2).
    assert _first_place(sitrep, tmp_path, text) == [(location, country)]


@pytest.mark.parametrize(
    ("text", "location", "country"),
    [
        # The people of a place, as Sahel communiqués name them (train-p2).
        (
            "Unknown armed individuals have taken away the cattle of the herders of "
            "Bankilaré, around 300 heads, Friday, informs the prefect.",
            "Bankilaré",
            "Niger",
        ),
        (
            "The displaced of Kaya have organised a peaceful march this Friday to demand "
            "assistance from the state, reports the local radio.",
            "Kaya",
            "Burkina Faso",
        ),
        # A weak name that takes in its day, its province or its state (train-p2,
        # train-l4).
        (
            "An explosion of unknown origin has destroyed a part of the ammunition depot of "
            "the camp of Bosso Thursday, reports a military source.",
            "Bosso",
            "Niger",
        ),
        (
            "The Nigerian Air Force struck a Lakurawa camp in Kebbi's Augie area on Saturday, "
            "but residents said the bombs also hit a village, killing ten people.",
            "Augie",
            "Nigeria",
        ),
        (
            "Colombian air force jets bombed a camp of the Clan del Golfo in a remote stretch "
            "of jungle in the municipality of Cáceres, Antioquia, before dawn on Saturday, "
            "killing between seven and ten members of the group, President's office said, in "
            "the first such air raid authorised in more than a year.",
            "Cáceres",
            "Colombia",
        ),
    ],
)
def test_a_weak_name_is_read_without_what_the_model_joined_to_it(
    sitrep: Sitrep, tmp_path: Path, text: str, location: str, country: str
) -> None:
    assert _first_place(sitrep, tmp_path, text) == [(location, country)]


@pytest.mark.parametrize(
    ("text", "location"),
    [
        # A person's residence is no place's (train-p4).
        (
            "Locals demolish the former residence of Sheikh Mujibur Rahman at Dhanmondi 32 "
            "using excavators.",
            "Dhanmondi",
        ),
        # Where fire comes from is not where it falls (train-p4).
        (
            "The military council army fired the heavy artillery from the Sittwe base towards "
            "Mrauk-U, the shells fell into the residential area, the local said.",
            "Mrauk U",
        ),
    ],
)
def test_a_weak_name_that_is_not_the_act_s_place_comes_after(
    sitrep: Sitrep, tmp_path: Path, text: str, location: str
) -> None:
    events = _coded(sitrep, tmp_path, text)
    assert [e.location for e in events][:1] == [location]


def test_a_country_the_model_calls_a_person_is_still_the_report_s_country(
    sitrep: Sitrep, tmp_path: Path
) -> None:
    # "in Boni, central Mali": the model tags Mali a PERSON, so the village (not in
    # the gazetteer) became Bonn, one of whose alternates is "Boni".
    events = _coded(
        sitrep,
        tmp_path,
        "Jihadists attacked an army post in Boni, central Mali, on Sunday, killing four soldiers.",
    )
    assert [e.country for e in events] == ["Mali"]
    assert events[0].location != "Bonn"


def test_a_name_the_model_cuts_short_is_read_whole(sitrep: Sitrep, tmp_path: Path) -> None:
    # The model tags "San Pedro" only: San-Pédro, Ivory Coast.
    events = _coded(
        sitrep, tmp_path, "Gunmen killed four people in San Pedro Sula on Sunday, police said."
    )
    assert [(e.location, e.country) for e in events] == [("San Pedro Sula", "Honduras")]


def test_an_act_placed_only_in_a_country_keeps_that_country(sitrep: Sitrep, tmp_path: Path) -> None:
    # ACLED has no country-level location, but the country the sentence names is the
    # event's country.
    events = _coded(sitrep, tmp_path, "Gunmen killed five villagers in Nigeria on Tuesday.")
    assert [(e.location, e.country) for e in events] == [(None, "Nigeria")]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # train-p2 (p2-0126): a village the gazetteer lacks; the army's
        # nationality says the country (no place of its own, no guess abroad).
        (
            "The Nigerien army shot dead 11 civilians in Tibbaram during a sweep on Sunday, "
            "relatives of the victims said, accusing the soldiers of summary executions.",
            (None, "Niger"),
        ),
        # train-p1 (p1-0390): the "Cathedral" of "St. Mark's Cathedral" is no
        # place (it is a town in Canada, which made Alexandria Ontario's).
        (
            "The terrorist exploded his belt among the people gathering in front of the St. "
            "Mark's Cathedral in Alexandria after the guard prevented him to enter, and 17 "
            "people were martyred, the Interior Ministry said.",
            ("Alexandria", "Egypt"),
        ),
        # train-l2 (l2-0403): a tie between the attackers' nationality and the
        # place goes to the country more of the names are places of ("al-Salif"
        # is also a spelling of Chlef, Algeria; "Hodeidah" of El-Hodeidah).
        (
            "The American-British aggression launched on Monday at dawn four air raids on the "
            "Ras Issa port and the fuel reservoirs in the al-Salif district of Hodeidah "
            "governorate, which resulted in the martyrdom of six workers.",
            ("Aş Şalīf", "Yemen"),
        ),
        # train-p2 (p2-0490): a tie between a place read abroad by an alternate
        # spelling (Belo is also Bello, Colombia) and the troops' nationality
        # goes to the nationality, and Belo is read in Cameroon.
        (
            "Separatist fighters withdrew from Belo and Cameroonian troops moved in unopposed "
            "on Friday, residents said.",
            ("Belo", "Cameroon"),
        ),
    ],
)
def test_the_report_s_country_when_its_place_is_unknown_or_ambiguous(
    sitrep: Sitrep, tmp_path: Path, text: str, place: tuple[str | None, str]
) -> None:
    assert _first_place(sitrep, tmp_path, text) == [place]


def test_a_nationality_names_the_force_of_a_compound_actor(sitrep: Sitrep, tmp_path: Path) -> None:
    # train-p1 (p1-0757): "Lebanese army intelligence" is Lebanon's army, whatever
    # country the place reads as (Tripoli).
    events = _coded(
        sitrep,
        tmp_path,
        "Lebanese army intelligence detained two men in Tripoli's Bab al-Tabbaneh on Saturday "
        "over their alleged ties to Islamic State, an army statement said.",
    )
    assert (events[0].actor1 or "").startswith("Military Forces of Lebanon")
