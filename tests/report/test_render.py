"""Briefs written as HTML, Markdown and PDF from a small store."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from sitrep.errors import E, SitrepError
from sitrep.report import Area, ReportRequest, build_brief, write_brief
from tests.report.conftest import build_store, make_event
from tests.report.pdf import needs_poppler

FROM, TO = dt.date(2024, 3, 8), dt.date(2024, 3, 14)


def key_figures(html: str) -> dict[str, tuple[int, int]]:
    """Event type -> (events, fatalities) as the HTML's key-figures table states them."""
    table = html[html.index("<h2>Key figures</h2>") : html.index("</table>")]
    rows = re.findall(
        r'<td>([^<]+)</td><td class="n">([\d,]+)</td>\s*<td class="n [a-z]+">[^<]*</td>\s*'
        r'<td class="n">([\d,]+)</td>',
        table,
    )
    return {label: (int(n.replace(",", "")), int(f.replace(",", ""))) for label, n, f in rows}


def test_html_brief_states_the_figures_and_the_change(march_store: str, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    brief = write_brief(ReportRequest(FROM, TO, Area(("Syria",)), database=march_store), out)
    html = out.read_text(encoding="utf-8")
    assert key_figures(html) == {
        "Battles": (1, 12),
        "Explosions/Remote violence": (1, 3),
        "Violence against civilians": (1, 5),
        "Strategic developments": (1, 0),
        "All events": (4, 20),
    }
    assert brief.total.events_change.text == "▲ 300%"  # e5 alone the week before
    assert "▲ 300%" in html and "▲ 900%" in html  # fatalities 2 -> 20
    assert "12 (range 12–20)" in html
    assert "State forces vs Rebel group" in html and "Rebel group vs Civilians" in html
    assert "<svg" in html and "Natural Earth" in html
    assert "the Syrian Observatory for Human Rights" in html  # who said the cumulative figure
    assert "at least 210" in html


def test_an_area_without_earlier_events_says_no_earlier_data(march_store: str) -> None:
    brief = build_brief(ReportRequest(FROM, TO, Area(("Iraq",)), database=march_store))
    assert brief.total.events == 1
    assert brief.total.events_change.text == "no earlier data"


def test_markdown_brief_links_its_figures(march_store: str, tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    write_brief(ReportRequest(FROM, TO, database=march_store), out)
    text = out.read_text(encoding="utf-8")
    assert "| **All events** | **5** |" in text
    assert "![Events by type and fatalities](brief_files/map.svg)" in text
    assert (tmp_path / "brief_files" / "map.svg").read_text(encoding="utf-8").startswith("<svg")
    assert (tmp_path / "brief_files" / "timeline.svg").is_file()


def test_a_template_dir_replaces_one_template_and_keeps_the_rest(
    march_store: str, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "brief.html.j2").write_text(
        "<p>{{ brief.total.events }} events in {{ brief.area }}</p>", encoding="utf-8"
    )
    request = ReportRequest(FROM, TO, database=march_store, template_dir=templates)
    write_brief(request, tmp_path / "mine.html")
    assert (tmp_path / "mine.html").read_text(encoding="utf-8") == (
        "<p>5 events in all areas in the store</p>"
    )
    write_brief(request, tmp_path / "bundled.md")  # no brief.md.j2 there: the bundled one
    assert "## Key figures" in (tmp_path / "bundled.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("request_", "output", "code"),
    [
        (ReportRequest(TO, FROM), "brief.html", E.E032),
        (ReportRequest(FROM, TO), "brief.docx", E.E033),
        (ReportRequest(FROM, TO, paper="a3"), "brief.pdf", E.E035),
        (ReportRequest(FROM, TO, template_dir=Path("/nonexistent")), "brief.html", E.E034),
    ],
)
def test_bad_requests_fail_with_numbered_errors(
    request_: ReportRequest, output: str, code: E, march_store: str, tmp_path: Path
) -> None:
    request = ReportRequest(
        request_.date_from, request_.date_to, database=march_store, paper=request_.paper,
        template_dir=request_.template_dir,
    )  # fmt: skip
    with pytest.raises(SitrepError) as caught:
        write_brief(request, tmp_path / output)
    assert caught.value.code is code
    assert not (tmp_path / output).exists()


def test_a_missing_store_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(SitrepError) as caught:
        write_brief(ReportRequest(FROM, TO, database=str(missing)), tmp_path / "brief.html")
    assert caught.value.code is E.E028
    assert not missing.exists()


@needs_poppler
@pytest.mark.parametrize(
    ("paper", "size"),
    [("a4", r"595\.\d+ x 841\.\d+ pts \(A4\)"), ("letter", r"612 x 792 pts \(letter\)")],
)
def test_pdf_paper_sizes(march_store: str, tmp_path: Path, paper: str, size: str) -> None:
    out = tmp_path / "brief.pdf"
    write_brief(ReportRequest(FROM, TO, database=march_store, paper=paper), out)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert re.search(rf"Page size:\s+{size}", info.stdout), info.stdout


@needs_poppler
def test_arabic_and_cyrillic_names_are_typeset(tmp_path: Path) -> None:
    day = dt.date(2024, 3, 10)
    events = [
        make_event("ar", day, location="دير الزور", actor2="داعش", fatalities=4),
        make_event("ru", day, country="Ukraine", admin1="Донецька область", location="Бахмут",
                   coordinates=(48.6, 38.0), actor1="Група Вагнера", inter1=8),
    ]  # fmt: skip
    database = build_store(tmp_path / "names.db", events)
    out = tmp_path / "names.pdf"
    write_brief(ReportRequest(FROM, TO, database=database), out)
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    plain = re.sub("[\u200e\u200f\u202a-\u202e]", "", text)  # bidi marks pdftotext adds
    for name in ("دير الزور", "داعش", "Бахмут", "Група Вагнера", "Донецька область"):
        assert name in plain, name
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True)
    embedded = fonts.stdout.splitlines()[2:]
    assert embedded and all("DejaVu-Sans" in line for line in embedded), fonts.stdout


def test_text_from_reports_is_escaped_in_html(tmp_path: Path) -> None:
    event = make_event("x", dt.date(2024, 3, 10), evidence="<script>alert(1)</script> & co")
    event.notes = "A <b>bold</b> note."
    database = build_store(tmp_path / "x.db", [event])
    out = tmp_path / "x.html"
    write_brief(ReportRequest(FROM, TO, database=database), out)
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "A &lt;b&gt;bold&lt;/b&gt; note." in html
