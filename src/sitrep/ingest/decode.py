"""Bytes to text, and one JSON line to a value, without ever raising anything
but a coded ``InputError``.

- A byte-order mark decides the encoding (UTF-8, UTF-16 or UTF-32, either
  byte order): a BOM is unambiguous, so it wins over ``--encoding``.
- Binary is detected on a sample of the text (a file) or on each line (a
  JSONL batch), so one NUL byte costs one line, not the whole batch.
- JSON is parsed with limits on nesting depth and number size, so a hostile
  line is rejected with its own code instead of a RecursionError or the
  ValueError of Python's integer-digits limit.
- Lone surrogate escapes (``"\\ud800"``, valid JSON but not Unicode) are
  replaced by U+FFFD and counted, so the item is stored with a warning
  instead of failing when it is hashed or written.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from dataclasses import dataclass

from sitrep.errors import E, InputError

# Binary sniffing looks at the first 8 KB, as file(1) and git do.
BINARY_SAMPLE = 8192
# Control characters: C0 but tab/newline/CR/VT/FF, DEL, C1. The seed and all
# 89 VOA stories have none; a legacy text with stray form feeds or ESC codes
# has well under 1%. Uniformly random bytes (compressed, encrypted, images)
# have 29/256 = 11% C0/DEL bytes, so 10% separates the two with the margin on
# the side of text; a NUL byte alone already means binary (random data of
# 8 KB holds ~32). Undecodable bytes are not counted: a short cp1252 text full
# of curly quotes is text in the wrong encoding (E004), not binary.
BINARY_RATIO = 0.10
_BINARY_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")

# Longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# An article record is a flat object (depth 1; 2 with a list of tags). 100
# levels leave room for any real metadata and stay far below Python's
# recursion limit (1,000), which the C JSON parser would otherwise hit.
MAX_JSON_DEPTH = 100
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def bom_encoding(raw: bytes) -> tuple[str, int] | None:
    """``(codec, BOM length)`` when ``raw`` starts with a byte-order mark."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return encoding, len(bom)
    return None


def binary_ratio(sample: str) -> float:
    """Share of control characters in ``sample``."""
    return len(_BINARY_CHARS.findall(sample)) / max(len(sample), 1)


def check_not_binary(sample: str, *, nul_means_binary: bool = True) -> None:
    """Raise E002 if ``sample`` looks binary (a NUL, or too many control characters)."""
    ratio = binary_ratio(sample)
    if (nul_means_binary and "\x00" in sample) or ratio > BINARY_RATIO:
        raise InputError(E.E002, ratio=ratio)


def decode(raw: bytes, encoding: str) -> str:
    """Strictly decoded text without BOM; raises InputError E001/E002/E004.

    A byte-order mark overrides ``encoding``."""
    if not raw:
        raise InputError(E.E001)
    marked = bom_encoding(raw)
    if marked is not None:
        encoding, skip = marked
        raw = raw[skip:]
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        check_not_binary(raw[:BINARY_SAMPLE].decode(encoding, errors="replace"))
        bad = raw[exc.start : exc.end].hex(" ")
        raise InputError(
            E.E004, encoding=encoding, position=exc.start, detail=f"{exc.reason} (0x{bad})"
        ) from None
    text = text.removeprefix("\ufeff")
    check_not_binary(text[:BINARY_SAMPLE])
    if not text.strip():
        raise InputError(E.E001)
    return text


def json_depth(text: str) -> int:
    """Deepest nesting of arrays and objects in JSON ``text`` (linear time)."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def parse_json(text: str, label: str) -> object:
    """``json.loads`` with the depth and number limits; raises E006/E023/E024."""
    # Only a text with that many brackets at all can be too deep: the exact
    # scan then runs on the rare suspicious line, not on every article.
    if text.count("[") + text.count("{") > MAX_JSON_DEPTH and json_depth(text) > MAX_JSON_DEPTH:
        raise InputError(E.E023, line=label, limit=MAX_JSON_DEPTH)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(E.E006, line=label, detail=f"{exc.msg} at column {exc.colno}") from None
    except RecursionError:  # the limit above is the rule; this is the safety net
        raise InputError(E.E023, line=label, limit=MAX_JSON_DEPTH) from None
    except ValueError:  # int('1' * 5000): Python refuses over 4,300 digits
        raise InputError(E.E024, line=label, limit=sys.get_int_max_str_digits()) from None


@dataclass(slots=True)
class SurrogateRepair:
    """Replaces lone surrogates in the strings of one record, counting them."""

    count: int = 0

    def __call__(self, value: str) -> str:
        """``value`` with each lone surrogate replaced by U+FFFD."""
        fixed, found = _SURROGATE.subn("\ufffd", value)
        self.count += found
        return fixed
