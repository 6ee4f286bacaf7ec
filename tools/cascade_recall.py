"""The annotation cascade's recall (issue 12): of the sentences that give an
event or a statistic when every sentence is parsed, how many the cascade
parses, and the share of all sentences it parses to get them.

Corpora: the bundled VOA stories, the gold's dev and held-out documents
(``eval/gold``), and the team's training articles (``train/articles``, whole
articles of 8-20 sentences, ~60% reporting events). For each document, the
evidence of every event mention and statistic the extract stage finds with
the whole text parsed (the reference) is set against the token ranges the
cascade parses (``Doc._.sitrep_parsed``): a piece of evidence is kept when
the cascade parses all of it. Also printed: the event mentions of the two
runs (a parse of a few sentences can differ from the parse of the whole
run they sit in, so a handful may be read differently).

``python tools/cascade_recall.py [--json FILE]``; ``make bench`` runs it.
Prints a table; never a test (the figures depend on the data, not the
machine, but they are measured, not asserted).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Span

from sitrep.annotate.cascade import Cascade
from sitrep.api import Sitrep
from sitrep.clean import clean
from sitrep.errors import Deadline
from sitrep.pipeline import Resources
from sitrep.records import Document, Mentions

ROOT = Path(__file__).resolve().parent.parent
VOA = ROOT / "examples" / "voa_stories.jsonl"
GOLD = ROOT / "eval" / "gold" / "documents.jsonl"
ARTICLES = ROOT / "train" / "articles"


class FullCascade(Cascade):
    """The cascade with every sentence given the full tier: the reference."""

    def wanted(self, sentences: list[Span]) -> list[bool]:
        return [True] * len(sentences)


@dataclass(slots=True)
class Tally:
    documents: int = 0
    sentences: int = 0
    parsed_sentences: int = 0
    evidence: int = 0
    kept: int = 0
    mentions_full: int = 0
    mentions_cascade: int = 0

    def figures(self) -> dict[str, float]:
        return {
            "documents": self.documents,
            "sentences": self.sentences,
            "parsed_share": self.parsed_sentences / max(self.sentences, 1),
            "evidence_sentences": self.evidence,
            "evidence_parsed": self.kept,
            "recall": self.kept / max(self.evidence, 1),
            "event_mentions_full": self.mentions_full,
            "event_mentions_cascade": self.mentions_cascade,
        }


def corpora() -> Iterator[tuple[str, Document]]:
    """(corpus name, cleaned document) for every document measured."""
    for n, line in enumerate(VOA.read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        yield "voa", _document(f"voa-{n}", row["text"], row.get("published"))
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        yield f"gold {row['split']}", _document(row["doc_id"], row["text"], row.get("published"))
    by_article: dict[str, list[dict[str, object]]] = {}
    for path in sorted(ARTICLES.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            by_article.setdefault(str(row["doc"]), []).append(row)
    for article, rows in by_article.items():
        rows.sort(key=lambda r: int(str(r["index"])))
        yield "train articles", _document(article, "\n".join(str(r["text"]) for r in rows), None)


def _document(doc_id: str, text: str, published: str | None) -> Document:
    day = dt.date.fromisoformat(published[:10]) if published else None
    return clean(Document(id=doc_id, text=text, published=day))


def _evidence(mentions: Mentions) -> set[tuple[int, int]]:
    spans = [span for m in mentions.events for span in m.evidence]
    spans += [span for s in mentions.statistics for span in s.evidence]
    return {(span.start, span.end) for span in spans}


def _parsed_chars(doc: Doc) -> list[tuple[int, int]]:
    ranges = doc._.sitrep_parsed or []
    return [(doc[a:b].start_char, doc[a:b].end_char) for a, b in ranges if b > a]


def measure(resources: Resources) -> dict[str, Tally]:
    full = FullCascade(resources.nlp, resources.lexicon, resources.classifier)
    tallies: dict[str, Tally] = {}
    for corpus, document in corpora():
        tally = tallies.setdefault(corpus, Tally())
        reference = resources.extractor(full(document.text), document, Deadline(None))
        doc = resources.cascade(document.text)
        cascaded = resources.extractor(doc, document, Deadline(None))
        parsed = _parsed_chars(doc)
        sentences = list(doc.sents)
        tally.documents += 1
        tally.sentences += len(sentences)
        tally.parsed_sentences += sum(
            any(a <= s.start_char and s.end_char <= b for a, b in parsed) for s in sentences
        )
        evidence = _evidence(reference)
        tally.evidence += len(evidence)
        tally.kept += sum(any(a <= s and e <= b for a, b in parsed) for s, e in evidence)
        tally.mentions_full += len(reference.events)
        tally.mentions_cascade += len(cascaded.events)
    return tallies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    tallies = measure(Sitrep().resources)
    print(
        f"{'corpus':16s} {'docs':>5s} {'sentences':>9s} {'parsed':>7s} "
        f"{'evidence':>8s} {'kept':>5s} {'recall':>6s} {'mentions full/cascade':>22s}"
    )
    for corpus, tally in tallies.items():
        f = tally.figures()
        print(
            f"{corpus:16s} {tally.documents:5d} {tally.sentences:9d} {f['parsed_share']:7.1%} "
            f"{tally.evidence:8d} {tally.kept:5d} {f['recall']:6.3f} "
            f"{tally.mentions_full:>14d}/{tally.mentions_cascade}"
        )
    if args.json:
        figures = {corpus: tally.figures() for corpus, tally in tallies.items()}
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
