"""Backups restore into a fresh database with every row, and notes their pair can still read."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, make_url, text

from growpath.adapters import backup, migrate, report_facts
from growpath.adapters.clock import FixedClock
from growpath.adapters.database import create_database_engine
from growpath.adapters.orm import Base
from growpath.bootstrap import Growpath, bootstrap
from growpath.services import sessions
from tests.conftest import POSTGRES_URL
from tests.integration.conftest import Pair

SHARED = "Reality: the platform team is stretched thin"
PRIVATE = "Options: ask for a rotation, maybe"


def _counts(engine: Engine) -> dict[str, int]:
    """Rows per table, report facts left out: derived, a restore may rebuild them."""
    with engine.connect() as connection:
        return {
            table: connection.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one()  # noqa: S608 - our own table names
            for table in Base.metadata.tables
            if not table.startswith("report_")
        }


def _facts_are_built(engine: Engine) -> bool:
    with engine.connect() as connection:
        return report_facts.is_built(connection)


@pytest.fixture
def fresh_engine(engine: Engine, tmp_path: Path) -> Iterator[Engine]:
    """A second, empty database on the same backend as engine, to restore into."""
    if engine.dialect.name == "sqlite":
        sqlite_engine = create_database_engine(f"sqlite:///{tmp_path / 'restored.db'}")
        yield sqlite_engine
        sqlite_engine.dispose()
        return
    name = f"growpath_restore_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    admin = create_database_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    pg_engine = create_database_engine(
        make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    )
    yield pg_engine
    pg_engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _app_on(engine: Engine, like: Growpath) -> Growpath:
    url = engine.url.render_as_string(hide_password=False)
    settings = like.settings.model_copy(update={"database_url": url})
    return bootstrap(settings, clock=like.clock, mailer=like.mailer, engine=engine)


def _hold_notes(pair: Pair, clock: FixedClock) -> int:
    session = sessions.schedule(pair.mentor, pair.engagement_id, clock.now() + timedelta(hours=1))
    sessions.hold(
        pair.mentor,
        session.id,
        shared_notes={"reality": SHARED},
        private_notes={"options": PRIVATE},
        actions=[{"description": "Ask", "owner_person_id": pair.mentee.actor.person_id}],
    )
    return session.id


def test_a_backup_restores_into_a_fresh_database_with_every_row_and_readable_notes(
    app: Growpath,
    engine: Engine,
    fresh_engine: Engine,
    running_pair: Pair,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    session_id = _hold_notes(running_pair, clock)
    before = _counts(engine)
    file = tmp_path / "growpath.backup"

    backup.backup(engine, file)
    assert not file.with_name("growpath.backup.partial").exists()
    result = backup.restore(fresh_engine, file)

    assert result.backup_revision == result.revision == migrate.head_revision(engine)
    assert _counts(fresh_engine) == before
    # Restoring migrates, which builds facts a backup lacks (the PostgreSQL test database's
    # never were); notes of writes not yet caught up are restored with the rest.
    assert _facts_are_built(fresh_engine)
    restored = _app_on(fresh_engine, app)
    mentee = replace(running_pair.mentee, app=restored)
    mentor = replace(running_pair.mentor, app=restored)
    assert sessions.read_notes(mentee, session_id)["shared"][0]["reality"] == SHARED
    assert sessions.read_notes(mentee, session_id)["private"] == []
    mentor_notes = sessions.read_notes(mentor, session_id)
    assert mentor_notes["shared"][0]["reality"] == SHARED
    assert mentor_notes["private"][0]["options"] == PRIVATE


def test_restore_refuses_a_database_that_holds_data_unless_forced(
    engine: Engine, running_pair: Pair, tmp_path: Path
) -> None:
    file = tmp_path / "growpath.backup"
    backup.backup(engine, file)
    with pytest.raises(backup.BackupRefused, match="--force"):
        backup.restore(engine, file)
    before = _counts(engine)
    backup.restore(engine, file, force=True)
    assert _counts(engine) == before


def test_restore_goes_into_a_database_that_was_only_migrated(
    engine: Engine, fresh_engine: Engine, running_pair: Pair, tmp_path: Path
) -> None:
    file = tmp_path / "growpath.backup"
    backup.backup(engine, file)
    # As `growpath db upgrade` leaves a new database: the catalogue and the facts' version.
    migrate.upgrade(fresh_engine)
    assert backup.is_empty(fresh_engine)
    backup.restore(fresh_engine, file)
    assert _counts(fresh_engine) == _counts(engine)


def test_an_older_backup_is_migrated_forward_on_restore(
    engine: Engine, fresh_engine: Engine, tmp_path: Path
) -> None:
    migrate.downgrade(engine, "0003")
    file = tmp_path / "old.backup"
    try:
        backup.backup(engine, file)
    finally:
        migrate.upgrade(engine)  # the PostgreSQL test database is shared by later tests
    result = backup.restore(fresh_engine, file)
    assert (result.backup_revision, result.revision) == ("0003", migrate.head_revision(engine))
    assert migrate.is_up_to_date(fresh_engine)


def test_backup_refuses_to_overwrite_a_file_unless_forced(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    file = tmp_path / "growpath.backup"
    file.write_text("yesterday's backup")
    with pytest.raises(backup.BackupRefused, match="exists"):
        backup.backup(sqlite_engine, file)
    assert file.read_text() == "yesterday's backup"
    backup.backup(sqlite_engine, file, force=True)
    assert file.read_bytes().startswith(backup.SQLITE_MAGIC)


def test_a_sqlite_backup_taken_during_a_write_holds_only_what_was_committed(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    path = sqlite_engine.url.database or ""
    writer = sqlite3.connect(path)
    writer.execute(
        "INSERT INTO development_themes (key, name, description) VALUES ('a', 'Committed', '')"
    )
    writer.commit()
    writer.execute(
        "INSERT INTO development_themes (key, name, description) VALUES ('b', 'In flight', '')"
    )
    file = tmp_path / "growpath.backup"
    backup.backup(sqlite_engine, file)  # while the writer's transaction is still open
    writer.commit()
    writer.close()
    with sqlite3.connect(file) as copy:
        names = [row[0] for row in copy.execute("SELECT name FROM development_themes")]
    assert names == ["Committed"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"email,name\nada@example.com,Ada\n", "neither a SQLite database"),
        (b"", "neither a SQLite database"),
        (b"PGDMP" + bytes(40), "postgresql backup"),
    ],
)
def test_restore_refuses_a_file_that_is_not_a_growpath_backup_of_this_backend(
    sqlite_engine: Engine, tmp_path: Path, content: bytes, reason: str
) -> None:
    file = tmp_path / "not-a-backup"
    file.write_bytes(content)
    with pytest.raises(backup.BackupRefused, match=reason):
        backup.restore(sqlite_engine, file)


def test_restore_refuses_a_sqlite_database_that_growpath_did_not_make(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as database:
        database.execute("CREATE TABLE notes (id INTEGER)")
    with pytest.raises(backup.BackupRefused, match="not a growpath database"):
        backup.restore(sqlite_engine, other)


def test_restore_refuses_a_schema_revision_it_does_not_know(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    file = tmp_path / "future.backup"
    backup.backup(sqlite_engine, file)
    with sqlite3.connect(file) as database:
        database.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(backup.BackupRefused, match="9999_from_the_future.*newer version"):
        backup.restore(sqlite_engine, file, force=True)


def test_postgresql_backup_names_the_missing_pg_dump(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    engine = create_database_engine("postgresql+psycopg://growpath:secret@db.invalid/growpath")
    with pytest.raises(backup.BackupRefused, match="pg_dump is not installed"):
        backup.backup(engine, tmp_path / "growpath.backup")
    assert not (tmp_path / "growpath.backup").exists()
