"""A brief to HTML, Markdown or PDF through Jinja2 templates a user can replace.

The templates ship in ``data/report/templates``; ``--template-dir`` puts a
user's folder first, so a user can override ``brief.html.j2`` alone and keep
the rest. The PDF is the HTML typeset by WeasyPrint (on Pango), in DejaVu
Sans, which covers Arabic and Cyrillic names.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from sitrep.errors import E, SitrepError
from sitrep.report.figures import Brief

TEMPLATES = Path(str(resources.files("sitrep") / "data" / "report" / "templates"))
FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md"}
#: CSS page sizes WeasyPrint knows by name.
PAPERS = {"a4": "A4", "letter": "letter"}


def output_format(path: Path) -> str:
    """ "html", "pdf" or "md" from the output's extension (E033 otherwise)."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise SitrepError(E.E033, path=str(path))
    return fmt


def _number(value: int | float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else "undated"


def _markdown_cell(value: object) -> str:
    # A table cell is one line, and a pipe would end it.
    return " ".join(str(value or "").split()).replace("|", "\\|")


def environment(template_dir: Path | None = None) -> jinja2.Environment:
    """Jinja2 with the user's folder (if any) before the bundled templates;
    HTML templates autoescape, Markdown ones do not."""
    folders = [str(TEMPLATES)]
    if template_dir is not None:
        if not template_dir.is_dir():
            raise SitrepError(E.E034, path=template_dir, name="templates", detail="not a folder")
        folders.insert(0, str(template_dir))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=lambda name: bool(name and name.endswith(".html.j2")),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,  # a typo in a user's template fails loudly
    )
    env.filters["number"] = _number
    env.filters["day"] = _day
    env.filters["cell"] = _markdown_cell
    return env


def _render(env: jinja2.Environment, name: str, **context: Any) -> str:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise SitrepError(E.E034, path=env.loader, name=name, detail="not found") from exc
    except jinja2.TemplateError as exc:
        raise SitrepError(E.E036, detail=f"template {name}: {exc}") from exc


def render_html(brief: Brief, paper: str = "a4", template_dir: Path | None = None) -> str:
    """The brief as one self-contained HTML page (SVG figures inline)."""
    if paper not in PAPERS:
        raise SitrepError(E.E035, value=paper)
    return _render(environment(template_dir), "brief.html.j2", brief=brief, page=PAPERS[paper])


def render_markdown(brief: Brief, figures_dir: str | None, template_dir: Path | None = None) -> str:
    """The brief as Markdown; figures are linked from ``figures_dir`` (relative)."""
    return _render(environment(template_dir), "brief.md.j2", brief=brief, figures=figures_dir)


def write_pdf(html: str, path: Path) -> None:
    """Typeset ``html`` into a PDF at ``path`` with WeasyPrint."""
    import weasyprint  # noqa: PLC0415 (slow to import; only PDFs need it)

    try:
        weasyprint.HTML(string=html, base_url=str(path.parent)).write_pdf(str(path))
    except (OSError, ValueError) as exc:
        raise SitrepError(E.E036, detail=exc) from exc


def write(brief: Brief, path: Path, paper: str = "a4", template_dir: Path | None = None) -> str:
    """Write the brief in the format its extension names; return the format."""
    fmt = output_format(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "md":
        figures = path.parent / f"{path.stem}_files"
        names = {"map.svg": brief.map_svg, "timeline.svg": brief.timeline_svg}
        if any(names.values()):
            figures.mkdir(exist_ok=True)
            for name, svg in names.items():
                if svg:
                    (figures / name).write_text(svg, encoding="utf-8")
        text = render_markdown(brief, figures.name, template_dir)
        path.write_text(text, encoding="utf-8")
        return fmt
    html = render_html(brief, paper, template_dir)
    if fmt == "pdf":
        write_pdf(html, path)
    else:
        path.write_text(html, encoding="utf-8")
    return fmt
