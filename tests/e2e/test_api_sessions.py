"""Sessions, notes and goals through the API: the pair reads notes, nobody else does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.services import accounts
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import operator_context
from tests.conftest import START, make_account
from tests.e2e.conftest import bearer
from tests.factories import started_engagement


@pytest.fixture
def engagement_id(seeded: Growpath) -> int:
    """A started mentoring relationship between person 13 and person 17."""
    ensure_catalogue(operator_context(seeded))
    admin = make_account(seeded, "padmin@example.com", Role.PROGRAM_ADMIN)
    mentee = make_account(seeded, "person13@example.com")
    mentor = make_account(seeded, "person17@example.com")
    engagement = started_engagement(admin, mentee, mentor)
    accounts.create_account(
        seeded, "person3@example.com", {Role.PARTICIPANT}, "correct-horse-battery-9"
    )
    return engagement


def test_the_pair_schedules_holds_and_reads_a_session_others_cannot(
    client: TestClient, engagement_id: int, admin_headers: dict[str, str]
) -> None:
    mentee, mentor = bearer(client, "person13@example.com"), bearer(client, "person17@example.com")
    when = (START + timedelta(days=3)).isoformat()
    created = client.post(
        f"/api/v1/engagements/{engagement_id}/sessions",
        headers=mentee,
        json={"scheduled_at": when, "duration_minutes": 45},
    )
    assert created.status_code == 201, created.text
    session_id = created.json()["id"]
    ics = client.get(f"/api/v1/sessions/{session_id}/invite.ics", headers=mentor)
    assert ics.headers["content-type"].startswith("text/calendar")
    assert Calendar.from_ical(ics.content).walk("VEVENT")
    held = client.post(
        f"/api/v1/sessions/{session_id}/hold",
        headers=mentor,
        json={
            "shared_notes": {"goal": "Lead the review", "will": "Pre-read"},
            "private_notes": {"reality": "nervous"},
            "themes": ["communication"],
        },
    )
    assert held.status_code == 200, held.text
    notes = client.get(f"/api/v1/sessions/{session_id}/notes", headers=mentee).json()
    assert notes["shared"][0]["goal"] == "Lead the review" and notes["private"] == []
    for outsider in (admin_headers, bearer(client, "person3@example.com")):
        assert (
            client.get(f"/api/v1/sessions/{session_id}/notes", headers=outsider).status_code == 404
        )
    again = client.post(f"/api/v1/sessions/{session_id}/hold", headers=mentor, json={})
    assert again.status_code == 409


def test_a_naive_session_time_and_a_bad_goal_answer_422(
    client: TestClient, engagement_id: int
) -> None:
    mentee = bearer(client, "person13@example.com")
    naive = client.post(
        f"/api/v1/engagements/{engagement_id}/sessions",
        headers=mentee,
        json={"scheduled_at": "2026-05-04T10:00:00"},
    )
    assert naive.status_code == 422
    assert naive.json()["problems"][0]["field"] == "scheduled_at"
    goal = client.post(
        f"/api/v1/engagements/{engagement_id}/goals", headers=mentee, json={"title": "Be better"}
    )
    assert goal.status_code == 422
    assert {"measure", "target_value", "due_on"} <= {p["field"] for p in goal.json()["problems"]}


def test_a_stranger_learns_nothing_of_a_session_or_goal_that_exists(
    client: TestClient, engagement_id: int
) -> None:
    mentee, stranger = bearer(client, "person13@example.com"), bearer(client, "person3@example.com")
    when = (START + timedelta(days=3)).isoformat()
    session_id = client.post(
        f"/api/v1/engagements/{engagement_id}/sessions", headers=mentee, json={"scheduled_at": when}
    ).json()["id"]
    goal_id = client.post(
        f"/api/v1/engagements/{engagement_id}/goals",
        headers=mentee,
        json={
            "title": "Run a review",
            "measure": "reviews",
            "baseline_value": 0,
            "target_value": 3,
            "due_on": (START + timedelta(days=60)).date().isoformat(),
        },
    ).json()["id"]
    missing = 999_999
    asks: dict[str, list[tuple[str, str, dict[str, object] | None]]] = {
        "session": [
            ("POST", "/api/v1/sessions/{}/hold", {}),
            ("POST", "/api/v1/sessions/{}/reschedule", {"scheduled_at": when}),
            ("POST", "/api/v1/sessions/{}/cancel", {}),
            ("GET", "/api/v1/sessions/{}/notes", None),
            ("GET", "/api/v1/sessions/{}/invite.ics", None),
        ],
        "goal": [
            (
                "POST",
                "/api/v1/goals/{}/measurements",
                {"value": 1, "measured_on": START.date().isoformat()},
            ),
            ("POST", "/api/v1/goals/{}/status", {"status": "met"}),
        ],
    }
    for thing, existing in (("session", session_id), ("goal", goal_id)):
        for method, path, body in asks[thing]:
            answers = [
                client.request(method, path.format(i), headers=stranger, json=body)
                for i in (existing, missing)
            ]
            # The same answer as for an id nobody has, naming only the id asked for: not the
            # engagement, which would say the session exists and whose it is.
            for answer, asked in zip(answers, (existing, missing), strict=True):
                assert answer.status_code == 404, (path, answer.text)
                assert answer.json()["detail"] == f"no {thing} with id {asked}", path
    held = client.post(f"/api/v1/sessions/{session_id}/hold", headers=mentee, json={})
    assert held.status_code == 200, held.text
