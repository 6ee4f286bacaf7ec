"""The map: bundled Natural Earth boundaries and markers by type and fatalities."""

from __future__ import annotations

import datetime as dt

from sitrep.report import map as report_map
from tests.report.conftest import make_event

DAY = dt.date(2024, 3, 10)


def test_bundled_boundaries_hold_the_countries_of_the_conflicts_covered() -> None:
    countries = {c.iso_a3: c for c in report_map.load_countries()}
    assert len(countries) == 177
    syria = countries["SYR"]
    west, south, east, north = syria.bounds
    assert west < 40.14 < east and south < 35.33 < north  # Deir ez-Zor is inside Syria's box
    assert {"IRQ", "SOM", "UKR", "MLI", "NGA", "AFG"} <= set(countries)


def test_map_places_events_labels_busiest_places_and_names_countries() -> None:
    events = [
        make_event("a", DAY, fatalities=10),
        make_event("b", DAY, country="Iraq", location="Mosul", coordinates=(36.34, 43.13)),
        make_event("c", DAY, coordinates=None, location=None),
    ]
    svg, note = report_map.render_map(events)
    assert svg.startswith("<svg")
    assert "Deir ez-Zor" in svg and "Mosul" in svg
    assert "SYRIA" in svg and "IRAQ" in svg
    assert "Battles" in svg and "10 killed" in svg
    assert note == "1 events have no coordinates and are not mapped."


def test_same_place_and_type_share_one_marker() -> None:
    events = [make_event(str(i), DAY, fatalities=1) for i in range(50)]
    events.append(make_event("near", DAY, coordinates=(35.335, 40.145), fatalities=2))
    events.append(make_event("far", DAY, coordinates=(36.0, 41.0)))
    markers = report_map._markers(events, cell=0.05)
    assert [(m.events, m.fatalities) for m in markers] == [(51, 52), (1, 0)]
    assert abs(markers[0].latitude - 35.33) < 0.001  # the mean position of its events


def test_without_coordinates_the_map_falls_back_to_the_countries_asked_for() -> None:
    events = [make_event("a", DAY, coordinates=None)]
    svg, _ = report_map.render_map(events, ["Syria"])
    assert "SYRIA" in svg
    svg, note = report_map.render_map(events)
    assert svg == "" and note == "No event has coordinates to map."
