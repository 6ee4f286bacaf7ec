"""ACLED-style admin names (issue 8, point 4): ``data/admin_names.tsv`` maps
GeoNames admin codes to the OCHA COD-AB spellings ACLED-style data uses; an
event's ``admin1``/``admin2`` carry them, GeoNames' spelling stays in
``admin1_geonames``/``admin2_geonames``, and ACLED's ``region`` is filled, in
every output format and in the store."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sitrep.admin_names import admin1_spellings, names_of, table
from sitrep.api import ReadOptions, write
from sitrep.gazetteer import Gazetteer
from sitrep.gazetteer_build import read_admin1, read_admin2
from sitrep.records import Event, Place
from sitrep.store import EventQuery

from .conftest import SEED

if TYPE_CHECKING:
    from sitrep.api import Sitrep

#: The conflict countries the table must cover in full (issue 8's list).
CONFLICT_COUNTRIES = frozenset(
    {"SY", "IQ", "YE", "AF", "SO", "ML", "BF", "NE", "NG", "CM", "CD", "SD", "SS",
     "ET", "LY", "UA", "MM", "PK", "LB", "PS", "IL", "MZ", "CF", "HT", "CO", "MX"}
)  # fmt: skip


def test_every_row_is_a_geonames_unit_under_its_geonames_spelling() -> None:
    admin1 = {f"{cc}.{code}": v[0] for (cc, code), v in read_admin1().items()}
    admin2 = {
        f"{cc}.{a1}.{code}": name
        for (cc, a1), units in read_admin2().items()
        for code, name in units
    }
    rows = table()
    assert len(rows) > 500
    for code, row in rows.items():
        known = admin1 if code.count(".") == 1 else admin2
        assert known.get(code) == row.geonames, code
        assert row.name and row.name == row.name.strip(), code


def test_every_province_of_the_conflict_countries_has_a_row() -> None:
    rows = table()
    for (cc, code), _ in read_admin1().items():
        if cc in CONFLICT_COUNTRIES:
            assert f"{cc}.{code}" in rows, f"{cc}.{code}"


def test_every_syrian_district_has_a_row() -> None:
    rows = table()
    districts = [f"SY.{a1}.{code}" for (cc, a1), units in read_admin2().items()
                 if cc == "SY" for code, _ in units]  # fmt: skip
    assert len(districts) == 61
    assert all(d in rows for d in districts)


@pytest.mark.parametrize(
    ("code", "cod", "geonames"),
    [
        # The spellings the issue names, as analysts see them in ACLED-style data.
        ("SY.12", "Idleb", "Idlib"),
        ("SY.08", "Rural Damascus", "Rif-dimashq"),
        ("SY.04", "Ar-Raqqa", "Ar-Raqqah"),
        ("SY.01", "Al-Hasakeh", "Al-Hasakah"),
        ("SY.07", "Deir-ez-Zor", "Deir ez-Zor"),
        ("SY.09", "Aleppo", "Aleppo"),
        ("IQ.15", "Ninewa", "Nineveh"),
        ("SO.07", "Hiraan", "Hiiraan"),
        ("CD.11", "Nord-Kivu", "North Kivu"),
        ("NG.27", "Borno", "Borno State"),
        ("SY.09.167355", "Menbij", "Manbij District"),
    ],
)
def test_cod_spellings(code: str, cod: str, geonames: str) -> None:
    row = table()[code]
    assert (row.name, row.geonames) == (cod, geonames)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.open()


def test_a_place_takes_acled_names_and_keeps_geonames_spellings(gazetteer: Gazetteer) -> None:
    douma = gazetteer.lookup("Douma", country="SY", limit=1)[0]
    names = names_of(douma)
    assert (names.admin1, names.admin2) == ("Rural Damascus", "Duma")
    assert (names.admin1_geonames, names.admin2_geonames) == ("Rif-dimashq", "Douma District")


def test_a_unit_the_table_lacks_keeps_its_geonames_name(gazetteer: Gazetteer) -> None:
    lyon = gazetteer.lookup("Lyon", country="FR", limit=1)[0]
    names = names_of(lyon)
    assert names.admin1 == lyon.admin1 == names.admin1_geonames
    assert names.admin2 == lyon.admin2
    assert names_of(None) == names_of(None).__class__(None, None, None, None)


def test_a_district_known_by_name_only() -> None:
    # A user place (places.csv) gives its district by name, not by code.
    place = Place(1, "Arima", 36.43, 37.94, "SY", "Syria", admin1="Aleppo",
                  admin1_code="09", admin2="Al-Bab District")  # fmt: skip
    assert names_of(place).admin2 == "Al Bab"
    assert names_of(dataclasses.replace(place, admin2="Nowhere District")).admin2 == (
        "Nowhere District"
    )


def test_admin1_spellings_group_one_province() -> None:
    assert admin1_spellings("idlib") == ("Idleb", "Idlib", "idlib")
    assert set(admin1_spellings("Rural Damascus")) == {"Rural Damascus", "Rif-dimashq"}
    assert admin1_spellings("Atlantis") == ("Atlantis",)


@pytest.fixture(scope="module")
def seed_events(sitrep: Sitrep, tmp_path_factory: pytest.TempPathFactory) -> list[Event]:
    path = tmp_path_factory.mktemp("admin") / "seed.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    events, _ = sitrep.extract([path], ReadOptions(published=dt.date(2017, 1, 16)))
    assert events
    return events


def test_seed_events_carry_both_spellings_and_the_region(seed_events: list[Event]) -> None:
    located = [e for e in seed_events if e.admin1 is not None]
    assert located
    for event in located:
        assert (event.country, event.region) == ("Syria", "Middle East")
        assert (event.admin1, event.admin1_geonames) == ("Deir-ez-Zor", "Deir ez-Zor")
        assert "Deir-ez-Zor, Syria" in event.notes


def test_every_format_carries_the_region_and_both_spellings(
    seed_events: list[Event], tmp_path: Path
) -> None:
    expected = {"region": "Middle East", "admin1": "Deir-ez-Zor"}
    located = [e for e in seed_events if e.admin1 is not None]

    out = io.StringIO()
    write(located, [], "acled-csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows and all(
        (r["region"], r["admin1"], r["sitrep_admin1_geonames"])
        == ("Middle East", "Deir-ez-Zor", "Deir ez-Zor")
        for r in rows
    )

    out = io.StringIO()
    write(located, [], "jsonl", out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records and all(
        {k: r[k] for k in expected} == expected and r["admin1_geonames"] == "Deir ez-Zor"
        for r in records
    )

    out = io.StringIO()
    write(located, [], "geojson", out)
    features = [f["properties"] for f in json.loads(out.getvalue())["features"]]
    assert features and all(
        {k: p[k] for k in expected} == expected and p["admin1_geonames"] == "Deir ez-Zor"
        for p in features
    )

    import pyarrow.parquet as pq

    parquet = tmp_path / "events.parquet"
    write(located, [], "parquet", parquet)
    table_ = pq.read_table(parquet).to_pylist()
    assert table_ and all(
        (r["region"], r["admin1"], r["admin1_geonames"])
        == ("Middle East", "Deir-ez-Zor", "Deir ez-Zor")
        for r in table_
    )


def test_the_store_keeps_both_spellings_and_filters_on_either(
    sitrep: Sitrep, tmp_path: Path
) -> None:
    database = str(tmp_path / "store.db")
    report = tmp_path / "seed.txt"
    report.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    sitrep.ingest([report], ReadOptions(published=dt.date(2017, 1, 16)), database=database)
    stored = [e for e in sitrep.events(database=database) if e.admin1]
    assert stored and all(
        (e.admin1, e.admin1_geonames, e.region) == ("Deir-ez-Zor", "Deir ez-Zor", "Middle East")
        for e in stored
    )
    for spelling in ("Deir-ez-Zor", "Deir ez-Zor", "deir ez-zor"):
        found = sitrep.events(EventQuery(admin1=spelling), database=database)
        assert {e.event_id for e in found} == {e.event_id for e in stored}, spelling
    assert sitrep.events(EventQuery(admin1="Idleb"), database=database) == []
