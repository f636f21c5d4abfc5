"""Column reads on the session's connection see what the unit of work staged, as the ORM's do."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import bindparam, select

from growpath.adapters.orm import PersonRow
from growpath.adapters.repositories.base import column_rows
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
