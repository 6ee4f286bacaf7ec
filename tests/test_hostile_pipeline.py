"""Regression tests of issue 13, pipeline and store side: a failing item is
its own rejection, slow items time out with their own code, the store is
safe to create concurrently and says what is wrong, and the linear-time
rewrites give exactly the old results."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep import clean as clean_module
from sitrep.annotate import annotate_long, text_chunks
from sitrep.api import Sitrep
from sitrep.errors import Deadline, E, SitrepError
from sitrep.extract.entities import ent_at, ents_in, index
from sitrep.pipeline import analyse, cleaned, ingest
from sitrep.records import Document, EventMention, Rejected
from sitrep.store import Store

from .conftest import SEED, VOA

STORIES = [json.loads(line) for line in VOA.read_text(encoding="utf-8").splitlines()]


def _document(number: int) -> Document:
    story = STORIES[number]
    return Document(
        id=str(number),
        text=story["text"],
        published=dt.date(2019, 11, 12),
        origin=f"voa:{number}",
    )


def test_concurrent_first_creation_of_a_store_never_fails(tmp_path: Path) -> None:
    # The probe: 4 processes creating one new store failed in 68 of 100 trials.
    script = "import sys; from sitrep.store import Store; Store(sys.argv[1]).close()"
    for trial in range(8):
        database = tmp_path / f"s{trial}.db"
        runs = [
            subprocess.Popen(
                [sys.executable, "-c", script, str(database)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(4)
        ]
        for run in runs:
            _, err = run.communicate(timeout=120)
            assert run.returncode == 0, err.decode()
        store = Store(database, readonly=True)
        assert store.counts()["documents"] == 0
        store.close()


def test_full_disk_is_e030_and_stops_with_whole_documents_only(
    sitrep: Sitrep, tmp_path: Path
) -> None:
    store = Store(tmp_path / "full.db")
    # SQLite's own "database or disk is full": no room for another page.
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages + 1}")
    with pytest.raises(SitrepError) as raised:
        ingest([_document(0), _document(1)], sitrep.resources, store)
    assert raised.value.code is E.E030
    assert store.counts()["documents"] == 0  # the document that did not fit left nothing
    assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()


def test_store_date_arithmetic_at_the_calendar_ends(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    mention = EventMention(
        doc_id="d",
        index=0,
        event_type="Battles",
        sub_event_type="Armed clash",
        trigger="clash",
        evidence=[],
        date_start=dt.date.min,
        date_end=dt.date.max,
    )
    assert store.related_mentions([mention]) == []  # raised OverflowError (a day added)
    store.close()


def test_an_unexpected_failure_in_cleaning_rejects_that_item_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = clean_module.clean

    def flaky(document: Document) -> Document | Rejected:
        if document.id == "1":
            raise KeyError("boom")
        return real(document)

    monkeypatch.setattr("sitrep.pipeline.clean", flaky)
    results = list(cleaned([_document(0), _document(1), _document(2)]))
    assert [r.code if isinstance(r, Rejected) else "ok" for r in results] == ["ok", "E027", "ok"]
    assert isinstance(results[1], Rejected) and "KeyError" in results[1].reason


def test_an_unexpected_failure_in_analysis_rejects_that_item_only(
    sitrep: Sitrep, monkeypatch: pytest.MonkeyPatch
) -> None:
    resources = sitrep.resources
    real = type(resources.extractor).__call__

    def flaky(self: object, doc: object, document: Document, deadline: object = None) -> object:
        if document.origin == "voa:1":
            raise RecursionError("maximum recursion depth exceeded")
        return real(self, doc, document, deadline)  # type: ignore[arg-type]

    monkeypatch.setattr(type(resources.extractor), "__call__", flaky)
    documents = list(cleaned([_document(n) for n in range(3)]))
    results = list(analyse(documents, resources))
    assert [r.code if isinstance(r, Rejected) else "ok" for r in results] == ["ok", "E027", "ok"]


def test_item_over_its_time_budget_is_e026(sitrep: Sitrep) -> None:
    documents = list(cleaned([_document(0), _document(1)]))
    results = list(analyse(documents, sitrep.resources, item_timeout=1e-9))
    assert [r.code for r in results if isinstance(r, Rejected)] == ["E026", "E026"]
    deadline = Deadline(None)
    deadline.check("anything")  # no budget: never raises


def test_long_text_is_annotated_in_pieces_with_its_own_offsets(sitrep: Sitrep) -> None:
    text = "\n".join(story["text"] for story in STORIES[:12])
    pieces = text_chunks(text, limit=9_000)
    assert len(pieces) > 2 and "".join(pieces) == text
    doc = annotate_long(sitrep.resources.nlp, text, Deadline(None))
    assert doc.text == text
    assert all(text[ent.start_char : ent.end_char] == ent.text for ent in doc.ents)
    assert list(doc.sents)


def test_text_chunks_cut_at_newline_then_sentence_then_space() -> None:
    assert text_chunks("aaa\nbbb\nccc", limit=8) == ["aaa\nbbb\n", "ccc"]
    assert text_chunks("One two. Three four five.", limit=12) == [
        "One two. ",
        "Three four ",
        "five.",
    ]
    assert text_chunks("x" * 25, limit=10) == ["x" * 10, "x" * 10, "x" * 5]


def test_indexed_entities_equal_spacy_span_ents(sitrep: Sitrep) -> None:
    doc = sitrep.resources.nlp(SEED.read_text(encoding="utf-8"))
    expected = [[(e.start, e.end, e.label_) for e in sentence.ents] for sentence in doc.sents]
    index(doc)
    found = [[(e.start, e.end, e.label_) for e in ents_in(sentence)] for sentence in doc.sents]
    assert found == expected and any(expected)
    for ent in doc.ents:
        assert all(ent_at(token) == ent for token in ent)


def test_near_duplicate_check_does_not_compare_all_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    # The probe's shape: 4,000 distinct lines of one bulletin (140 s before).
    lines = [
        f"Regime forces shelled the town of Kafr Nabl in district {n}, "
        f"killing {n} civilians and wounding {n + 3} others, monitors said."
        for n in range(4000)
    ]
    calls = 0
    real = clean_module._Fingerprint.same_fact

    def counted(self: clean_module._Fingerprint, other: clean_module._Fingerprint) -> bool:
        nonlocal calls
        calls += 1
        return real(self, other)

    monkeypatch.setattr(clean_module._Fingerprint, "same_fact", counted)
    kept = clean_module._deduplicate(lines, None, [])
    assert kept == lines  # every line differs in a number: all kept
    assert calls <= 4000 * clean_module._MAX_CANDIDATES  # all pairs would be ~8 million


def test_near_duplicates_found_as_by_all_pairs() -> None:
    sentences = [s for story in STORIES[:30] for s in story["text"].split(". ") if s]
    reworded = [s.replace(" the ", " a ", 1) for s in sentences[::3]]
    paragraphs = sentences + reworded
    kept = clean_module._deduplicate(paragraphs, None, [])
    # the all-pairs rule, written out
    fingerprints: list[clean_module._Fingerprint] = []
    expected = []
    keys: set[str] = set()
    for paragraph in paragraphs:
        key = clean_module._key(paragraph)
        if paragraph in expected or key in keys:
            continue
        words = key.split()
        if len(words) >= clean_module._FUZZY_MIN_WORDS:
            fingerprint = clean_module._Fingerprint.of(paragraph, words)
            if any(fingerprint.same_fact(other) for other in fingerprints):
                continue
            fingerprints.append(fingerprint)
        keys.add(key)
        expected.append(paragraph)
    assert kept == expected and len(kept) < len(paragraphs)


def test_store_on_read_only_media_is_read_as_immutable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "s.db"
    Store(database).close()
    real = sqlite3.connect
    tried: list[str] = []

    def read_only_media(target: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        # What SQLite says when a WAL store's -shm file cannot be created.
        tried.append(target)
        if "immutable=1" not in target:
            raise sqlite3.OperationalError("unable to open database file")
        return real(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("sitrep.store.connection.sqlite3.connect", read_only_media)
    store = Store(database, readonly=True)
    assert store.counts()["documents"] == 0
    store.close()
    assert len(tried) == 2 and tried[0].endswith("?mode=ro")
    with pytest.raises(SitrepError) as raised:
        Store(tmp_path / "absent.db", readonly=True)
    assert raised.value.code is E.E028 and not (tmp_path / "absent.db").exists()
