"""A unit of work that only read commits; one that wrote, staged or failed still rolls back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, event, func, select, text, update

from growpath.adapters.database import create_database_engine
from growpath.adapters.orm import PersonRow
from growpath.adapters.unit_of_work import UnitOfWork, session_factory
from growpath.bootstrap import Growpath

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
def endings(app: Growpath) -> Iterator[list[str]]:
    """The transaction endings the app's engine saw during the test, in order."""
    seen: list[str] = []

    def commit(_connection: object) -> None:
        seen.append("commit")

    def rollback(_connection: object) -> None:
        seen.append("rollback")

    event.listen(app.engine, "commit", commit)
    event.listen(app.engine, "rollback", rollback)
    try:
        yield seen
    finally:
        event.remove(app.engine, "commit", commit)
        event.remove(app.engine, "rollback", rollback)


def _people(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.scalars(select(PersonRow.email).order_by(PersonRow.email)))


def _ada() -> PersonRow:
    return PersonRow(email="ada@example.com", name="Ada", created_at=NOW, updated_at=NOW)


def _add_ada(app: Growpath) -> None:
    with app.uow() as uow:
        uow.session.add(_ada())
        uow.commit()


def test_a_unit_of_work_that_only_read_ends_with_commit(app: Growpath, endings: list[str]) -> None:
    with app.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(PersonRow)) == 0
    assert endings == ["commit"]


def test_a_person_staged_and_not_committed_is_discarded(app: Growpath, endings: list[str]) -> None:
    with app.uow() as uow:
        uow.session.scalar(select(func.count()).select_from(PersonRow))
        uow.session.add(_ada())
    assert endings == ["rollback"]
    assert _people(app.engine) == []


def test_a_change_written_and_not_committed_is_discarded(app: Growpath, endings: list[str]) -> None:
    _add_ada(app)
    endings.clear()
    with app.uow() as uow:
        uow.session.execute(update(PersonRow).values(email="grace@example.com"))
        uow.session.scalar(select(func.count()).select_from(PersonRow))
    assert endings == ["rollback"]
    assert _people(app.engine) == ["ada@example.com"]


def test_a_unit_of_work_that_failed_after_reading_rolls_back(
    app: Growpath, endings: list[str]
) -> None:
    with pytest.raises(LookupError), app.uow() as uow:
        uow.session.scalar(select(func.count()).select_from(PersonRow))
        raise LookupError("the use case refused")
    assert endings == ["rollback"]


def test_a_unit_of_work_that_committed_and_read_again_commits_its_reading(
    app: Growpath, endings: list[str]
) -> None:
    with app.uow() as uow:
        uow.session.add(_ada())
        uow.commit()
        assert uow.session.scalar(select(func.count()).select_from(PersonRow)) == 1
    assert endings == ["commit", "commit"]
    assert _people(app.engine) == ["ada@example.com"]


@pytest.mark.postgres
def test_postgresql_keeps_its_prepared_statements_across_reading_units_of_work(
    postgres_engine: Engine,
) -> None:
    url = postgres_engine.url.render_as_string(hide_password=False)
    # One connection, so every unit of work below runs on the same server session.
    engine = create_database_engine(url, pool_size=1, max_overflow=0)
    try:
        factory = session_factory(engine)
        counting = select(func.count()).select_from(PersonRow).where(PersonRow.name == "Ada")
        # psycopg prepares a statement on its fifth execution in one server session.
        for _ in range(6):
            with UnitOfWork(factory) as uow:
                uow.session.scalar(counting)
        with UnitOfWork(factory) as uow:
            prepared = uow.session.scalars(
                text("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
            ).all()
        assert any("people.name" in statement for statement in prepared), prepared
    finally:
        engine.dispose()
