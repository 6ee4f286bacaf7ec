"""Issue 8, point 2: the country a report is about -- given by the user
(``--country``, a JSONL record's ``country``) or inferred -- decides whose
forces, police and rebels its unnamed actors are; a foreign place needs strong
evidence, and with no evidence a name is not guessed abroad."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.actors import ActorDictionary
from sitrep.api import ReadOptions, Sitrep
from sitrep.cli import main
from sitrep.countrycodes import country_code
from sitrep.errors import ExitCode, SitrepError
from sitrep.ingest import read_sources
from sitrep.merge import same_incident
from sitrep.records import Document, EventMention, Place, Rejected
from sitrep.resolve import actor_country

from .conftest import SEED

# voa-6202743 (Nigeria), 2 March 2021: the village of Jangebe is missing from
# the bundled gazetteer, and no word of the sentence names Nigeria.
JANGEBE = (
    "Gunmen kidnapped the girls during an overnight raid at their school in the village "
    "of Jangebe on Friday, officials said."
)
# voa-6205674 (a report about Jerusalem), 10 May 2021.
ISTANBUL = (
    "Also Monday, hundreds of people, many waving Palestinian flags, massed in front of "
    "Israel's consulate in Istanbul in protest of Israeli police actions around the "
    "Al-Aqsa mosque compound in Jerusalem's Old City."
)


def _batch(tmp_path: Path, *records: dict[str, object]) -> Path:
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# --- reading the country context -------------------------------------------------


def test_country_codes_and_names() -> None:
    assert [country_code(v) for v in ("SY", "syr", "Syria", "DR Congo", "the Gambia")] == [
        "SY",
        "SY",
        "SY",
        "CD",
        "GM",
    ]
    assert country_code("Atlantis") is None


def test_a_record_gives_its_own_country(tmp_path: Path) -> None:
    path = _batch(
        tmp_path,
        {"id": "a", "text": JANGEBE, "country": "Nigeria"},
        {"id": "b", "text": JANGEBE + " More.", "country": ["SY", "IRQ"]},
        {"id": "c", "text": JANGEBE + " Again.", "country": "Atlantis"},
        {"id": "d", "text": JANGEBE + " And again."},
    )
    results = list(read_sources([path], countries=["Niger"]))
    kinds = [r.code if isinstance(r, Rejected) else r.countries for r in results]
    # The record's own country wins over --country; a bad one rejects only its line.
    assert kinds == [("NG",), ("SY", "IQ"), "E057", ("NE",)]
    rejected = results[2]
    assert isinstance(rejected, Rejected) and "Atlantis" in rejected.reason


def test_an_unknown_country_option_stops_before_reading() -> None:
    with pytest.raises(SitrepError, match=r"\[E057\].*--country"):
        read_sources([SEED], countries=["Atlantis"])


def test_country_option_on_the_command_line(
    sitrep: Sitrep, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = sitrep.resources
    monkeypatch.setattr("sitrep.api.Sitrep.resources", property(lambda self: loaded))
    runner = CliRunner()
    bad = runner.invoke(main, ["extract", "-", "--country", "Atlantis"], input=JANGEBE)
    assert bad.exit_code == ExitCode.USAGE and "E057" in bad.output
    good = runner.invoke(
        main,
        ["extract", "-", "--country", "NG", "--published", "2021-03-02", "--format", "jsonl"],
        input=JANGEBE,
    )
    assert good.exit_code == 0, good.output
    events = [json.loads(line) for line in good.output.splitlines() if line.startswith("{")]
    assert [(e["actor1"], e["actor2"]) for e in events if e["kind"] == "event"] == [
        ("Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)")
    ]


# --- places ------------------------------------------------------------------------


def _extract(sitrep: Sitrep, tmp_path: Path, text: str, **options: object) -> list:
    path = tmp_path / "report.txt"
    path.write_text(text + "\n", encoding="utf-8")
    read = ReadOptions(published=dt.date(2021, 3, 2), **options)  # type: ignore[arg-type]
    events, _ = sitrep.extract([path], read)
    return events


def test_no_guess_abroad_without_country_evidence(sitrep: Sitrep, tmp_path: Path) -> None:
    # "Jangebe" used to be read as Jiangbei, China (a folded look-alike), and
    # the kidnappers as "Unidentified Armed Group (China)".
    events = _extract(sitrep, tmp_path, JANGEBE)
    assert events
    assert all(e.country != "China" for e in events)
    assert all(e.actor1 is None or "China" not in e.actor1 for e in events)


def test_given_country_names_the_unnamed_actors(sitrep: Sitrep, tmp_path: Path) -> None:
    events = _extract(sitrep, tmp_path, JANGEBE, countries=("NG",))
    assert [(e.actor1, e.actor2) for e in events] == [
        ("Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)")
    ]


def test_given_country_chooses_between_homonyms(sitrep: Sitrep, tmp_path: Path) -> None:
    # "Tripoli" alone is the Libyan capital; in a report about Lebanon it is Lebanon's.
    text = "Gunmen killed two soldiers in Tripoli on Friday, officials said."
    assert {e.country for e in _extract(sitrep, tmp_path, text)} == {"Libya"}
    lebanon = _extract(sitrep, tmp_path, text, countries=("Lebanon",))
    assert {e.country for e in lebanon} == {"Lebanon"}


def test_protesters_are_named_by_where_they_protest(sitrep: Sitrep, tmp_path: Path) -> None:
    text = (
        "Israeli police fired rubber bullets at Palestinians in Jerusalem on Monday.\n" + ISTANBUL
    )
    events = _extract(sitrep, tmp_path, text)
    istanbul = [e for e in events if e.location == "Istanbul"]
    assert [e.actor1 for e in istanbul] == ["Protesters (Turkey)"]


# --- actors' own countries -----------------------------------------------------------


def test_generic_templates_by_actor_or_by_place() -> None:
    actors = ActorDictionary.load()
    on = dt.date(2017, 1, 16)
    # State forces are the report's state's, wherever the place turned out to be ...
    forces = actors.generic("regime forces", country="SY", on=on, place_country="IQ")
    assert forces is not None and forces.name == "Military Forces of Syria (2000-)"
    # ... crowds, civilians and unidentified groups are named by the event's country.
    crowd = actors.generic("protesters", country="IL", on=on, place_country="TR")
    assert crowd is not None and crowd.name == "Protesters (Turkey)"
    gunmen = actors.generic("gunmen", country="SY", on=on, place_country="IQ")
    assert gunmen is not None and gunmen.name == "Unidentified Armed Group (Iraq)"
    # Police act at home.
    police = actors.generic("police", country="IL", on=on, place_country="TR")
    assert police is not None and police.name.startswith("Police Forces of Turkey")
    # A nationality in the phrase wins over both.
    russian = actors.generic("Russian war planes", country="SY", on=on, place_country="SY")
    assert russian is not None and russian.name.startswith("Military Forces of Russia")


def _mention(doc_id: str, place: Place | None, **values: object) -> EventMention:
    day = dt.date(2017, 1, 14)
    return EventMention(
        doc_id=doc_id,
        index=0,
        event_type="Battles",
        sub_event_type="Armed clash",
        trigger="clashes",
        evidence=[],
        place=place,
        event_date=day,
        date_start=day,
        date_end=day,
        time_precision=1,
        **values,  # type: ignore[arg-type]
    )


MOSUL = Place(1, "Mosul", 36.335, 43.119, "IQ", "Iraq")


def test_actor_country_comes_from_the_report_not_the_place() -> None:
    mention = _mention("d1", MOSUL)
    assert actor_country(mention, "SY") == "SY"
    assert actor_country(mention, "SY", given=("SY", "IQ")) == "IQ"
    assert actor_country(mention, None) == "IQ"
    assert actor_country(_mention("d1", MOSUL, country_hint="TR"), "SY") == "TR"


# --- merging across inputs ---------------------------------------------------------------


def test_unplaced_mentions_of_two_reports_stay_apart() -> None:
    assert same_incident(_mention("d1", None), _mention("d1", None))  # one report restating
    assert not same_incident(_mention("d1", None), _mention("d2", None))
    assert same_incident(_mention("d1", MOSUL), _mention("d2", MOSUL))


def test_two_inputs_about_unlocated_incidents_are_two_events(
    sitrep: Sitrep, tmp_path: Path
) -> None:
    path = _batch(
        tmp_path,
        {"id": "a", "text": JANGEBE, "published": "2021-03-02"},
        {
            "id": "b",
            "text": JANGEBE + "\nPolice said the attackers fled.",
            "published": "2021-03-02",
            "country": "NG",
        },
    )
    events, _ = sitrep.extract([path])
    abductions = [e for e in events if e.sub_event_type == "Abduction/forced disappearance"]
    assert len(abductions) == 2
    assert all(len(e.doc_ids) == 1 for e in abductions)


def test_document_keeps_the_given_countries() -> None:
    document = Document(id="x", text="t", countries=("SY",))
    assert document.countries == ("SY",)


def test_an_unplaced_event_is_in_the_given_country(sitrep: Sitrep, tmp_path: Path) -> None:
    # Jangebe is not in the bundled gazetteer: the event has no place, but the
    # report is about Nigeria, so its event is in Nigeria (no location coded).
    events = _extract(sitrep, tmp_path, JANGEBE, countries=("NG",))
    assert [(e.country, e.iso) for e in events] == [("Nigeria", 566)]
    unplaced = [e for e in events if e.location is None]
    assert all(e.geo_precision is None and e.where_prec == 6 for e in unplaced)
    # Several countries given: which one is unknown, so none is coded.
    several = _extract(sitrep, tmp_path, JANGEBE, countries=("NG", "NE"))
    assert several and all(e.country is None for e in several if e.location is None)
