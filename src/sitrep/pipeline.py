"""The path of a document through sitrep; the only module that knows the order.

    ingest -> clean -> annotate -> extract -> geocode -> resolve -> merge -> store/export

Every item either becomes an ``Extraction`` or a ``Rejected`` with a numbered
reason; one bad item never stops the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language

from sitrep.actors import ActorDictionary
from sitrep.annotate import build_pipeline
from sitrep.calibration import Calibration, default_calibration
from sitrep.classifier import EventClassifier, default_classifier
from sitrep.clean import clean
from sitrep.errors import E
from sitrep.extract import Extractor
from sitrep.gazetteer import Gazetteer
from sitrep.geocode import geocode
from sitrep.lexicon import Lexicon, load_lexicon
from sitrep.merge import merge, merge_groups
from sitrep.records import Document, Event, Mentions, Rejected, Statistic
from sitrep.resolve import complete_sides, credit_claims, resolve, resolve_statistic
from sitrep.settings import Settings
from sitrep.store import Store


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
        return cls(nlp, lexicon, actors, gazetteer, extractor, default_calibration(), classifier)


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
    for mention in mentions.events:
        resolve(mention, resources.actors, country)
    credit_claims(
        mentions.events,
        mentions.claimants,
        resources.actors,
        country,
        mentions.document.published,
    )
    complete_sides(mentions.events)
    for statistic in mentions.statistics:
        resolve_statistic(statistic, resources.actors, country, mentions.document.published)
    return mentions


def cleaned(items: Iterable[Document | Rejected]) -> Iterator[Document | Rejected]:
    """Clean each ingested document (``Rejected`` items pass through)."""
    for item in items:
        yield item if isinstance(item, Rejected) else clean(item)


def analyse(
    items: Iterable[Document | Rejected], resources: Resources, batch_size: int = 32
) -> Iterator[Mentions | Rejected]:
    """Annotate, extract, geocode and resolve each cleaned document, in order."""
    batch: list[Document] = []

    def flush() -> Iterator[Mentions | Rejected]:
        try:
            docs = list(resources.nlp.pipe((d.text for d in batch), batch_size=batch_size))
        except Exception:
            docs = []
        for i, document in enumerate(batch):
            try:
                doc = docs[i] if docs else resources.nlp(document.text)
                yield _located(resources, resources.extractor(doc, document))
            except Exception as exc:
                yield Rejected(
                    document.origin or document.id, "E014", E.E014.format(detail=repr(exc))
                )
        batch.clear()

    for item in items:
        if isinstance(item, Rejected):
            yield from flush()
            yield item
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            yield from flush()
    yield from flush()


def extract(
    items: Iterable[Document | Rejected],
    resources: Resources,
    on_rejected: Callable[[Rejected], None] | None = None,
) -> tuple[list[Event], list[Statistic]]:
    """Stateless extraction: events merged across all the given documents."""
    mentions, statistics, sources = [], [], {}
    for result in analyse(cleaned(items), resources):
        if isinstance(result, Rejected):
            if on_rejected is not None:
                on_rejected(result)
            continue
        document = result.document
        sources[document.id] = document.source or document.origin or document.id
        mentions += result.events
        statistics += result.statistics
    return merge(mentions, resources.lexicon, sources, resources.calibration), statistics


def ingest(
    items: Iterable[Document | Rejected],
    resources: Resources,
    store: Store,
    progress: Callable[[Mentions | Rejected], None] | None = None,
) -> IngestSummary:
    """Store each new document with its mentions and statistics, and refresh
    the events it touches; documents already stored are skipped."""
    summary = IngestSummary()
    for result in analyse(_unseen(cleaned(items), store, summary), resources):
        if progress is not None:
            progress(result)
        if isinstance(result, Rejected):
            summary.failed.append(result)
            continue
        document = result.document
        with store.transaction():
            if store.has_document(document.id):
                summary.skipped += 1  # the same text twice in one batch
                continue
            store.add_document(document, result.events, result.statistics)
            related = store.related_mentions(result.events)
            if related:
                sources = store.sources(m.doc_id for m in related)
                store.replace_events(
                    merge_groups(related, resources.lexicon, sources, resources.calibration)
                )
        summary.stored += 1
        summary.statistics += len(result.statistics)
    summary.events = store.counts()["events"]
    return summary


def _unseen(
    items: Iterable[Document | Rejected], store: Store, summary: IngestSummary
) -> Iterator[Document | Rejected]:
    """Skip documents stored already (by cleaned-text hash) before parsing."""
    for item in items:
        if isinstance(item, Document) and store.has_document(item.id):
            summary.skipped += 1
            continue
        yield item
