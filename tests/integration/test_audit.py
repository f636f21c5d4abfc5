"""The audit trail records who did what, and only an organisation admin reads it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.exc import StatementError

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import (
    AuthenticationFailed,
    InvalidInput,
    PermissionDenied,
    TooManyAttempts,
)
from growpath.entrypoints.app import create_app
from growpath.services import (
    accounts,
    audit,
    engagement_page,
    engagements,
    enrolment,
    goals,
    guides,
    health,
    sessions,
)
from growpath.services.context import Context
from growpath.services.people_import import import_people
from tests.conftest import PASSWORD, make_account
from tests.factories import csv_bytes, org_rows
from tests.integration.conftest import Pair
from tests.second_factor import next_code


def test_logins_imports_and_denials_are_recorded_and_filtered(
    app: Growpath, clock: FixedClock
) -> None:
    admin = make_account(app, "root@example.com", Role.ORG_ADMIN)
    import_people(admin, csv_bytes(org_rows(3)), "people.csv")
    clock.advance(timedelta(minutes=5))
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(app, "root@example.com", "wrong-password-123")
    events = audit.query_audit(admin)
    assert [e.action for e in events][:3] == ["login", "people.import", "login"]
    assert events[0].outcome == "denied"
    assert events[1].actor_email == "root@example.com"
    denied = audit.query_audit(admin, outcome="denied")
    assert all(e.outcome == "denied" for e in denied) and denied
    recent = audit.query_audit(admin, action="login", since=clock.now() - timedelta(minutes=1))
    assert [e.outcome for e in recent] == ["denied"]
    assert audit.query_audit(admin, action="audit.")[0].action == "audit.read"


def test_only_an_org_admin_reads_the_trail(app: Growpath) -> None:
    with pytest.raises(PermissionDenied):
        audit.query_audit(make_account(app, "padmin@example.com", Role.PROGRAM_ADMIN))


def test_a_bad_audit_query_names_the_field(app: Growpath) -> None:
    admin = make_account(app, "root@example.com", Role.ORG_ADMIN)
    with pytest.raises(InvalidInput, match="limit"):
        audit.query_audit(admin, limit=0)


def test_many_failed_logins_from_one_address_slow_it_down(app: Growpath) -> None:
    make_account(app, "real@example.com")
    for n in range(accounts.MAX_FAILURES_PER_ADDRESS):
        with pytest.raises(AuthenticationFailed):
            accounts.authenticate(
                app, f"guess{n}@example.com", "wrong-password-1", source_address="203.0.113.9"
            )
    with pytest.raises(TooManyAttempts):
        accounts.authenticate(app, "real@example.com", PASSWORD, source_address="203.0.113.9")
    assert (
        accounts.authenticate(
            app, "real@example.com", PASSWORD, source_address="198.51.100.7"
        ).email
        == "real@example.com"
    )


def test_an_insider_cannot_read_confidential_data_unrecorded(
    app: Growpath, running_pair: Pair, clock: FixedClock
) -> None:
    """Attack 16: reads of goals, charter, growth, guide, actions, sessions, the .ics, the
    health board and enrolment lists each leave an audit event naming the reader."""
    pair, engagement_id = running_pair, running_pair.engagement_id
    session = sessions.schedule(pair.mentor, engagement_id, clock.now() + timedelta(days=2))
    reads: list[tuple[Context, Callable[[], object], str]] = [
        (pair.mentee, lambda: goals.list_goals(pair.mentee, engagement_id), "goals.read"),
        (pair.mentee, lambda: goals.get_charter(pair.mentee, engagement_id), "charter.read"),
        (pair.mentor, lambda: goals.engagement_growth(pair.mentor, engagement_id), "growth.read"),
        (pair.mentor, lambda: guides.conversation_guide(pair.mentor, engagement_id), "guide.read"),
        (pair.mentee, lambda: sessions.open_actions(pair.mentee, engagement_id), "actions.read"),
        (pair.mentee, lambda: sessions.list_sessions(pair.mentee, engagement_id), "sessions.read"),
        (pair.mentor, lambda: sessions.get_session(pair.mentor, session.id), "sessions.read"),
        (pair.mentor, lambda: sessions.invite(pair.mentor, session.id), "invite.read"),
        (pair.admin, lambda: health.program_health(pair.admin, _program_of(pair)), "health.read"),
        (
            pair.admin,
            lambda: enrolment.list_enrolments(pair.admin, _program_of(pair)),
            "enrolments.read",
        ),
    ]
    root = make_account(app, "root@example.com", Role.ORG_ADMIN)
    for reader, read, action in reads:
        read()
        latest = audit.query_audit(root, action=action, limit=1)[0]
        assert (latest.actor_email, latest.outcome) == (reader.actor.email, "allowed"), action


def test_the_engagement_page_records_each_read_it_shows_in_one_transaction(
    app: Growpath, running_pair: Pair
) -> None:
    """Attack 16: the page reads in one unit of work, and still records every read."""
    root = make_account(app, "root@example.com", Role.ORG_ADMIN)
    page = engagement_page.engagement_page(running_pair.mentee, running_pair.engagement_id)
    assert page.work is not None and page.work.charter is not None
    shown = ["goals.read", "charter.read", "sessions.read", "actions.read", "growth.read"]
    for action in [*shown, "guide.read"]:
        (latest,) = audit.query_audit(root, action=action, limit=1)
        assert (latest.actor_email, latest.target_id) == (
            running_pair.mentee.actor.email,
            str(running_pair.engagement_id),
        ), action


def test_the_engagement_page_shows_an_admin_its_state_and_records_no_read(
    app: Growpath, running_pair: Pair
) -> None:
    root = make_account(app, "root@example.com", Role.ORG_ADMIN)
    page = engagement_page.engagement_page(running_pair.admin, running_pair.engagement_id)
    assert page.work is None and page.engagement.id == running_pair.engagement_id
    assert audit.query_audit(root, action="goals.read") == []


def test_the_engagement_page_fails_when_its_reads_cannot_be_recorded(
    app: Growpath, running_pair: Pair
) -> None:
    """Attack 16: no audit entry, no content: the page's reads fail with their entries."""

    def refuse(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO AUDIT_EVENTS"):
            raise RuntimeError("the audit trail cannot be written")

    event.listen(app.engine, "before_cursor_execute", refuse)
    try:
        # Raised as it is, or wrapped by SQLAlchemy as a statement's error (the events run as
        # compiled on the cursor, as the page's reads do).
        with pytest.raises((RuntimeError, StatementError), match="audit trail"):
            engagement_page.engagement_page(running_pair.mentee, running_pair.engagement_id)
    finally:
        event.remove(app.engine, "before_cursor_execute", refuse)


def test_a_refused_read_is_recorded(app: Growpath, running_pair: Pair) -> None:
    """Attack 16: a refusal is recorded as well as a read (here through the web app)."""
    root = make_account(app, "root@example.com", Role.ORG_ADMIN)
    client = TestClient(create_app(app))
    token = client.post(
        "/api/v1/auth/token",
        json={
            "email": "admin@example.com",
            "password": PASSWORD,
            "code": next_code(app, "admin@example.com"),
        },
    ).json()["access_token"]
    answer = client.get(
        f"/api/v1/engagements/{running_pair.engagement_id}/goals",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 404
    (denied,) = audit.query_audit(root, action="access.denied", limit=1)
    assert denied.actor_email == "admin@example.com"
    assert denied.target_id.endswith(f"/engagements/{running_pair.engagement_id}/goals")


def _program_of(pair: Pair) -> int:
    return engagements.get_engagement(pair.mentee, pair.engagement_id).program_id
