"""Migrations on SQLite and PostgreSQL: up from empty, down, up again, and matching the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from growpath.adapters import migrate
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


def test_upgrading_keeps_every_program_for_a_program_admin_who_had_them_all(
    app: Growpath, engine: Engine
) -> None:
    # Before 0012 a program admin's role named no program and ran every one: the upgrade turns
    # it into one role per existing program, so nobody loses access, and narrows nothing more.
    operator = operator_context(app)
    tracks = ("peer-circles", "senior-leaders")
    made = [programs.create_from_template(operator, track).id for track in tracks]
    accounts.create_account(app, "lead@example.com", {Role.PROGRAM_ADMIN}, PASSWORD)
    accounts.create_account(app, "someone@example.com", {Role.PARTICIPANT}, PASSWORD)
    migrate.downgrade(engine, "0012")
    migrate.downgrade(engine, "-1")
    migrate.upgrade(engine)
    lead = accounts.authenticate(app, "lead@example.com", PASSWORD)
    assert lead.programs == frozenset(made)
    assert accounts.authenticate(app, "someone@example.com", PASSWORD).programs == frozenset()
    # A program created after the upgrade is not theirs: a role without a program grants none.
    later = programs.create_from_template(operator, "flash-mentoring").id
    assert not accounts.authenticate(app, "lead@example.com", PASSWORD).administers(later)
