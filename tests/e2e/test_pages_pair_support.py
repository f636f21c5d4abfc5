"""Admins act on the health board: nudge a pair, write to it, end it to re-match its mentee."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from growpath.adapters.clock import FixedClock
from growpath.adapters.orm import AuditEventRow, EngagementRow, EnrolmentRow, NudgeRow
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.services import enrolment, matching, programs
from growpath.services.context import operator_context
from tests.conftest import make_account
from tests.e2e.conftest import ADMIN, PARTICIPANT, csrf_of, log_in_page
from tests.factories import started_engagement

MENTEE, MENTOR = "person13@example.com", "person17@example.com"


@pytest.fixture
def pair(seeded: Growpath, clock: FixedClock) -> int:
    """A mentoring pair started six weeks ago that has not met since: at risk."""
    mentee = make_account(seeded, MENTEE)
    mentor = make_account(seeded, MENTOR)
    engagement_id = started_engagement(operator_context(seeded), mentee, mentor)
    clock.advance(timedelta(days=42))
    return engagement_id


def _outbox(app: Growpath) -> list[tuple[str, str, str, str]]:
    with app.uow() as uow:
        rows = uow.session.scalars(select(NudgeRow).order_by(NudgeRow.id)).all()
        return [(n.kind, n.recipient_email, n.subject, n.body) for n in rows]


def _status(app: Growpath, engagement_id: int) -> str:
    with app.uow() as uow:
        row = uow.session.get(EngagementRow, engagement_id)
        assert row is not None
        return row.status


def _audited(app: Growpath, action: str) -> int:
    with app.uow() as uow:
        return len(
            uow.session.scalars(select(AuditEventRow).where(AuditEventRow.action == action)).all()
        )


def _board_csrf(client: TestClient) -> str:
    return csrf_of(client.get("/admin/programs/1/health").text.split("<main")[1])


def test_the_board_offers_each_pair_at_risk_its_actions(client: TestClient, pair: int) -> None:
    log_in_page(client, ADMIN)
    board = client.get("/admin/programs/1/health").text
    assert "<summary>Act on this pair" in board
    for action in ("nudge", "message", "rematch"):
        assert f'action="/admin/engagements/{pair}/{action}"' in board
    assert f'href="/engagements/{pair}#state-heading"' in board
    assert 'name="confirm" value="yes" required' in board


def test_an_admin_nudges_a_pair_once_a_day(seeded: Growpath, client: TestClient, pair: int) -> None:
    log_in_page(client, ADMIN)
    csrf = _board_csrf(client)
    before = len(_outbox(seeded))
    nudged = client.post(f"/admin/engagements/{pair}/nudge", data={"csrf": csrf})
    assert nudged.status_code == 200
    assert "Nudged Person 17 and Person 13 by e-mail." in nudged.text
    sent = _outbox(seeded)[before:]
    assert {email for _, email, _, _ in sent} == {MENTEE, MENTOR}
    assert all(kind.startswith("health.") for kind, _, _, _ in sent)
    assert all(f"/engagements/{pair}" in body for _, _, _, body in sent)
    again = client.post(f"/admin/engagements/{pair}/nudge", data={"csrf": csrf})
    assert "Nothing sent" in again.text
    assert len(_outbox(seeded)) == before + 2
    assert _audited(seeded, "engagement.nudged") == 2


def test_an_admin_writes_to_both_members_and_the_audit_keeps_no_text(
    seeded: Growpath, client: TestClient, pair: int
) -> None:
    log_in_page(client, ADMIN)
    csrf = _board_csrf(client)
    sent = client.post(
        f"/admin/engagements/{pair}/message",
        data={"csrf": csrf, "message": "Shall we find you a slot next week?"},
    )
    assert sent.status_code == 200
    assert "Your message is on its way to Person 17 and Person 13." in sent.text
    messages = [m for m in _outbox(seeded) if m[0] == "admin.message"]
    assert {email for _, email, _, _ in messages} == {MENTEE, MENTOR}
    assert all("Shall we find you a slot next week?" in body for *_, body in messages)
    assert all(ADMIN in body for *_, body in messages)
    with seeded.uow() as uow:
        event = uow.session.scalars(
            select(AuditEventRow).where(AuditEventRow.action == "engagement.messaged")
        ).one()
        assert "slot" not in str(event.detail)


def test_an_empty_message_is_named_and_nothing_is_sent(
    seeded: Growpath, client: TestClient, pair: int
) -> None:
    log_in_page(client, ADMIN)
    before = _outbox(seeded)
    refused = client.post(
        f"/admin/engagements/{pair}/message", data={"csrf": _board_csrf(client), "message": "  "}
    )
    assert refused.status_code == 422
    assert '<a href="#message">Message: write the message to send</a>' in refused.text
    assert 'id="message"' in refused.text and "Nothing was sent or changed yet." in refused.text
    assert _outbox(seeded) == before


def test_re_matching_without_confirming_changes_nothing(
    seeded: Growpath, client: TestClient, pair: int
) -> None:
    log_in_page(client, ADMIN)
    refused = client.post(
        f"/admin/engagements/{pair}/rematch",
        data={"csrf": _board_csrf(client), "reason": "not a good fit"},
    )
    assert refused.status_code == 422
    assert "tick the box to confirm that the engagement ends" in refused.text
    assert 'value="not a good fit"' in refused.text
    assert _status(seeded, pair) == "active"


def test_re_matching_ends_the_pair_and_the_mentee_is_matched_again(
    seeded: Growpath, client: TestClient, pair: int
) -> None:
    operator = operator_context(seeded)
    other_mentor = make_account(seeded, "person18@example.com")
    enrolment.enrol(other_mentor, 1, "mentor", {"capacity": 1, "expertise": ["go"]})
    log_in_page(client, ADMIN)
    ended = client.post(
        f"/admin/engagements/{pair}/rematch",
        data={"csrf": _board_csrf(client), "reason": "not a good fit", "confirm": "yes"},
    )
    assert ended.status_code == 200
    assert "Person 13 will be matched again in the next match run." in ended.text
    assert _status(seeded, pair) == "ended_early"
    assert _audited(seeded, "engagement.rematch") == 1
    run = matching.run_matching(operator, 1)
    assert [(p.mentee_name, p.mentor_name) for p in run.proposals] == [("Person 13", "Person 18")]


def test_re_matching_a_withdrawn_mentee_is_refused_and_changes_nothing(
    seeded: Growpath, client: TestClient, pair: int
) -> None:
    with seeded.uow() as uow:
        for row in uow.session.scalars(select(EnrolmentRow).where(EnrolmentRow.role == "mentee")):
            row.status = "withdrawn"
        uow.commit()
    log_in_page(client, ADMIN)
    refused = client.post(
        f"/admin/engagements/{pair}/rematch",
        data={"csrf": _board_csrf(client), "confirm": "yes"},
    )
    assert refused.status_code == 409
    assert "end the engagement instead" in refused.text
    assert _status(seeded, pair) == "active"


@pytest.mark.parametrize("action", ["nudge", "message", "rematch"])
def test_only_an_admin_of_the_pairs_program_may_act_on_it(
    seeded: Growpath, client: TestClient, pair: int, action: str
) -> None:
    outsider = make_account(seeded, "person19@example.com", Role.PROGRAM_ADMIN)
    programs.create_from_template(outsider, "flash-mentoring", name="Elsewhere")
    before = _outbox(seeded)
    for email in (PARTICIPANT, MENTEE, "person19@example.com"):
        csrf = log_in_page(client, email)
        data = {"csrf": csrf, "message": "hello", "confirm": "yes"}
        for engagement_id in (pair, 99999):
            answer = client.post(f"/admin/engagements/{engagement_id}/{action}", data=data)
            assert answer.status_code == 403, (email, answer.text)
        client.post("/logout", data={"csrf": csrf})
    assert _outbox(seeded) == before
    assert _status(seeded, pair) == "active"
