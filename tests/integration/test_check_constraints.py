"""CHECK constraints on closed sets and ranges (revision 0018), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import CheckConstraint, Engine, Table, inspect, select, text
from sqlalchemy.exc import IntegrityError

from growpath.adapters import migrate, report_facts
from growpath.adapters.orm import Base
from growpath.bootstrap import Growpath
from growpath.domain.consents import MANAGER_TRAJECTORY
from growpath.domain.reporting import ALL_FACTS, FACT_KEYS
from growpath.services import programs
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import operator_context
from growpath.services.demo import seed_demo
from growpath.services.people_import import import_people
from growpath.services.reporting import program_report
from tests.factories import csv_bytes, org_rows

BEFORE = "0017"
CHECKS = {
    str(check.name): check
    for table in Base.metadata.sorted_tables
    for check in table.constraints
    if isinstance(check, CheckConstraint)
}
# Above every range's top (the widest is a session's 240 minutes); in no value set, and short
# enough for every column (PostgreSQL would refuse a longer one before checking it).
OUT_OF_RANGE, UNKNOWN = 10_000, "unheard-of"


@pytest.fixture
def before_checks(engine: Engine) -> Iterator[Engine]:
    """The test database at revision 0017, put back at head (emptied if need be) afterwards."""
    migrate.downgrade(engine, BEFORE)
    yield engine
    if migrate.current_revision(engine) != migrate.head_revision(engine):
        # Tables of later revisions (calendar_feeds, 0019) are not there to empty.
        present = set(inspect(engine).get_table_names())
        with engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                if table.name in present:
                    connection.execute(table.delete())
        migrate.upgrade(engine)


def _check_names(engine: Engine) -> set[str]:
    inspector = inspect(engine)
    return {
        str(check["name"])
        for table in Base.metadata.tables
        # Tables of later revisions are not there yet.
        if inspector.has_table(table)
        for check in inspector.get_check_constraints(table)
    }


def _fill_what_the_demo_leaves_empty(app: Growpath, engine: Engine) -> None:
    """Publish every program's report, then answer a check-in and note a touched engagement."""
    tables = Base.metadata.tables
    with engine.connect() as connection:
        program_ids = connection.scalars(select(tables["programs"].c.id)).all()
    for program_id in program_ids:
        program_report(operator_context(app), program_id)
    members = tables["engagement_members"]
    with engine.begin() as connection:
        engagement_id, person_id = connection.execute(
            select(members.c.engagement_id, members.c.person_id)
            .where(members.c.role == "participant")
            .order_by(members.c.id)
            .limit(1)
        ).one()
        connection.execute(
            tables["checkins"]
            .insert()
            .values(
                engagement_id=engagement_id,
                person_id=person_id,
                due_on=date(2026, 1, 5),
                answered_at=datetime(2026, 1, 6, 9, 0, tzinfo=UTC),
                met_since_last=True,
                satisfaction=4,
                progress=3,
            )
        )
        # The reports just took every note of what was touched: leave one for the upgrade.
        connection.execute(
            tables["report_stale"].insert().values(kind="engagement", key=engagement_id)
        )
        # A small demo may have no other report of the demo manager to share a trajectory.
        connection.execute(
            tables["consents"]
            .insert()
            .values(
                person_id=person_id,
                kind=MANAGER_TRAJECTORY,
                granted_at=datetime(2026, 1, 6, 9, 0, tzinfo=UTC),
            )
        )


def _present(engine: Engine, tables: set[Table]) -> dict[str, set[str]]:
    """The columns each table has in the database now (later revisions add more)."""
    inspector = inspect(engine)
    return {table.name: {c["name"] for c in inspector.get_columns(table.name)} for table in tables}


def _rows(engine: Engine, tables: set[Table], present: dict[str, set[str]]) -> dict[str, list[Any]]:
    """Every row of tables, in primary-key order, in the present columns."""
    with engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(
                    select(*(c for c in table.c if c.name in present[table.name])).order_by(
                        *table.primary_key
                    )
                )
            ]
            for table in tables
        }


def test_the_migrated_check_constraints_are_the_models(engine: Engine) -> None:
    inspector = inspect(engine)
    for table in Base.metadata.sorted_tables:
        declared = {
            str(c.name): str(c.sqltext) for c in table.constraints if isinstance(c, CheckConstraint)
        }
        reflected = {
            str(c["name"]): c["sqltext"] for c in inspector.get_check_constraints(table.name)
        }
        assert set(reflected) == set(declared), table.name
        if engine.dialect.name == "sqlite":
            # SQLite keeps a CHECK's text as written, so the migration's must be the models'.
            assert reflected == declared, table.name


def test_upgrading_a_populated_database_keeps_every_row_and_then_refuses_bad_values(
    app: Growpath, before_checks: Engine
) -> None:
    # The app writes today's schema (a session's invite carries its calendar, 0019): the demo
    # is seeded at head, then taken back to 0017 with its rows.
    migrate.upgrade(before_checks)
    seed_demo(app, size=120)
    _fill_what_the_demo_leaves_empty(app, before_checks)
    migrate.downgrade(before_checks, BEFORE)
    present = _check_names(before_checks)
    # A check on a column a later revision adds comes with that column (login_sessions.method,
    # 0023): 0018 has nothing to add there.
    columns_then = {
        (table, column["name"])
        for table in inspect(before_checks).get_table_names()
        for column in inspect(before_checks).get_columns(table)
    }
    added = [
        check
        for name, check in CHECKS.items()
        if name not in present
        and any(
            (check.table.name, c.name) in columns_then
            for c in check.table.c
            if str(check.sqltext).startswith(f"{c.name} ")
        )
    ]
    assert {
        "ck_people_seniority_level_in_range",
        "ck_notes_visibility_valid",
        "ck_checkins_satisfaction_in_range",
        "ck_report_stale_kind_valid",
    } <= {str(check.name) for check in added}
    tables = {check.table for check in added}
    # Columns of later revisions (programs.auto_confirm_slots, 0020) are not there at 0017.
    columns = _present(before_checks, tables)
    before = _rows(before_checks, tables, columns)
    assert all(before.values()), [name for name, rows in before.items() if not rows]
    migrate.upgrade(before_checks)
    assert _rows(before_checks, tables, columns) == before
    for check in added:
        table = check.table
        column = next(c for c in table.c if str(check.sqltext).startswith(f"{c.name} "))
        bad = OUT_OF_RANGE if " BETWEEN " in str(check.sqltext) else UNKNOWN
        key = next(iter(table.primary_key))
        first = select(key).order_by(key).limit(1).scalar_subquery()
        change = table.update().where(key == first).values({column.name: bad})
        with pytest.raises(IntegrityError, match=str(check.name)), before_checks.begin() as db:
            db.execute(change)
    assert _rows(before_checks, tables, columns) == before


def test_a_database_holding_values_the_domain_refuses_stops_the_upgrade_naming_them(
    app: Growpath, before_checks: Engine
) -> None:
    # Written at head, as the app writes today's schema, then taken back to 0017.
    migrate.upgrade(before_checks)
    operator = operator_context(app)
    import_people(operator, csv_bytes(org_rows(6)), "people.csv")
    ensure_catalogue(operator)
    program = programs.create_from_template(operator, "peer-circles").id
    migrate.downgrade(before_checks, BEFORE)
    with before_checks.begin() as connection:
        connection.execute(
            text("UPDATE people SET seniority_level = 12 WHERE email IN (:a, :b)"),
            {"a": "person1@example.com", "b": "person2@example.com"},
        )
        connection.execute(
            text("UPDATE programs SET kind = 'workshop' WHERE id = :id"), {"id": program}
        )
        connection.execute(
            text(
                "UPDATE competencies SET category = 'hobbies' "
                "WHERE id = (SELECT min(id) FROM competencies)"
            )
        )
    with pytest.raises(RuntimeError) as refused:
        migrate.upgrade(before_checks)
    message = str(refused.value)
    assert "people.seniority_level" in message and "12 (2 rows)" in message
    assert "programs.kind" in message and "'workshop' (1 row)" in message
    assert "competencies.category" in message and "'hobbies' (1 row)" in message
    assert "nothing was changed" in message
    assert migrate.current_revision(before_checks) == BEFORE
    assert not any(
        c["name"] == "ck_people_seniority_level_in_range"
        for c in inspect(before_checks).get_check_constraints("people")
    )
    # Once the operator fixes the rows, the same upgrade goes through.
    with before_checks.begin() as connection:
        connection.execute(
            text("UPDATE people SET seniority_level = 10 WHERE seniority_level = 12")
        )
        connection.execute(text("UPDATE programs SET kind = 'mentoring' WHERE kind = 'workshop'"))
        connection.execute(
            text("UPDATE competencies SET category = 'technical' WHERE category = 'hobbies'")
        )
    migrate.upgrade(before_checks)
    assert migrate.current_revision(before_checks) == migrate.head_revision(before_checks)


def test_every_kind_of_touched_report_fact_is_one_the_database_accepts() -> None:
    noted = {kind for touches in report_facts.TOUCHES.values() for kind, _ in touches}
    assert noted | {ALL_FACTS} == set(FACT_KEYS)
