"""The annotation cascade (issue 12, part 1): the full parse only where an
event, a figure or a claim may be told, and nothing lost by skipping the rest."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict

import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.tokens import Doc

from sitrep.annotate.cascade import Cascade
from sitrep.annotate.tables import TableAttributeRuler, TableLemmatizer, faster
from sitrep.api import Sitrep
from sitrep.pipeline import analyse, extract
from sitrep.records import Document, Event, Mentions, Rejected, Statistic

from .conftest import SEED, VOA

#: Sentences of a report that tell no event, then one that does: the first
#: three are its lead (always parsed).
BACKGROUND = (
    "The border region has long been poor. Farmers grow maize and beans there. "
    "The rainy season starts in June. The new school opened last year with 400 places. "
    "Officials hope tourism will grow."
)


def _cascade(sitrep: Sitrep) -> Cascade:
    return sitrep.resources.cascade


def _parsed_sentences(doc: Doc) -> list[str]:
    return [
        sentence.text.strip()
        for start, end in doc._.sitrep_parsed
        for sentence in doc[start:end].sents
    ]


def test_text_and_offsets_are_the_input_s(sitrep: Sitrep) -> None:
    text = SEED.read_text(encoding="utf-8")
    doc = _cascade(sitrep)(text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)


def test_sentences_without_an_event_word_are_not_parsed(sitrep: Sitrep) -> None:
    doc = _cascade(sitrep)(BACKGROUND + " Gunmen shot dead three villagers on Sunday.")
    parsed = _parsed_sentences(doc)
    assert "Gunmen shot dead three villagers on Sunday." in parsed  # "shot": shoot
    assert "Officials hope tourism will grow." not in parsed
    assert "The new school opened last year with 400 places." not in parsed
    assert parsed[:3] == [
        "The border region has long been poor.",
        "Farmers grow maize and beans there.",
        "The rainy season starts in June.",
    ], "the lead is always parsed"
    # An unparsed sentence keeps its boundary, its actors and its words.
    unparsed = next(s for s in doc.sents if s.text.startswith("Officials hope"))
    assert [t.dep_ for t in unparsed][1:] == ["dep"] * (len(unparsed) - 1)


def test_a_report_without_a_candidate_is_not_parsed_at_all(sitrep: Sitrep) -> None:
    """Its lead alone could give no event: the lead is parsed for the
    candidates' sake (their date and places), and there are none."""
    doc = _cascade(sitrep)(BACKGROUND)
    assert doc._.sitrep_parsed == []
    assert not any(t.pos_ for t in doc)
    assert len(list(doc.sents)) == 5, "the sentences are still told apart"
    document = Document(id="background", text=BACKGROUND)
    assert sitrep.resources.extractor(doc, document).events == []


def test_irregular_and_inflected_forms_reach_the_parser(sitrep: Sitrep) -> None:
    cascade = _cascade(sitrep)
    for sentence in (
        "Militants fought soldiers near the border on Monday.",  # fight
        "A roadside bomb struck a convoy.",  # strike
        "Police were stabbed during the protests.",  # stab
        "The army retook the town from the rebels.",  # a form the lemmatiser keeps
        "Rebels seized two villages.",
        "Dozens were displaced by the floods.",  # a population figure: quantity and measure
        "The group claimed responsibility for the blast.",
    ):
        doc = cascade(BACKGROUND + " " + sentence)
        assert sentence in _parsed_sentences(doc), sentence


def test_a_measure_without_a_quantity_is_not_a_figure_to_parse(sitrep: Sitrep) -> None:
    doc = _cascade(sitrep)(BACKGROUND + " The camp was built for refugees long ago.")
    assert "The camp was built for refugees long ago." not in _parsed_sentences(doc)


def test_short_texts_are_parsed_whole(sitrep: Sitrep) -> None:
    text = "Heavy rain fell. Markets were closed."
    doc = _cascade(sitrep)(text)
    assert doc._.sitrep_parsed == [(0, len(doc))]
    assert all(t.pos_ for t in doc if not t.is_space)


def test_the_table_ruler_and_lemmatiser_give_spacy_s_own_annotation(sitrep: Sitrep) -> None:
    """The cascade's attribute ruler and lemmatiser work each distinct word out
    once; on real text their output is spaCy's components', token for token."""
    nlp = sitrep.resources.nlp
    lines = VOA.read_text(encoding="utf-8").splitlines()[:25]
    texts = [json.loads(line)["text"] for line in lines]
    texts += ["There are gonna be talks. Y'all ain't seen nothin' yet, let's go."]
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]
    tables = {name: faster(component) for name, component in nlp.pipeline}
    assert isinstance(tables["attribute_ruler"], TableAttributeRuler)
    assert isinstance(tables["lemmatizer"], TableLemmatizer)
    for text, spacy_doc in zip(texts, nlp.pipe(texts), strict=True):
        doc = nlp.make_doc(text)
        for name, _ in nlp.pipeline:
            doc = tables[name](doc)
        assert (doc.to_array(attrs) == spacy_doc.to_array(attrs)).all(), text[:60]
    # Rules of several tokens, with a regular expression, on a dependency.
    lemmas = {t.lower_: t.lemma_ for t in doc}
    assert (lemmas["gon"], lemmas["ai"], lemmas["nothin'"], lemmas["'s"]) == (
        "go",
        "be",
        "nothing",
        "us",
    )
    assert doc[1].pos_ == "VERB", "'are' after expletive 'There'"


def test_a_text_parsed_whole_is_annotated_as_spacy_annotates_it(sitrep: Sitrep) -> None:
    """Pieces parsed apart and written back into their text's Doc: a text the
    cascade parses whole gets the plain pipeline's tags, trees and entities."""
    text = "Gunmen killed 12 villagers in Zamfara State on Sunday, police said. Two were hurt."
    doc = _cascade(sitrep)(text)
    plain = sitrep.resources.nlp(text)
    attrs = [TAG, POS, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]
    assert doc._.sitrep_parsed == [(0, len(doc))]
    assert (doc.to_array(attrs) == plain.to_array(attrs)).all()
    assert [(e.text, e.label_) for e in doc.ents] == [(e.text, e.label_) for e in plain.ents]


def test_every_trigger_of_the_full_parse_lies_in_a_parsed_sentence(sitrep: Sitrep) -> None:
    """The prefilter's recall, on real text: no trigger the full pipeline finds
    in the VOA stories is in a sentence the cascade leaves unparsed."""
    resources = sitrep.resources
    lines = VOA.read_text(encoding="utf-8").splitlines()[:30]
    texts = [json.loads(line)["text"] for line in lines]
    checked = 0
    for full, doc in zip(resources.nlp.pipe(texts), resources.cascade.pipe(texts), strict=True):
        parsed_chars = [(doc[a].idx, doc[b - 1].idx + 1) for a, b in doc._.sitrep_parsed]
        for trigger in resources.extractor.matcher(full):
            checked += 1
            start = trigger.span.start_char
            assert any(a <= start < b for a, b in parsed_chars), trigger.span.sent.text
    assert checked > 100


def test_extraction_is_that_of_the_full_parse_on_the_voa_stories(
    sitrep: Sitrep, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Events and statistics keep their sentences, types, actors, dates and
    fatalities. Only what comes from the report-wide place context may differ
    (places named in sentences left unparsed count less towards it): places,
    the country of a generic actor ("Rioters (Gambia)"), and so whether an act
    its own sentence does not place is placed at all -- a report codes no act
    it places nowhere (geocode): at most three events, or a twentieth."""
    resources = sitrep.resources
    stories = [json.loads(line) for line in VOA.read_text(encoding="utf-8").splitlines()[:40]]
    documents = [
        Document(
            id=str(i),
            text=story["text"],
            published=dt.date.fromisoformat(story["published"][:10]),
        )
        for i, story in enumerate(stories)
    ]

    def coded(events: list[Event]) -> list[tuple[str, ...]]:
        return sorted(
            (
                e.sub_event_type,
                re.sub(r" \(.*\)$", "", e.actor1 or ""),
                re.sub(r" \(.*\)$", "", e.actor2 or ""),
                str(e.event_date),
                str(e.fatalities),
                str([asdict(span) for span in e.evidence]),
            )
            for e in events
        )

    def each(documents: list[Document]) -> tuple[list[Event], list[Statistic]]:
        # One story at a time: a place read differently must not also change
        # which stories' events merge (three of these stories tell one hijacking).
        events: list[Event] = []
        statistics: list[Statistic] = []
        for document in documents:
            found = extract([document], resources)
            events += found[0]
            statistics += found[1]
        return events, statistics

    cascaded = each(documents)
    monkeypatch.setattr(Cascade, "wanted", lambda self, sentences: [True] * len(sentences))
    full = each(documents)
    assert cascaded[0], "the stories give events"
    both = {str(e.evidence[0]) for e in cascaded[0]} & {str(e.evidence[0]) for e in full[0]}
    unplaced = len(cascaded[0]) + len(full[0]) - 2 * len(both)
    assert unplaced <= max(3, len(full[0]) // 20)
    assert coded([e for e in cascaded[0] if str(e.evidence[0]) in both]) == coded(
        [e for e in full[0] if str(e.evidence[0]) in both]
    )
    assert [(s.doc_id, s.measure, s.value) for s in cascaded[1]] == [
        (s.doc_id, s.measure, s.value) for s in full[1]
    ]


def test_workers_keep_rejections_in_their_place(sitrep: Sitrep) -> None:
    resources = sitrep.resources
    lines = VOA.read_text(encoding="utf-8").splitlines()[:20]
    items: list[Document | Rejected] = [
        Document(id=str(i), text=json.loads(line)["text"]) for i, line in enumerate(lines)
    ]
    items[3] = Rejected("bad-3", "E003", "test rejection")
    items[12] = Rejected("bad-12", "E003", "test rejection")
    one = list(analyse(items, resources, workers=1))
    two = list(analyse(items, resources, workers=2))
    assert [type(r) for r in two] == [type(r) for r in one]
    assert [r.item for r in two if isinstance(r, Rejected)] == ["bad-3", "bad-12"]
    assert [len(r.events) for r in two if isinstance(r, Mentions)] == [
        len(r.events) for r in one if isinstance(r, Mentions)
    ]
