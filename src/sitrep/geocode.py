"""Geocode stage: a ``Place`` and ACLED ``geo_precision`` on every mention.

The document's country comes from all its place names (a country named
outright counts most) and the nationality of its actors; each name is then
looked up with that country preferred, so "Palmyra" in a Syrian report is
Tadmur, not a town in New York. A mention takes the first place of its own
sentence that resolves below country level, else the report's focus place
(headline and lead). ACLED codes no country-level events: a mention with only
a country gets no place, and in a report longer than a snippet it is dropped.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from sitrep.countrycodes import codes
from sitrep.gazetteer import Gazetteer, haversine_km, name_key, split_qualifier, without_article
from sitrep.records import Mentions, Place

# UCDP ``where_prec`` by GeoNames feature code: 1 exact place, 3 ADM2,
# 4 ADM1, 6 country (UCDP GED codebook).
_WHERE_PREC = {"ADM1": 4, "ADM2": 3}
#: A text of at most this many sentences is a snippet (a headline, a lead, a
#: coder's summary: one to four sentences), classified even where it names no
#: place; in a longer report an act that neither its sentence nor the report's
#: lead places is not coded (ACLED: no country-level events). On the gold's dev
#: reports the acts dropped so were a legend, a speech's list of what
#: civilians endure, a habit ("regularly escape ... when attacked") and a
#: feature story's anecdote; none was a coded event.
SNIPPET_MAX_SENTENCES = 4
# A place abroad is taken only if it is this populous: a report about Syria
# names Moscow or Washington, not a hamlet that shares a Syrian village's name.
_ABROAD_MIN_POPULATION = 100_000


def _is_country(place: Place) -> bool:
    return place.feature_code.startswith("PCL")


#: Administrative units below the district (GeoNames ADM3-5; the default
#: gazetteer's geoBoundaries communes are ADM3).
_LOCAL_UNITS = frozenset({"ADM3", "ADM4", "ADM5"})


def _local_unit(place: Place) -> bool:
    return place.feature_code in _LOCAL_UNITS


#: An all-capital name this short is an acronym ("IS", "UP", "AL", "US" of
#: "US dollars"); GeoNames lists such codes as alternate names of states and
#: towns worldwide, so it is a place only by a curated alias.
_ACRONYM_MAX = 3


def acronym(name: str, gazetteer: Gazetteer) -> bool:
    """Whether ``name`` is an acronym that must not be read as a place."""
    letters = name.replace(".", "").strip()
    return (
        0 < len(letters) <= _ACRONYM_MAX
        and letters.isalpha()
        and letters.isupper()
        and not gazetteer.is_alias(name)
    )


def document_country(
    names: Iterable[str],
    hints: Iterable[str],
    gazetteer: Gazetteer,
    among: tuple[str, ...] = (),
) -> str | None:
    """The ISO2 country a report is about: named countries weigh 3, other
    places 2 (by their best reading; 1 by an alternate spelling), nationality
    and actor hints 1 (Russian forces shelling a Ukrainian village are in
    Ukraine); a tie goes to the country more of the names and nationalities
    point to, then to a nationality's.
    ``among``: only these countries count (the ones the user gave)."""
    names, hints = list(names), list(hints)
    votes: Counter[str] = Counter()

    def readings(name: str) -> list[Place]:
        found = [
            _by_main_name(name, gazetteer.lookup(name, country=country, limit=3))
            for country in (among or (None,))
        ]
        return [p for p in found if p is not None and (not among or p.country_iso in among)]

    for name in names:
        if acronym(name, gazetteer):
            continue
        read_as, found = name, readings(name)
        if not found and (part := _without_bearing(name)) is not None:
            read_as, found = part, readings(part)  # "central Mali", "northern Gaza"
        found = [p for p in found if not _local_unit(p)]  # never evidence of a country
        if found and _spelled(read_as, found[0], gazetteer):
            # A place by its main name counts more than one by an alternate
            # (GeoNames keeps spellings in many languages: "Ber" is Véroia,
            # Greece, in one; in "Ber (Tombouctou)" the region decides).
            # A curated spelling (place_aliases.tsv, ACLED-style admin names) is
            # as much the place's own: "Jabal al-Zawiya" (Idlib) outweighs
            # "al-Bara" read as Bar, Montenegro, by one of its alternates.
            own = _main_name(read_as, found[0]) or found[0].geonameid in gazetteer.alias_ids(
                read_as
            )
            votes[found[0].country_iso] += 3 if _is_country(found[0]) else 2 if own else 1
    for iso in hints:
        if not among or iso in among:
            votes[iso] += 1
    if not votes:
        return None
    best = max(votes.values())
    tied = sorted(iso for iso, n in votes.items() if n == best)
    if len(tied) == 1:
        return tied[0]
    # A tie goes to the country more of the names and nationalities point to,
    # then to a nationality's country over a place read abroad: "the
    # American-British aggression ... in the al-Salif district of Hodeidah
    # governorate" is Yemen (al-Salif is also a spelling of Chlef, Algeria);
    # "Separatist fighters withdrew from Belo and Cameroonian troops moved in"
    # is Cameroon (Belo is also Bello, Colombia).
    named = [n for n in names if not acronym(n, gazetteer)]
    explained = {iso: _places_in_country(named, iso, gazetteer) for iso in tied}
    hinted = Counter(h for h in hints if not among or h in among)
    return min(tied, key=lambda iso: (-(explained[iso] + hinted[iso]), -hinted[iso], iso))


def _places_in_country(names: list[str], iso: str, gazetteer: Gazetteer) -> int:
    """How many of ``names`` are, by one of their own names, places of ``iso``
    (never a unit below the district: those are no evidence of a country)."""
    return sum(
        any(
            p.country_iso == iso and not _local_unit(p) and _spelled(name, p, gazetteer)
            for p in gazetteer.lookup(name, country=iso, limit=3)
        )
        for name in names
    )


def resolve_place(
    name: str, country: str | None, gazetteer: Gazetteer, given: tuple[str, ...] = ()
) -> Place | None:
    """The best reading of ``name`` given the report's country (``given``: the
    countries the user says the report is about, each as good as ``country``)."""
    if name.startswith("capital of "):
        return _capital(name.removeprefix("capital of "), gazetteer)
    if acronym(name, gazetteer):
        return None
    candidates = gazetteer.lookup(name, country=country, limit=3)
    if not candidates and (part := _without_bearing(name)) is not None:
        candidates = gazetteer.lookup(part, country=country, limit=3)  # "west Mosul"
        name = part
    for other in given:
        if other != country and not any(c.country_iso == other for c in candidates):
            candidates += gazetteer.lookup(name, country=other, limit=1)[:1]
    # A unit below the district (commune, department, sub-county) only in a
    # country the report is known to be about: 115,000 such names worldwide
    # would otherwise read a stray word or a name abroad as one.
    wanted = {c for c in (country, *given) if c}
    candidates = [c for c in candidates if not _local_unit(c) or c.country_iso in wanted]
    if not candidates:
        return None
    best = candidates[0]
    if country is None and not given and not _spelled(name, best, gazetteer):
        # No country evidence at all: only a place by one of its own names,
        # never a folded look-alike abroad ("Jangebe" is not Jiangbei, China).
        return None
    if given and best.country_iso not in given:
        best = next((c for c in candidates if c.country_iso in given), best)
    if (
        country
        and best.country_iso != country
        and best.country_iso not in given
        and not _is_country(best)
    ):
        # Abroad only by its own name and if populous: "Baloch" in a Pakistani
        # report is no spelling of Balkh, Afghanistan.
        if best.population < _ABROAD_MIN_POPULATION and best.feature_code != "ADM1":
            return None
        # ... and by its main name: alternates of a big foreign city include
        # spellings in many languages ("Boni" is one of Bonn's).
        if name_key(name) != name_key(best.name):
            return None
    return best


#: Words of direction before a place that name a part of it ("west Mosul",
#: "northern Gaza"): tried without them when the whole name is unknown.
_BEARINGS = frozenset(
    {
        "north", "south", "east", "west", "northern", "southern", "eastern", "western",
        "central", "northeast", "northwest", "southeast", "southwest", "northeastern",
        "northwestern", "southeastern", "southwestern", "north-east", "north-west",
        "south-east", "south-west", "downtown", "greater", "upper", "lower",
    }
)  # fmt: skip


def _weak_place(
    names: Iterable[str], country: str | None, gazetteer: Gazetteer, given: tuple[str, ...]
) -> Place | None:
    """A place for a name the model labelled otherwise ("in Kumba", "Kidal
    checkpoint"): only by one of its own names, in the report's country (or
    one the user gave), never a country itself."""
    wanted = {c for c in (country, *given) if c}
    for name in names:
        place = resolve_place(name, country, gazetteer, given)
        if (
            place is not None
            and not _is_country(place)
            and (not wanted or place.country_iso in wanted)
            and _spelled(name, place, gazetteer)
        ):
            return place
    return None


def _weak_countries(
    country: str | None, hints: list[str], given: tuple[str, ...]
) -> list[str | None]:
    """The countries a weak name is read in: the report's, then every other
    country its nationalities and actors point to, most named first (of the
    countries the user gave, if any). A tie of hints picks the report's
    country by its code ("the Chadian army took over the Faya base vacated by
    French troops" is about France first); the name, spelled as one of a
    place's own names in a country the report names, is no homonym abroad."""
    counts = Counter(iso for iso in hints if iso != country and (not given or iso in given))
    return [country, *sorted(counts, key=lambda iso: (-counts[iso], iso))]


def _without_bearing(name: str) -> str | None:
    first, _, rest = name.partition(" ")
    return rest if rest and first.lower() in _BEARINGS else None


def _capital(owner: str, gazetteer: Gazetteer) -> Place | None:
    """The capital city of the country named ``owner`` ("Cameroon")."""
    countries = [p for p in gazetteer.lookup(owner, limit=3) if _is_country(p)]
    if not countries:
        return None
    country = countries[0]  # located at its capital (gazetteer build)
    return gazetteer.nearest(country.latitude, country.longitude, country=country.country_iso)


def _by_main_name(name: str, candidates: list[Place]) -> Place | None:
    """The first of ``candidates``, or a place of its country that ``name``
    names by its main name (the region "Tombouctou" rather than Timbuktu,
    which has that name too). Never another country's: the ranking already
    chose the country."""
    if not candidates:
        return None
    first = candidates[0]
    same = (p for p in candidates if p.country_iso == first.country_iso and _main_name(name, p))
    return next(same, first)


def _main_name(name: str, place: Place) -> bool:
    """Whether ``name`` is the place's main name, with or without its kind of
    place ("Idlib province")."""
    key, _qualifier = split_qualifier(name_key(name))
    return name_key(place.name) in {name_key(name), key}


def _spelled(name: str, place: Place, gazetteer: Gazetteer) -> bool:
    """Whether ``name`` is one of the place's own names (not a folded look-alike:
    "Boni" is no spelling of Bonn)."""
    # With or without an Arabic article: "Hodeidah" is "El-Hodeidah".
    names = {
        without_article(name_key(n))
        for n in (place.name, *gazetteer.with_alternates(place).alternate_names)
    }
    key, qualifier = split_qualifier(name_key(name))
    # "Nampula city", "Idlib province": the name with its kind of place. Not
    # "Kalat district": a district is named like its town, and towns share
    # names across borders (Qalat, Afghanistan is "Kalat" too).
    return (
        without_article(name_key(name)) in names
        or (qualifier in {"region", "place"} and without_article(key) in names)
        # a curated spelling, with or without its kind ("Swat", "Kurram
        # district" for the districts' seats Mingora and Parachinar)
        or place.geonameid in gazetteer.alias_ids(name)
        or place.geonameid in gazetteer.alias_ids(key)
    )


#: An offset point ("20 km east of X") takes the nearest town within this
#: radius; farther, the event is coded to X itself with precision 2 (ACLED).
OFFSET_SNAP_KM = 10.0


def _offset(place: Place, hint: str, gazetteer: Gazetteer) -> Place:
    """The town nearest the point ``km`` along ``bearing`` from ``place``."""
    _, km, bearing = hint.split(":")
    lat, lon = destination(place.latitude, place.longitude, float(km), float(bearing))
    nearest = gazetteer.nearest(lat, lon, country=place.country_iso)
    if (
        nearest is not None
        and haversine_km(lat, lon, nearest.latitude, nearest.longitude) <= OFFSET_SNAP_KM
    ):
        return nearest
    return place


def destination(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    """The point ``km`` from (lat, lon) along ``bearing`` degrees (great circle)."""
    radius = 6371.0088
    phi, lam, theta = math.radians(lat), math.radians(lon), math.radians(bearing)
    delta = km / radius
    phi2 = math.asin(
        math.sin(phi) * math.cos(delta) + math.cos(phi) * math.sin(delta) * math.cos(theta)
    )
    lam2 = lam + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi),
        math.cos(delta) - math.sin(phi) * math.sin(phi2),
    )
    return math.degrees(phi2), (math.degrees(lam2) + 540) % 360 - 180


def _inside(place: Place, region: Place) -> bool:
    """Whether populated ``place`` lies in the first- or second-order
    administrative ``region`` (by GeoNames admin codes)."""
    if place.feature_class != "P" or place.country_iso != region.country_iso:
        return False
    if region.feature_code == "ADM1":
        return place.admin1_code is not None and place.admin1_code == region.admin1_code
    if region.feature_code == "ADM2":
        return place.admin2_code is not None and place.admin2_code == region.admin2_code
    return False


def refine(place: Place, towns: Iterable[Place]) -> Place:
    """The report's own town inside ``place`` when ``place`` is a region: ACLED
    codes the most specific location a report gives, and a report that names
    "Balochistan province" in one sentence and "near Sibi" in another is about
    Sibi (``towns``: the report's populated places, most prominent first)."""
    if place.feature_class != "A" or _is_country(place):
        return place
    return next((town for town in towns if _inside(town, place)), place)


def precision_of(place: Place, hint: str | None) -> tuple[int, int]:
    """ACLED ``geo_precision`` and UCDP ``where_prec`` for a resolved place:
    a district (ADM2) is "a small part of a region" (2), a larger region 3."""
    if place.feature_code == "ADM2" or _local_unit(place):
        # A commune or department is coded to its centroid, as ACLED codes a
        # small part of a region to a representative point.
        return 2, _WHERE_PREC["ADM2"]
    if place.feature_class == "A" or place.feature_code in _WHERE_PREC:
        return 3, _WHERE_PREC.get(place.feature_code, 4)
    if hint in {"near", "outskirts", "countryside", "around", "outside", "district"}:
        return 2, 2
    return 1, 1


def qualifier_hint(name: str) -> str | None:
    """ "district" when ``name`` names a district ("Kalat district", "the district
    of Deh Yak"): coded to its seat or the unit, at precision 2."""
    return "district" if split_qualifier(name_key(name))[1] == "district" else None


def sentence_place(
    names: list[str],
    readings: list[Place | None],
    hints: list[str | None] | None = None,
) -> tuple[Place | None, str | None]:
    """The place a sentence codes its event to, and a precision hint.

    Its first place name, when the gazetteer has it; else the unit or town the
    sentence also names ("the village of X in Y district", "X, near Y"):
    ACLED codes a place it cannot find to the smallest unit or nearest town
    the report gives, at precision 2 (near a town, a district) or 3 (a
    province); a province gives way to a town or district inside it that the
    same sentence names. (A homonym abroad is no reading: ``resolve_place``
    takes a place abroad only if populous and by its own main name.)
    ``hints``: each name's locative hint ("near"), in the order of ``names``;
    the hint returned is the chosen name's, or "district" for a district."""
    hints = hints if hints and len(hints) == len(names) else [None] * len(names)
    found = [
        (n, p, h)
        for n, p, h in zip(names, readings, hints, strict=True)
        if p is not None and not _is_country(p)
    ]
    if not found:
        return None, None
    name, place, hint = found[0]
    if place.feature_code == "ADM1":
        name, place, hint = next(
            (
                f
                for f in found
                if f[1].country_iso == place.country_iso
                and f[1].admin1_code == place.admin1_code
                and f[1].feature_code != "ADM1"
            ),
            (name, place, hint),
        )
    return place, hint or qualifier_hint(name)


def geocode(
    mentions: Mentions, gazetteer: Gazetteer, country_hints: Iterable[str] = ()
) -> str | None:
    """Give each event mention and statistic its place; return the report's country.

    The countries the user gave (``Document.countries``) are the report's
    context: the first of them the text points to most is its country, and a
    place elsewhere needs the strong evidence ``resolve_place`` asks for."""
    given = mentions.document.countries
    country_hints = list(country_hints)
    country = document_country(mentions.place_names, country_hints, gazetteer)
    if given and country not in given:
        inferred = document_country(
            mentions.place_names, [*country_hints, *given], gazetteer, among=given
        )
        country = inferred if inferred in given else given[0]
    cache: dict[str, Place | None] = {}

    def place_of(name: str) -> Place | None:
        if name not in cache:
            cache[name] = resolve_place(name, country, gazetteer, given)
        return cache[name]

    focus_readings = [p for p in (place_of(n) for n in mentions.focus_places) if p is not None]
    towns = [p for p in focus_readings if p.feature_class == "P"]
    region = next((p for p in focus_readings if not _is_country(p)), None)
    focus = refine(region, towns) if region is not None else None
    for mention in mentions.events:
        all_readings = [place_of(n) for n in mention.place_candidates]
        readings = [p for p in all_readings if p is not None]
        # The sentence's first place, else the unit or town it also names; a
        # region gives way to a town or district in it that the sentence names
        # ("Residents of Atbara held a vigil outside the River Nile state
        # government offices").
        found, fallback_hint = sentence_place(
            mention.place_candidates, all_readings, mention.place_hints
        )
        if found is None:
            found = next(
                (
                    place
                    for iso in _weak_countries(country, country_hints, given)
                    if (place := _weak_place(mention.weak_places, iso, gazetteer, given))
                    is not None
                ),
                None,
            )
            fallback_hint = mention.place_hint  # as extracted: no name of its own resolved
        named_country = next((p.country_iso for p in readings if _is_country(p)), None)
        place = found or focus
        if found is not None:
            # The hint of the name the event is coded to (the sentence's first
            # place, or the unit or town it falls back to).
            mention.place_hint = fallback_hint
        if (
            found is None
            and named_country
            and focus is not None
            and focus.country_iso != named_country
        ):
            # "forces in Somalia" in a report about Iraq: not at the report's focus.
            mention.country_hint = named_country
            mention.context_country = named_country
            continue
        if place is None:
            # No place below the country: the country its own sentence names
            # ("Myanmar soldiers raped ... in a village") is still its country.
            mention.context_country = named_country
            continue
        if found is not None and place is not (sharper := refine(found, towns)):
            place = sharper
            mention.place_hint = mention.place_hint or "near"  # inferred town: precision 2
        if found is not None and mention.place_hint and mention.place_hint.startswith("offset:"):
            place = _offset(place, mention.place_hint, gazetteer)
            mention.place_hint = "near"  # coded to a representative town: precision 2
        mention.place = place
        mention.place_text = next(
            (n for n in mention.place_candidates if place_of(n) == place), mention.place_text
        )
        hint = mention.place_hint
        if found is None and focus is not region:
            hint = hint or "near"  # the report's town inside the region it names: precision 2
        elif found is None and not readings and mention.place_candidates:
            # The sentence names a place the gazetteer lacks (a village, a
            # dam): coded to the report's town as "near" it (ACLED precision 2).
            hint = hint or "near"
        mention.geo_precision, mention.where_prec = precision_of(place, hint)
        if found is None:
            # Located by the report's focus, not by its own sentence.
            mention.confidence = round(max(0.05, mention.confidence - 0.05), 2)
    if mentions.sentences > SNIPPET_MAX_SENTENCES:
        mentions.events = [m for m in mentions.events if m.place is not None]
    for statistic in mentions.statistics:
        place = (place_of(statistic.location) if statistic.location else None) or focus
        if place is not None and not _is_country(place):
            statistic.location = place.name
            statistic.latitude, statistic.longitude = place.latitude, place.longitude
        iso2 = place.country_iso if place is not None else country
        found_codes = codes(iso2)
        if found_codes is not None:
            statistic.country, statistic.iso = found_codes.name, found_codes.numeric
    return country
