"""Tests of sitrep.ingest: every bad input becomes a coded Rejected, never an exception."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from sitrep.errors import SitrepError
from sitrep.ingest import read_sources
from sitrep.records import Document, Rejected, stable_hash

DATA = Path(__file__).parent / "data"
SEED = DATA / "seed" / "000_e75f6b530e0885c2.txt"
VOA = Path(__file__).parents[1] / "examples" / "voa_stories.jsonl"
HEADLINE = "Syrian regime launch Deir az-Zour counter-attacks following IS offensive"
ARTICLE = (
    "Five civilians were killed on Friday when shells hit a market in the northern Syrian "
    "city of Aleppo, a monitor said.\nThe Syrian Observatory for Human Rights blamed "
    "government forces for the shelling.\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


def read(*sources: str | Path, **options: object) -> list[Document | Rejected]:
    return list(read_sources(list(sources), **options))  # type: ignore[arg-type]


def only(results: list[Document | Rejected]) -> Document | Rejected:
    assert len(results) == 1, results
    return results[0]


def assert_rejected(result: Document | Rejected, code: str) -> Rejected:
    assert isinstance(result, Rejected), result
    assert result.code == code
    assert result.reason.startswith(f"[{code}] ")
    return result


def documents(results: list[Document | Rejected]) -> list[Document]:
    return [result for result in results if isinstance(result, Document)]


def rejections(results: list[Document | Rejected]) -> list[Rejected]:
    return [result for result in results if isinstance(result, Rejected)]


# --- plain text -----------------------------------------------------------------


def test_seed_headline_becomes_title_and_leaves_text() -> None:
    document = only(read(SEED, published=date(2017, 1, 16)))
    assert isinstance(document, Document)
    assert document.title == HEADLINE
    assert not document.text.startswith(HEADLINE)
    assert document.text.startswith("Syria's Deir az-Zour has come under")
    assert document.published == date(2017, 1, 16)
    assert document.origin == str(SEED)
    assert document.id == stable_hash(document.text)
    assert document.paragraphs == ()


def test_first_line_that_is_a_sentence_is_not_a_title(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    document = only(read(path))
    assert isinstance(document, Document)
    assert document.title is None
    assert document.text == ARTICLE.strip()
    assert document.published is None  # never guessed


def test_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffAleppo market shelled\n".encode() + ARTICLE.encode())
    document = only(read(path))
    assert isinstance(document, Document)
    assert document.title == "Aleppo market shelled"


def test_empty_file_is_e001(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\r\n ")
    results = read(tmp_path / "empty.txt", tmp_path / "blank.txt", SEED)
    assert_rejected(results[0], "E001")
    assert_rejected(results[1], "E001")
    assert isinstance(results[2], Document)


def test_binary_file_is_e002(tmp_path: Path) -> None:
    (tmp_path / "photo.txt").write_bytes(PNG * 20)
    results = read(tmp_path / "photo.txt", SEED)
    rejected = assert_rejected(results[0], "E002")
    assert rejected.item == str(tmp_path / "photo.txt")
    assert isinstance(results[1], Document)


def test_control_characters_without_nul_are_e002(tmp_path: Path) -> None:
    path = tmp_path / "terminal.log"
    path.write_bytes(b"\x1b[0m\x07\x01\x02ok\x03\x04\x05\x06" * 100)
    assert_rejected(only(read(path)), "E002")


def test_oversized_file_is_e003_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as stream:  # sparse: 50 MB on paper, nothing on disk
        stream.truncate(50_000_000)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("an oversized file must be rejected before it is opened")

    monkeypatch.setattr(Path, "open", no_open)
    rejected = assert_rejected(only(read(big)), "E003")
    assert "50,000,000 bytes" in rejected.reason
    assert "10,000,000" in rejected.reason


def test_invalid_utf8_is_e004_with_byte_position(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes("Shelling in Aleppo\nThe monitor said: “five killed”.".encode("cp1252"))
    rejected = assert_rejected(only(read(path)), "E004")
    assert "byte 37" in rejected.reason
    assert "0x93" in rejected.reason
    # The user can say what the encoding is.
    document = only(read(path, encoding="cp1252"))
    assert isinstance(document, Document)
    assert "“five killed”" in document.text


def test_missing_path_is_e011() -> None:
    results = read("/nonexistent/article.txt", SEED)
    rejected = assert_rejected(results[0], "E011")
    assert "/nonexistent/article.txt" in rejected.reason
    assert isinstance(results[1], Document)


def test_bad_options_raise_before_reading() -> None:
    with pytest.raises(SitrepError, match=r"\[E012\]"):
        read_sources([SEED], input_format="pdf")
    with pytest.raises(SitrepError, match=r"\[E019\]"):
        read_sources([SEED], encoding="klingon-8")


# --- HTML -----------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Shelling kills five in Aleppo market | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-03-02T09:15:00Z">
<link rel="canonical" href="https://news.example.org/2024/03/aleppo-market">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Shelling kills five in Aleppo market</h1>
<p>Five civilians were killed on Friday when shells hit a crowded market in the northern
Syrian city of Aleppo, the Syrian Observatory for Human Rights said.</p>
<p>Residents said ambulances took more than a dozen wounded people to hospitals in the
west of the city, and that the market had been full of shoppers at the time.</p>
</article>
<footer>Copyright 2024 Example News</footer>
</body></html>
"""


def test_html_page_with_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    document = only(read(path))
    assert isinstance(document, Document)
    assert document.title == "Shelling kills five in Aleppo market"
    assert document.published == date(2024, 3, 2)
    assert document.source == "Example News"
    assert document.url == "https://news.example.org/2024/03/aleppo-market"
    assert document.text.startswith("Five civilians were killed")
    assert "Home" not in document.text


def test_user_published_date_wins_over_page_date(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(PAGE, encoding="utf-8")
    document = only(read(path, published=date(2024, 3, 1)))
    assert isinstance(document, Document)
    assert document.published == date(2024, 3, 1)


def test_html_detected_by_content(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.txt"
    path.write_text(PAGE, encoding="utf-8")
    document = only(read(path))
    assert isinstance(document, Document)
    assert document.source == "Example News"


@pytest.mark.parametrize(
    "markup",
    [
        "<html><body><div><p>Shells hit <b>a market in <i>Aleppo, killing five",
        "<!doctype html><html><<<>>><p><p><p></td></tr>&&&;<script>var x = '",
        "<html><head><title>Only a title</title></head><body><nav>Home</nav></body></html>",
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>x</p></body></html>',
        "<html>" + "<div>" * 5000 + "deep" + "</div>" * 10,
    ],
)
def test_malformed_html_never_raises(markup: str, tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_text(markup, encoding="utf-8")
    result, after = read(path, SEED)
    assert isinstance(after, Document)
    if isinstance(result, Rejected):
        assert result.code == "E005"
    else:
        assert result.text.strip()


def test_html_without_article_text_is_e005(tmp_path: Path) -> None:
    path = tmp_path / "nav.html"
    page = "<html><head><title>Gallery</title></head><body><img src='a.png'>"
    path.write_text(page + "<script>var shown = 1;</script></body></html>", encoding="utf-8")
    results = read(path, SEED)
    assert_rejected(results[0], "E005")
    assert isinstance(results[1], Document)


# --- JSONL ----------------------------------------------------------------------


def test_voa_corpus_reads_as_89_documents() -> None:
    results = read(VOA)
    assert len(documents(results)) == 89
    first = results[0]
    assert isinstance(first, Document)
    assert first.origin == f"{VOA}:1 (id=8011115)"
    assert first.id == stable_hash(first.text)  # the content hash, not the VOA id
    assert first.published == date(2025, 3, 14)
    assert first.title == "Iraq says key Islamic State leader is dead"
    assert first.url is not None
    assert first.url.startswith("https://www.voanews.com/")


def test_jsonl_batch_keeps_good_lines_around_bad_ones(tmp_path: Path) -> None:
    good = {"id": "a1", "text": ARTICLE, "title": "Aleppo", "published": "2024-03-02"}
    lines = [
        json.dumps(good),
        '{"id": "b2", "text": "unterminated',
        "[1, 2, 3]",
        json.dumps({"id": "c3", "title": "no text"}),
        json.dumps({"id": "d4", "text": "   "}),
        json.dumps({"id": "e5", "text": ARTICLE, "published": "last Tuesday"}),
        "",
        json.dumps({"text": ARTICLE + "More.", "published": "2019-11-12 10:00:00Z"}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read(path, published=date(2020, 1, 1))
    assert [r.code if isinstance(r, Rejected) else "doc" for r in results] == [
        "doc",
        "E006",
        "E015",
        "E007",
        "E007",
        "E010",
        "doc",
    ]
    broken = assert_rejected(results[1], "E006")
    assert broken.item == f"{path}:2"
    assert f"{path}:2" in broken.reason
    first, last = documents(results)
    assert first.origin == f"{path}:1 (id=a1)"
    assert first.published == date(2024, 3, 2)  # the record's own date wins in a batch
    assert last.origin == f"{path}:8"
    assert last.published == date(2019, 11, 12)


def test_jsonl_line_over_limit_is_e003_and_next_line_still_read(tmp_path: Path) -> None:
    path = tmp_path / "batch.ndjson"
    long_line = json.dumps({"text": "x" * 5000})
    path.write_text(f"{long_line}\n{json.dumps({'text': ARTICLE})}\n", encoding="utf-8")
    results = read(path, max_bytes=1000)
    assert_rejected(results[0], "E003")
    assert isinstance(results[1], Document)


def test_jsonl_line_with_invalid_bytes_is_e004_alone(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b'{"text": "caf\xe9 bombed"}\n' + json.dumps({"text": ARTICLE}).encode())
    results = read(path)
    assert_rejected(results[0], "E004")
    assert isinstance(results[1], Document)


def test_json_file_with_a_list_of_records(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text(json.dumps([{"text": ARTICLE}, {"text": ""}]), encoding="utf-8")
    results = read(path)
    assert isinstance(results[0], Document)
    assert_rejected(results[1], "E007").item.endswith("records.json[1]")


# --- folders and stdin ----------------------------------------------------------


def test_folder_yields_good_documents_and_rejections(tmp_path: Path) -> None:
    (tmp_path / "a_article.txt").write_text("Aleppo market shelled\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_scan.txt").write_bytes(PNG * 20)
    (tmp_path / "d_page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "e_old.txt").write_bytes("“quoted” text".encode("cp1252"))
    (tmp_path / "photo.png").write_bytes(PNG)  # not an input type: skipped
    (tmp_path / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")  # hidden: skipped
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "batch.jsonl").write_text(
        json.dumps({"text": ARTICLE}) + "\nnot json\n", encoding="utf-8"
    )
    results = read(tmp_path)
    assert [Path(r.origin or "").name for r in documents(results)] == [
        "a_article.txt",
        "d_page.html",
        "batch.jsonl:1",
    ]
    assert [(Path(r.item).name, r.code) for r in rejections(results)] == [
        ("b_empty.txt", "E001"),
        ("c_scan.txt", "E002"),
        ("e_old.txt", "E004"),
        ("batch.jsonl:2", "E006"),
    ]


def test_stdin_text() -> None:
    stdin = io.BytesIO(("Aleppo market shelled\n" + ARTICLE).encode())
    document = only(read("-", stdin=stdin, published=date(2024, 3, 2)))
    assert isinstance(document, Document)
    assert document.origin == "-"
    assert document.title == "Aleppo market shelled"
    assert document.published == date(2024, 3, 2)


def test_stdin_jsonl_and_html_are_detected() -> None:
    batch = io.BytesIO((json.dumps({"text": ARTICLE}) + "\n{broken\n").encode())
    results = read("-", stdin=batch)
    assert isinstance(results[0], Document)
    assert_rejected(results[1], "E006")
    page = only(read("-", stdin=io.BytesIO(PAGE.encode())))
    assert isinstance(page, Document)
    assert page.source == "Example News"


def test_stdin_over_limit_reads_no_more_than_the_limit() -> None:
    stdin = io.BytesIO(b"x" * 5000)
    assert_rejected(only(read("-", stdin=stdin, max_bytes=1000)), "E003")
    assert stdin.tell() == 1001
