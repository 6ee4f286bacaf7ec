"""Place names as a report writes them, made ready for the gazetteer.

Two mistakes of the small English model and the place-shape ruler are undone
here, over the whole annotated report:

- **Names of people are not places.** The shape that finds "al-Bab" also
  matches the family name of "Ahmed al-Sharaa", "Omar Hassan al-Bashir" or
  "Omar El Bashir" (an Arabic article after a given name), and the gazetteer
  knows a Syrian village Al 'Asharah. Such a name, and every later mention of
  it alone ("Al-Sharaa's HTS"), is a person's.
- **Split names are rejoined.** The model cuts "Cabo Delgado province" into
  "Cabo" and "Delgado province", "Middle Shabelle region" into "Middle" and
  "Shabelle region": the capitalised word before a place name is offered
  with it first ("Cabo Delgado province"), then the parts, so the geocode
  stage takes the longest reading the gazetteer knows. A possessive ("New
  Delhi's") is not part of the name.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from sitrep.extract.entities import ents_in
from sitrep.gazetteer import name_key

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Arabic articles written apart and capitalised ("Al Mukalla", "El Bashir");
#: hyphenated articles ("al-Bab", "ash-Shaddadi") are any short lower-case
#: word before a hyphen (the ruler's shapes, ``data/place_shapes.yaml``).
_SPACED_ARTICLES = frozenset({"Al", "El"})
_ARTICLE_MAX = 3
_SURNAMES = "sitrep_person_surnames"


def _article_at(tokens: Span, i: int) -> bool:
    """Whether ``tokens[i]`` is an Arabic article opening a name ("al-", "Al ")."""
    if i + 1 >= len(tokens):
        return False
    token, following = tokens[i], tokens[i + 1]
    if token.text in _SPACED_ARTICLES:
        return following.is_title and following.is_alpha
    return (
        token.is_lower
        and token.is_alpha
        and len(token) <= _ARTICLE_MAX
        and following.text == "-"
        and not following.whitespace_
    )


def _given_name(token: Token) -> bool:
    """A word that reads as the given name before a family name: capitalised,
    a proper noun or part of a person's name, and not part of a place."""
    return (
        token.is_title
        and token.is_alpha
        and not token.is_stop
        and token.ent_type_ not in PLACE_LABELS
        and (token.pos_ == "PROPN" or token.ent_type_ == "PERSON")
    )


def person_surnames(doc: Doc) -> frozenset[str]:
    """Name keys of the article-led family names of people the report names
    ("al sharaa" for "interim President Ahmed al-Sharaa"), computed once per
    document."""
    cached = doc.user_data.get(_SURNAMES)
    if isinstance(cached, frozenset):
        return cached
    found: set[str] = set()
    for ent in ents_in(doc[:]):
        if ent.label_ == "PERSON":
            # "Omar Hassan al-Bashir" whole: its family name alone is his too.
            for i in range(1, len(ent)):
                if _article_at(ent, i):
                    found.add(name_key(ent[i:].text))
                    break
        elif (
            ent.label_ in PLACE_LABELS
            and ent.start > 0
            and _article_at(ent, 0)
            and _given_name(doc[ent.start - 1])
        ):
            found.add(name_key(ent.text))
    surnames = frozenset(found)
    doc.user_data[_SURNAMES] = surnames
    return surnames


def without_possessive(text: str) -> str:
    """``text`` without a trailing possessive ("New Delhi's" -> "New Delhi")."""
    for ending in ("'s", "’s"):
        if text.endswith(ending) and len(text) > len(ending) + 1:
            return text[: -len(ending)]
    return text


def joined_with_previous(ent: Span, span: Span) -> str | None:
    """``ent`` with the capitalised word before it when the model split one
    name ("Cabo" | "Delgado province"), else ``None``: a proper or unknown
    capitalised word that is no stop word ("In Hama province" is no name) and
    belongs to no other kind of entity ("Kurdish" is a nationality)."""
    if ent.start <= span.start:
        return None
    before = ent.doc[ent.start - 1]
    if not (before.is_title and before.is_alpha and not before.is_stop):
        return None
    if before.ent_type_ and before.ent_type_ not in PLACE_LABELS:
        return None
    if _article_at(ent, 0) and _given_name(before):
        return None  # "Ahmed al-Sharaa": a person
    return ent.doc[before.i : ent.end].text


def joined_with_next(ent: Span, span: Span) -> str | None:
    """``ent`` with the proper noun after it when the model cut one name short
    ("San Pedro" | "Sula"), else ``None``: a capitalised proper noun, no stop
    word, in no entity of its own, inside ``span``."""
    if ent.end >= span.end:
        return None
    after = ent.doc[ent.end]
    if not (after.is_title and after.is_alpha and not after.is_stop and after.pos_ == "PROPN"):
        return None
    if after.ent_type_:
        return None
    return ent.doc[ent.start : ent.end + 1].text


def names_entity(name: str, ent: Span) -> bool:
    """Whether place name ``name`` (as ``_places_in`` gives it) was read from
    ``ent``: its text, without a possessive, or joined to the word before or
    after it."""
    text = without_possessive(ent.text)
    return name == text or name.endswith(" " + text) or name.startswith(text + " ")
