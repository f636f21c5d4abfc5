"""Schema migrations with Alembic, driven from code (the CLI and tests call these)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from growpath.adapters import report_facts

MIGRATIONS = Path(__file__).parent / "migrations"


def _config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to revision."""
    with _migrating(engine) as connection:
        config = _config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        if revision == "head":
            # Built here with the running code's definition, not in a migration, so that a
            # large database is not rebuilt during the first report someone opens.
            report_facts.ensure_built(connection)


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the database down to revision ('base' empties it)."""
    with _migrating(engine) as connection:
        config = _config(engine)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """Yield a connection in a transaction for migrations; on SQLite, foreign keys are off."""
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        driver = connection.connection.dbapi_connection
        if sqlite:
            # SQLite alters a table by copying it and dropping the old one; with foreign keys on,
            # that drop would cascade-delete every row referring to the table. The pragma only
            # takes effect outside a transaction; the check below stands in for it.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
            # pysqlite sends no BEGIN before DDL, so each ALTER would commit on its own and a
            # failed upgrade would leave half a schema: the transaction is begun explicitly.
            driver.isolation_level = None  # type: ignore[union-attr]
        try:
            with connection.begin():
                if sqlite:
                    connection.exec_driver_sql("BEGIN")
                yield connection
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise RuntimeError("the migration left rows whose foreign keys point nowhere")
        finally:
            if sqlite:
                driver.isolation_level = ""  # type: ignore[union-attr]
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def current_revision(engine: Engine) -> str | None:
    """Return the revision the database is at, or None when it has none."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    """Return the newest revision the code knows."""
    return ScriptDirectory.from_config(_config(engine)).get_current_head()


def known_revisions() -> list[str]:
    """Return every revision the code knows, oldest first."""
    walk = ScriptDirectory(str(MIGRATIONS)).walk_revisions()
    return [script.revision for script in reversed(list(walk))]


def is_up_to_date(engine: Engine) -> bool:
    """Whether the database schema is at the newest revision."""
    return current_revision(engine) == head_revision(engine)
