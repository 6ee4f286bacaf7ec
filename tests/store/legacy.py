"""The schema of the release before Alembic (version 2 in its own
``schema_migrations`` table), copied verbatim from its
``sitrep.store.MIGRATIONS``: the tests make stores as it made them."""

from __future__ import annotations

#: The events table's columns then (the corrected copy has all but the id).
_COLUMNS = (
    "event_id", "event_date", "country", "admin1", "event_type", "sub_event_type", "actor1",
    "actor2", "fatalities", "record", "latitude", "longitude", "confidence",
)  # fmt: skip

#: Versioned migrations: (version, statements).
MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            """CREATE TABLE documents (
                id TEXT PRIMARY KEY, url TEXT, source TEXT, title TEXT, published TEXT,
                language TEXT, origin TEXT, text TEXT NOT NULL, removed TEXT NOT NULL,
                ingested_at TEXT NOT NULL)""",
            """CREATE TABLE mentions (
                doc_id TEXT NOT NULL REFERENCES documents(id), idx INTEGER NOT NULL,
                sub_event_type TEXT NOT NULL, date_start TEXT, date_end TEXT,
                record TEXT NOT NULL, PRIMARY KEY (doc_id, idx))""",
            "CREATE INDEX mentions_dates ON mentions (date_start, date_end)",
            """CREATE TABLE statistics (
                statistic_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id),
                measure TEXT NOT NULL, value INTEGER NOT NULL, record TEXT NOT NULL)""",
            """CREATE TABLE events (
                event_id TEXT PRIMARY KEY, event_date TEXT, country TEXT, admin1 TEXT,
                event_type TEXT NOT NULL, sub_event_type TEXT NOT NULL, actor1 TEXT, actor2 TEXT,
                fatalities INTEGER NOT NULL, record TEXT NOT NULL)""",
            "CREATE INDEX events_date ON events (event_date)",
            """CREATE TABLE event_mentions (
                event_id TEXT NOT NULL, doc_id TEXT NOT NULL, idx INTEGER NOT NULL,
                PRIMARY KEY (doc_id, idx))""",
            "CREATE INDEX event_mentions_event ON event_mentions (event_id)",
        ],
    ),
    (
        2,
        [
            # Columns the web API filters and pages on (bbox, confidence).
            "ALTER TABLE events ADD COLUMN latitude REAL",
            "ALTER TABLE events ADD COLUMN longitude REAL",
            "ALTER TABLE events ADD COLUMN confidence REAL NOT NULL DEFAULT 0",
            """UPDATE events SET latitude = json_extract(record, '$.latitude'),
                longitude = json_extract(record, '$.longitude'),
                confidence = coalesce(json_extract(record, '$.confidence'), 0)""",
            # Analysts' corrections: the log (old and new values as JSON),
            # the mentions the event had when corrected (so the correction
            # follows them through a re-merge that changes the event's id),
            # and the corrected events, rebuilt whenever either changes.
            """CREATE TABLE corrections (
                id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL,
                field TEXT NOT NULL, old TEXT, new TEXT, author TEXT NOT NULL,
                created_at TEXT NOT NULL)""",
            "CREATE INDEX corrections_event ON corrections (event_id)",
            """CREATE TABLE correction_anchors (
                correction_id INTEGER NOT NULL REFERENCES corrections(id),
                doc_id TEXT NOT NULL, idx INTEGER NOT NULL,
                PRIMARY KEY (correction_id, doc_id, idx))""",
            "CREATE INDEX correction_anchors_mention ON correction_anchors (doc_id, idx)",
            f"""CREATE TABLE corrected_events (
                event_id TEXT PRIMARY KEY, rejected INTEGER NOT NULL, {", ".join(_COLUMNS[1:])})""",
            f"""CREATE VIEW current_events AS SELECT e.event_id AS event_id, {
                ", ".join(
                    f"CASE WHEN c.event_id IS NULL THEN e.{col} ELSE c.{col} END AS {col}"
                    for col in _COLUMNS[1:]
                )
            }, c.event_id IS NOT NULL AS corrected
            FROM events e LEFT JOIN corrected_events c ON c.event_id = e.event_id
            WHERE c.rejected IS NOT 1""",
        ],
    ),
]


def create(conn: object, version: int = 2) -> None:
    """Create the schema of ``version`` on an ``sqlite3`` connection, as that release did."""
    execute = conn.execute  # type: ignore[attr-defined]
    execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY)")
    for number, statements in MIGRATIONS:
        if number > version:
            break
        for statement in statements:
            execute(statement)
        execute("INSERT INTO schema_migrations VALUES (?)", (number,))
