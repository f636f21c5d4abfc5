"""The domain's refusals in the reader's language: a German reader gets German reasons, with the
values (numbers, statuses, characters) in place; an English request keeps the English text."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import operator_context
from tests.conftest import START, make_account
from tests.e2e.conftest import bearer, log_in_page
from tests.factories import started_engagement

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}
MENTEE, MENTOR = "person13@example.com", "person17@example.com"


@pytest.fixture
def engagement_id(seeded: Growpath) -> int:
    """A started mentoring relationship between person 13 and person 17."""
    ensure_catalogue(operator_context(seeded))
    admin = make_account(seeded, "padmin@example.com", Role.PROGRAM_ADMIN)
    return started_engagement(admin, make_account(seeded, MENTEE), make_account(seeded, MENTOR))


def _both(
    client: TestClient, path: str, headers: dict[str, str], body: object
) -> list[dict[str, Any]]:
    """Send the same refused request in English and in German; return both answers."""
    answers = [client.post(path, headers=h, json=body) for h in (headers, {**headers, **GERMAN})]
    assert answers[0].status_code == answers[1].status_code >= 400, answers[0].text
    return [answer.json() for answer in answers]


def test_a_session_length_out_of_bounds_names_the_bounds_in_german(
    client: TestClient, engagement_id: int
) -> None:
    when = (START + timedelta(days=3)).isoformat()
    english, german = _both(
        client,
        f"/api/v1/engagements/{engagement_id}/sessions",
        bearer(client, MENTEE),
        {"scheduled_at": when, "duration_minutes": 500},
    )
    assert english["problems"] == [
        {"reason": "must be 15–240 minutes", "field": "duration_minutes", "line": None}
    ]
    assert german["problems"][0]["reason"] == "muss 15–240 Minuten sein"
    assert german["detail"] == "1 Problem(e): duration_minutes: muss 15–240 Minuten sein"


def test_a_line_break_in_the_place_is_named_in_german(
    client: TestClient, engagement_id: int
) -> None:
    when = (START + timedelta(days=3)).isoformat()
    english, german = _both(
        client,
        f"/api/v1/engagements/{engagement_id}/sessions",
        bearer(client, MENTEE),
        {"scheduled_at": when, "location": "Room 4\nBcc: everyone@example.com"},
    )
    assert english["problems"][0]["reason"] == (
        "must be a single line of text without control characters (found a line feed, U+000A)"
    )
    # The character's name is a term of its own, translated along with the reason.
    assert german["problems"][0]["reason"] == (
        "muss eine einzelne Textzeile ohne Steuerzeichen sein "
        "(gefunden: ein Zeilenvorschub, U+000A)"
    )


def test_a_goal_without_a_measure_is_refused_in_german(
    client: TestClient, engagement_id: int
) -> None:
    english, german = _both(
        client,
        f"/api/v1/engagements/{engagement_id}/goals",
        bearer(client, MENTEE),
        {"title": "Run design reviews", "target_value": 4, "due_on": str(START.date())},
    )
    reasons = {p["field"]: p["reason"] for p in english["problems"]}
    assert reasons["measure"] == "say how progress is measured (the M of SMART)"
    german_reasons = {p["field"]: p["reason"] for p in german["problems"]}
    assert (
        german_reasons["measure"]
        == "sagen Sie, wie der Fortschritt gemessen wird (das M von SMART)"
    )


def test_holding_a_held_session_names_both_statuses_in_german(
    client: TestClient, engagement_id: int
) -> None:
    mentee, mentor = bearer(client, MENTEE), bearer(client, MENTOR)
    when = (START + timedelta(days=3)).isoformat()
    created = client.post(
        f"/api/v1/engagements/{engagement_id}/sessions", headers=mentee, json={"scheduled_at": when}
    )
    assert created.status_code == 201, created.text
    hold = f"/api/v1/sessions/{created.json()['id']}/hold"
    assert client.post(hold, headers=mentor, json={}).status_code == 200
    english, german = _both(client, hold, mentor, {})
    assert english["code"] == german["code"] == "conflict"
    assert english["detail"] == "cannot mark the session held: it is already held"
    assert german["detail"] == (
        "die Sitzung kann nicht als „stattgefunden“ markiert werden: "
        "ihr Status ist bereits „stattgefunden“"
    )


def test_pausing_a_paused_engagement_names_the_states_in_german(
    client: TestClient, engagement_id: int
) -> None:
    mentee = bearer(client, MENTEE)
    path = f"/api/v1/engagements/{engagement_id}/transitions"
    assert client.post(path, headers=mentee, json={"action": "pause"}).status_code == 200
    english, german = _both(client, path, mentee, {"action": "pause"})
    assert english["detail"] == (
        f"cannot pause engagement {engagement_id}: it is paused, not active or renewed"
    )
    assert german["detail"] == (
        f"Begleitung {engagement_id} kann nicht pausiert werden: "
        "ihr Status ist „pausiert“, nicht „aktiv oder verlängert“"
    )


def test_a_page_gives_a_paused_engagements_refusal_in_german(
    client: TestClient, engagement_id: int
) -> None:
    path = f"/api/v1/engagements/{engagement_id}/transitions"
    paused = client.post(path, headers=bearer(client, MENTEE), json={"action": "pause"})
    assert paused.status_code == 200
    log_in_page(client, MENTEE)
    page = f"/engagements/{engagement_id}/find-a-time"
    english = client.get(page).text
    assert (
        f"engagement {engagement_id} is paused; sessions can be scheduled while it is proposed"
        in html.unescape(english)
    )
    german = html.unescape(client.get(page, headers=GERMAN).text)
    assert (
        f"Begleitung {engagement_id} ist pausiert; Sitzungen lassen sich planen, solange sie "
        "vorgeschlagen ist oder läuft"
    ) in german
