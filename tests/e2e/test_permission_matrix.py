"""Every route, every role: the answer the permission matrix promises (allowed, 403 or 404)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath, bootstrap
from growpath.entrypoints.app import create_app
from growpath.entrypoints.permissions import ROUTE_RULES, Rule, app_routes, markdown
from tests.conftest import START
from tests.factories import csv_bytes, org_rows
from tests.role_world import World, seed_world, world_settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
# program_admin administers the world's program; other_admin administers another program only.
ROLES = (
    "anonymous",
    "participant",
    "guide",
    "manager",
    "outsider",
    "program_admin",
    "other_admin",
    "org_admin",
)
ALLOWED: dict[Rule, set[str]] = {
    Rule.PUBLIC: set(ROLES),
    Rule.LOGIN: set(ROLES) - {"anonymous"},
    Rule.ADMIN: {"program_admin", "other_admin", "org_admin"},
    Rule.PROGRAM_ADMIN: {"program_admin", "org_admin"},
    Rule.ORG_ADMIN: {"org_admin"},
    Rule.OWNER: {"participant", "program_admin", "org_admin"},
    Rule.PARTY: {"participant", "guide"},
    Rule.MEMBER: {"participant", "guide", "program_admin", "org_admin"},
    Rule.PAIR: {"participant", "guide"},
    Rule.RATER: {"participant", "guide", "manager"},
    Rule.MANAGER: {"manager"},
    Rule.FORM: set(),
    Rule.SELF: {"participant"},
    Rule.SCIM: set(),
    Rule.TRIAD: {"participant", "guide"},
    Rule.TRIAD_ROUND: {"participant", "guide", "program_admin", "org_admin"},
    Rule.GUIDE: {"guide"},
    Rule.AUTHOR: {"guide"},
}
# SCIM paths name things the world has no id for; any value does, as every role gets 401.
SCIM_IDS = {"resource_type_id": "User", "schema_id": "User", "group_id": 1}
# A shipped learning module every role may read.
MODULE_IDS = {"slug": "grow-model"}
DENIED_WITH = {
    Rule.ADMIN: 403,
    Rule.PROGRAM_ADMIN: 403,
    Rule.ORG_ADMIN: 403,
    Rule.FORM: 403,
    Rule.GUIDE: 403,
    Rule.AUTHOR: 403,
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """Seed a program, a running engagement with a held session, a goal and a charter."""
    return seed_world(tmp_path_factory.mktemp("matrix") / "world.db")


def _bodies(ids: dict[str, Any]) -> dict[str, Any]:
    later = (START + timedelta(days=3)).isoformat()
    return {
        "POST /api/v1/auth/token": {"email": "nobody@example.com", "password": "x" * 12},
        "POST /api/v1/me/password": {"current_password": "x", "new_password": "y"},
        "POST /api/v1/invitations": {"email": "fresh@example.com"},
        "POST /api/v1/accounts/{user_id}/deactivate": {},
        "POST /api/v1/accounts/{user_id}/reactivate": {},
        "POST /api/v1/auth/invitation": {"token": "not-a-token", "password": "a long password 1"},
        "POST /api/v1/auth/password-reset": {"email": "person13@example.com"},
        "POST /api/v1/auth/password-reset/confirm": {
            "token": "not-a-token",
            "new_password": "a long password 1",
        },
        "POST /api/v1/me/email": {"new_email": "fresh@example.com"},
        "POST /api/v1/me/email/confirm": {"token": "not-a-token"},
        "POST /api/v1/people": {"email": "fresh@example.com", "name": "Fresh"},
        "PATCH /api/v1/people/{person_id}": {"title": "Lead"},
        "PUT /api/v1/people/import/mapping": {"columns": {"Work Email": "email", "Name": "name"}},
        "PATCH /api/v1/me/profile": {"bio": "I build payment systems."},
        "POST /api/v1/programs": {"template": "flash-mentoring", "name": "Flash"},
        "PATCH /api/v1/programs/{program_id}": {"purpose": "Renewed purpose"},
        "POST /api/v1/programs/{program_id}/status": {"status": "open"},
        "PUT /api/v1/programs/{program_id}/admins": {"emails": ["person10@example.com"]},
        "POST /api/v1/triage": {
            "answers": {
                "need": "career",
                "transition": "none",
                "support": "advice",
                "network": "much",
            }
        },
        "PATCH /api/v1/competencies/{key}": {"description": "Edited"},
        "POST /api/v1/programs/{program_id}/enrolments": {
            "role": "mentee",
            "goals": "Grow into a staff engineer this year.",
        },
        "POST /api/v1/enrolments/{enrolment_id}/capacity": {"capacity": 2},
        "POST /api/v1/programs/{program_id}/match-runs": {},
        "POST /api/v1/match-runs/{run_id}/approve": {},
        "POST /api/v1/proposals/{proposal_id}/response": {"accept": True},
        "POST /api/v1/programs/{program_id}/requests": {
            "mentor_enrolment_id": ids["guide_enrolment_id"]
        },
        "POST /api/v1/engagements/{engagement_id}/transitions": {"action": "pause"},
        "POST /api/v1/engagements/{engagement_id}/sessions": {"scheduled_at": later},
        "POST /api/v1/sessions/{session_id}/reschedule": {"scheduled_at": later},
        "POST /api/v1/sessions/{session_id}/hold": {},
        "POST /api/v1/sessions/{session_id}/cancel": {},
        "POST /api/v1/engagements/{engagement_id}/goals": {
            "title": "Ship it",
            "measure": "releases",
            "target_value": 2,
            "due_on": (START + timedelta(days=60)).date().isoformat(),
        },
        "POST /api/v1/goals/{goal_id}/measurements": {
            "measured_on": START.date().isoformat(),
            "value": 1,
        },
        "POST /api/v1/goals/{goal_id}/status": {"status": "met"},
        "PUT /api/v1/engagements/{engagement_id}/charter": {
            "purpose": "p",
            "goals": "g",
            "meeting_frequency": "m",
            "success": "s",
        },
        "POST /api/v1/engagements/{engagement_id}/ratings": {
            "competency_key": "feedback",
            "phase": "baseline",
            "rating": 3,
        },
        "PUT /api/v1/me/consents/{kind}": {"granted": True},
        "PUT /api/v1/me/working-hours": {"days": [0, 1, 2], "starts": "09:00", "ends": "17:00"},
        "POST /api/v1/me/busy-calendars": {"kind": "ics", "url": "https://cal.example.com/b.ics"},
        "POST /api/v1/engagements/{engagement_id}/slot-proposals": {"starts_at": later},
        "PUT /api/v1/me/meeting-room": {"url": "https://zoom.us/j/123456789"},
        "POST /api/v1/me/practice/conversations": {
            "report_person_id": ids["person_id"],
            "held_on": START.date().isoformat(),
            "stages": ["goal", "will"],
        },
        "POST /api/v1/practice/conversations/{conversation_id}/answer": {"answer": 2},
        "POST /api/v1/admin/modules": {
            "slug": "our-one-to-ones",
            "title": "Our one-to-ones",
            "audience": "manager",
            "minutes": 5,
            "practice": "Hold one this week.",
            "body": "How we run one-to-ones here.",
        },
        "POST /api/v1/triads/{triad_id}/feedback": {
            "open_questions": "Mostly open questions.",
            "listening": "Summarised twice.",
            "try_next": "Let a silence run.",
        },
        "POST /api/v1/triads/{triad_id}/advance": {"from_round": 1},
        "POST /api/v1/programs/{program_id}/triads": {},
        "POST /api/v1/engagements/{engagement_id}/journal": {"text": "What I noticed."},
        "POST /api/v1/lessons": {
            "title": "Ask before advising",
            "story": "I handed out answers for a year before I noticed nobody used them.",
            "differently": "Ask what they already tried first.",
            "themes": ["feedback"],
        },
        "POST /api/v1/lessons/{lesson_id}/hide": {"reason": "It names a colleague."},
        "POST /api/v1/checkins/{checkin_id}/answer": {
            "met_since_last": True,
            "satisfaction": 4,
            "progress": 4,
        },
        "POST /api/v1/programs/{program_id}/checkin-questions": {
            "kind": "text",
            "wording": "What would help?",
        },
        "PUT /api/v1/programs/{program_id}/checkin-questions/{question_id}": {
            "wording": "How clear are your goals now?",
            "low_label": "no",
            "high_label": "yes",
        },
        "POST /api/v1/programs/{program_id}/checkin-questions/{question_id}/move": {
            "direction": "down"
        },
    }


def _client_on_copy(world: World, path: Path) -> Iterator[TestClient]:
    shutil.copy(world.path, path)
    app: Growpath = bootstrap(world_settings(path), clock=FixedClock(START))
    with TestClient(create_app(app)) as client:
        yield client
    app.engine.dispose()


@pytest.fixture(scope="module")
def _reused(world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    # Building the app costs more than most requests: one per worker, its database swapped.
    yield from _client_on_copy(world, tmp_path_factory.mktemp("writes") / "world.db")


@pytest.fixture
def fresh(world: World, _reused: TestClient) -> TestClient:
    """A client on a private copy of the world, so no write sees another's changes."""
    app: Growpath = _reused.app.state.growpath  # type: ignore[attr-defined]
    app.engine.dispose()
    database = Path(str(app.engine.url.database))
    for leftover in ("-wal", "-shm"):
        database.with_name(database.name + leftover).unlink(missing_ok=True)
    shutil.copy(world.path, database)
    _reused.cookies.clear()
    return _reused


@pytest.fixture(scope="module")
def shared(world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One client for the reads, which change nothing but the audit trail."""
    yield from _client_on_copy(world, tmp_path_factory.mktemp("reads") / "world.db")


def test_every_route_has_a_rule_and_the_docs_show_the_matrix(fresh: TestClient) -> None:
    routes = app_routes(fresh.app)  # type: ignore[arg-type]
    assert len(routes) > 60
    assert [r for r in routes if r not in ROUTE_RULES] == []
    assert [r for r in ROUTE_RULES if r not in routes] == []
    assert DOCS.read_text() == markdown(), "regenerate docs/permissions.md from the matrix"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(ROUTE_RULES))
def test_each_role_gets_the_answer_the_matrix_promises(
    world: World, request: pytest.FixtureRequest, route: str, role: str
) -> None:
    method, template = route.split(" ", 1)
    fresh: TestClient = request.getfixturevalue("shared" if method == "GET" else "fresh")
    ids = {**SCIM_IDS, **MODULE_IDS, **world.ids}
    path = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), template)
    headers = {"Authorization": f"Bearer {world.tokens[role]}"} if role in world.tokens else {}
    page = not path.startswith(("/api/", "/healthz", "/scim/"))
    if route == "POST /api/v1/people/import":
        response = fresh.request(
            method,
            path,
            headers=headers,
            files={"file": ("p.csv", csv_bytes(org_rows(2)), "text/csv")},
        )
    else:
        form = {
            "email": "person13@example.com",
            "password": "x",
            "current_password": "x",
            "new_password": "y" * 12,
        }
        response = fresh.request(
            method,
            path,
            follow_redirects=False,
            headers={**headers, "accept": "text/html"} if page else headers,
            data=form if page and method == "POST" else None,
            json=None if page else _bodies(world.ids).get(route),
        )
    rule = ROUTE_RULES[route]
    status = response.status_code
    assert status < 500, response.text
    if rule is Rule.PUBLIC:
        assert status not in (403, 404), response.text
    elif rule is Rule.SCIM:
        # No account's token or cookie is a SCIM token: every role is asked for one.
        assert status == 401, response.text
        assert response.headers["www-authenticate"].startswith("Bearer"), response.headers
    elif rule is Rule.FORM:
        assert status == 403, response.text  # no CSRF token, whoever asks
    elif role == "anonymous":
        assert status == (303 if page else 401), response.text
    elif role in ALLOWED[rule]:
        assert status not in (401, 403, 404), f"{role} refused: {response.text}"
    else:
        assert status == DENIED_WITH.get(rule, 404), f"{role} got {status}: {response.text}"


SCOPED = sorted(
    route
    for route, rule in ROUTE_RULES.items()
    if rule is Rule.PROGRAM_ADMIN and ("{program_id}" in route or "{run_id}" in route)
)


@pytest.mark.parametrize("route", SCOPED)
def test_a_program_admin_cannot_act_on_a_program_they_do_not_administer(
    world: World, fresh: TestClient, route: str
) -> None:
    # Before, every program admin acted on every program: user_roles.program_id was never read.
    method, template = route.split(" ", 1)
    headers = {"Authorization": f"Bearer {world.tokens['other_admin']}"}
    if not template.startswith("/api/"):
        headers["accept"] = "text/html"
    answers = []
    # The world's program (or its run) and one that does not exist answer alike: 403.
    for program_id, run_id in ((world.ids["program_id"], world.ids["run_id"]), (99999, 99999)):
        path = template.replace("{program_id}", str(program_id)).replace("{run_id}", str(run_id))
        # A thing of the program (a question) is the world's: the program decides the answer.
        path = re.sub(r"\{(\w+)\}", lambda m: str(world.ids[m.group(1)]), path)
        response = fresh.request(method, path, headers=headers, json=_bodies(world.ids).get(route))
        # The page names the path asked for (the language switcher returns to it): not a tell.
        answers.append((response.status_code, response.text.replace(path, "{path}")))
    assert answers[0] == answers[1], "the answer tells whether the program exists"
    assert answers[0][0] == 403, answers[0][1]


def test_a_program_admin_still_runs_the_program_they_administer(
    world: World, fresh: TestClient
) -> None:
    elsewhere = world.ids["elsewhere_program_id"]
    headers = {"Authorization": f"Bearer {world.tokens['other_admin']}"}
    assert fresh.get(f"/api/v1/programs/{elsewhere}/health", headers=headers).status_code == 200
    opened = fresh.post(
        f"/api/v1/programs/{elsewhere}/status", headers=headers, json={"status": "open"}
    )
    assert opened.status_code == 200, opened.text
    listed = fresh.get("/api/v1/programs", headers=headers, params={"status": "draft"}).json()
    assert listed == []  # the world's program is open; the other admin runs no draft
