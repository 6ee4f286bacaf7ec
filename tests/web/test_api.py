"""The REST API through an in-process client, over the real `make run` store."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

from fastapi.testclient import TestClient

from sitrep.api import Sitrep
from sitrep.export import ACLED_COLUMNS
from sitrep.store import EventQuery
from sitrep.web.auth import Token, load_or_create
from tests.web.conftest import DEIR_EZ_ZOR, auth


def _ids(client: TestClient, **params: object) -> list[str]:
    body = client.get("/api/v1/events", params={"limit": 5000, **params}).json()
    return [e["event_id"] for e in body["events"]]


def test_events_filters_match_sitrep_events(client: TestClient, store_copy: Path) -> None:
    sitrep = Sitrep()
    database = str(store_copy)
    everything = sitrep.events(database=database)
    assert len(everything) > 20
    assert sorted(_ids(client)) == sorted(e.event_id for e in everything)
    for params, query in [
        ({"country": "syria"}, EventQuery(country="syria")),
        ({"admin1": "Deir ez-Zor"}, EventQuery(admin1="Deir ez-Zor")),
        ({"event_type": "Battles"}, EventQuery(event_type="Battles")),
        ({"actor": "Islamic State"}, EventQuery(actor="Islamic State")),
        (
            {"date_from": "2017-01-01", "date_to": "2017-12-31"},
            EventQuery(date_from=everything[0].event_date, date_to=everything[0].event_date),
        ),
    ]:
        expected = {e.event_id for e in sitrep.events(query, database=database)}
        if "date_from" in params:
            expected = {
                e.event_id for e in everything if e.event_date and e.event_date.year == 2017
            }
        assert set(_ids(client, **params)) == expected, params
        assert expected, params  # each filter selects something in this store


def test_bbox_confidence_and_text_search(client: TestClient) -> None:
    events = client.get("/api/v1/events", params={"limit": 5000}).json()["events"]
    lat, lon = DEIR_EZ_ZOR
    inside = client.get(
        "/api/v1/events", params={"bbox": f"{lon - 1},{lat - 1},{lon + 1},{lat + 1}"}
    ).json()["events"]
    assert inside and all(abs(e["latitude"] - lat) <= 1 for e in inside)
    assert len(inside) < len(events)
    across = client.get("/api/v1/events", params={"bbox": "170,-90,-170,90"}).json()
    assert across["total"] == sum(
        1 for e in events if e["longitude"] and abs(e["longitude"]) >= 170
    )
    cut = sorted(e["confidence"] for e in events)[len(events) // 2]
    confident = client.get("/api/v1/events", params={"min_confidence": cut}).json()
    assert confident["total"] == sum(1 for e in events if e["confidence"] >= cut)
    word = inside[0]["evidence"][0]["text"].split()[2]
    found = client.get("/api/v1/events", params={"q": word.upper(), "limit": 5000}).json()
    assert inside[0]["event_id"] in {e["event_id"] for e in found["events"]}
    assert client.get("/api/v1/events", params={"q": "%"}).json()["total"] == 0


def test_paging_and_sorting(client: TestClient) -> None:
    whole = _ids(client, sort="fatalities", order="desc")
    paged: list[str] = []
    for offset in range(0, len(whole), 7):
        body = client.get(
            "/api/v1/events",
            params={"sort": "fatalities", "order": "desc", "limit": 7, "offset": offset},
        ).json()
        assert body["total"] == len(whole)
        paged += [e["event_id"] for e in body["events"]]
    assert paged == whole
    fatalities = [
        e["fatalities"]
        for e in client.get(
            "/api/v1/events", params={"sort": "fatalities", "order": "desc"}
        ).json()["events"]
    ]
    assert fatalities == sorted(fatalities, reverse=True) and fatalities[0] > 0


def test_geojson_and_acled_csv(client: TestClient) -> None:
    page = client.get("/api/v1/events", params={"limit": 10}).json()["events"]
    geo = client.get("/api/v1/events", params={"limit": 10, "format": "geojson"})
    assert geo.headers["content-type"].startswith("application/geo+json")
    features = geo.json()["features"]
    # Every event, an unplaced one with a null geometry (RFC 7946, issue 13).
    assert [f["id"] for f in features] == [e["event_id"] for e in page]
    for feature, event in zip(features, page, strict=True):
        if event["latitude"] is None:
            assert feature["geometry"] is None
        else:
            assert feature["geometry"]["coordinates"] == [event["longitude"], event["latitude"]]
    response = client.get("/api/v1/events", params={"limit": 10, "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0])[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert [r["sitrep_event_id"] for r in rows] == [e["event_id"] for e in page]


def test_event_detail_evidence_points_into_the_source(client: TestClient) -> None:
    event_id = _ids(client, admin1="Deir ez-Zor")[0]
    detail = client.get(f"/api/v1/events/{event_id}").json()
    assert detail["event"]["event_id"] == event_id and detail["corrections"] == []
    assert detail["mentions"] and detail["documents"]
    for span in detail["event"]["evidence"]:
        document = client.get(f"/api/v1/documents/{span['doc_id']}").json()
        assert document["text"][span["start"] : span["end"]] == span["text"]
    # The seed's statistics (e.g. the 115,000 trapped) come with it, apart.
    assert any(s["measure"] == "trapped" for s in detail["statistics"])
    assert client.get("/api/v1/events/nope").json()["error"]["code"] == "E040"
    assert client.get("/api/v1/documents/nope").status_code == 404


def test_statistics(client: TestClient, store_copy: Path) -> None:
    stored = Sitrep().statistics(database=str(store_copy))
    body = client.get("/api/v1/statistics", params={"limit": 3}).json()
    assert body["total"] == len(stored) and len(body["statistics"]) == 3
    one = stored[0]
    mine = client.get("/api/v1/statistics", params={"doc_id": one.doc_id}).json()
    assert mine["total"] == sum(1 for s in stored if s.doc_id == one.doc_id)


def test_writes_need_the_token(client: TestClient, token: Token) -> None:
    event_id = _ids(client)[0]
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": token.value}):
        refused = client.patch(
            f"/api/v1/events/{event_id}", json={"fatalities": 3}, headers=headers
        )
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "E042"
        posted = client.post("/api/v1/documents", content=b"text", headers=headers)
        assert posted.status_code == 401
    assert client.get(f"/api/v1/events/{event_id}/corrections").json() == []


def test_correction_is_kept_and_applied_on_every_read(
    client: TestClient, token: Token, store_copy: Path
) -> None:
    event_id = _ids(client, admin1="Deir ez-Zor")[0]
    before = client.get(f"/api/v1/events/{event_id}").json()["event"]
    response = client.patch(
        f"/api/v1/events/{event_id}",
        json={"author": "Rana", "fatalities": before["fatalities"] + 4,
              "sub_event_type": "Air/drone strike", "actor2": None},
        headers=auth(token),
    )  # fmt: skip
    assert response.status_code == 200, response.text
    fields = {c["field"]: c for c in response.json()["corrections"]}
    # Both types are political violence: the disorder type is unchanged, not recorded.
    assert set(fields) == {"fatalities", "sub_event_type", "event_type", "actor2"}
    assert fields["fatalities"]["old"] == before["fatalities"]
    assert fields["fatalities"]["author"] == "Rana" and fields["fatalities"]["created_at"]
    event = client.get(f"/api/v1/events/{event_id}").json()
    assert event["event"]["event_type"] == "Explosions/Remote violence"
    assert (
        event["event"]["actor2"] is None
        and event["machine"]["sub_event_type"] != "Air/drone strike"
    )
    # The list, the filters, the Python API and so the CLI all read it corrected.
    assert event_id in _ids(client, event_type="Air/drone strike")
    corrected = [e for e in Sitrep().events(database=str(store_copy)) if e.event_id == event_id]
    assert corrected[0].fatalities == before["fatalities"] + 4
    assert len(client.get(f"/api/v1/events/{event_id}/corrections").json()) == 4
    assert len(client.get("/api/v1/corrections").json()) == 4
    # Saying the same again records nothing new.
    again = client.patch(
        f"/api/v1/events/{event_id}", json={"fatalities": before["fatalities"] + 4},
        headers=auth(token),
    )  # fmt: skip
    assert again.json()["corrections"] == []


def test_not_an_event_hides_it_but_keeps_it(client: TestClient, token: Token) -> None:
    event_id = _ids(client)[0]
    total = client.get("/api/v1/events").json()["total"]
    client.patch(f"/api/v1/events/{event_id}", json={"not_an_event": True}, headers=auth(token))
    assert event_id not in _ids(client)
    assert client.get("/api/v1/events").json()["total"] == total - 1
    assert client.get(f"/api/v1/events/{event_id}").json()["not_an_event"] is True
    client.patch(f"/api/v1/events/{event_id}", json={"not_an_event": False}, headers=auth(token))
    assert event_id in _ids(client)


def test_bad_corrections_are_refused_with_codes(client: TestClient, token: Token) -> None:
    event_id = _ids(client)[0]
    for body, code in [
        ({"sub_event_type": "Picnic"}, "E045"),
        ({"event_type": "Battles", "sub_event_type": "Peaceful protest"}, "E045"),
        ({"fatalities": -1}, "E045"),
        ({"latitude": 123.0}, "E045"),
        ({"event_date": "yesterday"}, "E045"),
        ({"event_type": None}, "E045"),
        ({}, "E045"),
        ({"colour": "red"}, "E044"),
        ({"fatalities": "many"}, "E044"),
    ]:
        response = client.patch(f"/api/v1/events/{event_id}", json=body, headers=auth(token))
        assert response.status_code == 422, body
        assert response.json()["error"]["code"] == code, body
    missing = client.patch("/api/v1/events/nope", json={"fatalities": 1}, headers=auth(token))
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "E040"
    assert client.get("/api/v1/corrections").json() == []


def test_post_documents_same_pipeline_and_codes(client: TestClient, token: Token) -> None:
    empty = client.post("/api/v1/documents", content=b"", headers=auth(token))
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "E046"
    assert empty.json()["rejected"][0]["code"] == "E001"
    binary = client.post("/api/v1/documents", content=b"\x00\x01" * 200, headers=auth(token))
    assert binary.json()["rejected"][0]["code"] == "E002"
    broken = client.post(
        "/api/v1/documents", content=b'{"text": "x"\n',
        headers={**auth(token), "Content-Type": "application/x-ndjson"},
    )  # fmt: skip
    assert broken.json()["rejected"][0]["code"] == "E006"
    before = client.get("/api/v1/events").json()["total"]
    text = (
        "BEIRUT (Reuters) - An air strike killed 12 civilians in the town of Saraqeb in "
        "Idlib province on Tuesday, a war monitor said. Rebels and government forces also "
        "clashed near Maarat al-Numan, the Syrian Observatory for Human Rights said."
    )
    stored = client.post(
        "/api/v1/documents", params={"published": "2019-05-14"}, content=text.encode(),
        headers={**auth(token), "Content-Type": "text/plain"},
    )  # fmt: skip
    assert stored.status_code == 201, stored.text
    assert stored.json()["stored"] == 1
    assert client.get("/api/v1/events").json()["total"] > before
    again = client.post(
        "/api/v1/documents", params={"published": "2019-05-14"}, content=text.encode(),
        headers={**auth(token), "Content-Type": "text/plain"},
    )  # fmt: skip
    assert again.status_code == 200 and again.json()["skipped"] == 1


def test_body_size_limit(client: TestClient, token: Token) -> None:
    big = b"word " * 50_000  # 250,000 bytes > the fixture's 200,000
    response = client.post("/api/v1/documents", content=big, headers=auth(token))
    assert response.status_code == 413 and response.json()["error"]["code"] == "E043"

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(50):
            yield b"word " * 1000

    streamed = client.post("/api/v1/documents", content=chunks(), headers=auth(token))
    assert streamed.status_code == 413 and streamed.json()["error"]["code"] == "E043"


def test_errors_are_numbered_json(client: TestClient) -> None:
    for path, status, code in [
        ("/api/v1/nothing", 404, "E047"),
        ("/api/v1/events?bbox=1,2", 422, "E044"),
        ("/api/v1/events?bbox=10,50,20,40", 422, "E044"),
        ("/api/v1/events?limit=0", 422, "E044"),
        ("/api/v1/events?sort=record", 422, "E044"),
        ("/api/v1/events?date_from=soon", 422, "E044"),
    ]:
        response = client.get(path)
        assert response.status_code == status, path
        assert response.json()["error"]["code"] == code, path
        assert response.json()["error"]["message"].startswith(f"[{code}]")


def test_missing_store_is_e022(tmp_path: Path, token: Token) -> None:
    from sitrep.web import ServeConfig, create_app

    app = create_app(ServeConfig(str(tmp_path / "typo.db"), token))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/v1/events")
    assert response.status_code == 503 and response.json()["error"]["code"] == "E028"
    assert not (tmp_path / "typo.db").exists()


def test_cors_closed_and_headers(client: TestClient) -> None:
    origin = {"Origin": "https://evil.example"}
    assert "access-control-allow-origin" not in client.get("/api/v1/events", headers=origin).headers
    preflight = client.options(
        "/api/v1/events/x",
        headers={**origin, "Access-Control-Request-Method": "PATCH"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    page = client.get("/")
    assert (
        page.status_code == 200 and "script-src 'self'" in page.headers["content-security-policy"]
    )
    assert page.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/vendor/leaflet.js").status_code == 200
    docs = client.get("/docs")
    assert docs.status_code == 200 and "<script" not in docs.text.lower()
    assert "/api/v1/events/{event_id}" in docs.text and "needs the bearer token" in docs.text
    assert "content-security-policy" in docs.headers
    assert client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/events"]


def test_map_dots_grid_and_timeline(client: TestClient) -> None:
    total = client.get("/api/v1/events").json()["total"]
    layer = client.get("/api/v1/map", params={"admin1": "Deir ez-Zor"}).json()
    assert layer["mode"] == "dots" and layer["dots"]
    assert all(abs(d["latitude"] - DEIR_EZ_ZOR[0]) < 0.2 for d in layer["dots"])
    from sitrep.web import routes_page

    routes_page.MAX_DOTS, saved = 2, routes_page.MAX_DOTS
    try:
        grid = client.get("/api/v1/map", params={"zoom": 2}).json()
    finally:
        routes_page.MAX_DOTS = saved
    assert grid["mode"] == "grid" and grid["total"] == total
    located = sum(1 for e in client.get("/api/v1/events", params={"limit": 5000}).json()["events"]
                  if e["latitude"] is not None)  # fmt: skip
    assert sum(c["count"] for c in grid["cells"]) == located
    assert 1 < len(grid["cells"]) < located
    bins = client.get("/api/v1/timeline").json()["bins"]
    assert sum(b["count"] for b in bins) == total
    months = client.get("/api/v1/timeline", params={"by": "month"}).json()["bins"]
    assert all(b["start"].endswith("-01") for b in months) and len(months) < len(bins)
    facets = client.get("/api/v1/facets").json()
    assert "Syria" in facets["country"] and "Deir-ez-Zor" in facets["admin1"]


def test_admin1_facets_by_country(client: TestClient) -> None:
    facets = client.get("/api/v1/facets").json()
    by_country = facets["admin1_by_country"]
    assert "Deir-ez-Zor" in by_country["Syria"] and "Deir-ez-Zor" not in by_country.get("Iraq", [])
    assert sorted(a for names in by_country.values() for a in names) == sorted(facets["admin1"])
    assert set(by_country) <= set(facets["country"])


def test_basemaps_countries_and_admin1_units(client: TestClient) -> None:
    countries = client.get("/api/v1/basemap").json()
    assert len(countries["features"]) == 177
    response = client.get("/api/v1/basemap/admin1")
    assert response.status_code == 200
    topology = response.json()
    assert topology["type"] == "Topology" and "Natural Earth" in topology["source"]
    units = [g["properties"] for g in topology["objects"]["admin1"]["geometries"]]
    assert len(units) > 4000
    syria = {u["admin1"] for u in units if u["iso_a3"] == "SYR" and u["admin1"]}
    assert len(syria) == 14 and {"Deir-ez-Zor", "Idleb", "Rural Damascus"} <= syria
    geonames = {u["admin1_geonames"] for u in units if u["iso_a3"] == "SYR"}
    assert {"Deir ez-Zor", "Idlib", "Rif-dimashq"} <= geonames
    # Every admin1 the store holds (ACLED-style names, else GeoNames') is a
    # unit the page can draw, tint and filter by.
    named = {u["admin1"] for u in units}
    assert set(client.get("/api/v1/facets").json()["admin1"]) <= named
    # The arcs decode to longitudes and latitudes (quantised, delta-encoded).
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    for arc in topology["arcs"][::50]:
        x = y = 0
        for dx, dy in arc:
            x, y = x + dx, y + dy
            assert -180.5 <= x * sx + tx <= 180.5 and -90 <= y * sy + ty <= 90
    assert len(response.content) < 10_000_000


def test_token_file_is_private_and_made_once(tmp_path: Path) -> None:
    path = tmp_path / "store.db.token"
    first = load_or_create(path)
    assert first.created and len(first.value) >= 40
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    second = load_or_create(path)
    assert not second.created and second.value == first.value
    path.chmod(0o644)
    load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert first.accepts(f"Bearer {first.value}") and first.accepts(f"bearer  {first.value} ")
    assert not first.accepts(first.value) and not first.accepts(None)
