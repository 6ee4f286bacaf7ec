"""A throwaway PostgreSQL server for the tests and ``make bench``.

``Cluster.start()`` makes a cluster in a new temporary folder with Debian's
``initdb`` and ``pg_ctl`` (``/usr/lib/postgresql/*/bin``), owned by an
unprivileged user when run as root (the server refuses to run as root:
``postgres``, else ``nobody``). It listens on a Unix socket in that folder
and on no TCP port at all, so nothing outside the machine can reach it and
concurrent test runs in other checkouts never collide on a port.
``stop()`` stops the server and deletes the folder.

Installing PostgreSQL when it is missing is ``ensure_installed()``: apt-get
as root (what ``tools/system-deps.sh`` does too). Run directly, this module
starts a cluster, prints its URL and waits for Ctrl-C (handy by hand).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

#: Whoever owns the cluster's files when we are root, in order of preference.
_OWNERS = ("postgres", "nobody")


class PostgresUnavailableError(RuntimeError):
    """PostgreSQL is not installed and there is no apt-get to install it."""


def server_bin() -> Path | None:
    """The newest installed PostgreSQL's binaries folder, if any."""

    def major(initdb: str) -> int:
        version = Path(initdb).parent.parent.name
        return int(version) if version.isdigit() else 0

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=major)
    return Path(found[-1]).parent if found else None


def ensure_installed() -> Path:
    """The binaries folder, installing Debian's ``postgresql`` first if need be."""
    found = server_bin()
    if found is not None:
        return found
    if shutil.which("apt-get") is None:
        raise PostgresUnavailableError(
            "PostgreSQL is not installed and apt-get is not available to install it"
        )
    if os.geteuid() != 0:
        # apt-get is there: not a reason to skip, a step to take.
        raise RuntimeError(
            "PostgreSQL is not installed; run tools/system-deps.sh as root "
            "(or: sudo apt-get install -y postgresql)"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    found = server_bin()
    if found is None:
        raise PostgresUnavailableError("apt-get installed postgresql but no initdb was found")
    return found


def _owner() -> str | None:
    """The user that runs the server (None: this one, when not root)."""
    if os.geteuid() != 0:
        return None
    for name in _OWNERS:
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise RuntimeError("running as root and neither a 'postgres' nor a 'nobody' user exists")


@dataclass
class Cluster:
    """One running throwaway server; ``url(database)`` names a database on it."""

    folder: Path
    bin: Path
    owner: str | None
    user: str = "sitrep"
    _databases: list[str] = field(default_factory=list)

    @classmethod
    def start(cls) -> Cluster:
        """Install if need be, initialise and start a cluster; wait until it accepts."""
        bin_dir = ensure_installed()
        owner = _owner()
        # Short path under /tmp: a Unix socket path must stay under 107 bytes,
        # and the server's user must be able to reach it (pytest's tmp is 0700).
        folder = Path(tempfile.mkdtemp(prefix="sitrep-pg-"))
        cluster = cls(folder, bin_dir, owner)
        try:
            if owner is not None:
                entry = pwd.getpwnam(owner)
                os.chown(folder, entry.pw_uid, entry.pw_gid)
            cluster._run(
                "initdb", "-D", str(folder / "data"), "-U", cluster.user, "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync",
            )  # fmt: skip
            options = (
                f"-c listen_addresses='' -c unix_socket_directories='{folder}'"
                # A throwaway server: durability buys nothing here.
                " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                " -c max_connections=200"
            )
            cluster._run(
                "pg_ctl", "-D", str(folder / "data"), "-l", str(folder / "server.log"),
                "-o", options, "-w", "-t", "60", "start",
            )  # fmt: skip
        except BaseException:
            cluster.stop()
            raise
        return cluster

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.owner is not None:
            command = ["runuser", "-u", self.owner, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False, cwd="/")
        if result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} failed: {result.stderr or result.stdout}\n{tail}")

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy-style URL of ``database`` on this server (Unix socket)."""
        return f"postgresql://{self.user}@/{database}?host={self.folder}"

    def create_database(self, prefix: str = "sitrep") -> str:
        """A new, empty database; returns its URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            dbname="postgres", user=self.user, host=str(self.folder), autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self._databases.append(name)
        return self.url(name)

    def stop(self) -> None:
        """Stop the server (at once: nothing here is worth keeping) and delete its folder."""
        if (self.folder / "data" / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError):
                self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def running() -> Iterator[Cluster]:
    """A cluster for the length of a ``with`` block."""
    cluster = Cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


if __name__ == "__main__":
    with running() as server:
        print(server.create_database(), flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
