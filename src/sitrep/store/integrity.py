"""Whether a store is whole: the database's own check and the links between
documents, mentions, statistics and events that every ingest keeps (what
the kill tests check after each killed run, and ``sitrep db status`` prints)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitrep.store import Store

#: Links between the tables a whole store keeps: name -> rows that break it.
_LINKS = {
    "mentions of a missing document": "SELECT count(*) FROM mentions m"
    " WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = m.doc_id)",
    "statistics of a missing document": "SELECT count(*) FROM statistics s"
    " WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = s.doc_id)",
    "mentions in no event": "SELECT count(*) FROM mentions m WHERE NOT EXISTS"
    " (SELECT 1 FROM event_mentions em WHERE em.doc_id = m.doc_id AND em.idx = m.idx)",
    "event links to a missing mention": "SELECT count(*) FROM event_mentions em WHERE NOT EXISTS"
    " (SELECT 1 FROM mentions m WHERE m.doc_id = em.doc_id AND m.idx = em.idx)",
    "event links to a missing event": "SELECT count(*) FROM event_mentions em"
    " WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = em.event_id)",
    "events without a mention": "SELECT count(*) FROM events e"
    " WHERE NOT EXISTS (SELECT 1 FROM event_mentions em WHERE em.event_id = e.event_id)",
}


def problems(store: Store) -> list[str]:
    """What is wrong with a store (empty: nothing): the database's own check
    (SQLite's integrity and foreign-key checks) and the links between
    documents, mentions, statistics and events that every whole ingest keeps."""
    found: list[str] = []
    if store.backend == "sqlite":
        checked = store.rows("PRAGMA integrity_check")
        found += [f"integrity: {r[0]}" for r in checked if r[0] != "ok"]
        found += [f"foreign key: {r}" for r in store.rows("PRAGMA foreign_key_check")]
    for name, sql in _LINKS.items():
        broken = int(store.rows(sql)[0][0])
        if broken:
            found.append(f"{broken} {name}")
    return found
