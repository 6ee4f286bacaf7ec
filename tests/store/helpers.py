"""What the store tests compare: every row of a store (on either backend)."""

from __future__ import annotations

from sitrep.store import Store, problems

FIELDS = {
    # Every column but the ingest timestamp.
    "documents": "id, url, source, title, published, language, origin, text, removed",
    "mentions": "doc_id, idx, sub_event_type, date_start, date_end, record",
    "statistics": "statistic_id, doc_id, measure, value, record",
    "events": (
        "event_id, event_date, country, admin1, event_type, sub_event_type, actor1, actor2,"
        " fatalities, record, latitude, longitude, confidence"
    ),
    "event_mentions": "event_id, doc_id, idx",
}


def table_rows(database: str, *, origin: bool = True) -> dict[str, list[tuple[object, ...]]]:
    """Every stored row but the ingest timestamp, in a stable order.
    ``origin=False`` leaves out where each document was read from (which
    input file, when several name the same document)."""
    fields = dict(FIELDS)
    if not origin:
        fields["documents"] = fields["documents"].replace(" origin,", "")
    store = Store(database, readonly=True)
    try:
        return {t: sorted(store.rows(f"SELECT {cols} FROM {t}")) for t, cols in fields.items()}
    finally:
        store.close()


def store_problems(database: str) -> list[str]:
    """``sitrep.store.problems`` of the store at ``database``."""
    store = Store(database, readonly=True)
    try:
        return problems(store)
    finally:
        store.close()


def count_documents(database: str) -> int:
    """Documents stored so far (0 while the store does not exist yet)."""
    try:
        store = Store(database, readonly=True)
    except Exception:  # not created yet: E028 or a half-made file
        return 0
    try:
        return store.counts()["documents"]
    finally:
        store.close()
