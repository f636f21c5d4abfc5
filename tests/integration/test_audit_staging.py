"""Audit events are staged on the unit of work and written together when it commits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select

from growpath.adapters.orm import AuditEventRow
from growpath.bootstrap import Growpath
from growpath.domain.audit import DENIED
from tests.conftest import make_account

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def _trail(app: Growpath) -> list[tuple[str, str, str, str]]:
    with app.engine.connect() as connection:
        rows = connection.execute(
            select(
                AuditEventRow.action,
                AuditEventRow.target_id,
                AuditEventRow.source_address,
                AuditEventRow.outcome,
            ).order_by(AuditEventRow.id)
        )
        return [(a, t, s, o) for a, t, s, o in rows]


def test_events_of_a_committed_use_case_are_written_in_one_insert(app: Growpath) -> None:
    inserts: list[str] = []

    def record(_c: object, _cur: object, statement: str, *_: object) -> None:
        if statement.startswith("INSERT INTO audit_events"):
            inserts.append(statement)

    event.listen(app.engine, "before_cursor_execute", record)
    try:
        with app.uow() as uow:
            for target in ("1", "2", "3"):
                uow.audit.record(NOW, None, "goals.read", "engagement", target, "10.0.0.1")
            uow.commit()
    finally:
        event.remove(app.engine, "before_cursor_execute", record)
    assert len(inserts) == 1
    assert _trail(app) == [
        ("goals.read", "1", "10.0.0.1", "allowed"),
        ("goals.read", "2", "10.0.0.1", "allowed"),
        ("goals.read", "3", "10.0.0.1", "allowed"),
    ]


def test_many_events_are_written_in_batches_with_their_times_and_details(
    app: Growpath,
) -> None:
    inserts: list[str] = []

    def record(_c: object, _cur: object, statement: str, *_: object) -> None:
        if statement.startswith("INSERT INTO audit_events"):
            inserts.append(statement)

    times = [NOW + timedelta(seconds=n) for n in range(250)]
    event.listen(app.engine, "before_cursor_execute", record)
    try:
        # Twice: the second use case runs the statements compiled by the first.
        for _ in range(2):
            with app.uow() as uow:
                for number, at in enumerate(times):
                    detail = {"n": number, "name": "Zoë"}
                    uow.audit.record(
                        at, None, "people.import", "row", str(number), "", DENIED, detail
                    )
                uow.commit()
    finally:
        event.remove(app.engine, "before_cursor_execute", record)
    # 100, 100 and 50 rows a statement, each use case.
    assert len(inserts) == 6
    with app.uow() as uow:
        found = uow.session.execute(
            select(
                AuditEventRow.at,
                AuditEventRow.target_id,
                AuditEventRow.outcome,
                AuditEventRow.detail,
            ).order_by(AuditEventRow.id)
        ).all()
    expected = [(at, str(n), DENIED, {"n": n, "name": "Zoë"}) for n, at in enumerate(times)]
    assert [tuple(row) for row in found] == expected * 2


def test_events_of_a_use_case_that_did_not_commit_are_discarded(app: Growpath) -> None:
    with app.uow() as uow:
        uow.audit.record(NOW, None, "goals.read", "engagement", "1")
    with pytest.raises(LookupError), app.uow() as uow:
        uow.audit.record(NOW, None, "goals.read", "engagement", "2")
        raise LookupError("refused after recording")
    with app.uow() as uow:
        uow.audit.record(NOW, None, "goals.read", "engagement", "3")
        uow.rollback()
        uow.audit.record(NOW, None, "goals.read", "engagement", "4")
        uow.commit()
    assert [target for _, target, _, _ in _trail(app)] == ["4"]


def test_erasing_a_person_pseudonymises_events_staged_beside_it(app: Growpath) -> None:
    user_id = make_account(app, "ada@example.com").actor.user_id
    with app.uow() as uow:
        uow.audit.record(NOW, user_id, "login", "user", "ada@example.com", "10.0.0.9", DENIED)
        uow.audit.pseudonymise(["ada@example.com"], "erased-1", user_id)
        uow.commit()
    assert ("login", "erased-1", "", "denied") in _trail(app)
    assert not [event for event in _trail(app) if "ada@example.com" in event]
