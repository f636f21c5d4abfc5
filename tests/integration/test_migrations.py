"""Migrations on SQLite and PostgreSQL: up from empty, down, up again, and matching the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from growpath.adapters import migrate
from growpath.adapters.orm import Base


def test_the_schema_matches_the_models_after_upgrading(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    assert migrate.is_up_to_date(engine)


def test_downgrade_to_base_and_upgrade_again_restores_every_table(engine: Engine) -> None:
    tables = set(Base.metadata.tables)
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) & tables == set()
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    assert tables <= set(inspect(engine).get_table_names())
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
