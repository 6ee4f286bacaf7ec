"""Where a sentence says its acts happened: the place names it offers the
geocode stage, strong (place entities, names in a locative slot, ACLED-style
"X (Region)") and weak (names the small model labels otherwise, in a place's
slot: "in Kumba", "the Faya base", "residents of Bouaké"), where someone only
speaks ("officials said in Islamabad"), the locative hint of a name ("near",
"outskirts") and the countries its actors' nationalities point to.

The extract stage (``sitrep.extract``) reads each sentence's places through
``places_in`` and ``weak_places_in``; the geocode stage resolves them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np
from spacy.attrs import DEP, LEMMA, ORTH, POS
from spacy.parts_of_speech import NOUN, PROPN
from spacy.tokens import Doc, Span, Token

from sitrep.actors import ActorDictionary
from sitrep.extract import dates
from sitrep.extract.entities import ent_at, ents_in
from sitrep.extract.placenames import (
    PLACE_LABELS,
    joined_with_next,
    joined_with_previous,
    names_entity,
    person_surnames,
    without_possessive,
)
from sitrep.gazetteer import name_key, split_qualifier
from sitrep.lexicon import Lexicon

__all__ = [
    "country_hints",
    "is_place_name",
    "place_hint",
    "places_in",
    "speaker_place",
    "weak_places_in",
    "written_in",
]


_LOCATIVE_PREPS = {"in", "near", "at", "outside", "around", "from", "of", "towards", "toward"}
_NOT_PLACE_ENTS = {"PERSON", "ORG", "ACTOR", "SOURCE", "NORP", "DATE", "TIME", "CARDINAL"}


def places_in(span: Span, actors: ActorDictionary, lexicon: Lexicon) -> list[str]:
    """Place names in ``span``: place entities, and proper nouns the model left
    unlabelled after a locative preposition ("in the countryside of Hama"),
    never a site noun alone (the "Cathedral" of "St. Mark's Cathedral")."""
    found: list[tuple[int, int, str]] = []
    for ent in ents_in(span):
        named = _before_bracket(span.doc, ent.start)
        if named is not None and _bracketed(ent.start, ent.end, span):
            found.append((named[0], -2, named[1]))  # "Bourem (Gao)": Bourem, in Gao
        if (
            is_place_name(ent)
            or _mislabelled_place(ent)
            or _bracketed(ent.start, ent.end, span)
            or _country_named(ent, actors)
        ):
            joined = joined_with_previous(ent, span)
            if joined is not None:
                # Offered first: the longest reading the gazetteer knows wins.
                found.append((ent.start - 1, -1, joined))
            longer = joined_with_next(ent, span) if ent.label_ in PLACE_LABELS else None
            if longer is not None:
                found.append((ent.start, -1, longer))  # "San Pedro" + "Sula"
            # "Port-au-Prince (Ouest" comes as one entity: ACLED notes put the
            # admin1 in brackets after the place.
            for part in ent.text.replace(")", "(").split("("):
                if part.strip(" ,"):
                    found.append((ent.start, len(found), part.strip(" ,")))
    taken = {i for e in ents_in(span) for i in range(e.start, e.end)}
    for token in _place_slot_tokens(span):
        if token.lemma_.lower() == "capital" and token.pos_ == "NOUN":
            # "Cameroon's capital", "the Somali capital": X's capital city.
            for owner in token.children:
                iso = (
                    actors.country_of(owner.text)
                    if owner.dep_ in {"poss", "amod", "compound"}
                    else None
                )
                country = actors.country(iso) if iso else None
                if country is not None:
                    found.append((token.i, len(found), f"capital of {country.name}"))
        close = _bracket_end(token)
        if (
            token.i not in taken
            and (token.pos_ == "PROPN" or token.is_title)
            and close is not None
            and _bracketed(token.i, close, span)
        ):
            # "Garu (Upper East)": the whole name in the brackets.
            found.append((token.i, len(found), token.doc[token.i : close].text))
            named = _before_bracket(token.doc, token.i)
            if named is not None:
                found.append((named[0], -2, named[1]))
            continue
        if (
            token.i not in taken
            and token.pos_ == "PROPN"
            and token.dep_ == "pobj"
            and token.head.lower_ in _LOCATIVE_PREPS
            and token.ent_type_ not in _NOT_PLACE_ENTS
        ):
            left = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
            if not left and _site_noun(token, lexicon):
                continue
            start = min([token.i, *(t.i for t in left)])
            found.append((start, len(found), token.doc[start : token.i + 1].text))
    surnames = person_surnames(span.doc)
    names = dict.fromkeys(without_possessive(text) for _, _, text in sorted(found))
    return [name for name in names if name_key(name) not in surnames]


def _place_slot_tokens(span: Span) -> Iterator[Token]:
    """The tokens of ``span`` that may add a name in ``places_in``'s token
    pass, in order: a noun whose lemma is "capital", a word right after "("
    or ",", a proper noun that is a preposition's object. Read from one
    array: the pass runs over whole reports, and most of their words are
    none of these."""
    doc = span.doc
    if not len(span):
        return
    strings = doc.vocab.strings
    rows = doc.to_array([POS, DEP, LEMMA, ORTH])[span.start : span.end]
    capital = [h for h in np.unique(rows[:, 2]).tolist() if strings[h].lower() == "capital"]
    after = np.zeros(len(rows), dtype=bool)
    previous = doc[span.start - 1].text if span.start else ""
    after[0] = previous in _BRACKET_OPENERS
    after[1:] = np.isin(rows[:-1, 3], [strings.add(t) for t in _BRACKET_OPENERS])
    wanted = (
        ((rows[:, 0] == NOUN) & np.isin(rows[:, 2], capital))
        | after
        | ((rows[:, 0] == PROPN) & (rows[:, 1] == strings.add("pobj")))
    )
    for offset in np.flatnonzero(wanted).tolist():
        yield doc[span.start + offset]


#: What opens a bracketed place name, or a part of one ("(Kossi, Boucle du Mouhoun)").
_BRACKET_OPENERS = ("(", ",")


#: Any date: whether a word names a day ("Sunday") does not depend on it.
_ANY_DAY = dt.date(2000, 1, 3)


def _without_site_or_day(ent: Span, lexicon: Lexicon) -> Span | None:
    """The name of a place entity that takes in the site or the day after it
    ("the Bourem camp", "the camp of Tessit Sunday"): the words before the
    first site noun or day name. None when there is none, or when the
    gazetteer reads the kind itself ("Idlib province", "Kalat district":
    place_qualifiers.tsv), or when the entity is the end of a name the model
    cut ("Loire-" + "Atlantique prefecture", "San" + "Francisco
    municipality")."""
    if split_qualifier(name_key(ent.text))[1] is not None:
        return None
    if ent.start > 0 and ent.doc[ent.start - 1].text in {"-", "–"}:
        return None
    if joined_with_previous(ent, ent.sent) is not None:
        return None
    for token in ent[1:]:
        site = not token.is_title and _site_noun(token, lexicon)
        if site or dates.resolve(token.text, _ANY_DAY) is not None:
            name = ent.doc[ent.start : token.i]
            while len(name) > 1 and name[-1].is_punct:
                name = name[:-1]
            return name if name.text[:1].isupper() else None
    return None


#: Prepositions of where an act happens, for names the model did not label a place.
_WEAK_PREPS = {"in", "near", "at", "outside", "around", "towards", "toward", "into", "on"}
#: Labels the small model gives place names in a place's slot ("Monguno market"
#: PRODUCT, "the people of Bouaké" PRODUCT, "Djibo outskirts" ORG).
_WEAK_LABELS = {"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", ""}
#: How a name hangs on a site noun: "Kidal checkpoint", "the Ouallam base"
#: (tagged an adjective), "the Mafa military base".
_SITE_DEPS = {"compound", "amod", "nmod"}
#: Parts of speech the tagger gives an unknown name: a proper noun, or, for a
#: capitalised word inside the sentence, an adjective or a noun ("the Abéché
#: base", "Bol hospital", "the inhabitants of Ngaoundal").
_NAME_POS = {"PROPN", "ADJ", "NOUN"}
#: Labels of time the model gives unknown names too ("in Turbat", "in Tchaourou").
_TIME_LABELS = {"DATE", "TIME"}


def _name_part(ent: Span) -> Span:
    """The name words of an entity that is no name as a whole: a time entity
    ("Tchaourou" of "Tchaourou burned"), a place entity the tagger reads as an
    adjective and a noun ("Rufisque" of "the Rufisque camp")."""
    words = [t for t in ent if _name_word(t)]
    return ent.doc[words[0].i : words[-1].i + 1] if words else ent


def weak_places_in(span: Span, actors: ActorDictionary, lexicon: Lexicon) -> list[str]:
    """Proper names the model labelled a person, an organisation, a
    nationality or a time that says no time ("in Turbat"), or left unlabelled,
    in a place's slot: after a preposition of place ("in Kumba"), before a site
    noun, owning one or after its "of" ("Kidal checkpoint", "Omdurman's old
    market", "residents of Kumba"), and the first part of "Marte (Borno)". Not
    a country, nationality or actor name. A site something came from ("fired
    ... from the Sittwe base towards Mrauk-U") comes after the others."""
    found: list[str] = []
    later: list[str] = []  # origins
    seen: set[int] = set()
    for token in span:
        if token.i in seen:
            continue
        ent = ent_at(token) if token.ent_type_ else None
        if ent is not None and ent.label_ in PLACE_LABELS and is_place_name(ent):
            # "the Bourem camp", "the camp of Tessit Sunday": the model's place
            # takes in the site or the day; the name alone is a weak reading
            # (never a vote for the report's country).
            seen.update(t.i for t in ent)
            bare = _without_site_or_day(ent, lexicon)
            if bare is not None and bare.text not in found:
                (later if _origin(ent.root, lexicon) else found).append(bare.text)
            continue
        if not _name_word(token):
            continue
        if token.ent_type_ in _TIME_LABELS:
            # "in Turbat" read as a date: a name that says no time is a place's.
            # ("on Thursday", "on 5 June" say one even when the report has no
            # date to count them from: never Thursday Island, Australia, nor
            # Unieux, France, which GeoNames also spells "June".)
            if (
                ent is None
                or dates.resolve(ent.text, _ANY_DAY) is not None
                or dates.news_cycle_precision(ent.text) is not None
            ):
                continue
            ent = _name_part(ent)
        elif ent is not None and ent.label_ in PLACE_LABELS:
            ent = _name_part(ent)  # "Rufisque camp", "Rufisque" tagged an adjective
        elif token.ent_type_ not in _WEAK_LABELS:
            continue
        words = ent if ent is not None else span.doc[token.i : token.i + 1]
        seen.update(t.i for t in words)
        if ent is not None:
            words = _without_site_or_day(words, lexicon) or words  # "Bosso Thursday"
            words = _site_owner(words, lexicon) or words  # "the University of Lomé"
        text = words.text.split(" (")[0].strip(" ,(")
        root = words.root
        slot = (
            (root.dep_ == "pobj" and root.head.lower_ in _WEAK_PREPS)
            or (root.dep_ in _SITE_DEPS and _site_noun(root.head, lexicon))
            or (
                root.dep_ == "pobj"
                and root.head.lower_ == "of"
                and _site_noun(root.head.head, lexicon)
            )
            # "Omdurman's old market"
            or (root.dep_ == "poss" and _site_noun(root.head, lexicon))
            # "took control of Gajiram": the ground held (hold_verbs of other_side)
            or (root.dep_ == "pobj" and root.head.lower_ == "of" and _held(root.head.head, lexicon))
            # "a village north of Ménaka", "20 km east of Djibo"
            or (
                root.dep_ == "pobj"
                and root.head.lower_ == "of"
                and root.head.head.lower_ in lexicon.compass
            )
            # "cleared the terrorists from Malam Fatori", "withdrew from Ménaka"
            or (
                root.dep_ == "pobj"
                and root.head.lower_ == "from"
                and _left(root.head.head, lexicon)
            )
        )
        if " (" in words.text or (root.i + 1 < len(span.doc) and span.doc[root.i + 1].text == "("):
            slot = True  # ACLED-style "Marte (Borno)"
        if not slot or not text or not text[0].isupper():
            continue
        if actors.country_of(text) or actors.resolve(text, country=None, on=None) is not None:
            continue
        origin = root.dep_ in _SITE_DEPS and _origin(root.head, lexicon)
        for reading in _readings(text):
            if reading not in found and not actors.country_of(reading):
                (later if origin else found).append(reading)
    return found + [name for name in later if name not in found]


def _name_word(token: Token) -> bool:
    """A word that may be (part of) a name: a proper noun, or a capitalised
    adjective or noun inside the sentence (the tagger's reading of an unknown
    name: "the Abéché base")."""
    return token.pos_ == "PROPN" or (
        token.pos_ in _NAME_POS and token.is_title and not token.is_sent_start
    )


def _readings(name: str) -> list[str]:
    """A weak name, and the places it joins: the owned one first ("Kebbi's
    Augie": Augie, then Kebbi), the place before its region ("Cáceres,
    Antioquia": Cáceres, then Antioquia), ACLED's most specific first."""
    owner, mark, owned = name.replace("’s ", "'s ").partition("'s ")
    if mark and owner and owned:
        return [owned, owner]
    parts = [p.strip() for p in name.split(",") if p.strip()]
    return parts if len(parts) > 1 else [name]


def _site_owner(ent: Span, lexicon: Lexicon) -> Span | None:
    """The place a site entity is "of" ("Lomé" of "the University of Lomé", an
    organisation to the model), None when ``ent`` is not one."""
    for token in ent[1:-1]:
        if token.lower_ == "of" and _site_noun(ent.doc[token.i - 1], lexicon):
            return ent.doc[token.i + 1 : ent.end]
    return None


def _held(token: Token, lexicon: Lexicon) -> bool:
    """A noun of holding ground ("control", "occupation": ``hold_verbs`` of
    ``other_side``), or a verb whose object is one (the model hangs the "of"
    of "take control of Gajiram" on "take")."""
    nouns = [token] if token.pos_ == "NOUN" else [c for c in token.children if c.dep_ == "dobj"]
    return any(
        n.pos_ == "NOUN" and n.lemma_.lower() in lexicon.other_side.hold_verbs for n in nouns
    )


def _origin(token: Token, lexicon: Lexicon) -> bool:
    """Whether ``token`` is where something came from ("fired the heavy
    artillery from the Sittwe base towards Mrauk-U"), not where the act
    happened; the "from" of a verb of leaving is the ground left."""
    return (
        token.dep_ == "pobj" and token.head.lower_ == "from" and not _left(token.head.head, lexicon)
    )


def _left(verb: Token, lexicon: Lexicon) -> bool:
    """A verb of leaving or driving out (``other_side`` in language.yaml),
    whose "from" is the ground left."""
    lemma = verb.lemma_.lower()
    return verb.pos_ == "VERB" and (
        lemma in lexicon.other_side.leave_verbs or lemma in lexicon.other_side.expel_verbs
    )


def _site_noun(token: Token, lexicon: Lexicon) -> bool:
    """A site noun as written or by lemma ("outskirts": the lemmatiser gives
    "outskirt")."""
    return token.lower_ in lexicon.site_nouns or token.lemma_.lower() in lexicon.site_nouns


_LOCATIVE_NOUNS = {
    "countryside", "outskirts", "city", "town", "village", "province", "district", "suburbs",
    "suburb", "region", "area", "governorate", "state", "county", "edge", "neighbourhood",
    "neighborhood", "quarter",
}  # fmt: skip


_NAME_DEPS = {"compound", "flat", "appos", "amod", "nmod", "det", "punct"}


def speaker_place(sentence: Span, place: str, lexicon: Lexicon) -> bool:
    """Whether ``place`` is where someone speaks ("officials said in
    Islamabad", "officials in Islamabad said"), not where the event happened:
    the place's preposition hangs on a verb of saying or speaking, or on the
    speaker of one. A place inside what is said ("forces fire on demonstrators
    in Daraa, activists say") is the event's."""
    start = sentence.text.find(place)
    if start < 0:
        return False
    token = next((t for t in sentence if t.idx >= sentence.start_char + start), None)
    for _ in range(6):  # up to the head of the name ("Daraa al-Balad")
        if token is None or token.dep_ not in _NAME_DEPS or token.head is token:
            break
        token = token.head
    if token is None or token.dep_ != "pobj" or token.head.dep_ not in {"prep", "agent"}:
        return False
    holder = token.head.head
    speaker = None
    if holder.dep_ in {"nsubj", "nsubjpass"}:
        speaker, holder = holder, holder.head  # "officials in Islamabad said"
    lemma = holder.lemma_.lower()
    if holder.pos_ not in {"VERB", "AUX"}:
        return False
    if _told_before(token, holder, speaker):
        return False
    if speaker is not None and (
        speaker.lemma_.lower() in lexicon.scene_speakers or speaker.lower_ in lexicon.scene_speakers
    ):
        return False  # "traders in Gamboru told the paper": they were there
    if lemma in lexicon.reporting_verbs:
        return True
    objects = [c for c in holder.children if c.dep_ == "dobj"]
    return lemma in lexicon.speech_verbs and all(
        o.lemma_.lower() in lexicon.speech_objects for o in objects
    )


def _told_before(place: Token, verb: Token, speaker: Token | None) -> bool:
    """Whether the clause a reporting verb reports comes between the place and
    the verb ("In Rosso, young people ... set fire to the police commissariat,
    reported local media"): the small model hangs a fronted place on the
    trailing verb of saying, but it is the told act's. A verb of the
    speaker's own words ("residents who fled ... said") or the verb's own
    auxiliary is no told clause."""
    if place.i > verb.i:
        return False
    own = {t.i for t in speaker.subtree} if speaker is not None else set()
    return any(
        t.pos_ in {"VERB", "AUX"}
        and t.i not in own
        and not (t.head is verb and t.dep_ in {"aux", "auxpass", "neg"})
        for t in place.doc[place.i + 1 : verb.i]
    )


def country_hints(doc: Doc, actors: ActorDictionary) -> list[str]:
    """Countries of the nationalities ("Syrian") and named actors ("JNIM" is
    based in Mali) a report mentions: evidence of where it happens."""
    hints = []
    for ent in ents_in(doc[:]):
        if ent.label_ == "NORP":
            iso = actors.country_of(ent.text)
        elif ent.label_ == "ACTOR":
            actor = actors.named(ent.text)
            iso = actor.country if actor is not None else None
        elif ent.label_ in {"PERSON", "ORG"} and not _country_named(ent, actors):
            # A nationality the model labels a person ("Nigerien soldiers").
            iso = actors.country_of(ent.text)
        else:
            continue
        if iso:
            hints.append(iso)
    return hints


#: Dashes after a dateline's brackets ("CAIRO (Reuters) - ...").
_DASHES = frozenset({"-", "--", "—", "–"})
#: Lower-case words inside a bracketed place name ("Boucle du Mouhoun").
_NAME_PARTICLES = frozenset({"du", "de", "des", "la", "le", "el", "al", "of", "-", "'s"})
#: At most this many words in the brackets after a place ("(Kossi, Boucle du
#: Mouhoun)": the admin2 and admin1 ACLED-style notes name).
_BRACKET_WORDS = 10


def _bracket_end(token: Token) -> int | None:
    """The end of the bracketed name ``token`` starts ("(Upper East)", or
    a part of "(Kossi, Boucle du Mouhoun)"): the index of the "," or ")"
    after it, or ``None`` when ``token`` starts no such part."""
    doc = token.doc
    if token.i < 1 or doc[token.i - 1].text not in _BRACKET_OPENERS:
        return None
    for end in range(token.i + 1, min(token.i + _BRACKET_WORDS, len(doc))):
        if doc[end].text in {")", ","}:
            return end
        if not _bracket_word(doc[end]):
            return None
    return None


def _bracket_word(token: Token) -> bool:
    """A word of a place's name in brackets: a proper noun, a capitalised
    word the tagger read otherwise ("Boucle" du Mouhoun), or a particle."""
    return token.pos_ == "PROPN" or token.is_title or token.lower_ in _NAME_PARTICLES


def written_in(name: str, sentence: Span, clause: set[int]) -> bool:
    """Whether ``name`` is written in the sentence starting at a place
    entity's token of ``clause`` (a name no entity holds whole: "Tin-Hama"
    of "near Tin-Hama (Gao)", whose "Tin" alone the model labelled)."""
    starts = {t.idx: t for t in sentence}
    at = sentence.text.find(name)
    while at >= 0:
        token = starts.get(sentence.start_char + at)
        # Only a name that grows a place entity ("Tin" of "Tin-Hama"), not
        # one inside a name that is no place's ("National Liberation Front
        # of Tripura").
        if token is not None and token.i in clause and token.ent_type_ in PLACE_LABELS:
            return True
        at = sentence.text.find(name, at + 1)
    return False


def _before_bracket(doc: Doc, start: int) -> tuple[int, str] | None:
    """The place an ACLED-style note names before the brackets that hold the
    word at ``start`` ("Tin-Hama" of "near Tin-Hama (Gao)", whatever the
    model labels it): (its first token, its text), or ``None``."""
    opening = start - 1
    while opening >= 0 and start - opening <= _BRACKET_WORDS and doc[opening].text != "(":
        opening -= 1
    if opening < 1 or doc[opening].text != "(":
        return None
    end = first = opening
    while first > 0 and (doc[first - 1].pos_ == "PROPN" or doc[first - 1].text == "-"):
        first -= 1
    while first < end and doc[first].text == "-":
        first += 1
    if first >= end:
        return None
    return first, doc[first:end].text


def _bracketed(start: int, end: int, span: Span) -> bool:
    """Words in brackets right after a proper noun: "Boni (Mopti)", "Nihm
    district (Sanaa)", "Djibasso (Kossi, Boucle du Mouhoun)": the admin
    units ACLED-style notes name after a place."""
    doc = span.doc

    def inside(token: Token) -> bool:
        return token.text == "," or _bracket_word(token)

    opening = start - 1
    while opening >= 0 and start - opening <= _BRACKET_WORDS and inside(doc[opening]):
        opening -= 1
    closing = end
    while closing < len(doc) and closing - end <= _BRACKET_WORDS and inside(doc[closing]):
        closing += 1
    return (
        opening >= 1
        and closing < len(doc)
        and doc[opening].text == "("
        and doc[closing].text == ")"
        and (doc[opening - 1].pos_ == "PROPN" or doc[opening - 1].lower_ in _LOCATIVE_NOUNS)
        # Not a dateline's agency: "KAMPALA (AP) — Ugandan troops ...".
        and not (closing + 1 < len(doc) and doc[closing + 1].text in _DASHES)
    )


def _country_named(ent: Span, actors: ActorDictionary) -> bool:
    """An entity of any label that is a country's name or alias, not its
    demonym: the small model reads "in Boni, central Mali" with Mali a PERSON."""
    iso = actors.country_of(ent.text) if ent.label_ not in PLACE_LABELS else None
    country = actors.country(iso) if iso else None
    return country is not None and name_key(ent.text) in {
        name_key(n) for n in (country.name, *country.aliases)
    }


def _mislabelled_place(ent: Span) -> bool:
    """An ORG or PERSON the small model gives a place name in a plainly
    locative slot: "in the countryside of Hama" (Hama tagged ORG), "near al-Bab"."""
    if ent.label_ not in {"ORG", "PERSON", "NORP"}:
        return False
    root = ent.root
    if root.dep_ != "pobj":
        return False
    prep = root.head
    if prep.lower_ in {"in", "near", "outside", "around"} and ent.label_ != "NORP":
        return True
    # "the Sheikh Maqsoud neighbourhood of Aleppo" (Aleppo tagged NORP)
    return prep.lower_ == "of" and prep.head.lemma_.lower() in _LOCATIVE_NOUNS


def is_place_name(ent: Span) -> bool:
    """A place entity that names a place: "Hama province" does, "the eastern
    Syrian city" and "the city" do not (no proper noun)."""
    return ent.label_ in PLACE_LABELS and any(
        t.pos_ == "PROPN" or (t.is_title and t.pos_ not in {"ADJ", "DET"} and t.i > ent.sent.start)
        for t in ent
    )  # ("Sagaing region": the tagger reads "Sagaing" as a verb)


def place_hint(sentence: Span, place: str, lexicon: Lexicon) -> str | None:
    """How the sentence places the event relative to ``place``: "near",
    "outskirts", "countryside", or "offset:KM:BEARING" ("20 km east of X")."""
    ent = next((e for e in ents_in(sentence) if names_entity(place, e)), None)
    if ent is None:
        return None
    # A rejoined name ("Cabo" + "Delgado province") starts a word earlier.
    first = ent.start - (0 if place == without_possessive(ent.text) else 1)
    before = sentence.doc[max(sentence.start, first - 6) : first]
    words = [t.lower_ for t in before]
    text = " ".join(words)
    if len(words) >= 3 and words[-1] == "of" and words[-2] in lexicon.compass:
        unit = words[-3]
        number = words[-4] if len(words) >= 4 else ""
        if unit in lexicon.distance_units and number.replace(".", "", 1).isdigit():
            km = float(number) * lexicon.distance_units[unit]
            return f"offset:{km:g}:{lexicon.compass[words[-2]]:g}"
    after = sentence.doc[ent.end : min(sentence.end, ent.end + 2)].text.lower()
    for hint, phrases in lexicon.locative_hints.items():
        for phrase in phrases:
            if text.endswith(phrase) or (hint == "countryside" and after.startswith(phrase)):
                return hint
    return None
