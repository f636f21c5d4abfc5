"""Migrations on SQLite and PostgreSQL: up from empty, down, up again, and matching the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from growpath.adapters import migrate
from growpath.adapters.database import create_database_engine
from growpath.adapters.orm import Base
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.services import accounts, programs
from growpath.services.context import operator_context
from tests.conftest import PASSWORD


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


def test_a_sqlite_upgrade_that_rebuilds_a_table_keeps_the_rows_referring_to_it(
    tmp_path: Path,
) -> None:
    # Revision 0010 rebuilds `users`; with foreign keys on, dropping the old copy used to
    # cascade-delete every role and token of every account.
    engine = create_database_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate.upgrade(engine, "0009")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO users (id, email, password_hash, is_active, must_change_password, "
            "created_at, session_epoch, failed_logins) "
            "VALUES (1, 'a@example.com', 'x', 1, 0, '2026-01-01', 0, 0)"
        )
        connection.exec_driver_sql("INSERT INTO user_roles (user_id, role) VALUES (1, 'org_admin')")
    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM user_roles").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_upgrading_keeps_every_program_for_a_program_admin_who_had_them_all(
    app: Growpath, engine: Engine
) -> None:
    # Before 0014 a program admin's role named no program and ran every one: the upgrade turns
    # it into one role per existing program, so nobody loses access, and narrows nothing more.
    operator = operator_context(app)
    tracks = ("peer-circles", "senior-leaders")
    made = [programs.create_from_template(operator, track).id for track in tracks]
    accounts.create_account(app, "lead@example.com", {Role.PROGRAM_ADMIN}, PASSWORD)
    accounts.create_account(app, "someone@example.com", {Role.PARTICIPANT}, PASSWORD)
    migrate.downgrade(engine, "0014")
    migrate.downgrade(engine, "-1")
    migrate.upgrade(engine)
    lead = accounts.authenticate(app, "lead@example.com", PASSWORD)
    assert lead.programs == frozenset(made)
    assert accounts.authenticate(app, "someone@example.com", PASSWORD).programs == frozenset()
    # A program created after the upgrade is not theirs: a role without a program grants none.
    later = programs.create_from_template(operator, "flash-mentoring").id
    assert not accounts.authenticate(app, "lead@example.com", PASSWORD).administers(later)
