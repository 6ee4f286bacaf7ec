"""Report benchmark (``make bench``): a brief over 100,000 generated events.

Fills a fresh SQLite store with generated events (fixed seed; real places,
ACLED types and actors, a year of dates, 2,000 source documents, a few
hundred statistics), then times ``sitrep report`` to HTML and to PDF over the
whole year and over one country. Prints the figures; never a timed test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import tempfile
import time
from pathlib import Path

from sitrep.records import Document, Event, EvidenceSpan, Statistic
from sitrep.report import Area, ReportRequest, build_brief
from sitrep.report.render import write
from sitrep.store import Store

START = dt.date(2024, 1, 1)
DAYS = 366
# (location, admin1, country, ISO numeric, latitude, longitude)
PLACES = [
    ("Deir ez-Zor", "Deir ez-Zor", "Syria", 760, 35.34, 40.14),
    ("Aleppo", "Aleppo", "Syria", 760, 36.20, 37.16),
    ("Idlib", "Idlib", "Syria", 760, 35.93, 36.63),
    ("Mosul", "Nineveh", "Iraq", 368, 36.34, 43.13),
    ("Ramadi", "Al Anbar", "Iraq", 368, 33.42, 43.30),
    ("Mogadishu", "Banaadir", "Somalia", 706, 2.04, 45.34),
    ("Beledweyne", "Hiiraan", "Somalia", 706, 4.74, 45.20),
    ("Maiduguri", "Borno", "Nigeria", 566, 11.85, 13.16),
    ("Gao", "Gao", "Mali", 466, 16.27, -0.04),
    ("Bakhmut", "Донецька область", "Ukraine", 804, 48.60, 38.00),
    ("Goma", "Nord-Kivu", "Democratic Republic of Congo", 180, -1.68, 29.23),
    ("Khartoum", "Khartoum", "Sudan", 729, 15.50, 32.56),
]
TYPES = [
    ("Political violence", "Battles", "Armed clash", 1, 2),
    ("Political violence", "Explosions/Remote violence", "Air/drone strike", 1, 2),
    ("Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack", 2, 1),
    ("Political violence", "Violence against civilians", "Attack", 2, 7),
    ("Demonstrations", "Protests", "Peaceful protest", 6, 0),
    ("Strategic developments", "Strategic developments", "Looting/property destruction", 3, 7),
]
ACTORS = {1: "Military Forces of {c}", 2: "Rebel group of {c}", 3: "Unidentified Armed Group ({c})",
          6: "Protesters ({c})", 7: "Civilians ({c})"}  # fmt: skip


def generate(database: str, events: int, seed: int = 7) -> None:
    """Fill ``database`` with ``events`` generated events and their documents."""
    rng = random.Random(seed)
    documents = [
        Document(id=f"doc{i:05d}", text="generated", url=f"https://outlet{i % 40}.example/{i}",
                 title=f"Generated report {i}", published=START + dt.timedelta(days=i % DAYS),
                 language="en")
        for i in range(2000)
    ]  # fmt: skip
    store = Store(database)
    try:
        with store.transaction():
            for i, document in enumerate(documents):
                sentence = f"At least {100 + i} people have been killed since the war began."
                statistic = Statistic(
                    statistic_id=f"s{i}", doc_id=document.id, measure="killed", value=100 + i,
                    value_low=100 + i, value_high=100 + i, qualifier="at least",
                    victims="people", cause=None, perpetrator=None, period="since the war began",
                    date_start=None, date_end=document.published, location=PLACES[i % 12][0],
                    attribution="the health ministry",
                    evidence=[EvidenceSpan(document.id, 0, len(sentence), sentence)],
                    country=PLACES[i % 12][2],
                )  # fmt: skip
                store.add_document(document, [], [statistic] if i % 5 == 0 else [])
        batch: list[tuple[Event, list[object]]] = []
        for n in range(events):
            location, admin1, country, iso, lat, lon = rng.choice(PLACES)
            disorder, event_type, sub_type, inter1, inter2 = rng.choice(TYPES)
            day = START + dt.timedelta(days=rng.randrange(DAYS))
            deaths = rng.choice([0, 0, 0, 1, 2, 3, 5, 12, 40]) if inter1 != 6 else 0
            docs = [d.id for d in rng.sample(documents, rng.choice([1, 1, 1, 2, 3]))]
            text = f"Fighting was reported near {location}."
            low, high = sorted((inter1, inter2))
            interaction = int(f"{low}{high}") if inter2 else inter1 * 10
            event = Event(
                event_id=f"ev{n:06d}", doc_ids=docs, event_date=day, time_precision=1,
                date_start=day, date_end=day, disorder_type=disorder, event_type=event_type,
                sub_event_type=sub_type, actor1=ACTORS[inter1].format(c=country),
                assoc_actor_1=None, inter1=inter1,
                actor2=ACTORS[inter2].format(c=country) if inter2 else None, assoc_actor_2=None,
                inter2=inter2 or None, interaction=interaction,
                civilian_targeting="Civilian targeting" if inter2 == 7 else "", iso=iso,
                country=country, admin1=admin1, admin2=None, location=location,
                latitude=lat + rng.uniform(-0.3, 0.3), longitude=lon + rng.uniform(-0.3, 0.3),
                geo_precision=1, where_prec=1, fatalities=deaths, fatalities_low=deaths,
                fatalities_best=deaths, fatalities_high=deaths + rng.choice([0, 0, 2]), injuries=0,
                source="", notes=f"Generated event {n}.", attribution=None,
                evidence=[EvidenceSpan(docs[0], 0, len(text), text)],
                confidence=rng.random(),
            )  # fmt: skip
            batch.append((event, []))
            if len(batch) == 10_000:
                with store.transaction():
                    store.replace_events(batch)  # type: ignore[arg-type]
                batch = []
        if batch:
            with store.transaction():
                store.replace_events(batch)  # type: ignore[arg-type]
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="also copy the briefs into this folder")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        database = str(Path(tmp) / "bench.db")
        start = time.perf_counter()
        generate(database, args.events)
        figures["generate_store_s"] = time.perf_counter() - start
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        for label, area in (("all", Area()), ("syria", Area(("Syria",)))):
            request = ReportRequest(
                START, START + dt.timedelta(days=DAYS - 1), area, database=database
            )
            start = time.perf_counter()
            brief = build_brief(request)
            figures[f"{label}_events"] = brief.total.events
            figures[f"{label}_build_s"] = time.perf_counter() - start
            for fmt in ("html", "pdf"):
                begin = time.perf_counter()
                write(brief, out / f"bench-{label}.{fmt}", request.paper)
                figures[f"{label}_write_{fmt}_s"] = time.perf_counter() - begin
            figures[f"{label}_total_html_and_pdf_s"] = time.perf_counter() - start
    print(f"report over {args.events:,} generated events (one year, {len(PLACES)} places)")
    for key, value in figures.items():
        print(f"  {key:32s} {value:12.3f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
