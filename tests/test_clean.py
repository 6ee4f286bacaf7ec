"""Tests of sitrep.clean: each paragraph once, boilerplate out, English only."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.clean import clean, identify_language, normalise_characters
from sitrep.ingest import read_sources
from sitrep.records import Document, Rejected, RemovedText, stable_hash

DATA = Path(__file__).parent / "data"
SEED = DATA / "seed" / "000_e75f6b530e0885c2.txt"
VOA = Path(__file__).parents[1] / "examples" / "voa_stories.jsonl"

# Two long paragraphs of wire copy, used to build test documents.
FIRST = (
    "Five civilians were killed on Friday when shells hit a crowded market in the northern "
    "Syrian city of Aleppo, the Syrian Observatory for Human Rights said."
)
SECOND = (
    "Residents said ambulances took more than a dozen wounded people to hospitals in the "
    "west of the city, and that the market had been full of shoppers at the time."
)


def document(text: str, title: str | None = None) -> Document:
    return Document(id=stable_hash(text), text=text, title=title, origin="test")


def cleaned(text: str, title: str | None = None) -> Document:
    result = clean(document(text, title))
    assert isinstance(result, Document), result
    return result


def ingested(path: Path) -> list[Document]:
    return [item for item in read_sources([path]) if isinstance(item, Document)]


def test_seed_has_each_paragraph_once() -> None:
    (raw,) = ingested(SEED)
    result = clean(raw)
    assert isinstance(result, Document)
    assert result.language == "en"
    assert result.title is not None
    assert result.title.startswith("Syrian regime launch Deir az-Zour counter-attacks")
    # standfirst + 19 body paragraphs; the body is in the file twice
    assert len(result.paragraphs) == 20
    assert len(set(result.paragraphs)) == 20
    assert result.paragraphs[0].startswith("Syria's Deir az-Zour has come under")
    assert result.paragraphs[-1].startswith("With power cut in the city")
    assert "3 min read" not in result.paragraphs
    assert result.removed[0] == RemovedText("boilerplate", "3 min read")
    # the second copy starts at the body's second paragraph
    duplicates = [removed.text for removed in result.removed if removed.reason == "duplicate"]
    assert duplicates == list(result.paragraphs[2:])
    assert len(result.removed) == 1 + 18
    assert result.text == "\n".join(result.paragraphs)
    assert result.id == stable_hash(result.text)
    assert result.text.count("210 civilians") == 1


def test_same_article_rescraped_gets_the_same_id() -> None:
    (raw,) = ingested(SEED)
    seed = clean(raw)
    assert isinstance(seed, Document)
    body = "\n".join(seed.paragraphs)
    rescraped = f"Advertisement\n{body}\n\nShare this article\nFollow us on Twitter @alaraby_en"
    again = clean(document(rescraped, title=seed.title))
    assert isinstance(again, Document)
    assert again.id == seed.id
    assert clean(seed) == seed  # idempotent, removals kept


def test_voa_stories_are_all_english_and_unchanged_in_substance() -> None:
    raws = ingested(VOA)
    assert len(raws) == 89
    results = [clean(raw) for raw in raws]
    assert all(isinstance(result, Document) for result in results)
    assert {result.language for result in results if isinstance(result, Document)} == {"en"}
    for raw, result in zip(raws, results, strict=True):
        assert isinstance(result, Document)
        assert not [removed for removed in result.removed if removed.reason != "boilerplate"]
        assert len(result.text) >= len(raw.text.strip()) - 10


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Aleppo\u200b market\u00adplace", "Aleppo marketplace"),
        ("cafe\u0301", "café"),  # NFC composes
        ("10² km and ﬁre", "10² km and ﬁre"),  # NFC, not NFKC: no "102"
        ("“Assad’s forces”, ‘they said’", "\"Assad's forces\", 'they said'"),
        ("aged 18–45 — a\u00a0man\u202fsaid", "aged 18–45 — a man said"),
    ],
)
def test_character_normalisation(raw: str, expected: str) -> None:
    assert normalise_characters(raw) == expected


def test_paragraphs_are_stripped_and_collapsed() -> None:
    result = cleaned(f"  {FIRST}  \n\n\n\t{SECOND.replace(' ', '   ')}\r\n")
    assert result.paragraphs == (FIRST, SECOND)
    assert result.text == f"{FIRST}\n{SECOND}"


def test_hard_wrapped_text_is_rejoined() -> None:
    wrapped = (
        "Five civilians were killed on Friday when shells hit a crowded\n"
        "market in the northern Syrian city of Aleppo, the Syrian\n"
        "Observatory for Human Rights said.\n\n"
        "Residents said ambulances took more than a dozen wounded people\n"
        "to hospitals in the west of the city.\n"
    )
    result = cleaned(wrapped)
    assert result.paragraphs == (FIRST, SECOND.split(", and", maxsplit=1)[0] + ".")


@pytest.mark.parametrize(
    "line",
    [
        "3 min read",
        "5-minute read",
        "Share this article",
        "Share",
        "Subscribe to our newsletter",
        "Sign up for our daily briefing newsletter",
        "Follow us on Twitter",
        "Follow us on Twitter @alaraby_en",
        "Advertisement",
        "ADVERTISEMENT",
        "Read more: Syria's war in numbers",
        "Click here to download our app",
        "© 2017 The New Arab. All rights reserved.",
        "Copyright 2024 Example News",
        "Photo: AFP",
        "Image credit: Getty Images",
        "(AP Photo/Hussein Malla)",
        "By John Smith",
        "By Jane Doe and Ali Hassan, Reuters",
        "Updated: 16 January 2017 14:02",
        "Published on Jan. 16, 2017",
    ],
)
def test_boilerplate_lines_are_removed(line: str) -> None:
    result = cleaned(f"{FIRST}\n{line}\n{SECOND}")
    assert result.paragraphs == (FIRST, SECOND)
    assert result.removed == (RemovedText("boilerplate", line),)


@pytest.mark.parametrize(
    "paragraph",
    [
        "By Sunday evening the Republican Guard had won back most of the positions lost.",
        "Click here, the activist told residents, was the only way to reach the aid portal "
        "that the regime had not blocked, and many of them did so despite the risks.",
        "Copyright lawyers in Damascus said the seizure of the station breached the law.",
        "Photographs taken by residents showed the market in ruins on Saturday morning.",
        "Share prices fell sharply in Beirut after the strike on the port was announced.",
    ],
)
def test_sentences_resembling_boilerplate_are_kept(paragraph: str) -> None:
    result = cleaned(f"{FIRST}\n{paragraph}")
    assert result.paragraphs == (FIRST, paragraph)
    assert result.removed == ()


def test_near_duplicates_are_removed_keeping_the_first() -> None:
    punctuation = FIRST.upper().replace(",", "").replace(".", "!")
    one_word = FIRST.replace("crowded", "busy")
    result = cleaned(f"{FIRST}\n{SECOND}\n{punctuation}\n{one_word}")
    assert result.paragraphs == (FIRST, SECOND)
    assert result.removed == (
        RemovedText("near-duplicate", punctuation),
        RemovedText("near-duplicate", one_word),
    )


def test_headline_repeated_in_body_is_removed() -> None:
    headline = "Shelling kills five in Aleppo"
    result = cleaned(f"{headline}\n{FIRST}", title=headline)
    assert result.paragraphs == (FIRST,)
    assert result.removed == (RemovedText("duplicate", headline),)


def test_similar_sentences_about_different_facts_are_kept() -> None:
    bulletin = [
        "Syrian regime forces shelled the town of Kafr Nabl in the southern Idlib countryside, "
        "killing one civilian.",
        "Syrian regime forces shelled the town of Maarat al-Numan in the southern Idlib "
        "countryside, killing one civilian.",
        "Syrian regime forces shelled the town of Kafr Nabl in the southern Idlib countryside, "
        "killing two civilians.",
        "Syrian regime forces shelled the town of Kafr Nabl in the southern Idlib countryside, "
        "killing 3 civilians.",
        "Five killed in Idlib",
        "Five killed in Hama",
    ]
    result = cleaned("\n".join(bulletin))
    assert result.paragraphs == tuple(bulletin)
    assert result.removed == ()


def test_only_boilerplate_is_e009() -> None:
    result = clean(document("3 min read\nShare this article\n\u200b\n"))
    assert isinstance(result, Rejected)
    assert result.code == "E009"
    assert result.item == "test"
    assert result.reason.startswith("[E009] ")


FRENCH = (
    "Des frappes aériennes ont tué au moins douze civils dimanche dans la province d'Idleb, "
    "dans le nord-ouest de la Syrie, selon l'Observatoire syrien des droits de l'homme. "
    "Les bombardements ont visé un marché et une école, a précisé l'ONG, qui dispose d'un "
    "vaste réseau de sources sur le terrain."
)
ARABIC = (
    "قُتل خمسة مدنيين على الأقل وأصيب أكثر من عشرة آخرين يوم الجمعة جراء قصف مدفعي "
    "استهدف سوقاً شعبية في مدينة حلب شمالي سوريا، بحسب ما أفاد المرصد السوري لحقوق الإنسان."
)


@pytest.mark.parametrize(("text", "language"), [(FRENCH, "fr"), (ARABIC, "ar")])
def test_non_english_article_is_e008(text: str, language: str) -> None:
    result = clean(document(text))
    assert isinstance(result, Rejected)
    assert result.code == "E008"
    assert f"'{language}'" in result.reason


@pytest.mark.parametrize(
    "text",
    [
        "Taliban seize Kunduz",
        "Boko Haram kills 30 in Borno",
        "M23 rebels capture Goma",
        "Houthis strike Marib",
        "Sheikh Abdullah bin Zayed Al Nahyan met Mohammed bin Salman Al Saud in Riyadh.",
        "Abu Mohammed al-Julani of Hayat Tahrir al-Sham met Sheikh Abdul Rahman bin Ali "
        "al-Hashemi and Abu Bakr al-Qahtani in Idlib, according to Jaish al-Izza and "
        "Ahrar al-Sham, who said that the talks with the Turkish-backed Syrian National "
        "Army had failed.",
    ],
)
def test_short_and_name_heavy_english_is_english(text: str) -> None:
    assert identify_language(text) == "en"
