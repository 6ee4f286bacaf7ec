"""Who did what to whom: actor phrases and their roles around a trigger.

Actor 1 is the one who acts (subject, ``by`` agent, possessor of the trigger
noun: "IS shelling", "an offensive by IS forces"); actor 2 is the one acted on
(object, passive subject, ``on``/``against`` target: "air raids on IS
positions"). Conjoined actors ("regime and Russian war planes") make the
first one actor 1 and the rest associated actors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from sitrep.actors import ActorDictionary
from sitrep.extract.entities import ent_at, ents_in
from sitrep.lexicon import Lexicon, OtherSide

# Verbs whose subject is the actor of their object ("IS used suicide bombers",
# "warplanes launched air raids", "the army carried out strikes").
LIGHT_VERBS = {"launch", "carry", "conduct", "use", "stage", "mount", "fire", "unleash", "wage",
               "renew", "step", "intensify", "lead", "begin", "start", "continue", "resume",
               "perpetrate", "commit", "claim", "orchestrate", "deploy", "make"}  # fmt: skip
# Verbs whose subject undergoes the act ("came under fire", "suffered strikes").
UNDERGO_VERBS = {"come", "suffer", "face", "endure", "undergo", "sustain", "withstand"}
_TARGET_PREPS = {"on", "against", "at", "targeting", "upon", "into", "with"}
_AGENT_PREPS = {"by", "from"}
_ROLE_DEPS_SUBJ = {"nsubj", "csubj"}
_ROLE_DEPS_OBJ = {"dobj", "nsubjpass", "obj", "attr"}
_PARTITIVES = {"most", "some", "part", "all", "many", "much", "rest", "remnant", "several", "one"}
_COLLECTIVES = {"group", "member", "band", "unit", "element", "squad", "team", "contingent",
                "detachment", "coalition", "alliance", "faction"}  # fmt: skip
_ANAPHORS = {"group", "militant", "jihadist", "insurgent", "rebel", "extremist", "terrorist",
             "fighter", "militia", "organisation", "organization"}  # fmt: skip


@dataclass(slots=True)
class Roles:
    """Actor phrases found for one trigger (text as written, or resolved anaphor)."""

    actor1: list[str] = field(default_factory=list)
    actor2: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Discourse:
    """What earlier sentences said: the antecedents of "the group", "militants"."""

    last_armed: str | None = None
    last_source: str | None = None


#: Kinds of actor a noun heads only with its modifiers ("border guards").
_STATE = frozenset({"state"})


def _is_actor_token(token: Token, actors: ActorDictionary) -> bool:
    if token.ent_type_ == "ACTOR":
        return True
    if token.pos_ not in {"NOUN", "PROPN"}:
        return False
    if actors.is_actor_noun(token.lemma_.lower()):
        return True
    # A noun that heads a state force only with its modifiers: "border guards",
    # "prison guards" ("guards" alone is no actor). Not other kinds: "local
    # officials" and "wedding guests" are sources and victims more than actors.
    modifiers = [t for t in token.lefts if t.dep_ in {"compound", "amod"}]
    if not modifiers:
        return False
    words = [t.lower_ for t in token.doc[modifiers[0].i : token.i + 1]]
    return any(
        actors.is_actor_noun(" ".join(words[n:]), kinds=_STATE) for n in range(len(words) - 1)
    )


def actor_phrase(token: Token, actors: ActorDictionary, discourse: Discourse) -> str | None:
    """The actor phrase headed by or containing ``token``'s noun phrase, if any.

    "IS positions" -> "IS"; "Syrian republican guard" -> itself; "the group"
    -> the last armed group named before; "the area" -> None.
    """
    if token.ent_type_ == "SOURCE":
        return None
    if token.lemma_.lower() in _PARTITIVES:
        # "most of IS' gains", "some of the troops": the whole is the actor.
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return actor_phrase(obj, actors, discourse)
    if token.lemma_.lower() in _COLLECTIVES:
        # "A group of armed prisoners", "members of the SNA": the members act
        # (without them, "the group" is an anaphor, below).
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    found = actor_phrase(obj, actors, discourse) if obj.dep_ == "pobj" else None
                    if found is not None:
                        return found
    owner = next((c for c in token.children if c.dep_ == "poss" and c.ent_type_ == "ACTOR"), None)
    if owner is not None and token.pos_ == "NOUN" and not _is_actor_token(token, actors):
        return actor_phrase(owner, actors, discourse)  # "IS' gains": IS
    # The token's own noun phrase, not its conjuncts: "the army" in "between
    # the army and RSF fighters" is not RSF.
    subtree = [t for t in _own_words(token) if t.i <= token.i or t.dep_ in {"compound", "amod"}]
    for t in subtree:
        if t.ent_type_ == "ACTOR":
            ent = ent_at(t)
            return ent.text
    lemma = token.lemma_.lower()
    if token.pos_ in {"NOUN", "PROPN"} and lemma in _ANAPHORS and discourse.last_armed:
        modifiers = [c for c in token.children if c.dep_ in {"amod", "compound"}]
        if not any(c.ent_type_ == "NORP" for c in modifiers):
            return discourse.last_armed
    if token.ent_type_ == "GPE" and actors.country_of(token.text) and token.dep_ in _ROLE_DEPS_SUBJ:
        return token.text  # "Russia launched strikes": the state acts
    if _is_actor_token(token, actors):
        left = [t for t in token.lefts if t.dep_ in {"amod", "compound", "nmod"}]
        # Include a hyphenated or possessive-free modifier: "Pro-regime media".
        start = min([token.i, *(t.left_edge.i for t in left)])
        return token.doc[start : token.i + 1].text
    for t in subtree:
        if (
            t is not token
            and t.dep_ in {"compound", "amod", "nmod", "poss"}
            and _is_actor_token(t, actors)
        ):
            found = actor_phrase(t, actors, discourse)
            # "Lebanese army intelligence": the nationality modifies the
            # whole phrase, and says whose army it is.
            nationality = [
                c for c in token.lefts if c.dep_ == "amod" and c.ent_type_ == "NORP" and c.i < t.i
            ]
            if found == t.text and nationality and t.left_edge.i == nationality[-1].i + 1:
                return token.doc[nationality[0].i : t.i + 1].text
            return found
    return None


def _own_words(token: Token) -> list[Token]:
    """``token``'s subtree without its coordinated conjuncts, in text order."""
    words = [token]
    for child in token.children:
        if child.dep_ not in {"conj", "cc", "preconj"}:
            words += _own_words(child)
    return sorted(words, key=lambda t: t.i)


def _sides(token: Token, actors: ActorDictionary, discourse: Discourse) -> list[str]:
    """The sides a coordinated phrase names: "the army and RSF fighters" ->
    both; "Ukrainian and Russian forces" -> "Ukrainian forces", "Russian forces"."""
    found = []
    for side in _with_conjuncts(token):
        phrase = actor_phrase(side, actors, discourse)
        nationality = next(
            (c for c in side.children if c.dep_ == "amod" and c.ent_type_ in {"NORP", "GPE"}),
            None,
        )
        if phrase is None and nationality is not None:
            # "between Pakistani security and BLA militants": a nation's side
            # in a fight is its forces.
            phrase = f"{nationality.text} forces"
        elif phrase is None and side.ent_type_ == "NORP" and actors.country_of(side.text):
            # "fighting between Azerbaijanis and Armenians": the nations' forces.
            phrase = f"{side.text} forces"
        if phrase and phrase not in found:
            found.append(phrase)
    if len(found) >= 2:
        return found
    for mod in token.children:
        conjuncts = [c for c in mod.conjuncts if c.i > mod.i]
        if mod.dep_ == "amod" and conjuncts and _is_actor_token(token, actors):
            return [f"{m.text} {token.text}" for m in (mod, *conjuncts)]
    return found


def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *[c for c in token.conjuncts if c.i > token.i]]


def _phrases(tokens: list[Token], actors: ActorDictionary, discourse: Discourse) -> list[str]:
    found: list[str] = []
    for token in tokens:
        for t in _with_conjuncts(token):
            phrase = actor_phrase(t, actors, discourse)
            if phrase and phrase not in found:
                found.append(phrase)
    return found


def roles(
    trigger_span: Span,
    verb: Token,
    sentence: Span,
    actors: ActorDictionary,
    discourse: Discourse,
    *,
    reciprocal: frozenset[str] = frozenset(),
    taken_from: bool = False,
) -> Roles:
    """Actor 1 and actor 2 phrases for the trigger phrase ``trigger_span``
    (``reciprocal``: verbs whose conjoined subject is both sides;
    ``taken_from``: a territory act, whose "from" names the side that lost)."""
    trigger_head = trigger_span.root
    result = Roles()
    noun = trigger_head if trigger_head.pos_ in {"NOUN", "PROPN"} else None
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if noun is not None:
        # Possessor or modifier of the trigger noun acts: "IS shelling", "Israeli strikes".
        own = {t.i for t in trigger_span}
        mods = [
            c
            for c in noun.children
            if c.dep_ in {"poss", "compound", "amod", "nmod"} and c.i not in own
        ]
        result.actor1 += _phrases(mods, actors, discourse)
        holders = [noun]
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
            holders.append(noun.head.head)  # "waves of artillery barrages by the group"
        for prep in (c for h in holders for c in h.children):
            if prep.dep_ == "prep":
                objs = [c for c in prep.children if c.dep_ == "pobj"]
                if prep.lower_ in _AGENT_PREPS:
                    result.actor1 += _phrases(objs, actors, discourse)
                elif prep.lower_ in _TARGET_PREPS or (prep.lower_ == "of" and prep.head is noun):
                    # "the arrest of five people", "the killing of civilians"
                    result.actor2 += _phrases(objs, actors, discourse)
    if verb.lemma_.lower() in UNDERGO_VERBS:
        # "regime districts coming under artillery fire from militants": the
        # subject is hit, the "from"/"by" object fires.
        for child in verb.children:
            if child.dep_ in _ROLE_DEPS_SUBJ:
                result.actor2 += _phrases([child], actors, discourse)
            elif child.dep_ in {"prep", "agent"} and child.lower_ in _AGENT_PREPS:
                result.actor1 += _phrases(
                    [c for c in child.children if c.dep_ == "pobj"], actors, discourse
                )
    elif noun is None or verb.lemma_.lower() in LIGHT_VERBS or not result.actor1:
        for child in verb.children:
            if child.dep_ in _ROLE_DEPS_SUBJ and not passive:
                result.actor1 += _phrases([child], actors, discourse)
            elif child.dep_ == "agent":
                result.actor1 += _phrases(
                    [c for c in child.children if c.dep_ == "pobj"], actors, discourse
                )
            elif child.dep_ in _ROLE_DEPS_OBJ and (noun is None or passive):
                target = _phrases([child], actors, discourse)
                if (passive and not noun) or not passive or child.dep_ == "nsubjpass":
                    result.actor2 += target
            elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
                result.actor2 += _phrases(
                    [c for c in child.children if c.dep_ == "pobj"], actors, discourse
                )
        # A participle modifying a noun: "IS shelling ..." (the noun acts),
        # "positions hit by strikes" (the noun is hit).
        if verb.dep_ == "acl" and verb.head is not verb:
            found = _phrases([verb.head], actors, discourse)
            if verb.tag_ == "VBG" and not result.actor1:
                result.actor1 += found
            elif verb.tag_ == "VBN" and not result.actor2:
                result.actor2 += found
        # A verb conjoined to an earlier one shares its subject: "Nigerien
        # soldiers discovered and defused two IEDs", "Police ... discovered a
        # bag of explosives and safely detonated it".
        first = verb.head
        if (
            not result.actor1
            and not passive
            and verb.dep_ == "conj"
            and first.pos_ in {"VERB", "AUX"}
            and not any(c.dep_ == "auxpass" for c in first.children)
            # not a reduced passive: "5 soldiers killed and several weapons seized"
            and "VBN" not in {verb.tag_, first.tag_}
        ):
            subjects = [c for c in first.children if c.dep_ in _ROLE_DEPS_SUBJ]
            result.actor1 += _phrases(subjects, actors, discourse)
        # xcomp chains: "were reported to have launched": subject sits on the governor.
        if not result.actor1 and verb.dep_ in {"xcomp", "ccomp"} and verb.head is not verb:
            gov = verb.head
            for child in gov.children:
                if child.dep_ in {"nsubj", "nsubjpass"}:
                    result.actor1 += _phrases([child], actors, discourse)
    if taken_from:
        # "SAF retook Wad Madani from RSF", "captured Atarib ... from regime
        # forces": the side that lost the ground is actor 2.
        for holder in (trigger_head, verb):
            for prep in holder.children:
                if prep.dep_ == "prep" and prep.lower_ == "from":
                    lost = _phrases(
                        [c for c in prep.children if c.dep_ == "pobj"], actors, discourse
                    )
                    result.actor1 = [a for a in result.actor1 if a not in lost]
                    result.actor2 = lost[:1] + [a for a in result.actor2 if a not in lost]
    # "clashes between IS fighters and Syrian troops": the two sides, whatever
    # else the clause says ("Clashes between the army and RSF fighters killed 12
    # people": the dead are no side).
    # ... also on a participle of the trigger ("exchange of fire reported between").
    participles = [c for c in trigger_head.children if c.dep_ in {"acl", "relcl"}]
    betweens = [
        prep
        for holder in (trigger_head, verb, *participles)
        for prep in holder.children
        if prep.dep_ == "prep" and prep.lower_ == "between"
    ] or [
        # ... or on a word after the verb ("Fighting went on till the morning
        # between the Turkish army and the PKK elements").
        t
        for t in verb.subtree
        if t.dep_ == "prep" and t.lower_ == "between"
    ]
    for prep in betweens:
        sides = [
            side
            for obj in prep.children
            if obj.dep_ == "pobj"
            for side in _sides(obj, actors, discourse)
        ]
        if len(sides) < 2:
            # The parse hangs one side on the other ("between Iraqi Kurdish
            # Peshmerga and PKK fighters"): the named actors it holds.
            within = prep.doc[prep.i + 1 : prep.right_edge.i + 1]
            named = list(dict.fromkeys(e.text for e in ents_in(within) if e.label_ == "ACTOR"))
            sides = named if len(named) >= 2 else sides
        if len(sides) >= 2:
            result.actor1, result.actor2 = sides[:1], sides[1:2]
    # "Al-Shabab fighters and Somali soldiers clashed": one side each.
    if verb.lemma_.lower() in reciprocal and len(result.actor1) >= 2 and not result.actor2:
        result.actor1, result.actor2 = result.actor1[:1], result.actor1[1:2]
    # "Five Frontier Corps personnel were killed in the ensuing battle with
    # militants": the dead fought on one side, the "with" object on the other.
    if noun is not None and passive and noun.lemma_.lower() in reciprocal:
        fallen = _fallen_side(noun, verb, actors, discourse)
        opponents = [
            side
            for prep in noun.children
            if prep.dep_ == "prep" and prep.lower_ == "with"
            for side in _phrases([c for c in prep.children if c.dep_ == "pobj"], actors, discourse)
        ]
        if fallen and opponents and fallen not in opponents:
            result.actor1, result.actor2 = [fallen], opponents[:1]
    # The trigger's own words are no actor ("artillery" in "artillery barrages").
    phrase = trigger_span.text.lower()
    result.actor1 = [a for a in result.actor1 if a.lower() not in phrase]
    result.actor2 = [a for a in result.actor2 if a not in result.actor1 and a.lower() not in phrase]
    return result


def other_side(
    trigger_head: Token,
    verb: Token,
    words: OtherSide,
    *,
    actors: ActorDictionary,
    discourse: Discourse,
    acting: list[str],
) -> Roles:
    """The sides of a change of territory or a surrender named outside the
    act's own objects (``other_side`` in language.yaml): in ``actor2`` the
    side that lost or left the ground ("retook Tamou from JNIM", "after JNIM
    fighters fled", "after the withdrawal of IS militants", "chasing out ISWAP
    militants", "a post seized by assailants"); in ``actor1`` the side that got
    it ("handed the base to Iraqi forces", "the town fell to the Arakan Army",
    "withdrew ... and the Lebanese army moved in"). ``acting`` (the act's own
    actor 1) is on neither."""
    found = Roles()
    side = found.actor2

    def take(tokens: list[Token]) -> None:
        for phrase in _phrases(tokens, actors, discourse):
            if phrase not in acting and phrase not in found.actor1 + found.actor2:
                side.append(phrase)

    def objects(holder: Token, *preps: str) -> list[Token]:
        return [
            obj
            for prep in holder.children
            if prep.dep_ in {"prep", "agent"} and prep.lower_ in preps
            for obj in prep.children
            if obj.dep_ == "pobj"
        ]

    def children(holder: Token, *deps: str) -> list[Token]:
        return [c for c in holder.children if c.dep_ in deps]

    # The ground taken "from" someone: on the act, or on the ground it names.
    for holder in (trigger_head, verb):
        take(objects(holder, "from"))
        for ground in children(holder, "dobj", "nsubjpass"):
            take(objects(ground, "from"))
    # The whole sentence: the act may be found by a word of another clause
    # ("... after the withdrawal of IS militants, who lost 15 men in the fighting").
    for token in verb.sent:
        lemma = token.lemma_.lower()
        own = token.i in {verb.i, trigger_head.i}
        if lemma in words.leave_verbs and not own:
            take(children(token, "nsubj"))  # "after JNIM fighters fled"
        if lemma in words.leave_nouns and token.pos_ == "NOUN":
            take(objects(token, "of") + children(token, "poss", "compound"))
        if lemma in words.expel_verbs and token.pos_ == "VERB" and not own:
            take(children(token, "dobj", "nsubjpass"))  # "chasing out ISWAP militants"
        if lemma in words.hand_verbs:
            side = found.actor1
            take(objects(token, "to"))  # "handed the base to the army"
            side = found.actor2
        if lemma in words.hold_verbs and not own:
            take(objects(token, "by"))  # "a post seized by assailants"
            if token.dep_ == "relcl":
                take([token.head])  # "JNIM fighters who had occupied it"
        if token.dep_ == "conj" and token.head.i == verb.i and token.pos_ in {"VERB", "AUX"}:
            side = found.actor1
            take(children(token, "nsubj"))  # "... and the Lebanese army moved in"
            side = found.actor2
    return found


def _fallen_side(
    noun: Token, verb: Token, actors: ActorDictionary, discourse: Discourse
) -> str | None:
    """The side of those a passive ``verb`` says fell in the fight ``noun`` ("were
    killed in the battle"): their own actor phrase, or the group an apposition
    places them in ("Arnel Joseph, the notorious leader of the Village de Dieu
    gang")."""
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head  # "killed in the attack and the ensuing battle with militants"
    if not (noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.i == verb.i):
        return None
    for subject in (c for c in verb.children if c.dep_ == "nsubjpass"):
        found = _phrases([subject], actors, discourse)
        if found:
            return found[0]
        for appos in (c for c in subject.children if c.dep_ == "appos"):
            for token in appos.subtree:
                if token.ent_type_ == "ACTOR":
                    return ent_at(token).text
    return None


def subject_actor(verb: Token, actors: ActorDictionary, discourse: Discourse) -> str | None:
    """The actor phrase of ``verb``'s active subject, if it names one."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    found = _phrases(subjects, actors, discourse)
    return found[0] if found else None


def claimant(
    sentence: Span, lexicon: Lexicon, actors: ActorDictionary, discourse: Discourse
) -> str | None:
    """The actor that claims responsibility in ``sentence`` ("The Baloch
    Liberation Army, or BLA, quickly claimed responsibility for the attack"),
    if it names one; a negated claim ("no group has claimed") names none."""
    for token in sentence:
        if token.lemma_.lower() not in lexicon.claim_verbs or token.pos_ != "VERB":
            continue
        if not any(
            c.dep_ == "dobj" and c.lemma_.lower() in lexicon.claim_objects for c in token.children
        ):
            continue
        if any(c.dep_ == "neg" for c in token.children):
            continue
        found = subject_actor(token, actors, discourse)
        if found is not None:
            return found
    return None


def sentence_actors(sentence: Span, actors: ActorDictionary, discourse: Discourse) -> list[str]:
    """Every actor phrase in the sentence, left to right (role fallback)."""
    found: list[str] = []
    for token in sentence:
        if token.dep_ in {"compound", "amod"} and token.ent_type_ != "ACTOR":
            continue
        phrase = actor_phrase(token, actors, discourse) if _is_actor_token(token, actors) else None
        if phrase and phrase not in found:
            found.append(phrase)
    return found


def update_discourse(sentence: Span, actors: ActorDictionary, discourse: Discourse) -> None:
    """Remember the last armed actor and the last source named in ``sentence``."""
    for ent in ents_in(sentence):
        if ent.label_ == "SOURCE":
            discourse.last_source = ent.text
        elif ent.label_ == "ACTOR":
            actor = actors.named(ent.text)
            if actor is not None and actor.inter in {2, 3, 4}:
                discourse.last_armed = ent.text
