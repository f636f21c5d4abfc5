"""Attack 7 through the API: what a pair writes reaches the SQLite file and WAL only sealed, the
pair reads it back, and a NUL in a text of several lines is refused naming the field."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from growpath.adapters.crypto import NoteCipher, decode_key, new_key
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import operator_context
from tests.conftest import START, make_account
from tests.e2e.conftest import bearer
from tests.factories import started_engagement

CHARTER = {
    "purpose": "Wombat-purpose",
    "goals": "Wombat-charter-goals",
    "meeting_frequency": "Wombat-fortnightly",
    "success": "Wombat-success",
}
GOAL = {
    "title": "Wombat-goal-title",
    "specific": "Wombat-goal-specific",
    "measure": "Wombat-goal-measure",
    "baseline_value": 0,
    "target_value": 3,
    "due_on": (START + timedelta(days=60)).date().isoformat(),
}
ACTION, NOTE, END_REASON = "Wombat-action", "Wombat-note", "Wombat-end-reason"


@pytest.fixture
def engagement_id(seeded: Growpath) -> int:
    """A started mentoring relationship between person 13 and person 17."""
    ensure_catalogue(operator_context(seeded))
    admin = make_account(seeded, "padmin@example.com", Role.PROGRAM_ADMIN)
    mentee = make_account(seeded, "person13@example.com")
    mentor = make_account(seeded, "person17@example.com")
    return started_engagement(admin, mentee, mentor)


def _raw_sqlite(app: Growpath) -> bytes:
    app.engine.dispose()  # the WAL is checkpointed into the file as the last connection closes
    database = Path(app.engine.url.database or "")
    return b"".join(p.read_bytes() for p in (database, Path(f"{database}-wal")) if p.exists())


def test_an_operator_reading_the_database_file_finds_nothing_the_pair_wrote_through_the_api(
    client: TestClient, seeded: Growpath, engagement_id: int
) -> None:
    mentee, mentor = bearer(client, "person13@example.com"), bearer(client, "person17@example.com")
    engagement = f"/api/v1/engagements/{engagement_id}"
    assert client.put(f"{engagement}/charter", headers=mentee, json=CHARTER).status_code == 200
    assert client.post(f"{engagement}/goals", headers=mentee, json=GOAL).status_code == 201
    when = (START + timedelta(days=3)).isoformat()
    session_id = client.post(
        f"{engagement}/sessions", headers=mentee, json={"scheduled_at": when}
    ).json()["id"]
    mentee_id = client.get("/api/v1/me", headers=mentee).json()["person_id"]
    held = client.post(
        f"/api/v1/sessions/{session_id}/hold",
        headers=mentor,
        json={
            "shared_notes": {"reality": NOTE},
            "actions": [{"description": ACTION, "owner_person_id": mentee_id}],
        },
    )
    assert held.status_code == 200, held.text
    charter = client.post(f"{engagement}/charter/confirm", headers=mentor).json()
    assert charter["purpose"] == CHARTER["purpose"]  # read back from the database
    ended = client.post(
        f"{engagement}/transitions",
        headers=mentor,
        json={"action": "end_early", "reason": END_REASON},
    )
    assert ended.status_code == 200, ended.text
    raw = _raw_sqlite(seeded)
    texts = [v for v in (*CHARTER.values(), *GOAL.values()) if str(v).startswith("Wombat")]
    for marker in [*texts, ACTION, NOTE, END_REASON]:
        assert str(marker).encode() not in raw, marker
    (goal,) = client.get(f"{engagement}/goals", headers=mentor).json()
    assert goal["title"] == GOAL["title"]
    assert client.get(engagement, headers=mentee).json()["end_reason"] == END_REASON


def test_a_nul_in_a_charter_answers_422_naming_the_field_not_500(
    client: TestClient, engagement_id: int
) -> None:
    mentee = bearer(client, "person13@example.com")
    refused = client.put(
        f"/api/v1/engagements/{engagement_id}/charter",
        headers=mentee,
        json={**CHARTER, "success": "met\u0000"},
    )
    assert refused.status_code == 422, refused.text
    assert [p["field"] for p in refused.json()["problems"]] == ["success"]


def test_a_server_without_the_notes_key_answers_409_naming_the_key_not_the_text(
    client: TestClient, seeded: Growpath, engagement_id: int
) -> None:
    mentee = bearer(client, "person13@example.com")
    goals = f"/api/v1/engagements/{engagement_id}/goals"
    assert client.post(goals, headers=mentee, json=GOAL).status_code == 201
    seeded.cipher = NoteCipher(decode_key(new_key()))
    refused = client.get(goals, headers=mentee)
    assert refused.status_code == 409, refused.text
    assert "GROWPATH_NOTES_PREVIOUS_KEYS" in refused.json()["detail"]
    assert "Wombat" not in refused.text
