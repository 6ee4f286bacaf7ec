"""Importing full GeoNames dumps (sitrep.gazetteer_import) on the real NL dump.

``tests/data/geonames/NL.txt.gz`` is GeoNames' ``NL.txt`` (22,852 features);
the test packs it into ``NL.zip`` the way GeoNames serves it, so the zip path
is what is tested. Admin names come from the real ``admin1CodesASCII.txt`` and
``admin2Codes.txt`` shipped in ``src/sitrep/data/geonames``. GeoNames data,
CC BY 4.0 (see tests/data/geonames/README.md).
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.errors import SitrepError
from sitrep.gazetteer import DATA_DIR, Gazetteer, default_path
from sitrep.gazetteer_import import ImportStats, import_geonames, input_size

HERE = Path(__file__).resolve().parent
GEONAMES = HERE / "data" / "geonames"
ADMIN1 = DATA_DIR / "geonames" / "admin1CodesASCII.txt"

AMSTERDAM, ROTTERDAM, THE_HAGUE, HAARLEM = 2759794, 2747891, 2747373, 2755003
NOORD_HOLLAND, ZUID_HOLLAND, NETHERLANDS = 2749879, 2743698, 2750405

# Ten rows in the real alternateNamesV2.txt format: alternateNameId, geonameid,
# isolanguage, alternate name, isPreferredName, isShortName, isColloquial,
# isHistoric, from, to. Three add a name; the others are skipped (links, codes,
# a name already known, a place not in the dump).
ALTERNATE_NAMES = [
    ("16934561", "2759794", "link", "https://en.wikipedia.org/wiki/Amsterdam", "", "", "", ""),
    ("11845171", "2759794", "wkdt", "Q727", "", "", "", ""),
    ("2984401", "2759794", "nl", "Amsterdam", "1", "", "", ""),
    ("16934562", "2759794", "", "Amstelredam", "", "", "", "1"),
    ("16934563", "2759794", "iata", "AMS", "", "", "", ""),
    ("16934564", "2747891", "nl", "Rotjeknor", "", "", "1", ""),
    ("16934565", "2747891", "post", "3011", "", "", "", ""),
    ("16934566", "2747373", "nl", "Hofstad", "", "", "1", ""),
    ("16934567", "2747373", "ru", "Гаага", "", "", "", ""),
    ("16934568", "170794", "en", "Deir ez-Zor", "", "", "", ""),
]


@dataclass(frozen=True)
class Dumps:
    nl_zip: Path
    nl_txt: Path
    admin2: Path
    country_info: Path
    alternate_names: Path


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> Dumps:
    folder = tmp_path_factory.mktemp("geonames")
    nl_txt = folder / "NL.txt"
    with gzip.open(GEONAMES / "NL.txt.gz", "rb") as src, nl_txt.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    nl_zip = folder / "NL.zip"
    with zipfile.ZipFile(nl_zip, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(nl_txt, "NL.txt")
        zf.writestr("readme.txt", "GeoNames NL dump (CC BY 4.0)\n")
    admin2 = folder / "admin2Codes.txt"
    with gzip.open(DATA_DIR / "geonames" / "admin2Codes.txt.gz", "rb") as src:
        admin2.write_bytes(src.read())
    alternate_names = folder / "alternateNamesV2.txt"
    alternate_names.write_text(
        "".join("\t".join([*row, "", ""]) + "\n" for row in ALTERNATE_NAMES), encoding="utf-8"
    )
    return Dumps(nl_zip, nl_txt, admin2, GEONAMES / "countryInfo.txt", alternate_names)


@pytest.fixture(scope="module")
def imported(dumps: Dumps, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ImportStats]:
    out = tmp_path_factory.mktemp("gaz") / "nl.sqlite"
    seen: list[int] = []
    start = time.perf_counter()
    stats = import_geonames(
        [dumps.nl_zip],
        out,
        alternate_names=dumps.alternate_names,
        admin1=ADMIN1,
        admin2=dumps.admin2,
        country_info=dumps.country_info,
        progress=seen.append,
    )
    elapsed = time.perf_counter() - start
    print(
        f"\nNL import: {stats.rows_read} rows, {stats.places} places, {stats.names} name keys "
        f"in {elapsed:.2f} s ({stats.rows_per_second:,.0f} rows/s)"
    )
    assert sum(seen) == input_size([dumps.nl_zip], dumps.alternate_names)
    return out, stats


@pytest.fixture(scope="module")
def gaz(imported: tuple[Path, ImportStats]) -> Gazetteer:
    return Gazetteer.open(imported[0], user_places=None)


def test_stats(imported: tuple[Path, ImportStats]) -> None:
    _out, stats = imported
    assert stats.rows_read == 22852
    assert stats.places == stats.total_places > 7000  # classes P and A of 22,852 features
    assert stats.names > stats.places
    assert stats.alternate_names == 3


@pytest.mark.parametrize(
    ("name", "geonameid", "code", "admin1", "admin2", "admin2_code"),
    [
        ("Amsterdam", AMSTERDAM, "PPLC", "North Holland", "Gemeente Amsterdam", "0363"),
        ("Rotterdam", ROTTERDAM, "PPL", "South Holland", "Rotterdam", "0599"),
        ("Den Haag", THE_HAGUE, "PPLG", "South Holland", "Gemeente Den Haag", "0518"),
        ("'s-Gravenhage", THE_HAGUE, "PPLG", "South Holland", "Gemeente Den Haag", "0518"),
        ("The Hague", THE_HAGUE, "PPLG", "South Holland", "Gemeente Den Haag", "0518"),
        ("Haarlem", HAARLEM, "PPLA", "North Holland", "Gemeente Haarlem", "0392"),
    ],
)
def test_cities_resolve_with_real_codes(
    gaz: Gazetteer,
    name: str,
    geonameid: int,
    code: str,
    admin1: str,
    admin2: str,
    admin2_code: str,
) -> None:
    place = gaz.lookup(name, limit=1)[0]
    assert place.geonameid == geonameid
    assert (place.feature_class, place.feature_code) == ("P", code)
    # GeoNames' admin1CodesASCII.txt names the provinces in English (North
    # Holland, NL.07; South Holland, NL.11); the Dutch names find the regions.
    assert place.admin1 == admin1
    assert (place.admin2, place.admin2_code) == (admin2, admin2_code)
    assert (place.country_iso, place.country) == ("NL", "Netherlands")


def test_town_outranks_its_municipality(gaz: Gazetteer) -> None:
    # The ADM2 municipality "Rotterdam" has more inhabitants than the city.
    found = gaz.lookup("Rotterdam", limit=5)
    assert [p.feature_code for p in found[:2]] == ["PPL", "ADM2"]
    assert found[1].population > found[0].population


def test_regions_and_country(gaz: Gazetteer) -> None:
    for name, geonameid, code in [
        ("Noord-Holland", NOORD_HOLLAND, "07"),
        ("Zuid-Holland", ZUID_HOLLAND, "11"),
        ("South Holland province", ZUID_HOLLAND, "11"),
    ]:
        region = gaz.lookup(name, limit=1)[0]
        assert (region.geonameid, region.feature_code, region.admin1_code) == (
            geonameid,
            "ADM1",
            code,
        )
    seat = gaz.admin1_seat("NL", "07")
    assert seat is not None and seat.geonameid == HAARLEM
    seat = gaz.admin1_seat("NL", "11")  # no PPLA: the seat of government
    assert seat is not None and seat.geonameid == THE_HAGUE
    country = gaz.country_place("NL")
    assert country is not None and country.geonameid == NETHERLANDS
    assert gaz.lookup("Netherlands", limit=1)[0].geonameid == NETHERLANDS
    assert gaz.lookup("Nederland", limit=1)[0].geonameid == NETHERLANDS


def test_only_requested_classes(imported: tuple[Path, ImportStats], gaz: Gazetteer) -> None:
    import sqlite3

    with sqlite3.connect(imported[0]) as conn:
        classes = {r[0] for r in conn.execute("SELECT DISTINCT fclass FROM place")}
        codes = {r[0] for r in conn.execute("SELECT DISTINCT fcode FROM place")}
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert classes == {"P", "A"}
    assert {"PPLC", "PPLA", "PPLG", "PPL", "ADM1", "ADM2", "PCLI"} <= codes
    assert not any(t.startswith("_stage") for t in tables)
    near = gaz.nearest(52.372, 4.894)
    assert near is not None and near.feature_class == "P" and near.admin1 == "North Holland"


def test_alternate_names_file(gaz: Gazetteer) -> None:
    for name, geonameid in [
        ("Amstelredam", AMSTERDAM),
        ("Rotjeknor", ROTTERDAM),
        ("Hofstad", THE_HAGUE),  # also a hamlet (PPLX); the city is more populous
    ]:
        place = gaz.lookup(name, limit=1)[0]
        assert place.geonameid == geonameid
        assert name in gaz.with_alternates(place).alternate_names
    amsterdam = gaz.get(AMSTERDAM)
    assert amsterdam is not None
    assert amsterdam.alternate_names.count("Amsterdam") == 0  # the name is not repeated
    for code in ("Q727", "3011", "https://en.wikipedia.org/wiki/Amsterdam"):
        assert all(p.geonameid != AMSTERDAM for p in gaz.lookup(code))
    assert gaz.get(170794) is None  # alternate names never add places


def test_txt_filters_and_settings(
    dumps: Dumps, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "big.sqlite"
    stats = import_geonames(
        [dumps.nl_txt], out, admin1=ADMIN1, feature_classes="P", min_population=100_000
    )
    monkeypatch.setenv("SITREP_GAZETTEER", str(out))
    gaz = Gazetteer.open()  # via $SITREP_GAZETTEER
    try:
        assert 20 < stats.places < 40
        assert gaz.lookup("Amsterdam", limit=1)[0].geonameid == AMSTERDAM
        assert all(p.population >= 100_000 for p in gaz.lookup("Gemeente Amsterdam"))
        # No admin2 file: admin2 names would come from ADM2 features, not imported here.
        place = gaz.get(ROTTERDAM)
        assert place is not None
        assert (place.admin2_code, place.admin2) == ("0599", None)
    finally:
        gaz.close()
    monkeypatch.setenv("SITREP_GAZETTEER", str(tmp_path / "missing.sqlite"))
    with pytest.raises(SitrepError, match=r"\[E011\].*SITREP_GAZETTEER"):
        Gazetteer.open()


def test_admin_names_from_the_dump_itself(dumps: Dumps, tmp_path: Path) -> None:
    out = tmp_path / "bare.sqlite"
    import_geonames([dumps.nl_zip], out)  # no admin or country files
    gaz = Gazetteer.open(out, user_places=None)
    place = gaz.get(AMSTERDAM)
    assert place is not None
    assert (place.admin1, place.admin2) == ("Provincie Noord-Holland", "Gemeente Amsterdam")
    assert place.country == "Kingdom of the Netherlands"


def test_bad_dump_leaves_nothing(dumps: Dumps, tmp_path: Path) -> None:
    out = tmp_path / "bad.sqlite"
    with pytest.raises(SitrepError, match=r"\[E017\].*line 1"):
        import_geonames([dumps.alternate_names], out)  # not a geoname table
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="feature classes"):
        import_geonames([dumps.nl_zip], out, feature_classes="PX")


def test_import_cli_time_and_memory(dumps: Dumps, tmp_path: Path) -> None:
    """The CLI import in a fresh process: its summary reports time and peak memory."""
    out = tmp_path / "cli.sqlite"
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    cmd = [sys.executable, "-m", "sitrep.cli", "gazetteer", "import", str(dumps.nl_zip)]
    cmd += ["--out", str(out), "--admin1", str(ADMIN1), "--admin2", str(dumps.admin2)]
    cmd += ["--country-info", str(dumps.country_info)]
    cmd += ["--alternate-names", str(dumps.alternate_names)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    summary = done.stderr.strip().splitlines()[-1]
    print(f"\n{summary}")
    assert "peak memory" in summary and "rows/s" in summary
    assert Gazetteer.open(out, user_places=None).lookup("Rotjeknor")[0].geonameid == ROTTERDAM


def test_lookup_cli(imported: tuple[Path, ImportStats]) -> None:
    from sitrep.cli import main

    runner = CliRunner()
    path = str(imported[0])
    result = runner.invoke(
        main, ["gazetteer", "lookup", "Den Haag", "--gazetteer", path, "--limit", "2", "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["id"] == THE_HAGUE
    assert (rows[0]["feature_code"], rows[0]["admin1"], rows[0]["admin2"]) == (
        "PPLG",
        "South Holland",
        "Gemeente Den Haag",
    )
    assert rows[0]["country"] == "NL" and rows[0]["population"] > 400_000
    result = runner.invoke(main, ["gazetteer", "lookup", "Amsterdam", "--gazetteer", path])
    assert result.exit_code == 0
    assert "2759794" in result.stdout and "PPLC" in result.stdout


@pytest.mark.slow
def test_geocode_cli(sitrep: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.api import Sitrep
    from sitrep.cli import main

    assert isinstance(sitrep, Sitrep)
    loaded = sitrep.resources
    monkeypatch.setattr("sitrep.api.Sitrep.resources", property(lambda self: loaded))
    text = "Clashes erupted in Deir ez-Zor and al-Bab."
    result = CliRunner().invoke(main, ["geocode", text, "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["country"] == "SY"
    places = {m["text"]: m["place"] for m in out["mentions"]}
    assert places["Deir ez-Zor"]["id"] == 170794
    assert places["Deir ez-Zor"]["country"] == "SY"
    assert places["al-Bab"]["id"] == 174018
    assert all(m["geo_precision"] == 1 for m in out["mentions"])
    table = CliRunner().invoke(main, ["geocode", text])
    assert "Deir ez-Zor" in table.stdout and "SY" in table.stdout


@pytest.mark.slow
def test_merge_default(dumps: Dumps, tmp_path: Path) -> None:
    """On top of the default gazetteer (built on first use, about 30 s)."""
    if not default_path().exists():
        Gazetteer.build(default_path())
    out = tmp_path / "merged.sqlite"
    stats = import_geonames(
        [dumps.nl_zip], out, admin1=ADMIN1, admin2=dumps.admin2, merge_default=True
    )
    assert stats.total_places > 200_000 > stats.places
    gaz = Gazetteer.open(out, user_places=None)
    assert gaz.lookup("Deir ez-Zor", limit=1)[0].geonameid == 170794  # from the default
    seat = gaz.admin1_seat("SY", "07")
    assert seat is not None and seat.geonameid == 170794
    rotterdam = gaz.lookup("Rotterdam", country="NL", limit=1)[0]  # replaced by the dump's
    assert (rotterdam.geonameid, rotterdam.admin2_code) == (ROTTERDAM, "0599")
    assert gaz.lookup("Rotjeknor") == []  # no alternate-names file this time
    assert gaz.lookup("Hofstad", limit=1)[0].feature_code == "PPLX"
