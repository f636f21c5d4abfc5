"""The engagement page: what the pair does first, confirmed endings, and a read-only finish."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.services import accounts, engagements, goals, sessions
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import Context, operator_context
from tests.conftest import PASSWORD, START, make_account
from tests.e2e.conftest import ADMIN, bearer, log_in_page
from tests.e2e.test_pages_engagement import MENTEE, MENTOR, TOMORROW, Pair
from tests.factories import started_engagement

NEXT_WEEK = START + timedelta(days=7)
CHARTER = {"purpose": "p", "goals": "g", "meeting_frequency": "weekly", "success": "s"}


@pytest.fixture
def busy_pair(seeded: Growpath) -> Pair:
    """Person 17 mentors person 13: one session held with an open action, one next week."""
    ensure_catalogue(operator_context(seeded))
    admin = Context(seeded, accounts.authenticate(seeded, ADMIN, PASSWORD), "test")
    mentee, mentor = make_account(seeded, MENTEE), make_account(seeded, MENTOR)
    pair = Pair(started_engagement(admin, mentee, mentor), mentee, mentor)
    held = sessions.schedule(mentor, pair.engagement_id, START + timedelta(hours=1))
    sessions.hold(
        mentor,
        held.id,
        shared_notes={"goal": "Prepare the design review"},
        actions=[{"description": "Send the pre-read", "owner_person_id": mentee.actor.person_id}],
    )
    sessions.schedule(mentor, pair.engagement_id, NEXT_WEEK, 45, "Room 4")
    goals.add_goal(
        mentee,
        pair.engagement_id,
        {"title": "Lead reviews", "measure": "reviews", "target_value": 2, "due_on": TOMORROW},
    )
    return pair


def _status(pair: Pair) -> str:
    return engagements.get_engagement(pair.mentee, pair.engagement_id).status


def test_the_next_session_and_open_actions_come_first_and_the_lifecycle_last(
    client: TestClient, busy_pair: Pair
) -> None:
    log_in_page(client, MENTEE)
    page = client.get(f"/engagements/{busy_pair.engagement_id}").text
    order = [
        page.index(f">{heading}</h2>")
        for heading in ("Next session", "Open actions", "Goals", "Charter", "Engagement status")
    ]
    assert order == sorted(order)
    next_card = page[order[0] : order[1]]
    assert "Mon 12 Jan 2026" in next_card and "Room 4" in next_card
    assert "invite.ics" in next_card and ">Schedule</button>" in next_card
    assert "Send the pre-read" in page[order[1] : order[2]]
    status = page[order[-1] :]
    assert ">Pause</button>" in status
    assert f'href="/engagements/{busy_pair.engagement_id}/complete">Complete…</a>' in status
    assert f'href="/engagements/{busy_pair.engagement_id}/end-early">End early…</a>' in status


def test_completing_says_what_will_happen_and_acts_only_once_confirmed(
    client: TestClient, busy_pair: Pair
) -> None:
    csrf = log_in_page(client, MENTOR)
    eid = busy_pair.engagement_id
    asked = client.get(f"/engagements/{eid}/complete")
    assert asked.status_code == 200
    assert "Complete the mentoring relationship?" in asked.text
    assert "ends the mentoring relationship today (5 Jan 2026) for both of you" in asked.text
    assert "Your 1 scheduled session from now on is cancelled: Mon 12 Jan 2026" in asked.text
    assert "The open actions (1) stay as they are" in asked.text
    assert "This cannot be undone." in asked.text
    assert 'name="confirm" value="yes"' in asked.text
    assert f'href="/engagements/{eid}">Keep it running</a>' in asked.text

    unconfirmed = client.post(
        f"/engagements/{eid}/transitions", data={"csrf": csrf, "action": "complete"}
    )
    assert (
        unconfirmed.status_code == 200
        and "Complete the mentoring relationship?" in unconfirmed.text
    )
    assert _status(busy_pair) == "active"
    assert [s.status for s in sessions.list_sessions(busy_pair.mentor, eid)] == [
        "held",
        "scheduled",
    ]

    done = client.post(
        f"/engagements/{eid}/transitions",
        data={"csrf": csrf, "action": "complete", "confirm": "yes"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == f"/engagements/{eid}"
    assert _status(busy_pair) == "completed"
    assert [s.status for s in sessions.list_sessions(busy_pair.mentor, eid)] == [
        "held",
        "cancelled",
    ]
    again = client.get(f"/engagements/{eid}/complete")
    assert again.status_code == 409  # nothing left to ask
    said = f"cannot complete engagement {eid}: it is completed, not active or renewed or paused"
    assert said in again.text
    german = client.get(f"/engagements/{eid}/complete", headers={"Accept-Language": "de"})
    assert f"Begleitung {eid} kann nicht abgeschlossen werden" in german.text


def test_ending_early_asks_why_and_keeps_the_reason(client: TestClient, busy_pair: Pair) -> None:
    csrf = log_in_page(client, MENTEE)
    eid = busy_pair.engagement_id
    asked = client.get(f"/engagements/{eid}/end-early")
    assert "End the mentoring relationship early?" in asked.text
    assert '<input class="usa-input" id="reason" name="reason"' in asked.text
    url = f"/engagements/{eid}/transitions"
    blank = client.post(url, data={"csrf": csrf, "action": "end_early", "confirm": "yes"})
    assert blank.status_code == 422
    assert "say why the engagement ends early" in blank.text
    assert _status(busy_pair) == "active"
    typed = client.post(url, data={"csrf": csrf, "action": "end_early", "reason": "New job"})
    assert typed.status_code == 200 and "“New job”" in typed.text
    assert 'type="hidden" name="reason" value="New job"' in typed.text
    assert _status(busy_pair) == "active"
    ended = client.post(
        url, data={"csrf": csrf, "action": "end_early", "reason": "New job", "confirm": "yes"}
    )
    assert "The engagement is now ended early." in ended.text
    assert (
        'This engagement ended early on <time datetime="2026-01-05">5 Jan 2026</time>.'
        in ended.text
    )
    assert "5 Jan 2026</time>: New job" in ended.text


def test_an_admins_confirmation_tells_nothing_of_the_pairs_sessions(
    client: TestClient, busy_pair: Pair
) -> None:
    log_in_page(client, ADMIN)
    asked = client.get(f"/engagements/{busy_pair.engagement_id}/complete")
    assert asked.status_code == 200
    assert "today (5 Jan 2026) for both Person 1" in asked.text
    assert "Any session the pair scheduled from now on is cancelled." in asked.text
    for content in ("12 Jan", "Room 4", "open actions", "Send the pre-read"):
        assert content not in asked.text


def test_a_finished_engagement_shows_no_forms_and_says_what_stays_readable(
    client: TestClient, busy_pair: Pair
) -> None:
    eid = busy_pair.engagement_id
    engagements.change_engagement(busy_pair.mentor, eid, "complete")
    csrf = log_in_page(client, MENTEE)
    page = client.get(f"/engagements/{eid}").text
    assert 'completed on <time datetime="2026-01-05">5 Jan 2026</time>. It is read-only now' in page
    assert "each session's notes" in page and "Lead reviews" in page
    assert "Send the pre-read" in page and "Prepare the design review" not in page
    assert f'action="/engagements/{eid}/' not in page  # no goal, charter, session, rating forms
    assert 'action="/goals/' not in page and 'action="/actions/' not in page
    assert "Add a goal" not in page and "Log it" not in page and "Complete…" not in page
    session_id = sessions.list_sessions(busy_pair.mentee, eid)[0].id
    assert "Prepare the design review" in client.get(f"/sessions/{session_id}").text
    (goal,) = goals.list_goals(busy_pair.mentee, eid)
    refused = client.post(
        f"/engagements/{eid}/goals",
        data={"csrf": csrf, "title": "More", "measure": "m", "target_value": "1"},
    )
    assert refused.status_code == 409
    assert "was completed on 2026-01-05, so it is read-only" in refused.text
    for url, data in (
        (f"/engagements/{eid}/charter", CHARTER),
        (f"/engagements/{eid}/sessions", {"scheduled_at": "2026-02-02T10:00", "timezone": "UTC"}),
        (f"/engagements/{eid}/ratings", {"competency_key": "feedback", "rating": "3"}),
        (f"/goals/{goal.id}/status", {"status": "met"}),
    ):
        assert client.post(url, data={"csrf": csrf, **data}).status_code == 409, url
    assert goals.list_goals(busy_pair.mentee, eid) == [goal]
    assert goals.get_charter(busy_pair.mentee, eid)["purpose"] == ""
    assert len(sessions.list_sessions(busy_pair.mentee, eid)) == 2
    assert goals.engagement_growth(busy_pair.mentee, eid) == []


def test_the_api_refuses_writes_to_a_finished_engagement(
    client: TestClient, busy_pair: Pair
) -> None:
    eid = busy_pair.engagement_id
    engagements.change_engagement(busy_pair.mentor, eid, "end_early", reason="moved on")
    mentee = bearer(client, MENTEE)
    goal = {"title": "More", "measure": "m", "target_value": 1, "due_on": "2026-02-01"}
    refused = client.post(f"/api/v1/engagements/{eid}/goals", headers=mentee, json=goal)
    assert refused.status_code == 409
    assert "ended early on 2026-01-05, so it is read-only" in refused.json()["detail"]
    session = {"scheduled_at": "2026-02-02T10:00:00Z"}
    scheduled = client.post(f"/api/v1/engagements/{eid}/sessions", headers=mentee, json=session)
    assert scheduled.status_code == 409
    assert [g.title for g in goals.list_goals(busy_pair.mentee, eid)] == ["Lead reviews"]
    assert len(sessions.list_sessions(busy_pair.mentee, eid)) == 2
