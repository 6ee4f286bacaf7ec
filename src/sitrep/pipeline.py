"""The path of a document through sitrep; the only module that knows the order.

    ingest -> clean -> annotate -> extract -> geocode -> resolve -> merge -> store/export

Every item either becomes an ``Extraction`` or a ``Rejected`` with a numbered
reason; one bad item never stops the batch.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import itertools
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.actors import ActorDictionary
from sitrep.annotate import CHUNK_CHARS, annotate_long, build_pipeline
from sitrep.annotate.cascade import Cascade
from sitrep.calibration import Calibration, default_calibration
from sitrep.classifier import EventClassifier, default_classifier
from sitrep.clean import clean
from sitrep.errors import Deadline, E, InputError, SitrepError
from sitrep.extract import Extractor
from sitrep.gazetteer import Gazetteer
from sitrep.geocode import geocode
from sitrep.lexicon import Lexicon, load_lexicon
from sitrep.merge import merge, merge_groups
from sitrep.records import (
    Document,
    Event,
    Mentions,
    Rejected,
    Statistic,
    union_ids,
    with_source_ids,
)
from sitrep.resolve import (
    complete_arrests,
    complete_sides,
    credit_claims,
    resolve,
    resolve_statistic,
)
from sitrep.settings import Settings
from sitrep.store import Store

#: Default per-item time budget (``--item-timeout``), in seconds, as issue 13
#: asks. With the annotation cascade the longest VOA story takes under half a
#: second, a 100 KB report 2.6 s and a 1 MB report 29 s on the busy 2-core
#: development machine (``make bench``).
DEFAULT_ITEM_TIMEOUT = 60.0


@dataclass(slots=True)
class Resources:
    """Everything the stages need, loaded once: spaCy pipeline, lexicon,
    actor dictionary, gazetteer and the compiled extractor."""

    nlp: Language
    lexicon: Lexicon
    actors: ActorDictionary
    gazetteer: Gazetteer
    extractor: Extractor
    calibration: Calibration
    classifier: EventClassifier
    #: Annotates texts: the full pipeline only where an event may be told.
    cascade: Cascade

    @classmethod
    def load(cls, settings: Settings | None = None) -> Resources:
        """Load the configured resources (the gazetteer is built on first use)."""
        settings = settings or Settings()
        actors = ActorDictionary.load()
        lexicon = load_lexicon()
        nlp = build_pipeline(settings.spacy_model, actors)
        gazetteer = Gazetteer.open()
        classifier = default_classifier()
        extractor = Extractor(nlp.vocab, lexicon, actors, classifier)
        cascade = Cascade(nlp, lexicon, classifier)
        return cls(
            nlp, lexicon, actors, gazetteer, extractor, default_calibration(), classifier, cascade
        )


@dataclass(slots=True)
class IngestSummary:
    """What an ingest run did."""

    stored: int = 0
    skipped: int = 0
    failed: list[Rejected] = field(default_factory=list)
    events: int = 0
    statistics: int = 0


def _located(resources: Resources, mentions: Mentions) -> Mentions:
    country = geocode(mentions, resources.gazetteer, mentions.country_hints)
    given = mentions.document.countries
    for mention in mentions.events:
        # A place the gazetteer lacks still happened in the report's country:
        # the one the user gave (several given: which one is unknown), else
        # the one the text points to most (its places, nationalities and
        # actors), unless its own sentence names another (geocode).
        if mention.place is None and mention.context_country is None and len(given) <= 1:
            mention.context_country = given[0] if given else country
    for mention in mentions.events:
        resolve(mention, resources.actors, country, mentions.document.countries)
    credit_claims(
        mentions.events,
        mentions.claimants,
        resources.actors,
        country,
        mentions.document.published,
    )
    complete_sides(mentions.events)
    complete_arrests(mentions.events, resources.actors, country, mentions.document.countries)
    for statistic in mentions.statistics:
        resolve_statistic(statistic, resources.actors, country, mentions.document.published)
    return mentions


def _failure(document: Document, stage: str, exc: Exception) -> Rejected:
    """E027: the last resort when a stage fails on one item in an unforeseen way."""
    detail = f"{type(exc).__name__}: {exc}"
    return Rejected(
        document.origin or document.id, E.E027.name, E.E027.format(stage=stage, detail=detail)
    )


def _input_error(document: Document, error: InputError) -> Rejected:
    return Rejected(document.origin or document.id, error.code.name, error.message)


def cleaned(items: Iterable[Document | Rejected]) -> Iterator[Document | Rejected]:
    """Clean each ingested document (``Rejected`` items pass through)."""
    for item in items:
        if isinstance(item, Rejected):
            yield item
            continue
        try:
            yield clean(item)
        except InputError as error:
            yield _input_error(item, error)
        except SitrepError:
            raise  # configuration (an invalid data file): every item would fail alike
        except Exception as exc:  # last resort: one item's failure is its own
            yield _failure(item, "cleaning", exc)


def analyse(
    items: Iterable[Document | Rejected],
    resources: Resources,
    batch_size: int = 32,
    item_timeout: float | None = DEFAULT_ITEM_TIMEOUT,
    workers: int = 1,
) -> Iterator[Mentions | Rejected]:
    """Annotate, extract, geocode and resolve each cleaned document, in order.

    With ``workers`` > 1, worker processes (forked from this one, so the
    resources are loaded once) analyse tasks of ``TASK_DOCUMENTS`` items
    each, and the results come back in input order: the output is the same
    for any number of workers.

    Short documents are annotated in batches (``Cascade.pipe``); a document
    over ``annotate.CHUNK_CHARS`` alone, in pieces. Each document's analysis
    must finish within ``item_timeout`` seconds (None: no limit), checked
    between pieces and sentences; one over it is rejected with E026.
    """
    if workers > 1:
        yield from _analyse_in_processes(items, resources, item_timeout, workers)
    else:
        yield from _analyse_here(items, resources, batch_size, item_timeout)


#: Items per task sent to a worker process: enough for the full annotation
#: tier to batch its pieces, few enough to keep every worker busy.
TASK_DOCUMENTS = 8
#: What a forked worker process analyses with (set before the fork).
_WORKER: dict[str, Any] = {}


def _analyse_in_processes(
    items: Iterable[Document | Rejected],
    resources: Resources,
    item_timeout: float | None,
    workers: int,
) -> Iterator[Mentions | Rejected]:
    tasks = _tasks(items, TASK_DOCUMENTS)
    first = next(tasks, [])
    second = next(tasks, [])
    if not second:  # one task: not worth starting processes
        yield from _analyse_here(first, resources, TASK_DOCUMENTS, item_timeout)
        return
    _WORKER.update(resources=resources, item_timeout=item_timeout)
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    )
    try:
        pending: deque[Future[list[Mentions | Rejected]]] = deque()
        for task in itertools.chain([first, second], tasks):
            pending.append(pool.submit(_analyse_task, task))
            while len(pending) > 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _WORKER.clear()


def _die_with_parent(parent: int) -> None:
    """A worker's first act: end when the ingest process that forked it does,
    even by ``kill -9`` (forked workers share the task queue's pipe, so they
    would never see it close and would wait forever). Linux: the kernel's
    parent-death signal; elsewhere the pool's own shutdown."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before the signal was set
        os._exit(1)


#: prctl(2) option: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


def _tasks(items: Iterable[Document | Rejected], size: int) -> Iterator[list[Document | Rejected]]:
    task: list[Document | Rejected] = []
    for item in items:
        task.append(item)
        if len(task) >= size:
            yield task
            task = []
    if task:
        yield task


def _analyse_task(task: list[Document | Rejected]) -> list[Mentions | Rejected]:
    """A worker process's analysis of one task, with the forked resources."""
    return list(_analyse_here(task, _WORKER["resources"], len(task), _WORKER["item_timeout"]))


def _analyse_here(
    items: Iterable[Document | Rejected],
    resources: Resources,
    batch_size: int,
    item_timeout: float | None,
) -> Iterator[Mentions | Rejected]:
    """``analyse`` in this process."""
    batch: list[Document] = []

    def analysed(document: Document, doc: Doc | None, deadline: Deadline) -> Mentions | Rejected:
        try:
            if doc is None:
                doc = (
                    annotate_long(resources.cascade, document.text, deadline)
                    if len(document.text) > CHUNK_CHARS
                    else resources.cascade(document.text)
                )
            mentions = resources.extractor(doc, document, deadline)
            deadline.check("extracting")
            return _located(resources, mentions)
        except InputError as error:
            return _input_error(document, error)
        except SitrepError:
            raise
        except Exception as exc:  # last resort: one item's failure is its own
            return _failure(document, "analysing", exc)

    def flush() -> Iterator[Mentions | Rejected]:
        try:
            docs = list(resources.cascade.pipe((d.text for d in batch), batch_size=batch_size))
        except Exception:  # one bad text fails the batch: annotate each alone
            docs = []
        for i, document in enumerate(batch):
            yield analysed(document, docs[i] if docs else None, Deadline(item_timeout))
        batch.clear()

    for item in items:
        if isinstance(item, Rejected):
            yield from flush()
            yield item
            continue
        if len(item.text) > CHUNK_CHARS:
            yield from flush()
            yield analysed(item, None, Deadline(item_timeout))
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            yield from flush()
    yield from flush()


def extract(
    items: Iterable[Document | Rejected],
    resources: Resources,
    on_rejected: Callable[[Rejected], None] | None = None,
    *,
    progress: Callable[[Mentions | Rejected], None] | None = None,
    item_timeout: float | None = DEFAULT_ITEM_TIMEOUT,
    workers: int = 1,
) -> tuple[list[Event], list[Statistic]]:
    """Stateless extraction: events merged across all the given documents.

    ``progress`` sees every analysed document or rejection, ``on_rejected``
    only the rejections."""
    mentions, statistics, sources = [], [], {}
    source_ids: dict[str, list[str]] = {}
    copies: list[Document] = []
    firsts = _first_copies(cleaned(items), source_ids, copies)
    for result in analyse(firsts, resources, item_timeout=item_timeout, workers=workers):
        if progress is not None:
            progress(result)
            # A copy is processed too (its ids recorded): reported with nothing found.
            while copies:
                progress(Mentions(copies.pop(0)))
        if isinstance(result, Rejected):
            if on_rejected is not None:
                on_rejected(result)
            continue
        document = result.document
        sources[document.id] = document.source or document.origin or document.id
        mentions += result.events
        statistics += result.statistics
    if progress is not None:
        for copy in copies:
            progress(Mentions(copy))
    events = merge(mentions, resources.lexicon, sources, resources.calibration)
    with_source_ids(events, statistics, source_ids)
    return events, statistics


def _first_copies(
    items: Iterable[Document | Rejected],
    source_ids: dict[str, list[str]],
    copies: list[Document],
) -> Iterator[Document | Rejected]:
    """The first document of each text (cleaned-text hash); a later copy is
    not analysed again (its mentions would count twice), only its source ids
    join the first's in ``source_ids`` (doc id -> ids, first-seen order) and
    it is put in ``copies``."""
    for item in items:
        if isinstance(item, Document):
            copy = item.id in source_ids
            source_ids[item.id] = union_ids(source_ids.get(item.id, ()), item.source_ids)
            if copy:
                copies.append(item)
                continue
        yield item


def ingest(
    items: Iterable[Document | Rejected],
    resources: Resources,
    store: Store,
    progress: Callable[[Mentions | Rejected], None] | None = None,
    *,
    item_timeout: float | None = DEFAULT_ITEM_TIMEOUT,
    workers: int = 1,
) -> IngestSummary:
    """Store each new document with its mentions and statistics, and refresh
    the events it touches; documents already stored are skipped.

    A store failure (``SitrepError``: disk full, read-only, locked) stops the
    run, with every document before it stored whole; any other failure while
    storing one document rejects that document (E027) and the run goes on.
    """
    summary = IngestSummary()
    analysed = analyse(
        _unseen(cleaned(items), store, summary),
        resources,
        item_timeout=item_timeout,
        workers=workers,
    )
    for result in analysed:
        outcome = result if isinstance(result, Rejected) else _store(result, resources, store)
        if progress is not None:
            progress(outcome if outcome is not None else result)
        if isinstance(outcome, Rejected):
            summary.failed.append(outcome)
        elif outcome is not None:
            summary.stored += 1
            summary.statistics += len(outcome.statistics)
        else:
            summary.skipped += 1  # the same text twice in one batch
    summary.events = store.counts()["events"]
    return summary


def _store(result: Mentions, resources: Resources, store: Store) -> Mentions | Rejected | None:
    """Store one analysed document (None: stored already), all of it or
    nothing; an unexpected failure rejects it (E027)."""
    try:
        stored = store_document(result, store, resources.lexicon, resources.calibration)
    except SitrepError:
        raise
    except Exception as exc:  # last resort: rolled back, the next document goes on
        return _failure(result.document, "storing", exc)
    return result if stored else None


def store_document(
    result: Mentions, store: Store, lexicon: Lexicon, calibration: Calibration | None = None
) -> bool:
    """Store one analysed document with its mentions and statistics and
    re-merge the events it touches, in one transaction (run again if the
    database asks: ``Store.atomic``). False, changing nothing, when the
    document is stored already, perhaps a moment ago by another process
    (but for the ids it is given here, which join the stored document's)."""
    document = result.document

    def write() -> bool:
        if not store.add_document(document, result.events, result.statistics):
            return False
        related = store.related_mentions(result.events)
        if related:
            sources = store.sources(m.doc_id for m in related)
            store.replace_events(merge_groups(related, lexicon, sources, calibration))
        return True

    return store.atomic(write)


def _unseen(
    items: Iterable[Document | Rejected], store: Store, summary: IngestSummary
) -> Iterator[Document | Rejected]:
    """Skip documents stored already (by cleaned-text hash) before parsing;
    the ids a skipped one is given here join the stored document's."""
    for item in items:
        if isinstance(item, Document) and store.has_document(item.id):
            # A write only for ids the stored document does not have yet:
            # a batch read again changes nothing and takes no write lock.
            if set(item.source_ids) - set(store.source_ids([item.id])[item.id]):
                store.atomic(partial(store.add_source_ids, item.id, item.source_ids))
            summary.skipped += 1
            continue
        yield item
