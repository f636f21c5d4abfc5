"""Column reads on the session's connection see what the unit of work staged, as the ORM's do,
and, run as compiled on the driver's cursor, give the rows SQLAlchemy gives."""

from __future__ import annotations

import gc
import weakref
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    cast,
    column,
    create_engine,
    event,
    insert,
    literal,
    select,
    table,
    text,
)
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.orm import Session

from growpath.adapters.orm import EnrolmentRow, NudgeRow, PersonRow, ProgramRow
from growpath.adapters.repositories import column_reads
from growpath.adapters.repositories.base import column_rows, none_of, one_of
from growpath.adapters.repositories.insert_once import insert_once
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


def _tallies_engine() -> tuple[Any, Table]:
    engine = create_engine("sqlite://")
    tallies = Table(
        "tallies",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("name", String(20)),
        # A default computed in Python, as the outbox's `status="pending"` is.
        Column("count", Integer, default=7),
    )
    tallies.metadata.create_all(engine)
    return engine, tallies


def test_an_insert_returning_its_id_runs_as_compiled_from_its_second_run() -> None:
    engine, tallies = _tallies_engine()
    values: dict[str, Any] = {"name": bindparam("name"), "count": bindparam("count")}
    statement = insert(tallies).values(values).returning(tallies.c.id)
    with Session(engine) as session:
        connection = session.connection()
        ids = [
            column_reads.rows_of(connection, statement, {"name": name, "count": 1})[0][0]
            for name in ("a", "b", "c")
        ]
        stored = session.execute(select(tallies.c.name, tallies.c.count)).all()
    assert ids == [1, 2, 3]
    assert [tuple(row) for row in stored] == [("a", 1), ("b", 1), ("c", 1)]
    assert getattr(engine.dialect, column_reads._PLANS)[statement] is not None


def test_an_insert_leaving_a_python_default_runs_through_sqlalchemy() -> None:
    engine, tallies = _tallies_engine()
    statement = insert(tallies).values(name=bindparam("name")).returning(tallies.c.id)
    with Session(engine) as session:
        connection = session.connection()
        for name in ("a", "b", "c"):
            column_reads.rows_of(connection, statement, {"name": name})
        stored = session.execute(select(tallies.c.count)).scalars().all()
    # The default is supplied by `execute`'s set-up, which the compiled run would skip.
    assert stored == [7, 7, 7]
    assert getattr(engine.dialect, column_reads._PLANS)[statement] is None


def test_insert_once_gives_a_fixed_default_and_turns_the_same_key_away(app: Growpath) -> None:
    def nudge() -> NudgeRow:
        # status, attempts and last_error are left to their defaults.
        return NudgeRow(
            dedupe_key="once:1",
            kind="reflection",
            recipient_email="a@example.com",
            subject="s",
            body="b",
            due_at=datetime(2026, 1, 5, tzinfo=UTC),
            created_at=datetime(2026, 1, 5, tzinfo=UTC),
        )

    with app.uow() as uow:
        # Twice, so the second runs as compiled.
        first = insert_once(uow.session, nudge(), ("dedupe_key",))
        again = insert_once(uow.session, nudge(), ("dedupe_key",))
        stored = uow.session.execute(
            select(NudgeRow.id, NudgeRow.status, NudgeRow.attempts, NudgeRow.last_error)
        ).all()
    assert first is not None
    assert again is None
    assert [tuple(row) for row in stored] == [(first, "pending", 0, "")]
