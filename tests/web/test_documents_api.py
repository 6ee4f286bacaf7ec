"""``/api/v1/documents``: a stored document carries its source ids (schema
1.1), and an upload takes the documents' country context as ``sitrep ingest
--country`` does (issue 8)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sitrep.web.auth import Token
from tests.web.conftest import auth

# voa-6202743 (Nigeria), 2 March 2021: the village of Jangebe is missing from
# the bundled gazetteer, and no word of the sentence names Nigeria.
JANGEBE = (
    "Gunmen kidnapped the girls during an overnight raid at their school in the village "
    "of Jangebe on Friday, officials said."
)


def test_document_carries_its_source_ids(client: TestClient) -> None:
    events = client.get("/api/v1/events", params={"limit": 5000}).json()["events"]
    event = next(e for e in events if "8011115" in e["source_ids"] and len(e["doc_ids"]) == 1)
    document = client.get(f"/api/v1/documents/{event['doc_ids'][0]}").json()
    # The JSONL record's id and its URL, as the event gives them.
    assert document["source_ids"] == event["source_ids"]
    assert "8011115" in document["source_ids"]
    assert document["text"]


def _upload(client: TestClient, token: Token, **params: object):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/documents",
        params={"published": "2021-03-02", **params},
        content=JANGEBE.encode(),
        headers={**auth(token), "Content-Type": "text/plain"},
    )


def _events(client: TestClient) -> dict[str, dict[str, object]]:
    return {
        e["event_id"]: e
        for e in client.get("/api/v1/events", params={"limit": 5000}).json()["events"]
    }


def test_upload_takes_the_country_context(client: TestClient, token: Token) -> None:
    before = _events(client)
    bad = _upload(client, token, country="Atlantis")
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "E057" and "Atlantis" in bad.json()["error"]["message"]
    assert _events(client).keys() == before.keys()  # refused before reading
    stored = _upload(client, token, country="NG")
    assert stored.status_code == 201, stored.text
    new = [e for i, e in _events(client).items() if i not in before]
    assert [(e["actor1"], e["country"]) for e in new] == [
        ("Unidentified Armed Group (Nigeria)", "Nigeria")
    ]
