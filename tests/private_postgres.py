"""A throwaway PostgreSQL cluster in a temporary folder, for tests that stop and start it.

The shared server at :5432 serves every other test, so fault tests make their own with the
Debian binaries (/usr/lib/postgresql/<version>/bin): initdb into a temporary folder, then
pg_ctl on a free port listening on 127.0.0.1 only. PostgreSQL refuses to run as root, so as
root the cluster's processes run as the `postgres` user, who owns the folder.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from glob import glob
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from growpath.adapters.database import create_database_engine
from tests.factories import free_port


def _binaries() -> Path | None:
    for folder in sorted(glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    return None


class PrivateCluster:
    """A PostgreSQL cluster owned by one test module."""

    def __init__(self, folder: Path, binaries: Path, owner: pwd.struct_passwd | None) -> None:
        self.folder, self.binaries, self.owner = folder, binaries, owner
        self.data, self.port = folder / "data", free_port()

    def _run(self, *command: str) -> None:
        options: dict[str, Any] = {"user": self.owner.pw_uid} if self.owner else {}
        done = subprocess.run(  # noqa: S603 - PostgreSQL's own tools, fixed arguments
            [str(self.binaries / command[0]), *command[1:]],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            **options,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {done.stdout}{done.stderr}")

    def initialise(self) -> None:
        """Create the cluster's files: trust authentication, user postgres."""
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        settings = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.folder} -c fsync=off -c full_page_writes=off"
        )
        log = str(self.folder / "server.log")
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", log, "-w", "-t", "60", "-o", settings, "start"
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: 'fast' ends every session at once, as a restart does."""
        self._run("pg_ctl", "-D", str(self.data), "-w", "-t", "60", "-m", mode, "stop")

    def url(self, database: str) -> str:
        """Return the SQLAlchemy URL of a database of this cluster."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create an empty database (dropping one of that name) and return its URL."""
        admin = create_database_engine(self.url("postgres"))
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return self.url(name)


@contextmanager
def private_cluster() -> Iterator[PrivateCluster]:
    """Make, start, and finally remove a private cluster; skip when PostgreSQL is absent."""
    binaries = _binaries()
    if binaries is None:
        pytest.skip("PostgreSQL's server binaries are not installed (/usr/lib/postgresql)")
    owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
    # Not under pytest's tmp_path: as root that folder is closed to the postgres user.
    folder = Path(tempfile.mkdtemp(prefix="growpath-pg-"))
    if owner:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    cluster = PrivateCluster(folder, binaries, owner)
    try:
        cluster.initialise()
        cluster.start()
        yield cluster
    finally:
        try:
            cluster.stop("immediate")
        except RuntimeError:
            pass  # already stopped, or never started
        shutil.rmtree(folder, ignore_errors=True)
