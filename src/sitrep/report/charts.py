"""Shared look of the brief's figures: colours by event type, SVG output.

Figures are drawn with matplotlib's object API (``Figure``, never pyplot) so
nothing global changes and no display is needed, and written as SVG with text
kept as text: the PDF renderer typesets it in the brief's font, and
``pdftotext`` can read the map's labels.
"""

from __future__ import annotations

import io
import re

from matplotlib import rc_context
from matplotlib.figure import Figure

#: Okabe & Ito's colour-blind-safe palette, one colour per ACLED event type.
TYPE_COLOURS = {
    "Battles": "#D55E00",
    "Protests": "#0072B2",
    "Riots": "#CC79A7",
    "Explosions/Remote violence": "#E69F00",
    "Violence against civilians": "#882255",
    "Strategic developments": "#009E73",
}
OTHER_COLOUR = "#777777"
FONT = "DejaVu Sans"  # covers Latin, Cyrillic and Arabic; Debian's fonts-dejavu-core

_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.DOTALL)
_IDS = re.compile(r'(id="|url\(#|href="#)(?=[^"\)])')


def colour(event_type: str) -> str:
    """The colour of an event type (grey for a type outside ACLED's six)."""
    return TYPE_COLOURS.get(event_type, OTHER_COLOUR)


def new_figure(width_in: float, height_in: float) -> Figure:
    """A figure sized in inches for an A4/Letter text column."""
    return Figure(figsize=(width_in, height_in), layout="constrained")


def to_svg(figure: Figure, prefix: str) -> str:
    """The figure as an inline ``<svg>`` element: no XML prologue (HTML would
    show it as text), no creation date and fixed ids, so the same data gives
    byte-identical output. Ids start with ``prefix``: two figures inline in one
    page would otherwise share matplotlib's ids ("text_1") and clip each other."""
    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "sitrep", "font.family": FONT}):
        # A tight box: the map's aspect is fixed, so its figure may be wider
        # or taller than the drawing; the PDF should not carry the margin.
        figure.savefig(
            buffer, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.04
        )
    svg = _PROLOGUE.sub("", buffer.getvalue(), count=1)
    return _IDS.sub(lambda m: f"{m.group(1)}{prefix}-", svg)
