"""Whole journeys through the API only: triage → enrolment → match → engagement → completion."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.services import accounts
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import operator_context
from tests.conftest import PASSWORD
from tests.e2e.conftest import bearer
from tests.mailbox import mailed_token

GOALS = "Become a confident first-time manager: feedback, delegation and running one-to-ones."


@pytest.fixture
def catalogue(seeded: Growpath) -> Growpath:
    """The seeded organisation with the competency framework installed."""
    ensure_catalogue(operator_context(seeded))
    accounts.create_account(seeded, "person10@example.com", {Role.PARTICIPANT}, PASSWORD)
    accounts.create_account(seeded, "person13@example.com", {Role.PARTICIPANT}, PASSWORD)
    accounts.create_account(seeded, "person17@example.com", {Role.PARTICIPANT}, PASSWORD)
    return seeded


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def _walk(
    client: TestClient,
    admin: dict[str, str],
    template: str,
    participant: str,
    guide: str,
    answers: dict[str, str],
    participant_role: str,
    guide_body: dict[str, Any],
    expected: str,
) -> None:
    seeker, helper = bearer(client, participant), bearer(client, guide)
    program = _ok(
        client.post(
            "/api/v1/programs",
            headers=admin,
            json={"template": template, "name": f"{template} cohort"},
        ),
        201,
    )
    _ok(
        client.post(
            f"/api/v1/programs/{program['id']}/status", headers=admin, json={"status": "open"}
        )
    )
    result = _ok(client.post("/api/v1/triage", headers=seeker, json={"answers": answers}))
    assert result["recommendation"] in (expected, "both")
    assert result["reasons"]
    assert program["id"] in {p["id"] for p in result["programs"]}
    _ok(
        client.post(
            f"/api/v1/programs/{program['id']}/enrolments",
            headers=seeker,
            json={
                "role": participant_role,
                "goals": GOALS,
                "desired_competencies": ["feedback", "delegation"],
            },
        ),
        201,
    )
    _ok(
        client.post(
            f"/api/v1/programs/{program['id']}/enrolments", headers=helper, json=guide_body
        ),
        201,
    )
    run = _ok(
        client.post(f"/api/v1/programs/{program['id']}/match-runs", headers=admin, json={}), 201
    )
    assert len(run["proposals"]) == 1 and run["certified_optimal"]
    proposal = run["proposals"][0]
    assert proposal["explanation"]["contributions"]
    _ok(client.post(f"/api/v1/match-runs/{run['id']}/approve", headers=admin, json={}))
    (mine,) = _ok(client.get("/api/v1/me/proposals", headers=seeker))
    assert mine["status"] == "approved"
    _ok(
        client.post(
            f"/api/v1/proposals/{proposal['id']}/response", headers=seeker, json={"accept": True}
        )
    )
    accepted = _ok(
        client.post(
            f"/api/v1/proposals/{proposal['id']}/response", headers=helper, json={"accept": True}
        )
    )
    assert accepted["status"] == "accepted"
    (engagement,) = _ok(client.get("/api/v1/me/engagements", headers=seeker))
    path = f"/api/v1/engagements/{engagement['id']}/transitions"
    for action in ("start", "pause", "resume"):
        _ok(client.post(path, headers=helper, json={"action": action}))
    refused = client.post(path, headers=seeker, json={"action": "start"})
    assert refused.status_code == 409
    assert "it is active" in refused.json()["detail"]
    done = _ok(client.post(path, headers=seeker, json={"action": "complete"}))
    assert done["status"] == "completed"


def test_a_coaching_engagement_from_triage_to_completion(
    catalogue: Growpath, client: TestClient, admin_headers: dict[str, str]
) -> None:
    # First-time managers admits levels 5–7: person 10 is at level 5.
    _walk(
        client,
        admin_headers,
        "first-time-managers",
        "person10@example.com",
        "person17@example.com",
        {
            "need": "behaviour",
            "transition": "new_manager",
            "support": "questions",
            "network": "little",
        },
        "coachee",
        {
            "role": "coach",
            "capacity": 2,
            "focus_areas": ["feedback", "delegation"],
            "certifications": ["ICF ACC"],
        },
        "coaching",
    )


def test_a_mentoring_relationship_from_triage_to_completion(
    catalogue: Growpath, client: TestClient, admin_headers: dict[str, str]
) -> None:
    _walk(
        client,
        admin_headers,
        "traditional-mentoring",
        "person13@example.com",
        "person17@example.com",
        {"need": "career", "transition": "new_role", "support": "advice", "network": "much"},
        "mentee",
        {"role": "mentor", "capacity": 1, "expertise": ["career growth"]},
        "mentoring",
    )


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", "/api/v1/programs", {"name": "x", "kind": "therapy"}, 422),
        ("POST", "/api/v1/programs", {"template": "astronauts"}, 404),
        ("POST", "/api/v1/programs/999/status", {"status": "open"}, 404),
        ("POST", "/api/v1/programs/999/match-runs", {}, 404),
        ("POST", "/api/v1/match-runs/999/approve", {}, 404),
        ("POST", "/api/v1/proposals/999/response", {"accept": True}, 404),
        ("POST", "/api/v1/engagements/999/transitions", {"action": "start"}, 404),
        ("POST", "/api/v1/engagements/1/transitions", {"action": "explode"}, 422),
        ("POST", "/api/v1/triage", {"answers": {"need": "money"}}, 422),
    ],
)
def test_bad_requests_answer_4xx_with_a_message(
    catalogue: Growpath,
    client: TestClient,
    admin_headers: dict[str, str],
    method: str,
    path: str,
    body: dict[str, Any],
    status: int,
) -> None:
    response = client.request(method, path, headers=admin_headers, json=body)
    assert response.status_code == status, response.text
    assert response.json()["detail"]


def test_a_participant_cannot_create_programs_or_run_matching(
    catalogue: Growpath, client: TestClient, participant_headers: dict[str, str]
) -> None:
    created = client.post(
        "/api/v1/programs", headers=participant_headers, json={"template": "flash-mentoring"}
    )
    assert created.status_code == 403
    assert (
        client.post(
            "/api/v1/programs/1/match-runs", headers=participant_headers, json={}
        ).status_code
        == 403
    )


def test_an_external_coach_gets_an_account_and_enrols(
    catalogue: Growpath, client: TestClient, admin_headers: dict[str, str]
) -> None:
    person = client.post(
        "/api/v1/people",
        headers=admin_headers,
        json={"email": "coach@outside.example", "name": "Olu External", "is_external": True},
    )
    assert person.status_code == 201 and person.json()["is_external"]
    invitation = _ok(
        client.post(
            "/api/v1/invitations", headers=admin_headers, json={"email": "coach@outside.example"}
        ),
        201,
    )
    assert invitation["status"] == "pending"
    # The coach reads the link in their own mailbox and chooses their password with it.
    link = mailed_token(catalogue, "coach@outside.example", "/invitations")
    token = _ok(
        client.post(
            "/api/v1/auth/invitation", json={"token": link, "password": "coach-chose-this-9"}
        ),
        201,
    )
    coach = {"Authorization": f"Bearer {token['access_token']}"}
    program = _ok(
        client.post("/api/v1/programs", headers=admin_headers, json={"template": "senior-leaders"}),
        201,
    )
    _ok(
        client.post(
            f"/api/v1/programs/{program['id']}/status",
            headers=admin_headers,
            json={"status": "open"},
        )
    )
    enrolled = _ok(
        client.post(
            f"/api/v1/programs/{program['id']}/enrolments",
            headers=coach,
            json={"role": "coach", "capacity": 3, "focus_areas": ["executive presence"]},
        ),
        201,
    )
    assert enrolled["role"] == "coach"
    again = client.post(
        "/api/v1/invitations", headers=admin_headers, json={"email": "coach@outside.example"}
    )
    assert again.status_code == 409


def test_only_an_org_admin_invites_people(
    catalogue: Growpath, client: TestClient, participant_headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/invitations", headers=participant_headers, json={"email": "x@example.com"}
    )
    assert response.status_code == 403
