"""Did it happen, and who says so? Negation, hypotheticals, purposes, habits
and perfect-aspect background, read from the parse; and the attribution of a
claim to whoever made it ("pro-regime media said", "according to X").
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Span, Token

from sitrep.lexicon import Lexicon

# Verbs after which an infinitive did happen ("managed to cut off the base").
_REALISED = {"manage", "succeed", "continue", "begin", "start", "go", "proceed", "resume"}
_PRESENT_SIMPLE = {"VBZ", "VBP"}
_REPORTED_DEPS = {"ccomp", "xcomp", "parataxis"}


@dataclass(frozen=True, slots=True)
class Modality:
    """Why a trigger is not a new, actual event (``None`` fields: it is)."""

    negated: bool = False
    hypothetical: bool = False
    habitual: bool = False
    perfect: bool = False
    alleged: bool = False  # inside an accusation: an event only if dated
    #: habitual only by the verb's own present tense, no auxiliary or habit
    #: word: what a headline or a caption tells a past act in
    news_present: bool = False

    @property
    def asserted(self) -> bool:
        """True when the text asserts that the event happened."""
        return not (self.negated or self.hypothetical or self.habitual)

    @property
    def only_news_present(self) -> bool:
        """True when a headline's present tense is all that keeps the event
        from being asserted: no negation, modal, condition or plan."""
        return self.news_present and not (self.negated or self.hypothetical)


def _ancestors(token: Token, sentence: Span) -> list[Token]:
    chain, current = [token], token
    while current.head is not current and current.head.i >= sentence.start:
        current = current.head
        chain.append(current)
        if len(chain) > 10:
            break
    return chain


def modality(
    trigger_head: Token,
    verb: Token,
    sentence: Span,
    lexicon: Lexicon,
    *,
    purpose_happens: bool = False,
) -> Modality:
    """Read the modality of the trigger whose head is ``trigger_head`` and whose
    governing predicate is ``verb``. ``purpose_happens``: a protest trigger,
    whose infinitive of purpose names what a past gathering was."""
    chain = _ancestors(trigger_head, sentence)
    negated = hypothetical = habitual = perfect = False
    for depth, token in enumerate(chain):
        lemma = token.lemma_.lower()
        children = list(token.children)
        if any(c.dep_ == "neg" for c in children):
            negated = True
        if depth > 0 and lemma in lexicon.negation and token.pos_ == "VERB":
            negated = True  # "denied carrying out the attack"
        if any(c.tag_ == "MD" for c in children):
            # "could attack", "would strike", "can mean arrest"; "will" too: the
            # future is not news yet.
            hypothetical = True
        if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in children):
            hypothetical = True
        if depth > 0 and lemma in lexicon.hypothetical and token.pos_ in {"VERB", "NOUN", "ADJ"}:
            hypothetical = True
        if depth > 0 and lemma in lexicon.purpose_markers and token.pos_ == "NOUN":
            hypothetical = True  # "in an attempt to capture"
        if any(
            c.lower_ in lexicon.habitual_markers and c.dep_ in {"advmod", "npadvmod"}
            for c in children
        ):
            habitual = True
        if token.pos_ in {"VERB", "AUX"} and token.i == verb.i:
            break
    # Clauses that govern the predicate: "they must stop killing civilians",
    # "denied that its forces shelled", "accuses the group of killing".
    above = chain[chain.index(verb) + 1 :] if verb in chain else []
    alleged = False
    for token in above:
        lemma = token.lemma_.lower()
        if token.pos_ != "VERB":
            continue
        if any(c.tag_ == "MD" for c in token.children):
            hypothetical = True
        if lemma in lexicon.hypothetical:
            hypothetical = True
        if lemma in lexicon.negation:
            negated = True
        if lemma in lexicon.accusation_verbs:
            alleged = True
    # An infinitive is a purpose or plan unless a verb of success governs it.
    if verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        governor = verb.head
        realised = governor is verb or governor.lemma_.lower() in _REALISED
        reported = governor.lemma_.lower() in lexicon.reporting_verbs and _has_perfect_to(verb)
        # "held a sit-in to protest", "took to the streets to protest": the
        # gathering is the protest, and it happened if its verb is past.
        gathered = purpose_happens and governor.tag_ in {"VBD", "VBN", "VBG"}
        if not (realised or reported or gathered):
            hypothetical = True
    aux = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    # Present simple ("those who flee are shot", "people are subject to
    # attacks, abductions") describes a habit or a condition, not an incident.
    if verb.pos_ == "AUX" and verb.tag_ in _PRESENT_SIMPLE and verb.lemma_ == "be":
        habitual = True
    # A bare participle under a present-tense verb: "civilians remain ...
    # bombed, besieged, raped".
    if (
        verb.tag_ in {"VBN", "VBG"}
        and not aux
        and verb.head is not verb
        and verb.head.tag_ in _PRESENT_SIMPLE
        and verb.dep_ in {"acomp", "conj", "xcomp", "oprd"}
    ):
        habitual = True
    finite = [verb, *aux]
    # Only the verb's own present tense ("Gangs kill 70 in dawn raid"): a
    # headline's or a caption's news present as much as a habit.
    news_present = not habitual and not aux and verb.tag_ in _PRESENT_SIMPLE
    if (
        verb.pos_ == "VERB"
        and any(t.tag_ in _PRESENT_SIMPLE for t in finite)
        and not any(t.lemma_ == "have" or t.tag_ == "MD" for t in aux)
    ):
        habitual = True
    # "journalists have been blocked ... and detained": conjoined verbs share
    # the first verb's auxiliaries.
    shared = (
        [c for c in verb.head.children if c.dep_ in {"aux", "auxpass"}]
        if verb.dep_ == "conj"
        else []
    )
    if any(t.lemma_ == "have" and t.tag_ in _PRESENT_SIMPLE for t in [*aux, *shared]):
        perfect = True
        habitual = False
    return Modality(
        negated=negated,
        hypothetical=hypothetical,
        habitual=habitual,
        perfect=perfect,
        alleged=alleged,
        news_present=habitual and news_present,
    )


def _has_perfect_to(verb: Token) -> bool:
    """ "were reported to have launched": a reported past act, not a plan."""
    return any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def attribution(
    trigger_head: Token, sentence: Span, lexicon: Lexicon, last_source: str | None
) -> str | None:
    """Who the sentence attributes the claim to, or ``None`` (the outlet itself).

    ``last_source`` names the source an anaphor ("the group claims") refers to.
    """
    text = sentence.text.lower()
    for phrase in lexicon.according_to:
        pos = text.find(phrase + " ")
        if pos >= 0:
            start = sentence.start_char + pos + len(phrase) + 1
            tokens = [t for t in sentence if t.idx >= start]
            if tokens:
                obj = tokens[0]
                return _phrase_of(obj.head if obj.dep_ == "det" else obj, last_source)
    chain = _ancestors(trigger_head, sentence)
    for below, token in pairwise(chain):
        # A reporting verb attributes what it reports (a clause), not its
        # object: "IS shelling has claimed the lives of 210" claims nothing.
        if below.dep_ not in _REPORTED_DEPS:
            continue
        if token.lemma_.lower() in lexicon.reporting_verbs and token.pos_ == "VERB":
            subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if token.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in token.children):
                return "unnamed reports"  # "were reported to have launched"
            if subjects:
                return _phrase_of(subjects[0], last_source)
    # "..., Deir Ezzor 24 reported." / "..., the group claims." as the root.
    root = sentence.root
    if root.lemma_.lower() in lexicon.reporting_verbs and root.i > trigger_head.i:
        subjects = [c for c in root.children if c.dep_ == "nsubj"]
        if subjects:
            return _phrase_of(subjects[0], last_source)
    if any(t.lemma_.lower() == "report" and t.pos_ == "NOUN" for t in sentence[:4]):
        return "unnamed reports"  # "There were reports of ..."
    return None


def _phrase_of(token: Token, last_source: str | None) -> str:
    words = [t for t in token.subtree if t.dep_ not in {"punct", "relcl", "acl"}]
    phrase = token.doc[words[0].i : words[-1].i + 1].text if words else token.text
    if (
        phrase.lower()
        in {"the group", "it", "they", "the monitor", "the organisation", "the organization"}
        and last_source
    ):
        return last_source
    return phrase


#: Pronouns by which a speaker names itself as the subject of what it reports:
#: "the group said it had killed", "the army said they destroyed", "we killed".
_SELF = frozenset({"it", "they", "we"})


def self_claimed(verb: Token, lexicon: Lexicon) -> bool:
    """Whether the act is its perpetrator's own claim: the clause of ``verb``
    is reported by a verb of saying whose speaker is the act's subject ("In a
    statement, the group said it had killed more than 10 people")."""
    if verb.dep_ not in _REPORTED_DEPS:
        return False
    speaker_verb = verb.head
    lemma = speaker_verb.lemma_.lower()
    if lemma not in lexicon.reporting_verbs and lemma not in lexicon.speech_verbs:
        return False
    speakers = [c for c in speaker_verb.children if c.dep_ == "nsubj"]
    doers = [c for c in verb.children if c.dep_ == "nsubj"]
    if not speakers or not doers:
        return False
    doer = doers[0]
    return doer.lower_ in _SELF or doer.lemma_.lower() == speakers[0].lemma_.lower()
