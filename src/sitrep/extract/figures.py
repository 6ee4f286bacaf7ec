"""Casualty and population figures: an incident's killed and injured, or a
cumulative ``Statistic`` ("IS shelling has claimed the lives of 210
civilians", "115,000 residents trapped") that is never added to an event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from sitrep.countrycodes import country_code
from sitrep.extract.entities import ents_in
from sitrep.extract.numbers import Quantity, quantities
from sitrep.lexicon import INCIDENT_MEASURES, Lexicon

_TOLL_VERBS = {
    "rise",
    "climb",
    "reach",
    "bring",
    "stand",
    "increase",
    "jump",
    "surpass",
    "top",
    "exceed",
}


@dataclass(frozen=True, slots=True)
class Figure:
    """A quantity with what it counts and whether it sums up a period."""

    quantity: Quantity
    measure: str
    anchor: Token  # the word that says what is counted ("killed", "lives", "trapped")
    victims: str | None
    cumulative: bool
    cause: Token | None  # "starvation" in "died of starvation"


def _measure_of(token: Token, lexicon: Lexicon) -> str | None:
    return _word_measure(token, lexicon) or (
        "killed" if _killing_complement(token, lexicon) else None
    )


def _word_measure(token: Token, lexicon: Lexicon) -> str | None:
    """The measure the word itself names ("killed", "wounded", "displaced")."""
    lemma = token.lemma_.lower()
    for measure, words in lexicon.measures.items():
        if lemma in words or token.lower_ in words:
            return measure
    return None


def _killing_complement(verb: Token, lexicon: Lexicon) -> bool:
    """Does a complement make ``verb`` a killing ("shot dead", "hacked to
    death", "burned alive"; language.yaml ``killing_complements``)? The small
    model may hang "dead" on the victims ("shot dead 11 civilians")."""
    if verb.pos_ != "VERB":
        return False
    said: list[str] = []
    for child in verb.children:
        said.append(child.lower_)
        if child.dep_ == "prep":
            said += [f"{child.lower_} {o.lower_}" for o in child.children if o.dep_ == "pobj"]
        elif child.dep_ == "dobj":
            said += [c.lower_ for c in child.children if c.dep_ == "amod" and c.i < child.i]
    lemma = verb.lemma_.lower()
    complements = lexicon.killing_complements
    return any(
        (verbs := complements.get(word)) is not None and (not verbs or lemma in verbs)
        for word in said
    )


def _candidates(head: Token) -> list[Token]:
    """Words that may say what a number counts, nearest first."""
    found: list[Token] = [head]
    found += [c for c in head.children if c.dep_ in {"acl", "amod", "relcl", "appos"}]
    current = head
    for _ in range(4):
        if current.head is current:
            break
        current = current.head
        found.append(current)
        found += [c for c in current.children if c.dep_ in {"acl", "amod"} and c.i > head.i]
        if current.pos_ in {"VERB", "AUX"}:
            # "left five soldiers dead": the object's predicate names the measure.
            found += [c for c in current.children if c.dep_ == "oprd" and c.i > head.i]
            # "the death toll rose to 30": the subject names the measure.
            found += [t for c in current.children if c.dep_ == "nsubj" for t in c.subtree]
            break
    return found


def _has_present_perfect(verb: Token) -> bool:
    aux = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    return any(a.lemma_ == "have" and a.tag_ in {"VBZ", "VBP"} for a in aux)


def _perfect(token: Token) -> bool:
    """Is the verb governing ``token`` in the present perfect ("has claimed")?"""
    verb = _governing_verb(token)
    if _has_present_perfect(verb):
        return True
    # Conjoined clauses share the first clause's auxiliary ("has claimed ...,
    # and around 30 people have been killed").
    return verb.dep_ == "conj" and _has_present_perfect(verb.head)


def _governing_verb(token: Token) -> Token:
    verb = token
    for _ in range(4):
        if verb.pos_ in {"VERB", "AUX"} or verb.head is verb:
            break
        verb = verb.head
    return verb


def _local_place(verb: Token) -> bool:
    """Does the clause of ``verb`` say where, naming a place that is not a
    country ("in Intahaka", "in the surroundings of Afgooye")?"""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"in", "at", "near", "around", "outside"}:
            continue
        places = [
            ent
            for ent in ents_in(verb.doc[prep.left_edge.i : prep.right_edge.i + 1])
            if (
                ent.label_ in {"GPE", "LOC", "FAC"}
                # the small model's other labels for a name in a locative
                # slot ("in the surroundings of Afgooye", Afgooye a NORP)
                or (
                    ent.root.dep_ == "pobj"
                    and ent.root.pos_ == "PROPN"
                    and ent.label_ in {"NORP", "ORG", "PERSON"}
                )
            )
        ]
        if any(country_code(ent.text) is None for ent in places):
            return True
    return False


def _names_incident(token: Token, incidents: frozenset[str]) -> bool:
    """Is ``token`` a noun naming one act or its unnamed authors ("airstrikes",
    "a car bomb", "gunmen")?"""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return False
    lemma = token.lemma_.lower()
    words = {lemma, token.lower_}
    for child in token.children:
        if child.dep_ == "compound" and child.i == token.i - 1:
            words |= {f"{child.lower_} {lemma}", f"{child.lower_} {token.lower_}"}
    return not words.isdisjoint(incidents)


def _news_perfect(token: Token, lexicon: Lexicon, count: int) -> bool:
    """Does a present perfect tell one incident (language.yaml
    ``perfect_news_incidents``): its subject is the act or its unnamed
    authors, or the deaths came "in"/"during" a single act ("Coordinated
    airstrikes ... have killed at least 50 militants"; "have killed 12
    soldiers in an ambush"), or a few deaths in a place smaller than a
    country ("have killed three civilians in the surroundings of Afgooye")?"""
    incidents = lexicon.perfect_news_incidents
    verb = _governing_verb(token)
    if count <= lexicon.perfect_news_local_max and _local_place(verb):
        return True
    if verb.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in verb.children):
        verb = verb.head  # the subject of "have killed 5 and wounded 9"
    for child in verb.children:
        if child.dep_ in {"nsubj", "agent"}:
            subject = (
                child
                if child.dep_ == "nsubj"
                else next((c for c in child.children if c.dep_ == "pobj"), child)
            )
            if _names_incident(subject, incidents):
                return True
        if child.dep_ == "prep" and child.lower_ in {"in", "during"}:
            for obj in child.children:
                single = any(c.lower_ in {"a", "an"} for c in obj.children)
                if obj.dep_ == "pobj" and single and _names_incident(obj, incidents):
                    return True
    return False


#: A cue that only marks the start of a span: "since" a recent day is the
#: toll of the current episode ("bodies ... have been found since the attacks
#: began Tuesday"), which ACLED codes in its events, not a long-run total.
_SPAN_START_CUES = frozenset({"since"})


def _cumulative_cue(sentence: Span, lexicon: Lexicon, *, recent: bool = False) -> bool:
    lemmas = " " + " ".join(t.lemma_.lower() for t in sentence) + " "
    words = " " + " ".join(t.lower_ for t in sentence) + " "
    for phrase in lexicon.not_cumulative:  # "for the first time in a year"
        lemmas, words = lemmas.replace(f" {phrase} ", " "), words.replace(f" {phrase} ", " ")
    return any(
        f" {cue} " in lemmas or f" {cue} " in words
        for cue in lexicon.cumulative_cues
        if not (recent and cue in _SPAN_START_CUES)
    )


def figures(
    sentence: Span,
    lexicon: Lexicon,
    *,
    has_date: bool,
    historical: bool = False,
    is_person: Callable[[str], bool] | None = None,
    recent: bool = False,
) -> list[Figure]:
    """Figures in ``sentence`` tied to a casualty or population measure.

    A figure in a sentence dated in the past ("In 2024, the BLA killed nearly
    400 people") sums up history: cumulative. ``is_person`` says whether a
    counted noun can be a victim (beyond ``person_nouns``: actor nouns).
    ``recent``: the sentence names a day of the current news cycle, so
    "since" that day counts the current episode's dead.
    """
    found: list[Figure] = []
    cue = _cumulative_cue(sentence, lexicon, recent=recent and not historical) or historical
    for quantity in quantities(sentence, lexicon):
        head = quantity.head
        measure, anchor = None, head
        for candidate in _candidates(head):
            measure = _measure_of(candidate, lexicon)
            if measure is not None:
                anchor = candidate
                break
        if measure is None:
            continue
        cause = _cause(anchor)
        if cause is not None and measure == "killed" and _measure_of(cause, lexicon) == "starved":
            measure = "starved"
        victims = head.head if head.dep_ in {"nummod", "quantmod"} else None
        if victims is not None and _measure_of(victims, lexicon) is not None:
            victims = None
        elif victims is not None and victims.pos_ == "NOUN":
            lemma = victims.lemma_.lower()
            if lemma not in lexicon.person_nouns and not (is_person and is_person(lemma)):
                continue  # "over 500 attacks", "30 hours": not people
        toll = anchor.lemma_.lower() == "toll" or any(
            t.lemma_.lower() in _TOLL_VERBS for t in (anchor.head, *anchor.children)
        )
        perfect = (
            lexicon.perfect_aspect_is_cumulative
            and _perfect(anchor)
            and not has_date
            and not _news_perfect(anchor, lexicon, quantity.low)
        )
        cumulative = measure not in INCIDENT_MEASURES or cue or perfect or (toll and not has_date)
        found.append(
            Figure(
                quantity,
                measure,
                anchor,
                _np_text(victims) if victims is not None else None,
                cumulative,
                cause,
            )
        )
    found = _without_subsets(found)
    counted = {f.quantity.head.head.i for f in found}
    counted_at: dict[int, set[int]] = {}
    for f in found:
        counted_at.setdefault(f.anchor.i, set()).add(f.quantity.head.head.i)
    for victim, anchor, measure, fellows in _single_victims(sentence, lexicon, is_person):
        if victim.i in counted:
            continue  # "one soldier was killed": the number counts him
        if not counted_at.get(anchor.i, set()) <= fellows:
            continue  # a number of the same act counts others, who may include him
        quantity = Quantity(1, 1, 1, None, victim.i, victim.i + 1, victim)
        perfect = (
            lexicon.perfect_aspect_is_cumulative
            and _perfect(anchor)
            and not has_date
            and not _news_perfect(anchor, lexicon, 1)
        )
        found.append(
            Figure(quantity, measure, anchor, _np_text(victim), cue or perfect, _cause(anchor))
        )
    return found


#: Words that introduce a part of a figure already given: "5 people were
#: killed, among them 2 civilians", "twelve killed, including three children".
_SUBSET_MARKERS = {"among", "including", "incl", "of whom", "whom"}


def _is_subset(figure: Figure) -> bool:
    head = figure.quantity.head
    victims = head.head if head.dep_ in {"nummod", "quantmod"} else head
    if victims.dep_ == "appos" or any(c.lower_ in _SUBSET_MARKERS for c in victims.children):
        return True
    return any(a.lower_ in _SUBSET_MARKERS for a in head.ancestors)


def _without_subsets(found: list[Figure]) -> list[Figure]:
    """Drop a figure that is part of another of the same measure in the
    sentence, so that a toll is never counted twice (ACLED: never double
    count)."""
    wholes = {f.measure for f in found if not _is_subset(f)}
    return [f for f in found if not (_is_subset(f) and f.measure in wholes)]


#: Singular victims with no number: "a man was shot dead", "one soldier
#: died", "the driver was killed", "killing a policeman" count 1 (ACLED codes
#: every reported death). Pronouns say nothing of who.
_ONE = {"a", "an", "one", "the", "another", "this", "that"}
_SINGULAR_PRONOUNS = {"he", "she", "him", "her", "himself", "herself"}


def _single_victims(
    sentence: Span, lexicon: Lexicon, is_person: Callable[[str], bool] | None
) -> list[tuple[Token, Token, str, set[int]]]:
    """(victim, verb, measure, fellows) for each singular victim of a killing
    or wounding verb in ``sentence``: each of coordinated victims counts ("the
    district governor and his driver", "a soldier and two civilians", "a chief
    along with his two bodyguards"); ``fellows`` are the positions of all the
    victims named with him, numbered or not."""
    found = []
    for verb in sentence:
        if verb.pos_ != "VERB":
            continue
        # "was shot dead", "found dead", "beaten to death": killed, whatever the verb.
        measure = "killed" if _killing_complement(verb, lexicon) else _word_measure(verb, lexicon)
        if measure not in INCIDENT_MEASURES:
            continue
        if verb.lemma_.lower() in {"die", "perish"}:
            roles = {"nsubj"}
        elif verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.children):
            roles = {"nsubjpass"}
        elif verb.tag_ == "VBN" and verb.dep_ in {"conj", "acl", "advcl"}:
            roles = {"nsubjpass"}  # "A soldier was killed and another wounded"
        else:
            roles = {"dobj"}
        if any(c.lower_ == "allegedly" for c in verb.children) or any(
            a.lemma_.lower() in lexicon.accusation_verbs for a in verb.ancestors
        ):
            continue  # "suspected of killing a taxi driver": the charge, not this incident
        victims = [c for c in verb.children if c.dep_ in roles]
        victims += [v for first in list(victims) if _coordinated(first) for v in first.conjuncts]
        victims += [v for holder in (verb, *victims) for v in _along_with(holder)]
        fellows = {v.i for v in victims}
        # "killing 6 civilians, among them a woman": counted in the 6.
        shares = [c.i for c in verb.children if c.lower_ in _SUBSET_MARKERS]
        for victim in victims:
            if any(c.lower_ in _SUBSET_MARKERS for c in victim.children) or any(
                i < victim.i for i in shares
            ):
                continue
            if _is_single_person(victim, lexicon, is_person):
                found.append((victim, verb, measure, fellows))
    return found


def _coordinated(token: Token) -> bool:
    """Whether ``token``'s conjuncts are joined by "and" ("a farmer and his
    son"), not a comma the parser misread ("five people, police officer Nur
    told Radio Shabelle")."""
    return any(
        c.dep_ == "cc" and c.lower_ in {"and", "&"}
        for t in (token, *token.conjuncts)
        for c in t.children
    )


#: Prepositions that add victims to the named one: "killed a chief along
#: with his two bodyguards", "together with his son".
_ALONG = frozenset({"along", "together"})


def _along_with(holder: Token) -> list[Token]:
    """The objects of "along with" / "together with" under ``holder``."""
    return [
        obj
        for prep in holder.children
        if prep.dep_ in {"prep", "advmod"} and prep.lower_ in _ALONG
        for with_ in prep.children
        if with_.lower_ == "with"
        for obj in with_.children
        if obj.dep_ == "pobj"
    ]


def _is_single_person(
    token: Token, lexicon: Lexicon, is_person: Callable[[str], bool] | None
) -> bool:
    if token.lower_ in _SINGULAR_PRONOUNS:
        return True
    if token.ent_type_ == "PERSON":
        return True
    if token.tag_ != "NN":
        return False  # plural or a name: "soldiers" with no number counts nobody
    if any(c.dep_ == "nummod" for c in token.children):
        return False
    lemma = token.lemma_.lower()
    if lemma not in lexicon.person_nouns and not (is_person and is_person(lemma)):
        return False
    return any(
        c.dep_ in {"det", "poss"} and (c.lower_ in _ONE or c.dep_ == "poss") for c in token.children
    )


def _cause(anchor: Token) -> Token | None:
    """What a death is of ("died of starvation"); only verbs name a cause so."""
    if anchor.pos_ != "VERB":
        return None
    for prep in anchor.children:
        if prep.dep_ == "prep" and prep.lower_ in {"of", "from", "due"}:
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _np_text(token: Token) -> str:
    left = [t for t in token.lefts if t.dep_ in {"amod", "compound"}]
    start = min([token.i, *(t.left_edge.i for t in left)])  # "Revolutionary Guard members"
    return token.doc[start : token.i + 1].text
