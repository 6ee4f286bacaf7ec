"""Extract stage: parsed document -> ``EventMention``s and ``Statistic``s.

Sentence by sentence: find triggers (``triggers``), keep those the text
asserts as actual, new incidents (``modality``, ``dates``), give them a type by
the lexicon and ACLED's hierarchy (``classify``), actors by their roles
(``roles``), a date, places to geocode, fatalities from incident figures, and
turn cumulative figures into statistics (``figures``). Every record carries
the sentence it came from as evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from sitrep.actors import ActorDictionary
from sitrep.classifier import EventClassifier, SentenceScore
from sitrep.errors import Deadline
from sitrep.extract import dates, learned
from sitrep.extract.classify import Candidate, classify, fold_sentence
from sitrep.extract.entities import ents_in, index
from sitrep.extract.figures import Figure, figures
from sitrep.extract.modality import Modality, attribution, modality, self_claimed
from sitrep.extract.placenames import PLACE_LABELS, names_entity, person_surnames
from sitrep.extract.roles import (
    Discourse,
    actor_phrase,
    claimant,
    other_side,
    roles,
    sentence_actors,
    subject_actor,
    update_discourse,
)
from sitrep.extract.totals import one_a_day
from sitrep.extract.triggers import Trigger, TriggerMatcher, clause_verb
from sitrep.extract.where import (
    country_hints,
    is_place_name,
    place_hint,
    places_in,
    speaker_place,
    weak_places_in,
    written_in,
)
from sitrep.gazetteer import name_key
from sitrep.lexicon import Lexicon
from sitrep.records import (
    CROWD_INTERS,
    FORCE_INTERS,
    Document,
    EventMention,
    EvidenceSpan,
    Mentions,
    Statistic,
    stable_hash,
)

#: Paragraphs that make the lead. News states its main incident in the first
#: one or two paragraphs, often in the present perfect ("gunmen have killed").
LEAD_PARAGRAPHS = 2
#: ... and at most this many sentences: scraped bodies often come as one
#: paragraph (the VOA corpus is whitespace-normalised), where the lead is the
#: first sentences.
LEAD_SENTENCES = 3

#: A report of at most this many sentences is read as a snippet (a headline, a
#: lead, a coder's summary: most report an event), a longer one as an article
#: (most of whose sentences do not): the classifier's calibration differs.
SNIPPET_SENTENCES = 3
#: An undated sentence takes the date of an incident told at most this many
#: sentences before it ("The attack began at dawn. Five guards were killed.");
#: farther back it takes the lead's date. On the gold's dev documents 2 kept
#: every inherited date that was right and dropped one that was wrong.
NEARBY_SENTENCES = 2
#: A toll with no event of its own completes an incident told at most this
#: many sentences before it; farther on it is another incident's (29
#: sentences after a gun battle, the Haiti mutiny's 25 deaths were added to
#: it). On the gold's dev documents any value from 1 to 10 gives the same
#: figures; 3 leaves room for a quote between an incident and its toll.
TOLL_SENTENCES = 3

__all__ = ["Extractor"]


@dataclass(frozen=True, slots=True)
class SentencePlaces:
    """A sentence's place names, read once for all the acts it states."""

    #: Place names, in the order of the text.
    named: list[str] = field(default_factory=list)
    #: Those of them where someone speaks ("officials in Islamabad said").
    spoken: frozenset[str] = frozenset()
    #: Names in a place's slot the model labelled otherwise (geocode: last resort).
    weak: list[str] = field(default_factory=list)

    def of_act(self, by_statement: bool) -> list[str]:
        """The places of an act: where someone speaks only for an act a
        statement makes ("announced its integration into the FLA, during a
        meeting held in Kidal"): there the statement is the act."""
        return [p for p in self.named if by_statement or p not in self.spoken]


class Extractor:
    """The extract stage, with its trigger matcher compiled once."""

    def __init__(
        self,
        vocab: Vocab,
        lexicon: Lexicon,
        actors: ActorDictionary,
        classifier: EventClassifier | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.actors = actors
        self.matcher = TriggerMatcher(vocab, lexicon)
        self.classifier = classifier
        self.gate = learned.checked_gate(classifier.gate if classifier is not None else None)
        #: Called with each sentence and its signals (the gate's training data).
        self.on_sentence: Callable[[Span, learned.Signals], None] | None = None

    def __call__(self, doc: Doc, document: Document, deadline: Deadline | None = None) -> Mentions:
        """Extract event mentions and statistics from one annotated document.

        ``deadline`` is checked between sentences (``InputError`` E026)."""
        deadline = deadline or Deadline(None)
        index(doc)
        starts = _paragraph_starts(document.text)
        place_names = places_in(doc[:], self.actors, self.lexicon)
        result = Mentions(document=document, place_names=place_names)
        result.focus_places = _focus_places(doc, document, starts, self.lexicon)
        result.country_hints = country_hints(doc, self.actors)
        lead_date = _lead_date(doc, document.published, starts, self.lexicon)
        discourse = Discourse()
        triggers = self.matcher(doc)
        previous: EventMention | None = None
        previous_number = -1  # the sentence of ``previous``
        held: tuple[list[Figure], int] | None = None  # fighters' dead awaiting their battle
        previous_paragraph = -1
        told_before = False  # the paragraph is telling background ("Last month, ...")
        sentences = list(doc.sents)
        result.sentences = len(sentences)
        context = _context(sentences)
        # A sentence the annotation cascade left unparsed holds no trigger,
        # figure or claim (its prefilter passes every one that may): only the
        # discourse goes on through it. (The gate's training reads them all.)
        read = _parsed(doc, sentences) if self.on_sentence is None else [True] * len(sentences)
        scores: list[SentenceScore | None] = [None] * len(sentences)
        if self.classifier is not None:
            wanted = [n for n, r in enumerate(read) if r]
            for n, scored in zip(
                wanted,
                self.classifier.score([sentences[n].text for n in wanted], context=context),
                strict=True,
            ):
                scores[n] = scored
        by_sentence = _triggers_by_sentence(triggers, sentences)
        for number, sentence in enumerate(sentences):
            deadline.check("extracting")
            score = scores[number]
            paragraph = _paragraph_of(sentence.start_char, starts)
            in_lead = paragraph < LEAD_PARAGRAPHS and number < LEAD_SENTENCES
            if paragraph != previous_paragraph:
                previous, previous_paragraph, told_before = None, paragraph, False
            update_discourse(sentence, self.actors, discourse)
            if not read[number]:
                told_before = False  # what an undated sentence without an act gives
                continue
            claimed_by = claimant(sentence, self.lexicon, self.actors, discourse)
            if claimed_by is not None and claimed_by not in result.claimants:
                result.claimants.append(claimed_by)
            lexical = by_sentence[number]
            model = (
                None
                if lexical
                else learned.model_trigger(
                    sentence, score, self.lexicon, snippet=context == "snippet"
                )
            )
            in_sentence = lexical or ([model] if model is not None else [])
            dated = _dated_ents(sentence, document.published)
            # Dates in the past, and spans vaguer than a month ("in the past two
            # years"): ACLED codes neither as an event's date.
            history = [
                ent
                for ent, d in dated
                if dates.is_historical(d, document.published) or d.precision > dates.MONTH
            ]
            historical = bool(history)
            current = _event_dates(
                [
                    (ent, d)
                    for ent, d in dated
                    if not dates.is_historical(d, document.published) and d.precision <= dates.MONTH
                ],
                self.lexicon,
            )
            # With no publication date, "this Sunday" resolves to no day, yet
            # it still says the deaths are the news cycle's, not a total's.
            # (Not "recent": which day "since" counts from stays unknown.)
            undated_day = document.published is None and _names_news_day(sentence)
            figs = figures(
                sentence,
                self.lexicon,
                has_date=bool(current) or undated_day,
                historical=historical,
                is_person=self.actors.is_actor_noun,
                recent=any(d.precision == dates.DAY for d in current),
            )
            month_only = bool(current) and all(d.precision >= dates.MONTH for d in current)
            # "Last month, insurgents ambushed a bus ... Just days later, a
            # roadside bomb killed 11 miners": dated from the sentence before,
            # the story goes on in the past.
            recounted = told_before and not dated and _dated_from_before(sentence)
            told_before = recounted or (
                not in_lead and (month_only or (historical and not current))
            )
            attributed = None
            # The classifier sure of an event overrules the rules' softer
            # vetoes (background, allegation, generic reference), not their
            # firm ones (negation, a past date); in a snippet, its home
            # register, also modality and a missing actor.
            sure = learned.sure(score)
            sure_here = sure and context == "snippet"
            news_present = context == "snippet" and learned.news_present(score)
            candidates: list[Candidate] = []
            for trigger in in_sentence:
                verb = clause_verb(trigger.head)
                mood = modality(
                    trigger.head,
                    verb,
                    sentence,
                    self.lexicon,
                    purpose_happens=trigger.group.rule == "protest",
                )
                if mood.negated or _dated_in_history(trigger, verb, history, bool(current)):
                    continue  # "no one was killed"; dated in the past
                if _presupposed(trigger, [ent for ent, _ in dated]):
                    continue  # "schoolgirls kidnapped in Zamfara were freed Tuesday"
                if previous is not None and _anaphoric(trigger):
                    continue  # "died in the attack" just told: its toll (below)
                if (month_only and not in_lead) or recounted:
                    # "Earlier this month, a suicide bomber ...": background
                    # (eval/GUIDELINES.md sections 1 and 5).
                    continue
                if not (sure_here or mood.asserted or (news_present and mood.only_news_present)):
                    continue  # hypothetical, planned, habitual
                if not sure and _background(
                    trigger, mood, figs=figs, lexicon=self.lexicon, current=current, lead=in_lead
                ):
                    continue
                found = roles(
                    trigger.span,
                    verb,
                    sentence,
                    self.actors,
                    discourse,
                    reciprocal=self.lexicon.reciprocal_verbs,
                    taken_from=trigger.group.rule == "territory",
                )
                attributed = attribution(
                    trigger.head, sentence, self.lexicon, discourse.last_source
                )
                candidates.append(
                    Candidate(
                        trigger,
                        verb,
                        found,
                        attributed,
                        claimed=self_claimed(verb, self.lexicon),
                    )
                )
            kept = fold_sentence(
                candidates,
                sentence=sentence,
                lexicon=self.lexicon,
                actors=self.actors,
                discourse=discourse,
                figs=figs,
                sure=sure_here,
            )
            incident = [f for f in figs if not f.cumulative]
            signals = learned.Signals(
                p_event=score.p_event if score is not None else 1.0,
                lexical=bool(lexical),
                asserted=bool(candidates),
                kept=bool(kept),
                model_only=bool(kept) and not lexical,
                dated=bool(current),
                month_only=month_only,
                historical=historical,
                lead=in_lead,
                incident=bool(incident),
                cumulative=any(f.cumulative for f in figs),
            )
            if self.on_sentence is not None:
                self.on_sentence(sentence, signals)
            follow_up = previous is not None and (
                all(not c.trigger.group.specific and not c.roles.actor1 for c in kept)
                or (not lexical and _same_kind(kept, previous, self.lexicon))
                or (
                    number - previous_number == 1
                    and _meets_the_crowd(kept, previous, sentence, self.lexicon)
                )
            )
            # "At least 21 passengers and four troops died in the attack": its
            # only trigger points back at the incident told before, whose toll
            # this is.
            told_back = bool(lexical) and not kept and all(_anaphoric(t) for t in lexical)
            if (
                follow_up
                and previous is not None
                and (kept or (incident and (not lexical or told_back)))
            ):
                # "4 soldiers were killed." / "Fatalities coded as 5." after the
                # incident: its toll, told again or completed, not a new event.
                # A toll told after its incident follows it closely; one told
                # far later ("there were 25 deaths as a result of the mutiny",
                # 29 sentences after a gun battle) is another incident's.
                toll = incident
                if previous.event_type == "Violence against civilians":
                    # "The sources said 16 terrorists had been killed": the
                    # attackers' dead belong to the fight with the forces that
                    # answered, told next, not to the attack on civilians.
                    fighters = [f for f in incident if self._fighters(f)]
                    toll = [f for f in incident if f not in fighters]
                    if fighters:
                        held = (fighters, number)
                if number - previous_number <= TOLL_SENTENCES:
                    _add_figures(previous, toll, restated=True)
                kept = []
            elif score is not None and not sure and not learned.keeps(signals, self.gate):
                kept = []
            learned.retype(
                kept,
                score,
                sentence,
                self.lexicon,
                deadly=any(f.measure == "killed" for f in incident),
                snippet=context == "snippet",
            )
            where = self._sentence_places(sentence) if kept else SentencePlaces()
            for candidate in kept:
                mention = self._mention(
                    lead=in_lead,
                    document=document,
                    sentence=sentence,
                    where=where,
                    candidate=candidate,
                    current=current,
                    lead_date=lead_date,
                    # An undated sentence goes on with the date of an incident
                    # told just before it, not one told paragraphs back.
                    previous=(
                        previous
                        if number - previous_number <= NEARBY_SENTENCES or _refers_back(lexical)
                        else None
                    ),
                    index=len(result.events),
                    figs=figs,
                    score=score,
                    sure=sure_here,
                    snippet=context == "snippet",
                )
                if mention is None:
                    continue
                _add_figures(mention, _nearest_figures(candidate, kept, incident))
                if (
                    held is not None
                    and mention.event_type == "Battles"
                    and number - held[1] <= NEARBY_SENTENCES
                ):
                    _add_figures(mention, held[0], restated=True)
                    held = None
                result.events.append(mention)
                previous, previous_number = mention, number
            for figure in figs:
                if figure.cumulative:
                    result.statistics.append(
                        self._statistic(document, sentence, figure, lexical, discourse)
                    )
        # Only now is each incident's toll complete (a toll may follow its act).
        result.events = one_a_day(result.events)
        return result

    def _fighters(self, figure: Figure) -> bool:
        """Whether a toll counts armed men ("16 terrorists", "militants"):
        state forces, rebels or militias (ACLED inter 1-4), not civilians."""
        if figure.victims is None:
            return False
        inter = self.actors.inter_of(figure.victims)
        return inter is not None and 1 <= inter <= 4

    def _sentence_places(self, sentence: Span) -> SentencePlaces:
        """The sentence's place names, those where someone speaks, and its
        weak places, read once for all the acts it states."""
        named = places_in(sentence, self.actors, self.lexicon)
        spoken = frozenset(p for p in named if speaker_place(sentence, p, self.lexicon))
        places = [p for p in named if p not in spoken]
        weak = [p for p in weak_places_in(sentence, self.actors, self.lexicon) if p not in places]
        return SentencePlaces(named, spoken, weak)

    def _mention(
        self,
        *,
        lead: bool,
        document: Document,
        sentence: Span,
        where: SentencePlaces,
        candidate: Candidate,
        current: list[dates.DateRange],
        lead_date: dates.DateRange | None,
        previous: EventMention | None,
        index: int,
        figs: list[Figure],
        score: SentenceScore | None = None,
        sure: bool = False,
        snippet: bool = False,
    ) -> EventMention | None:
        sub_event_type = classify(candidate, sentence, self.lexicon, self.actors)
        if sub_event_type is None:
            return None
        when = _date_for(candidate, current) or _inherited(
            (_range_of(previous) if previous is not None else None) or lead_date
        )
        if when is None and document.published is not None:
            # No date in the text: the report's own week (ACLED precision 2).
            start = document.published - dt.timedelta(days=6)
            when = dates.DateRange(start, document.published, dates.WEEK, "publication week")
        places = where.of_act(sub_event_type in self.lexicon.made_by_statement)
        weak = where.weak
        clause = {t.i for t in candidate.verb.subtree} | {t.i for t in candidate.trigger.span}
        places.sort(
            key=lambda p: (
                0
                if any(names_entity(p, e) and e.start in clause for e in ents_in(sentence))
                or written_in(p, sentence, clause)
                else 1
            )
        )
        actors1 = candidate.roles.actor1 or []
        actors2 = candidate.roles.actor2 or []
        if not actors2 and sub_event_type in self.lexicon.other_side.sub_event_types:
            # "retook Tamou from JNIM", "after IS fighters withdrew", "handed
            # the base to the army": the side that lost, left or got the
            # ground; with no actor of its own, the act's is the side that got it
            # ("Kyauktaw fell to the Arakan Army").
            sides = other_side(
                candidate.trigger.head,
                candidate.verb,
                self.lexicon.other_side,
                actors=self.actors,
                discourse=Discourse(),
                acting=actors1,
            )
            if actors1:
                actors2 = (sides.actor2 + sides.actor1)[:1]
            else:
                actors1, actors2 = sides.actor1[:1], sides.actor2[:1]
        crowd = self.lexicon.event_type_of[sub_event_type] in {"Protests", "Riots"}
        if not actors1:
            # The sentence's only other actor acts ("an offensive ... by IS, which
            # cut the airport road"); with several, the parse must say which. A
            # crowd and the force that met it are the two sides of a protest
            # or riot ("Police fired tear gas to disperse hundreds of
            # protesters"): resolve puts the crowd first.
            others = [
                a for a in sentence_actors(sentence, self.actors, Discourse()) if a not in actors2
            ]
            met = crowd and sub_event_type != "Peaceful protest"  # a peaceful one meets no one
            loose = not candidate.trigger.group.specific or met
            if len(others) == 1 or (others and loose and not actors2):
                actors1 = others[:1]
                if loose and not actors2:
                    actors2 = others[1:2]
        if crowd and sub_event_type not in {"Peaceful protest", "Mob violence"}:
            actors1, actors2 = self._force_met(sentence, actors1, actors2)
        if (
            not sure
            and not actors1
            and not actors2
            and not crowd
            and not any(not f.cumulative for f in figs)
        ):
            # Nobody acting, nobody hit, nobody killed: a mention of a tactic
            # ("talks on missiles"), not a codable event.
            return None
        if snippet and not crowd and not actors1 and learned.unfounded(score):
            # A snippet the classifier is sure reports no event, whose act has
            # no one doing it: an accident or a disaster ("A tanker truck ...
            # overturned and exploded ..., killing the driver"). (A crowd is
            # its own actor.)
            return None
        hints = [place_hint(sentence, p, self.lexicon) for p in places]
        mention = EventMention(
            doc_id=document.id,
            index=index,
            event_type=self.lexicon.event_type_of[sub_event_type],
            sub_event_type=sub_event_type,
            trigger=candidate.trigger.span.text,
            evidence=[_evidence(document.id, sentence)],
            actor1_text=actors1[0] if actors1 else None,
            assoc_actor_1_text="; ".join(actors1[1:]) or None,
            actor2_text=actors2[0] if actors2 else None,
            assoc_actor_2_text="; ".join(actors2[1:]) or None,
            place_text=places[0] if places else None,
            place_candidates=places,
            weak_places=list(weak),
            place_hint=hints[0] if hints else None,
            place_hints=hints,
            event_date=when.event_date if when else None,
            date_start=when.start if when else None,
            date_end=when.end if when else None,
            time_precision=when.precision if when else None,
            attribution=candidate.attribution,
            generic=not candidate.trigger.group.specific,
            lead=lead,
            claimed=candidate.claimed,
        )
        mention.confidence = _confidence(mention, bool(current), bool(places), score)
        return mention

    def _force_met(
        self, sentence: Span, actors1: list[str], actors2: list[str]
    ) -> tuple[list[str], list[str]]:
        """A crowd's sides with the force that met it: when the act's roles
        name only the crowd ("market women protesting", found by their own
        word), the sentence's first state or external force ("Police
        dispersed hundreds of market women protesting new taxes") is the other
        side; resolve puts the crowd first (ACLED)."""
        inters = {self.actors.inter_of(a) for a in actors1 + actors2} - {None}
        if inters - CROWD_INTERS:
            return actors1, actors2  # the roles name a side that is no crowd
        # Who tells of it is not who met the crowd ("..., police said").
        speakers = [
            t
            for t in sentence
            if t.dep_ == "nsubj" and t.head.lemma_.lower() in self.lexicon.reporting_verbs
        ]
        told = {actor_phrase(t, self.actors, Discourse()) for t in speakers}
        force = next(
            (
                a
                for a in sentence_actors(sentence, self.actors, Discourse())
                if a not in {*actors1, *actors2, *told} and self.actors.inter_of(a) in FORCE_INTERS
            ),
            None,
        )
        if force is None:
            return actors1, actors2
        if not actors1:
            return [force], actors2
        return actors1, [force, *actors2]

    def _statistic(
        self,
        document: Document,
        sentence: Span,
        figure: Figure,
        triggers: list[Trigger],
        discourse: Discourse,
    ) -> Statistic:
        q = figure.quantity
        verb = clause_verb(figure.anchor)
        cause = figure.cause.text if figure.cause is not None else None
        perpetrator = None
        for trigger in triggers:
            if (
                trigger.head.i == figure.anchor.i
                or not sentence.start <= trigger.span.start < sentence.end
            ):
                continue
            if trigger.head.i in {t.i for t in verb.subtree}:
                cause = cause or trigger.span.text
                found = roles(
                    trigger.span, clause_verb(trigger.head), sentence, self.actors, discourse
                )
                perpetrator = found.actor1[0] if found.actor1 else None
                break
        if perpetrator is None:
            # "IS ... has claimed the lives of 210 civilians": the subject did it.
            perpetrator = subject_actor(verb, self.actors, discourse)
        period = next((e.text for e in ents_in(sentence) if e.label_ == "DATE"), None)
        places = places_in(sentence, self.actors, self.lexicon)
        span = _evidence(document.id, sentence)
        return Statistic(
            statistic_id=stable_hash(document.id, span.start, figure.measure, q.best),
            doc_id=document.id,
            measure=figure.measure,
            value=q.best,
            value_low=q.low,
            value_high=q.high,
            qualifier=q.qualifier,
            victims=figure.victims,
            cause=cause,
            perpetrator=perpetrator,
            period=period,
            date_start=None,
            date_end=document.published,
            location=places[0] if places else None,
            attribution=attribution(figure.anchor, sentence, self.lexicon, discourse.last_source),
            evidence=[span],
            confidence=0.7 if not q.vague else 0.5,
        )


def _anaphoric(trigger: Trigger) -> bool:
    """A definite trigger noun inside a prepositional phrase points back at an
    incident already told ("killed in the attack", "claimed responsibility for
    the attack", "the scene of the airstrike"); it adds no new event."""
    head = trigger.head
    if head.pos_ != "NOUN" or head.dep_ != "pobj":
        return False
    if any(c.dep_ in {"prep", "acl", "relcl"} for c in head.children):
        return False  # "the arrest of another five people" tells something new
    return any(
        c.dep_ in {"det", "poss"} and c.lower_ in {"the", "this", "that", "these", "those", "its"}
        for c in head.children
    )


def _non_specific(trigger: Trigger, lexicon: Lexicon) -> bool:
    """A plural trigger noun with a modifier of generality refers to no one incident."""
    head = trigger.head
    if head.pos_ != "NOUN" or head.tag_ != "NNS":
        return False
    return any(
        c.dep_ in {"amod", "det", "nummod", "compound"}
        and c.lemma_.lower() in lexicon.non_specific_modifiers
        for c in head.children
    )


def _parsed(doc: Doc, sentences: list[Span]) -> list[bool]:
    """Whether each sentence was given the full pipeline (``Doc._.sitrep_parsed``
    from the annotation cascade; a plainly parsed ``Doc``: all of them)."""
    ranges = doc._.sitrep_parsed if Doc.has_extension("sitrep_parsed") else None
    if ranges is None:
        return [True] * len(sentences)
    starts = [a for a, _ in ranges]
    found = []
    for sentence in sentences:
        at = bisect_right(starts, sentence.start) - 1
        found.append(at >= 0 and sentence.start < ranges[at][1])
    return found


def _paragraph_starts(text: str) -> list[int]:
    starts, pos = [0], 0
    for line in text.split("\n")[:-1]:
        pos += len(line) + 1
        starts.append(pos)
    return starts


def _paragraph_of(char: int, starts: list[int]) -> int:
    # ``starts`` is ascending: a binary search keeps long reports linear.
    return max(bisect_right(starts, char) - 1, 0)


def _triggers_by_sentence(triggers: list[Trigger], sentences: list[Span]) -> list[list[Trigger]]:
    """The triggers starting in each sentence, in the matcher's order: one
    pass instead of a scan of every trigger for every sentence."""
    firsts = [sentence.start for sentence in sentences]
    grouped: list[list[Trigger]] = [[] for _ in sentences]
    for trigger in triggers:
        number = bisect_right(firsts, trigger.span.start) - 1
        if number >= 0 and trigger.span.start < sentences[number].end:
            grouped[number].append(trigger)
    return grouped


def _focus_places(doc: Doc, document: Document, starts: list[int], lexicon: Lexicon) -> list[str]:
    """Places of the headline and lead first, then by how often they are named
    (never where someone merely speaks)."""
    lead_end = starts[LEAD_PARAGRAPHS] if len(starts) > LEAD_PARAGRAPHS else len(document.text)
    counts: dict[str, float] = {}
    title = (document.title or "").lower()
    background: dict[int, bool] = {}
    surnames = person_surnames(doc)
    for ent in ents_in(doc[:]):
        if not is_place_name(ent) or speaker_place(ent.sent, ent.text, lexicon):
            continue
        if name_key(ent.text) in surnames:
            continue  # "interim President Ahmed al-Sharaa": a person
        start = ent.sent.start
        if start not in background:
            background[start] = _dated_before(ent.sent, document.published)
        if background[start]:
            # "Last month, insurgents ambushed a bus in Kalat": context, not
            # the story's place.
            continue
        weight = 1.0 + (2.0 if ent.start_char < lead_end else 0.0)
        counts[ent.text] = (
            counts.get(ent.text, 0.0) + weight + (3.0 if ent.text.lower() in title else 0.0)
        )
    return sorted(counts, key=lambda name: -counts[name])


_RELATIVE_DATE = re.compile(
    r"\b(later|earlier|after|afterwards?|before|next|following|previous|same)\b", re.I
)


def _dated_from_before(sentence: Span) -> bool:
    """Whether ``sentence`` dates itself from the one before ("days later",
    "the following week", "the same day")."""
    return any(
        ent.label_ in {"DATE", "TIME"} and _RELATIVE_DATE.search(ent.text)
        for ent in ents_in(sentence)
    ) or bool(re.match(r"\W*(?:just\s+)?(?:days|weeks|hours)\s+later\b", sentence.text, re.I))


def _refers_back(triggers: list[Trigger]) -> bool:
    """Whether the sentence names its act as one told before: a definite event
    noun ("21 passengers died in the initial attack", "killed in the blast")."""
    return any(
        t.head.pos_ == "NOUN"
        and any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in t.head.children)
        for t in triggers
    )


def _dated_before(sentence: Span, published: dt.date | None) -> bool:
    """Whether every date of ``sentence`` is history or a whole month ("last
    month", "earlier this month", "in 2014"): the guidelines' background."""
    found = [d for _, d in _dated_ents(sentence, published)]
    return bool(found) and all(
        d.precision >= dates.MONTH or dates.is_historical(d, published) for d in found
    )


def _sentence_dates(sentence: Span, published: dt.date | None) -> list[dates.DateRange]:
    return [found for _, found in _dated_ents(sentence, published)]


def _names_news_day(sentence: Span) -> bool:
    """Whether ``sentence`` names a day or week counted from the report's own
    day ("yesterday", "on Tuesday", "this week")."""
    return any(
        ent.label_ in {"DATE", "TIME"} and dates.news_cycle_precision(ent.text) is not None
        for ent in ents_in(sentence)
    )


def _dated_ents(sentence: Span, published: dt.date | None) -> list[tuple[Span, dates.DateRange]]:
    """Each resolvable date or time entity of ``sentence`` with its reading."""
    found = []
    for ent in ents_in(sentence):
        if ent.label_ in {"DATE", "TIME"}:
            text = ent.text
            before = sentence.doc[ent.start - 1] if ent.start > sentence.start else None
            if before is not None and before.is_digit and 1 <= int(before.text) <= 31:
                text = f"{before.text} {text}"  # "Around 10 [January 2023]"
            resolved = dates.resolve(text, published)
            if resolved is not None:
                found.append((ent, resolved))
    found = _joined_days(sentence, found)
    anchor = next((d for _, d in found if d.precision == dates.DAY), None)
    if anchor is not None:
        # "Sunday ... raised the toll from the previous day's blasts": a day
        # counted from the sentence's own date, not from publication.
        for ent in ents_in(sentence):
            shift = _day_shift(ent.text) if ent.label_ in {"DATE", "TIME"} else None
            if shift is not None:
                day = anchor.start + dt.timedelta(days=shift)
                found.append((ent, dates.DateRange(day, day, dates.DAY, ent.text)))
    return found


def _joined_days(
    sentence: Span, found: list[tuple[Span, dates.DateRange]]
) -> list[tuple[Span, dates.DateRange]]:
    """Two day entities joined by "and", "to" or a dash ("on Tuesday and
    [on] Wednesday") as one span of days: the events it dates are one a day."""
    joined: list[tuple[Span, dates.DateRange]] = []
    for ent, found_date in found:
        if joined:
            before, before_date = joined[-1]
            between = sentence.doc.text[before.end_char : ent.start_char]
            between = re.sub(r"^\s*(?:and|to)\s+on\s*$", " and ", between)
            span = (
                dates.day_span(before_date, found_date, f"{before.text}{between}{ent.text}")
                if dates.SPAN_JOINER.fullmatch(between)
                else None
            )
            if span is not None:
                joined[-1] = (before, span)
                continue
        joined.append((ent, found_date))
    return joined


_DAY_SHIFTS = (
    (re.compile(r"\b(previous|preceding) day|\bday before\b|\ba day earlier\b", re.I), -1),
    (re.compile(r"\b(next|following) day|\ba day later\b", re.I), 1),
)


def _day_shift(text: str) -> int | None:
    """Days from the sentence's own date that ``text`` names ("the previous
    day" -1, "the following day" +1), or ``None``."""
    return next((shift for pattern, shift in _DAY_SHIFTS if pattern.search(text)), None)


def _dated_in_history(trigger: Trigger, verb: Token, history: list[Span], current: bool) -> bool:
    """Whether a historical date governs this trigger: always when the sentence
    has no current date; otherwise only a past date in the trigger's own clause
    ("sellers ... out of 300 last year" does not date the sit-in "Monday")."""
    if not history:
        return False
    if not current:
        return True
    return any(
        _governing_verb(ent.root) is verb or ent.root.head in trigger.span for ent in history
    )


def _presupposed(trigger: Trigger, dated: list[Span]) -> bool:
    """Whether the trigger is a participle naming what befell a noun ("270
    schoolgirls kidnapped in Zamfara were freed by their captors Tuesday",
    "a train held hostage") while the sentence's date belongs to another
    clause: the act is told as known, and the date is of what the sentence
    newly reports, not of it."""
    head = trigger.head
    if head.dep_ != "acl" or head.tag_ != "VBN" or not dated:
        return False
    own = {t.i for t in head.subtree}
    return not any(ent.root.i in own for ent in dated)


def _governing_verb(token: Token) -> Token | None:
    """The first verb above ``token`` ("seized" for "2014" in "In 2014 IS seized")."""
    current = token
    for _ in range(6):
        if current.head is current:
            return None
        current = current.head
        if current.pos_ in {"VERB", "AUX"}:
            return current
    return None


def _lead_date(
    doc: Doc, published: dt.date | None, starts: list[int], lexicon: Lexicon
) -> dates.DateRange | None:
    """The first current date of the lead: the frame of the whole report."""
    limit = starts[LEAD_PARAGRAPHS + 1] if len(starts) > LEAD_PARAGRAPHS + 1 else len(doc.text)
    found: list[tuple[Span, dates.DateRange]] = []
    for ent in ents_in(doc[:]):
        if ent.start_char >= limit:
            break
        if ent.label_ in {"DATE", "TIME"}:
            resolved = dates.resolve(ent.text, published)
            if (
                resolved
                and resolved.precision <= dates.MONTH
                and not dates.is_historical(resolved, published)
            ):
                found.append((ent, resolved))
    event_dates = _event_dates(found, lexicon)
    return event_dates[0] if event_dates else None


def _event_dates(
    found: list[tuple[Span, dates.DateRange]], lexicon: Lexicon
) -> list[dates.DateRange]:
    """The dates of what happened, without those of its telling when there are
    both: in "officials confirmed Friday that 31 died in Tuesday's hijacking"
    Friday dates the statement, Tuesday the event."""
    told = [_told_on(ent, lexicon) for ent, _ in found]
    if all(told):
        return [d for _, d in found]
    untold = [(ent, d) for (ent, d), t in zip(found, told, strict=True) if not t]
    # "Tuesday's train hijacking", "the previous day's blasts": a possessive
    # date names the day of the act itself.
    owned = [d for ent, d in untold if ent.root.dep_ == "poss" and ent.root.head.pos_ == "NOUN"]
    return owned + [d for _, d in untold if d not in owned]


def _told_on(ent: Span, lexicon: Lexicon) -> bool:
    """Whether a date entity dates a reporting or speech verb ("said on Friday")."""
    verb = _governing_verb(ent.root)
    return verb is not None and (
        verb.lemma_ in lexicon.reporting_verbs or verb.lemma_ in lexicon.speech_verbs
    )


def _date_for(candidate: Candidate, current: list[dates.DateRange]) -> dates.DateRange | None:
    if not current:
        return None
    return min(current, key=lambda d: d.precision)


def _inherited(found: dates.DateRange | None) -> dates.DateRange | None:
    """A date taken from another sentence: a span of named days there ("on
    Tuesday and Wednesday") does not say which of them this act was on, so it
    is the span at precision 2 (eval/GUIDELINES.md section 5), not one event
    a day."""
    if found is None or len(found.days) < 2:
        return found
    return dates.DateRange(found.start, found.end, dates.WEEK, found.text)


def _range_of(mention: EventMention) -> dates.DateRange | None:
    if mention.date_start is None or mention.date_end is None or mention.time_precision is None:
        return None
    return dates.DateRange(mention.date_start, mention.date_end, mention.time_precision, "context")


def _context(sentences: list[Span]) -> str:
    return "snippet" if len(sentences) <= SNIPPET_SENTENCES else "article"


def _meets_the_crowd(
    kept: list[Candidate], previous: EventMention, sentence: Span, lexicon: Lexicon
) -> bool:
    """Whether a sentence's acts are how the demonstration told just before
    was met (triggers.yaml ``crowd_met_by``: "Hundreds of teachers rallied
    outside parliament. Police detained 20 of them."), naming no place of
    their own: ACLED codes them in the demonstration's type, not apart."""
    met = lexicon.crowd_met_by
    return (
        bool(kept)
        and all(c.sub_event_type in met for c in kept)
        and all(previous.sub_event_type in met[c.sub_event_type or ""] for c in kept)
        and not any(ent.label_ in PLACE_LABELS for ent in sentence.ents)
    )


def _same_kind(kept: list[Candidate], previous: EventMention, lexicon: Lexicon) -> bool:
    """Whether a sentence with only the classifier's trigger goes on telling
    the previous sentence's incident: its act is of the same event type
    ("Protesters rallied ... Police fired tear gas to disperse them.")."""
    return any(
        c.sub_event_type is not None
        and lexicon.event_type_of[c.sub_event_type] == previous.event_type
        for c in kept
    )


def _background(
    trigger: Trigger,
    mood: Modality,
    *,
    figs: list[Figure],
    lexicon: Lexicon,
    current: list[dates.DateRange],
    lead: bool,
) -> bool:
    """Whether the rules read a trigger as no new incident, short of negation
    or a past date."""
    if mood.perfect and not current and not lead:
        return True  # background: "regime forces have confiscated aid"
    if mood.alleged and not current:
        return True  # "accused the group of killing, looting ...": unspecified acts
    if _anaphoric(trigger) and not lead:
        return True  # "at the scene of the airstrike": an incident told before
    if _non_specific(trigger, lexicon):
        return True  # "recent attacks", "other bombings": acts in general
    if _inside_cumulative(trigger.head, figs):
        return True  # the cause of a statistic, not an incident
    if trigger.group.modifier_is_state and trigger.head.dep_ == "amod":
        return True  # a state: "the rights groups ... inside its detained centers"
    # names a thing, not an act: "missile programme", "protest leaders"
    return trigger.head.dep_ in {"compound", "poss"} and trigger.head.head.i >= trigger.span.end


def _inside_cumulative(head: object, figs: list[Figure]) -> bool:
    for figure in figs:
        if figure.cumulative and figure.measure in {"killed", "injured"}:
            verb = clause_verb(figure.anchor)
            while verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
                verb = verb.head  # "had killed and injured 1,000 ... in the past week"
            if any(t.i == getattr(head, "i", -1) for t in verb.subtree):
                return True
    return False


def _nearest_figures(
    candidate: Candidate, kept: list[Candidate], incident: list[Figure]
) -> list[Figure]:
    mine = []
    for figure in incident:
        nearest = min(kept, key=lambda c: abs(c.trigger.head.i - figure.anchor.i))
        if nearest is candidate:
            mine.append(figure)
    return mine


def _add_figures(mention: EventMention, figs: list[Figure], *, restated: bool = False) -> None:
    """Add a sentence's figures to a mention: summed within the sentence
    ("killing 9 ... and 2 ..."); a later sentence's toll replaces a smaller
    one rather than adding to it ("... killing 5. Fatalities coded as 5.")."""
    killed = [f.quantity for f in figs if f.measure == "killed"]
    by_victim = [(f.victims, f.quantity.low) for f in figs if f.measure == "killed" and f.victims]
    if len(by_victim) > 1 and (not restated or not mention.fatalities_by_victim):
        # A toll by side, in the sentence or told just after it ("bodies of
        # five government troops and six civilians have been found").
        mention.fatalities_by_victim += (
            by_victim  # "9 Revolutionary Guard members and 2 IS fighters"
        )
    injured = sum(f.quantity.low for f in figs if f.measure == "injured")
    low = sum(q.low for q in killed)
    best = sum(q.best for q in killed)
    high = sum(q.high for q in killed)
    if restated:
        mention.fatalities_low = max(mention.fatalities_low, low)
        mention.fatalities_best = max(mention.fatalities_best, best)
        mention.fatalities_high = max(mention.fatalities_high, high)
        mention.injuries = max(mention.injuries, injured)
    else:
        mention.fatalities_low += low
        mention.fatalities_best += best
        mention.fatalities_high += high
        mention.injuries += injured
    for figure in figs:
        span = figure.anchor.sent
        evidence = EvidenceSpan(mention.doc_id, span.start_char, span.end_char, span.text)
        if evidence not in mention.evidence:
            mention.evidence.append(evidence)


def _evidence(doc_id: str, sentence: Span) -> EvidenceSpan:
    return EvidenceSpan(doc_id, sentence.start_char, sentence.end_char, sentence.text)


def _confidence(
    mention: EventMention, dated: bool, placed: bool, learned_score: SentenceScore | None
) -> float:
    """A raw score from what the sentence supports (calibrated in merge): the
    classifier's calibrated probability that the sentence reports an event of
    this mention's type, P(event) x P(type | event), where there is one, else
    the rules'. Of several acts in a report, the one the classifier is surest
    of comes first."""
    if learned_score is not None:
        p = learned_score.p_event * learned_score.distribution.get(mention.sub_event_type, 0.0)
        return round(max(0.01, min(p, 0.99)), 3)
    score = 0.45
    score += 0.15 if mention.actor1_text else 0.0
    score += 0.05 if mention.actor2_text else 0.0
    score += 0.1 if dated else 0.0
    score += 0.1 if placed else 0.0
    score += 0.05 if mention.fatalities_best else 0.0
    score -= 0.15 if mention.generic else 0.0
    score += 0.1 if mention.lead else 0.0
    return round(max(0.05, min(score, 0.95)), 2)
