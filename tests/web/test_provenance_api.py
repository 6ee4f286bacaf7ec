"""The web API's events carry their reports' source ids (issue 8)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import SEED


def test_events_and_their_detail_carry_source_ids(client: TestClient) -> None:
    body = client.get("/api/v1/events", params={"limit": 5000}).json()
    events = body["events"]
    assert events
    assert all(isinstance(e["source_ids"], list) and e["source_ids"] for e in events)
    ids = {i for e in events for i in e["source_ids"]}
    assert str(SEED) in ids  # a file's path
    assert "8011115" in ids  # a JSONL record's id
    detail = client.get(f"/api/v1/events/{events[0]['event_id']}").json()
    assert detail["event"]["source_ids"] == events[0]["source_ids"]
    assert detail["machine"]["source_ids"] == events[0]["source_ids"]
    assert all(s["source_ids"] for s in detail["statistics"])
