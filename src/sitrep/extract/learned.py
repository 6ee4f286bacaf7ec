"""Where the learned classifier meets the linguistic machinery.

The classifier (``sitrep.classifier``) reads a sentence as a whole and says
whether it reports an event and of which sub-event type; the trigger rules
find the words, the roles, the modality and the dates. This module decides
between them, sentence by sentence:

- **gate**: whether a sentence's acts become events. A logistic regression
  over the classifier's P(event) and the rules' signals (``Signals``: a
  trigger word, one the modality and date checks let through, a current or a
  past date, the lead, casualty figures), fitted on the real VOA dev
  sentences (``tools/train_gate.py``). Measured against the alternatives on
  the gold's dev documents: the classifier alone as a veto (P(event) below
  ``VETO_BELOW``) and the rules alone. A vetoed sentence's figures may still
  complete the previous incident;
- **trust**: from P(event) ``TRUST_FROM`` the classifier's word overrules the
  gate and the rules' soft vetoes (``sure``); negation and past dates stay;
- **type**: one act in a sentence takes the classifier's sub-event type when
  the classifier is sure of it and finds the rule's type unlikely, unless the
  rules' type rests on a cue word the text names (``retype``);
- **detect**: a sentence the classifier is sure reports an event, where no
  trigger word was found, gets a model trigger on its main verb, which then
  goes through the same modality, date and role checks as any trigger.

Every threshold is on calibrated probabilities and was chosen on the dev
documents of the gold (``eval/gold``, event F1, ``tools/tune_gate.py``),
never on held-out ones.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from spacy.tokens import Span, Token

from sitrep.classifier import SentenceScore
from sitrep.errors import E, SitrepError
from sitrep.extract.classify import Candidate, cued
from sitrep.extract.triggers import Trigger
from sitrep.lexicon import Lexicon, TriggerGroup

#: Without a fitted gate: below this P(event) a sentence makes no new event
#: (the classifier as a veto; dev event F1 was best about here).
VETO_BELOW = 0.05
#: The classifier's type replaces the rule's when P(type | event) is at least
#: this and the rule's type has under ``RULE_TYPE_UNLIKELY`` of it (see
#: ``retype``). On held-out training snippets every such change fixed the
#: type (117 of 117: 75 up the hierarchy, 42 down); on the gold's dev
#: documents it changed two events, neither a gold one.
RETYPE_FROM = 0.7
RULE_TYPE_UNLIKELY = 0.1
#: From this P(event) the classifier is sure: the sentence's acts are kept
#: whatever the gate says, and the rules' soft vetoes (background, allegation,
#: generic reference) do not apply; negation and past dates still do. In a
#: snippet, the register it was trained on (threats, plans, denials and
#: history written with the same words), neither do modality nor a missing
#: actor: on held-out training snippets that took event recall from 0.79 to
#: 0.97 at the same false-positive rate; in whole articles it added three
#: false events on the gold's dev documents and no right one.
TRUST_FROM = 0.9
#: In a snippet, from this P(event) on (the classifier's decision threshold)
#: a present tense tells a past act, as in a headline or a photo caption
#: ("Gangs kill 70 in dawn raid", "Police shoot protester dead in Cali"), not
#: a habit: the rules' habitual reading gives way to the classifier.
NEWS_PRESENT_FROM = 0.5
#: A sentence with no trigger word gets a model trigger from this P(event) on.
#: On the gold's dev documents model triggers added no matched event at any
#: threshold, and false ones below about 0.8.
MODEL_TRIGGER_FROM = 0.8
#: ... and in a snippet (a headline, a lead, a coder's summary), the register
#: the classifier was trained on, from its own decision threshold.
MODEL_TRIGGER_IN_SNIPPET_FROM = 0.5


#: Prepositions that introduce the act an accusation names ("accused of").
_CHARGE_PREPOSITIONS = frozenset({"of", "with", "for"})


@dataclass(frozen=True, slots=True)
class Signals:
    """What the classifier and the rules say of one sentence: the gate's input."""

    p_event: float
    lexical: bool  # a lexicon trigger is in the sentence
    asserted: bool  # some trigger passed the modality, date and reference checks
    kept: bool  # some act survived ACLED's hierarchy fold
    model_only: bool  # the only trigger is the classifier's
    dated: bool  # a current date (month precision or better)
    month_only: bool  # its current dates are months ("earlier this month"): often background
    historical: bool  # a past or vague date
    lead: bool  # among the report's first sentences
    incident: bool  # an incident casualty figure
    cumulative: bool  # a cumulative figure

    NAMES = (
        "logit_p_event", "lexical", "asserted", "kept", "model_only", "dated",
        "month_only", "historical", "lead", "incident", "cumulative",
    )  # fmt: skip

    def vector(self) -> list[float]:
        """The gate's features, in ``NAMES`` order."""
        p = min(max(self.p_event, 1e-4), 1 - 1e-4)
        return [
            math.log(p / (1 - p)),
            *(float(getattr(self, name)) for name in self.NAMES[1:]),
        ]


#: In a snippet, below this P(event) an act that no one is named doing is no
#: event (``unfounded``): the accidents and disasters the classifier was
#: trained to tell apart ("A tanker truck ... overturned and exploded").
UNFOUNDED_BELOW = 0.05


def unfounded(score: SentenceScore | None) -> bool:
    """Whether the classifier is sure a snippet's sentence reports no event
    (see ``UNFOUNDED_BELOW``); with no classifier, never."""
    return score is not None and score.p_event < UNFOUNDED_BELOW


def news_present(score: SentenceScore | None) -> bool:
    """Whether a snippet's present tense is read as a past act (see
    ``NEWS_PRESENT_FROM``)."""
    return score is not None and score.p_event >= NEWS_PRESENT_FROM


def sure(score: SentenceScore | None) -> bool:
    """Whether the classifier is sure the sentence reports an event."""
    return score is not None and score.p_event >= TRUST_FROM


def checked_gate(gate: Mapping[str, float] | None) -> Mapping[str, float] | None:
    """``gate`` if it has a weight for every signal, a bias and a threshold;
    error E021 otherwise (a model.json from an older release)."""
    if gate is None:
        return None
    missing = [n for n in (*Signals.NAMES, "bias", "threshold") if n not in gate]
    if missing:
        raise SitrepError(
            E.E021, path="model.json", detail=f"the gate has no weight for {', '.join(missing)}"
        )
    return gate


def keeps(signals: Signals, gate: Mapping[str, float] | None) -> bool:
    """Whether a sentence's acts become events.

    With a fitted gate (``model.json``: a logistic regression over
    ``Signals.NAMES`` on the VOA dev sentences, ``tools/train_gate.py``)
    its probability decides; without one, the classifier vetoes alone."""
    if gate is not None:
        z = gate["bias"] + sum(
            gate[name] * x for name, x in zip(Signals.NAMES, signals.vector(), strict=True)
        )
        return 1.0 / (1.0 + math.exp(-z)) >= gate["threshold"]
    return signals.p_event >= VETO_BELOW


def retype(
    kept: list[Candidate],
    score: SentenceScore | None,
    sentence: Span,
    lexicon: Lexicon,
    *,
    deadly: bool = False,
    snippet: bool = False,
) -> None:
    """Give a sentence's single act the classifier's type where it is sure and
    finds the rules' type unlikely, unless the classifier's type ranks lower in
    ACLED's hierarchy and the rules' type rests on a cue word the text names:
    the rules read words the classifier weighs with everything else (the
    "helicopter gunships" behind "killed 46 civilians") and the next sentence,
    which it does not see (the tear gas that met a protest). An act whose
    sentence counts its dead (``deadly``) is not made a strategic development,
    which kills no one ("the group said it had killed more than 10 people" is
    the attack claimed, not a change to the group). In a ``snippet``, the
    register it was trained on, the classifier sure of its type decides alone,
    but for a weapon the sentence names over a type that says only whom
    (``weapon_decides_over``) and a protest cue in the next sentence: with a
    classifier trained without two training passes, on those passes (2,007
    snippets; ``tools/crossval_pipeline.py``), that took weighted F1 from 0.768
    to 0.781 and from 0.790 to 0.824."""
    if score is None or len(kept) != 1:
        return
    candidate = kept[0]
    rule_type = candidate.sub_event_type
    if rule_type is None or score.sub_event_type == rule_type or score.p_type < RETYPE_FROM:
        return
    if deadly and _strategic(score.sub_event_type, lexicon):
        return
    downward = lexicon.rank(score.sub_event_type) > lexicon.rank(rule_type)
    if snippet:
        # Its home register: the classifier sure of a type has the last word
        # (a defused bomb is disrupted weapons use, not an IED), unless the
        # rules' type rests on a weapon named in the sentence and the
        # classifier's type says only whom the act struck (triggers.yaml
        # ``weapon_decides_over``), or on what it did not read: the next
        # sentence ("Police fired tear gas to disperse them").
        weapon = (
            cued(rule_type, sentence, lexicon, following=False)
            and lexicon.event_type_of[score.sub_event_type] in lexicon.weapon_decides_over
        )
        told_next = cued(rule_type, sentence, lexicon) and not cued(
            rule_type, sentence, lexicon, following=False
        )
        if not (downward and (weapon or told_next)):
            candidate.sub_event_type = score.sub_event_type
        return
    if score.distribution.get(rule_type, 0.0) >= RULE_TYPE_UNLIKELY:
        return
    if downward and cued(rule_type, sentence, lexicon):
        return
    candidate.sub_event_type = score.sub_event_type


def _strategic(sub_event_type: str, lexicon: Lexicon) -> bool:
    event_type = lexicon.event_type_of.get(sub_event_type)
    return lexicon.disorder_type_of.get(event_type or "") == "Strategic developments"


def model_trigger(
    sentence: Span, score: SentenceScore | None, lexicon: Lexicon, *, snippet: bool = False
) -> Trigger | None:
    """A trigger on the sentence's main event verb, typed by the classifier,
    for a sentence it is sure of; ``None`` otherwise."""
    least = MODEL_TRIGGER_IN_SNIPPET_FROM if snippet else MODEL_TRIGGER_FROM
    if score is None or score.p_event < least:
        return None
    verb = _event_verb(
        sentence.root,
        lexicon,
        # In an article a verb of saying mostly reports ("echoed concerns").
        statement=snippet and score.sub_event_type in lexicon.made_by_statement,
    )
    if verb is None:
        return None
    group = TriggerGroup(
        key=f"model:{score.sub_event_type}",
        sub_event_type=score.sub_event_type,
        rule=None,
        specific=True,
        phrases=(),
    )
    return Trigger(group, sentence.doc[verb.i : verb.i + 1], verb.lemma_.lower())


def _event_verb(root: Token, lexicon: Lexicon, *, statement: bool = False) -> Token | None:
    """The verb that states the act: the root, or under a verb of saying the
    clause it reports ("officials said [gunmen killed five]"), or the verb of
    saying itself for an act a ``statement`` makes ("the group announced its
    dissolution"). A headline's root may be a noun the tagger reads as a name
    ("Grenade thrown at police station"): then its participle."""
    verb = root
    if verb.pos_ == "PROPN":
        participles = [c for c in verb.children if c.dep_ in {"acl", "relcl"} and c.pos_ == "VERB"]
        verb = participles[0] if participles else verb
    for _ in range(3):
        lemma = verb.lemma_.lower()
        if lemma not in lexicon.reporting_verbs and lemma not in lexicon.speech_verbs:
            break
        reported = [
            c for c in verb.children if c.dep_ in {"ccomp", "xcomp"} and c.pos_ in {"VERB", "AUX"}
        ] or [
            # "accused soldiers of raping", "charged them with attacking",
            # wherever the parser hangs the gerund's phrase in the clause
            g
            for g in verb.subtree
            if g.dep_ == "pcomp" and g.pos_ == "VERB" and g.head.lower_ in _CHARGE_PREPOSITIONS
        ]
        if not reported:
            return verb if statement else None
        verb = reported[0]
    return verb if verb.pos_ in {"VERB", "AUX", "NOUN"} else None
