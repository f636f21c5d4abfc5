"""Backups of the whole database and their restore, on SQLite and on PostgreSQL.

SQLite copies through its online backup API, which reads one consistent snapshot while the
app keeps writing (WAL). PostgreSQL goes the documented way: `pg_dump --format=custom` and
`pg_restore`, run with the connection parameters of GROWPATH_DATABASE_URL. Either way the
notes stay encrypted in the file: they read again only with the same GROWPATH_NOTES_KEY.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import URL

from growpath.adapters import migrate

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
# Shipped catalogue rows that `growpath init` and `db upgrade` users may already have, and the
# version of the (empty) report facts that migrating records: a database holding only these is
# still empty enough to restore into.
CATALOGUE_TABLES = frozenset(
    {"alembic_version", "competencies", "development_themes", "report_facts_state"}
)
PG_TOOL_TIMEOUT_SECONDS = 3600


class BackupRefused(Exception):
    """A backup or restore that would lose data or cannot work; the message says why."""


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the backup's schema revision and the one the database is at now."""

    backup_revision: str
    revision: str | None


def backup(engine: Engine, target: Path, *, force: bool = False) -> None:
    """Write a backup of the database behind engine to target."""
    if target.exists() and not force:
        raise BackupRefused(f"{target} exists; pass --force to overwrite it")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    if engine.dialect.name == "sqlite":
        _backup_sqlite(engine, partial)
    else:
        _run_pg_tool("pg_dump", engine.url, ["--format=custom", f"--file={partial}"])
    # A backup cut short never stands at target, where it would pass for a whole one.
    partial.replace(target)


def restore(engine: Engine, source: Path, *, force: bool = False) -> RestoreResult:
    """Replace the database behind engine with the backup at source, then migrate it up."""
    backup_revision = _checked_revision(engine, source)
    if not force and not is_empty(engine):
        raise BackupRefused(
            "the database already holds people, accounts or programs; "
            "pass --force to replace everything in it with the backup"
        )
    if engine.dialect.name == "sqlite":
        _restore_sqlite(engine, source)
    else:
        _drop_tables(engine)
        _run_pg_tool(
            "pg_restore",
            engine.url,
            [
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                str(source),
            ],
        )
    engine.dispose()
    migrate.upgrade(engine)
    return RestoreResult(backup_revision, migrate.current_revision(engine))


def is_empty(engine: Engine) -> bool:
    """Whether the database holds nothing but the schema and the shipped catalogue."""
    tables = [t for t in inspect(engine).get_table_names() if t not in CATALOGUE_TABLES]
    quote = engine.dialect.identifier_preparer.quote
    # Table names come from the database's own catalogue, quoted: nothing a user typed.
    probes = [text(f"SELECT 1 FROM {quote(table)} LIMIT 1") for table in tables]  # noqa: S608
    with engine.connect() as connection:
        return not any(connection.execute(probe).first() for probe in probes)


def _checked_revision(engine: Engine, source: Path) -> str:
    """Return the schema revision of the backup at source, refusing what growpath cannot load."""
    if not source.is_file():
        raise BackupRefused(f"{source} is not a file")
    with source.open("rb") as file:
        magic = file.read(len(SQLITE_MAGIC))
    kind = "sqlite" if magic.startswith(SQLITE_MAGIC) else None
    kind = kind or ("postgresql" if magic.startswith(PG_DUMP_MAGIC) else None)
    if kind is None:
        raise BackupRefused(f"{source} is neither a SQLite database nor a pg_dump custom archive")
    if kind != engine.dialect.name:
        raise BackupRefused(
            f"{source} is a {kind} backup; restore it into a {kind} database "
            f"(GROWPATH_DATABASE_URL points at {engine.dialect.name})"
        )
    revision = _sqlite_revision(source) if kind == "sqlite" else _pg_dump_revision(engine, source)
    if revision is None:
        raise BackupRefused(f"{source} is not a growpath database: it has no schema revision")
    if revision not in migrate.known_revisions():
        raise BackupRefused(
            f"{source} is at schema revision {revision}, which this growpath does not know "
            "(made by a newer version?); restore it with that version"
        )
    return revision


@contextmanager
def _sqlite_connection(engine: Engine) -> Iterator[sqlite3.Connection]:
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        if not isinstance(connection, sqlite3.Connection):
            raise TypeError("the SQLite engine did not give a sqlite3 connection")
        yield connection
    finally:
        raw.close()


def _backup_sqlite(engine: Engine, target: Path) -> None:
    with _sqlite_connection(engine) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)


def _restore_sqlite(engine: Engine, source: Path) -> None:
    engine.dispose()  # no pooled connection keeps pages of the database being replaced
    backup_file = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    with _sqlite_connection(engine) as target, closing(backup_file):
        backup_file.backup(target)


def _sqlite_revision(source: Path) -> str | None:
    try:
        with closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as file:
            row = file.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return str(row[0]) if row else None


def _pg_dump_revision(engine: Engine, source: Path) -> str | None:
    # The data of one table, as the SQL pg_restore would run: COPY ... FROM stdin, rows, "\.".
    script = _run_pg_tool(
        "pg_restore", None, ["--data-only", "--table=alembic_version", "--file=-", str(source)]
    )
    match = re.search(r"^COPY \S*alembic_version .*?;\n(\S+)\n", script, re.MULTILINE)
    return match.group(1) if match else None


def _drop_tables(engine: Engine) -> None:
    quote = engine.dialect.identifier_preparer.quote
    with engine.begin() as connection:
        for table in inspect(connection).get_table_names():
            connection.execute(text(f"DROP TABLE IF EXISTS {quote(table)} CASCADE"))


def _run_pg_tool(tool: str, url: URL | None, arguments: list[str]) -> str:
    """Run pg_dump or pg_restore against url's database; return what it printed."""
    program = shutil.which(tool)
    if program is None:
        raise BackupRefused(
            f"{tool} is not installed or not on PATH; install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client) in the version of the server or newer"
        )
    environment = dict(os.environ)
    connection: list[str] = []
    if url is not None:
        # The password goes through the environment, never the command line others can list.
        if url.password is not None:
            environment["PGPASSWORD"] = str(url.password)
        plain = url.set(drivername="postgresql", password=None)
        connection = [f"--dbname={plain.render_as_string(hide_password=False)}"]
    try:
        finished = subprocess.run(  # noqa: S603 - a fixed tool with arguments we build
            [program, *connection, *arguments],
            env=environment,
            capture_output=True,
            text=True,
            timeout=PG_TOOL_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BackupRefused(f"{tool} did not finish within {PG_TOOL_TIMEOUT_SECONDS} s") from exc
    if finished.returncode != 0:
        raise BackupRefused(f"{tool} failed: {finished.stderr.strip()}")
    return finished.stdout
