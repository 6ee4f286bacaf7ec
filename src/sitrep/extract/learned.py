"""Where the learned classifier meets the linguistic machinery.

The classifier (``sitrep.classifier``) reads a sentence as a whole and says
whether it reports an event and of which sub-event type; the trigger rules
find the words, the roles and the modality. This module decides between
them, sentence by sentence:

- **veto**: a sentence the classifier is sure reports no event gives no new
  event, whatever its trigger words ("a gas cylinder exploded", "the army
  will retaliate"); its figures may still complete the previous incident;
- **type**: one act in a sentence takes the classifier's sub-event type when
  the classifier is sure of it and finds the rule's type unlikely (the rules
  type every explosion as an IED);
- **detect**: a sentence the classifier is sure reports an event, where no
  trigger word was found, gets a model trigger on its main verb, which then
  goes through the same modality, date and role checks as any trigger.

The thresholds are on calibrated probabilities and were chosen on the dev
documents of the gold (``eval/gold``, event F1), never on held-out ones.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from sitrep.classifier import SentenceScore
from sitrep.extract.classify import Candidate
from sitrep.extract.triggers import Trigger
from sitrep.lexicon import Lexicon, TriggerGroup

#: Below this P(event) a sentence makes no new event. Chosen on the gold's dev
#: documents (tools/tune_gate.py): event F1 rises until about here, recall
#: falls after it.
VETO_BELOW = 0.05
#: From this P(event) a sentence with no trigger word gets a model trigger.
DETECT_FROM = 0.6
#: The classifier's type replaces the rule's when P(type | event) is at least
#: this and the rule's type has under ``RULE_TYPE_UNLIKELY`` of it.
RETYPE_FROM = 0.5
RULE_TYPE_UNLIKELY = 0.1


def vetoed(score: SentenceScore | None) -> bool:
    """Whether the classifier rules out a new event in this sentence."""
    return score is not None and score.p_event < VETO_BELOW


def retype(kept: list[Candidate], score: SentenceScore | None) -> None:
    """Give a sentence's single act the classifier's type where it is sure."""
    if score is None or len(kept) != 1:
        return
    candidate = kept[0]
    rule_type = candidate.sub_event_type
    if (
        rule_type is not None
        and score.sub_event_type != rule_type
        and score.p_type >= RETYPE_FROM
        and score.distribution.get(rule_type, 0.0) < RULE_TYPE_UNLIKELY
    ):
        candidate.sub_event_type = score.sub_event_type


def model_trigger(sentence: Span, score: SentenceScore | None, lexicon: Lexicon) -> Trigger | None:
    """A trigger on the sentence's main event verb, typed by the classifier,
    for a sentence it is sure of; ``None`` otherwise."""
    if score is None or score.p_event < DETECT_FROM:
        return None
    verb = _event_verb(sentence.root, lexicon)
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


def _event_verb(root: Token, lexicon: Lexicon) -> Token | None:
    """The verb that states the act: the root, or under a verb of saying the
    clause it reports ("officials said [gunmen killed five]")."""
    verb = root
    for _ in range(3):
        lemma = verb.lemma_.lower()
        if lemma not in lexicon.reporting_verbs and lemma not in lexicon.speech_verbs:
            break
        reported = [
            c for c in verb.children if c.dep_ in {"ccomp", "xcomp"} and c.pos_ in {"VERB", "AUX"}
        ]
        if not reported:
            return None
        verb = reported[0]
    return verb if verb.pos_ in {"VERB", "AUX", "NOUN"} else None
