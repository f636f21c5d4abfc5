"""Column reads on the session's connection see what the unit of work staged, as the ORM's do,
and, run as compiled on the driver's cursor, give the rows SQLAlchemy gives."""

from __future__ import annotations

import gc
import weakref
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import (
    Integer,
    bindparam,
    cast,
    column,
    create_engine,
    event,
    literal,
    select,
    table,
    text,
)
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.orm import Session

from growpath.adapters.orm import EnrolmentRow, PersonRow, ProgramRow
from growpath.adapters.repositories import column_reads
from growpath.adapters.repositories.base import column_rows, none_of, one_of
from growpath.bootstrap import Growpath

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
EMAILS = select(PersonRow.email).order_by(PersonRow.email)


def _person(email: str) -> PersonRow:
    return PersonRow(email=email, name=email.split("@")[0], created_at=NOW, updated_at=NOW)


def test_a_column_read_includes_the_people_staged_before_it(app: Growpath) -> None:
    with app.uow() as uow:
        uow.session.add(_person("ada@example.com"))
        uow.session.add(_person("grace@example.com"))
        assert [row.email for row in column_rows(uow.session, EMAILS, {})] == [
            "ada@example.com",
            "grace@example.com",
        ]


def test_a_column_read_inside_reading_leaves_what_is_staged_unwritten(app: Growpath) -> None:
    with app.uow() as uow:
        uow.session.add(_person("ada@example.com"))
        with uow.reading():
            assert column_rows(uow.session, EMAILS, {}) == []
        # Held back, not lost: the next read outside writes it first.
        assert [row.email for row in column_rows(uow.session, EMAILS, {})] == ["ada@example.com"]


def test_a_column_read_takes_its_parameters_by_name(app: Growpath) -> None:
    with app.uow() as uow:
        for email in ("ada@example.com", "grace@example.com", "alan@example.com"):
            uow.session.add(_person(email))
        uow.commit()
    some = EMAILS.where(PersonRow.email.in_(bindparam("emails", expanding=True)))
    with app.uow() as uow:
        wanted = {"emails": ["grace@example.com", "alan@example.com"]}
        assert [row.email for row in column_rows(uow.session, some, wanted)] == [
            "alan@example.com",
            "grace@example.com",
        ]
        assert column_rows(uow.session, some, {"emails": []}) == []


# Two statements of one shape, with different constants: SQLAlchemy compiles them once (their
# cache keys are equal) and supplies each one's constants when it runs.
MENTEES = select(EnrolmentRow.id, EnrolmentRow.goals, EnrolmentRow.created_at).where(
    EnrolmentRow.role == "mentee", EnrolmentRow.person_id == bindparam("person_id")
)
MENTORS = select(EnrolmentRow.id, EnrolmentRow.goals, EnrolmentRow.created_at).where(
    EnrolmentRow.role == "mentor", EnrolmentRow.person_id == bindparam("person_id")
)
GUIDES = select(EnrolmentRow.role).where(one_of(EnrolmentRow.role, ("mentor", "coach")))
NOT_GUIDES = select(EnrolmentRow.role).where(none_of(EnrolmentRow.role, ("mentor", "coach")))
ROLES_OF = (
    select(EnrolmentRow.role)
    .where(EnrolmentRow.person_id.in_(bindparam("people", expanding=True)))
    .order_by(EnrolmentRow.role)
)


def _enrolled(app: Growpath) -> int:
    with app.uow() as uow:
        person = _person("ada@example.com")
        program = ProgramRow(name="Mentors", kind="mentoring", format="one_to_one", created_at=NOW)
        uow.session.add_all([person, program])
        uow.session.flush()
        for role, goals in (("mentee", "grow as a lead"), ("mentor", "give back"), ("coach", "")):
            uow.session.add(
                EnrolmentRow(
                    program_id=program.id,
                    person_id=person.id,
                    role=role,
                    goals=goals,
                    created_at=NOW,
                )
            )
        uow.commit()
        return person.id


def _through_sqlalchemy(app: Growpath, statement: Any, parameters: dict[str, Any]) -> list[Any]:
    with app.uow() as uow:
        return list(uow.session.connection().execute(statement, parameters).all())


def test_a_statement_run_again_gives_the_rows_sqlalchemy_gives(app: Growpath) -> None:
    person_id = _enrolled(app)
    given = {"person_id": person_id}
    expected = _through_sqlalchemy(app, MENTEES, given)
    # Sealed goals opened, times aware on SQLite too: the columns' result processors applied.
    assert [(row.goals, row.created_at) for row in expected] == [("grow as a lead", NOW)]
    with app.uow() as uow:
        # The first run plans; the later ones run as compiled.
        runs = [column_rows(uow.session, MENTEES, given) for _ in range(3)]
    assert all(list(rows) == expected for rows in runs)
    assert [row._mapping["goals"] for row in runs[2]] == ["grow as a lead"]


def test_statements_of_one_shape_keep_their_own_constants(app: Growpath) -> None:
    given = {"person_id": _enrolled(app)}
    with app.uow() as uow:
        for _ in range(2):
            assert [row.goals for row in column_rows(uow.session, MENTEES, given)] == [
                "grow as a lead"
            ]
            assert [row.goals for row in column_rows(uow.session, MENTORS, given)] == ["give back"]


def test_fixed_and_expanding_lists_run_as_compiled(app: Growpath) -> None:
    person_id = _enrolled(app)
    with app.uow() as uow:
        for _ in range(2):
            assert sorted(r.role for r in column_rows(uow.session, GUIDES, {})) == [
                "coach",
                "mentor",
            ]
            assert [r.role for r in column_rows(uow.session, NOT_GUIDES, {})] == ["mentee"]
            for people, roles in (
                ([person_id], ["coach", "mentee", "mentor"]),
                ([person_id, person_id + 1, person_id + 2], ["coach", "mentee", "mentor"]),
                ([], []),
            ):
                rows = column_rows(uow.session, ROLES_OF, {"people": people})
                assert [r.role for r in rows] == roles


def test_a_missing_parameter_is_named(app: Growpath) -> None:
    with app.uow() as uow:
        column_rows(uow.session, MENTEES, {"person_id": 1})
        with pytest.raises(Exception, match="person_id"):
            column_rows(uow.session, MENTEES, {})


def test_the_cursor_events_see_every_run(app: Growpath) -> None:
    given = {"person_id": _enrolled(app)}
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(app.engine, "before_cursor_execute", record)
    try:
        with app.uow() as uow:
            for _ in range(3):
                column_rows(uow.session, MENTEES, given)
    finally:
        event.remove(app.engine, "before_cursor_execute", record)
    assert len([sql for sql in seen if "enrolments" in sql]) == 3


def test_a_driver_error_comes_as_sqlalchemys(app: Growpath) -> None:
    if app.engine.dialect.name != "postgresql":
        pytest.skip("SQLite converts any text to a number")
    number = select(cast(bindparam("value", type_=Integer).label("n"), Integer))
    as_text = select(cast(text("CAST(:value AS text)"), Integer))
    with app.uow() as uow:
        assert column_rows(uow.session, number, {"value": 7})[0][0] == 7
        column_rows(uow.session, as_text, {"value": "7"})
        with pytest.raises(DataError):
            column_rows(uow.session, as_text, {"value": "seven"})


def test_a_connection_lost_under_a_read_is_invalidated(app: Growpath) -> None:
    if app.engine.dialect.name != "postgresql":
        pytest.skip("only a server ends a session")
    with pytest.raises(OperationalError) as lost, app.uow() as uow:
        column_rows(uow.session, EMAILS, {})
        backend = uow.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with app.engine.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        column_rows(uow.session, EMAILS, {})
    assert lost.value.connection_invalidated
    with app.uow() as uow:
        assert column_rows(uow.session, EMAILS, {}) == []


NUMBERS = table("numbers", column("n"))


def _numbers_engine() -> Any:
    engine = create_engine("sqlite://")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE numbers (n INTEGER)"))
        connection.execute(text("INSERT INTO numbers VALUES (1), (2), (3)"))
    return engine


def test_an_engine_dropped_after_its_reads_is_not_kept() -> None:
    statement = select(NUMBERS.c.n).where(NUMBERS.c.n >= bindparam("least"))
    dialects = []
    for _ in range(3):
        engine = _numbers_engine()
        with Session(engine) as session:
            for _ in range(2):
                assert [r.n for r in column_rows(session, statement, {"least": 2})] == [2, 3]
        dialects.append(weakref.ref(engine.dialect))
        engine.dispose()
        del engine, session
    gc.collect()
    assert [ref() for ref in dialects] == [None, None, None]


def test_statements_built_anew_for_each_run_stop_being_planned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(column_reads, "MOST_PLANS", 3)
    engine = _numbers_engine()
    with Session(engine) as session:
        for n in range(6):
            anew = select(NUMBERS.c.n).where(NUMBERS.c.n == literal(n % 3 + 1))
            assert [r.n for r in column_rows(session, anew, {})] == [n % 3 + 1]
    assert len(getattr(engine.dialect, column_reads._PLANS)) == 3
