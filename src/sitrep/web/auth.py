"""The write token: created on the first run beside the store, kept with
owner-only permissions (0600), compared in constant time.

Reads never need it; every request that changes the store does.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import E, SitrepError


@dataclass(frozen=True, slots=True)
class Token:
    """The bearer token and where it is kept; ``created`` on this run or not."""

    value: str
    path: Path
    created: bool

    def accepts(self, authorization: str | None) -> bool:
        """Whether an ``Authorization`` header carries this token."""
        if not authorization:
            return False
        scheme, _, credential = authorization.strip().partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(
            credential.strip().encode(), self.value.encode()
        )


def token_path(database: str) -> Path:
    """Where the token of a store lives: beside an SQLite file
    (``sitrep.db.token``), so each store has its own and removing the store's
    folder removes it; for a store with no file (PostgreSQL, in memory) in
    ``~/.config/sitrep``, named by the store's URL without its password."""
    if database == ":memory:":
        return Path.home() / ".config" / "sitrep" / "memory.token"
    if "://" in database:
        if database.startswith("sqlite:///"):
            return Path(f"{database.removeprefix('sqlite:///')}.token")
        key = _without_password(database)
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        return Path.home() / ".config" / "sitrep" / f"store-{digest}.token"
    return Path(f"{database}.token")


def _without_password(url: str) -> str:
    # scheme://user:password@host/... -> scheme://user@host/... (a new
    # password must not make a new token).
    scheme, _, rest = url.partition("://")
    credentials, at, place = rest.rpartition("@")
    return f"{scheme}://{credentials.partition(':')[0]}{at}{place}"


def load_or_create(path: Path) -> Token:
    """Read the token at ``path``, or create it there (0600) on the first run."""
    try:
        if path.is_file():
            value = path.read_text(encoding="utf-8").strip()
            if value:
                _tighten(path)
                return Token(value, path, created=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        value = secrets.token_urlsafe(32)  # 256 bits
        # Created with mode 0600: never readable by others, not even briefly.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(value + "\n")
        _tighten(path)
        return Token(value, path, created=True)
    except OSError as exc:
        raise SitrepError(E.E049, path=path, detail=exc.strerror or exc) from exc


def _tighten(path: Path) -> None:
    # A token file made by hand (or copied) may be readable by others.
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
