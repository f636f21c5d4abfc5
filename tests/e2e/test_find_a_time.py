"""Find a time over HTTP: the API's slots, proposal and confirmation, and the pages for both."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.entrypoints.app import create_app
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import operator_context
from growpath.services.people_import import import_people
from tests.conftest import make_account
from tests.e2e.conftest import bearer, log_in_page
from tests.factories import csv_bytes, org_rows, started_engagement
from tests.integration.conftest import Pair
from tests.mailbox import mail_to

MENTEE, MENTOR, ADMIN = "person13@example.com", "person17@example.com", "admin@example.com"


@pytest.fixture
def running_pair(sqlite_app: Growpath) -> Pair:
    """A mentoring relationship between person 13 and person 17, started."""
    operator = operator_context(sqlite_app)
    import_people(operator, csv_bytes(org_rows(20)), "people.csv")
    ensure_catalogue(operator)
    admin = make_account(sqlite_app, ADMIN, Role.PROGRAM_ADMIN)
    mentee = make_account(sqlite_app, MENTEE)
    mentor = make_account(sqlite_app, MENTOR)
    return Pair(started_engagement(admin, mentee, mentor), mentee, mentor, admin)


@pytest.fixture
def client(sqlite_app: Growpath, running_pair: Pair) -> Iterator[TestClient]:
    """A client on the pair's app."""
    with TestClient(create_app(sqlite_app)) as test_client:
        yield test_client


def test_the_api_finds_slots_proposes_one_and_the_other_confirms_it(
    sqlite_app: Growpath, running_pair: Pair, client: TestClient
) -> None:
    mentee, mentor = bearer(client, MENTEE), bearer(client, MENTOR)
    hours = client.put(
        "/api/v1/me/working-hours",
        headers=mentee,
        json={"days": [1, 2, 3], "starts": "13:00", "ends": "17:30"},
    )
    assert hours.status_code == 200, hours.text
    assert hours.json() | {"time_zone": ""} == {
        "days": [1, 2, 3],
        "starts": "13:00:00",
        "ends": "17:30:00",
        "time_zone": "",
        "is_default": False,
    }
    path = f"/api/v1/engagements/{running_pair.engagement_id}"
    found = client.get(f"{path}/slots", headers=mentor, params={"duration_minutes": 30})
    assert found.status_code == 200, found.text
    slots = found.json()["slots"]
    assert 3 <= len(slots) <= 5 and found.json()["time_zone"] == "Europe/London"
    assert all(re.match(r"\d{4}-\d\d-\d\dT1[3-6]:[03]0:00Z", s["starts_at"]) for s in slots)
    proposed = client.post(
        f"{path}/slot-proposals",
        headers=mentor,
        json={"starts_at": slots[0]["starts_at"], "duration_minutes": 30},
    )
    assert proposed.status_code == 201, proposed.text
    proposal_id = proposed.json()["id"]
    assert (
        client.post(f"/api/v1/slot-proposals/{proposal_id}/confirm", headers=mentor).status_code
        == 409
    )
    confirmed = client.post(f"/api/v1/slot-proposals/{proposal_id}/confirm", headers=mentee)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "confirmed"
    session_id = confirmed.json()["session_id"]
    invite = client.get(f"/api/v1/sessions/{session_id}/invite.ics", headers=mentee)
    assert "DTSTART" in invite.text
    twice = client.post(f"/api/v1/slot-proposals/{proposal_id}/confirm", headers=mentee)
    assert twice.status_code == 409 and "already confirmed" in twice.json()["detail"]
    assert any(
        "Session scheduled" in body or "scheduled for" in body
        for body in mail_to(sqlite_app, MENTEE)
    )


def test_the_api_refuses_bad_input_naming_the_field_and_strangers_with_404(
    running_pair: Pair, client: TestClient
) -> None:
    mentee, admin = bearer(client, MENTEE), bearer(client, ADMIN)
    path = f"/api/v1/engagements/{running_pair.engagement_id}"
    bad_hours = client.put(
        "/api/v1/me/working-hours",
        headers=mentee,
        json={"days": [9], "starts": "18:00", "ends": "08:00"},
    )
    assert bad_hours.status_code == 422
    fields = {p["field"] for p in bad_hours.json()["problems"]}
    assert {"days", "ends"} <= fields
    bad_calendar = client.post(
        "/api/v1/me/busy-calendars", headers=mentee, json={"kind": "ics", "url": "gopher://x"}
    )
    assert bad_calendar.status_code == 422
    assert [p["field"] for p in bad_calendar.json()["problems"]] == ["url"]
    assert client.get("/api/v1/me/busy-calendars", headers=mentee).json() == []
    naive = client.post(
        f"{path}/slot-proposals", headers=mentee, json={"starts_at": "2026-01-07T10:00:00"}
    )
    assert naive.status_code == 422 and naive.json()["problems"][0]["field"] == "starts_at"
    assert client.get(f"{path}/slots", headers=admin).status_code == 404
    assert (
        client.get(f"{path}/slots", headers=mentee, params={"duration_minutes": 5}).status_code
        == 422
    )


def test_the_pages_let_one_propose_and_the_other_confirm(
    sqlite_app: Growpath, running_pair: Pair, client: TestClient
) -> None:
    engagement = f"/engagements/{running_pair.engagement_id}"
    csrf = log_in_page(client, MENTEE)
    assert f"{engagement}/find-a-time" in client.get(engagement).text
    page = client.get(f"{engagement}/find-a-time")
    assert page.status_code == 200 and "Find a time with" in page.text
    first = re.search(r'name="starts_at" value="([^"]+)"', page.text)
    assert first is not None
    proposed = client.post(
        f"{engagement}/find-a-time",
        data={"csrf": csrf, "starts_at": first.group(1), "duration_minutes": "60"},
        follow_redirects=False,
    )
    assert proposed.status_code == 303, proposed.text
    assert "Waiting for" in client.get(f"{engagement}/find-a-time").text
    client.post("/logout", data={"csrf": csrf})
    csrf = log_in_page(client, MENTOR)
    answer_page = client.get(f"{engagement}/find-a-time").text
    confirm = re.search(r'action="(/slot-proposals/\d+/confirm)"', answer_page)
    assert confirm is not None and "proposes" in answer_page
    done = client.post(confirm.group(1), data={"csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303 and "#session-" in done.headers["location"]
    again = client.post(confirm.group(1), data={"csrf": csrf})
    assert again.status_code == 409 and "already confirmed" in again.text
    # Fresh slots are offered beside the message.
    assert 'name="starts_at"' in again.text
    bad = client.post(f"{engagement}/find-a-time", data={"csrf": csrf, "starts_at": "soon"})
    assert bad.status_code == 422 and "choose one of the free slots" in bad.text


def test_the_availability_page_saves_hours_and_adds_and_removes_a_calendar(
    running_pair: Pair, client: TestClient
) -> None:
    csrf = log_in_page(client, MENTEE)
    assert "usual hours" in client.get("/account/availability").text
    saved = client.post(
        "/account/working-hours",
        data={"csrf": csrf, "days": ["0", "4"], "starts": "08:00", "ends": "12:30"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    refused = client.post(
        "/account/working-hours", data={"csrf": csrf, "starts": "late", "ends": "12:30"}
    )
    assert refused.status_code == 422 and "must be a time of day" in refused.text
    secret = "https://calendar.example.com/ical/private-abc123/basic.ics"
    added = client.post(
        "/account/busy-calendars",
        data={"csrf": csrf, "kind": "ics", "url": secret},
        follow_redirects=False,
    )
    assert added.status_code == 303
    page = client.get("/account/availability").text
    assert "calendar.example.com" in page and "private-abc123" not in page
    # The kind's own capitals stay ("iCal"), only its first letter is raised.
    assert "Private iCal address at <strong>calendar.example.com</strong>" in page
    remove = re.search(r'href="(/account/busy-calendars/\d+/remove)"', page)
    assert remove is not None
    asked = client.get(remove.group(1))
    assert asked.status_code == 200 and "Remove this calendar?" in asked.text
    client.post(remove.group(1), data={"csrf": csrf, "confirm": "yes"})
    assert "No calendars connected" in client.get("/account/availability").text


def test_a_program_admin_turns_on_auto_confirm_and_a_pick_is_scheduled_at_once(
    sqlite_app: Growpath, running_pair: Pair, client: TestClient
) -> None:
    admin, mentor = bearer(client, ADMIN), bearer(client, MENTOR)
    engagement = client.get(
        f"/api/v1/engagements/{running_pair.engagement_id}", headers=admin
    ).json()
    changed = client.patch(
        f"/api/v1/programs/{engagement['program_id']}",
        headers=admin,
        json={"auto_confirm_slots": True},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["auto_confirm_slots"] is True
    path = f"/api/v1/engagements/{running_pair.engagement_id}"
    slots = client.get(f"{path}/slots", headers=mentor).json()
    assert slots["auto_confirm"] is True
    picked = client.post(
        f"{path}/slot-proposals", headers=mentor, json={"starts_at": slots["slots"][0]["starts_at"]}
    )
    assert picked.status_code == 201, picked.text
    assert picked.json()["status"] == "confirmed" and picked.json()["session_id"]


def test_the_engagement_page_shows_the_pending_time_and_lets_the_proposer_withdraw_it(
    sqlite_app: Growpath, running_pair: Pair, client: TestClient
) -> None:
    engagement = f"/engagements/{running_pair.engagement_id}"
    mentor, mentee = bearer(client, MENTOR), bearer(client, MENTEE)
    slots = client.get(f"/api/v1{engagement}/slots", headers=mentor).json()["slots"]
    proposed = client.post(
        f"/api/v1{engagement}/slot-proposals",
        headers=mentor,
        json={"starts_at": slots[0]["starts_at"]},
    )
    assert proposed.status_code == 201, proposed.text
    proposal_id = proposed.json()["id"]

    csrf = log_in_page(client, MENTEE)
    seen = client.get(engagement).text
    # The mentee (Europe/London) reads the time in their zone, who proposed it, and answers.
    assert "proposes a time" in seen and proposed.json()["proposed_by"] in seen
    as_mentee = client.get(f"/api/v1/slot-proposals/{proposal_id}", headers=mentee)
    assert html.escape(as_mentee.json()["local"]) in seen
    assert f'action="/slot-proposals/{proposal_id}/confirm"' in seen
    assert f'action="/slot-proposals/{proposal_id}/decline"' in seen
    assert f"/slot-proposals/{proposal_id}/withdraw" not in seen
    refused = client.post(f"/slot-proposals/{proposal_id}/withdraw", data={"csrf": csrf})
    assert refused.status_code == 409 and "only the person who proposed" in refused.text
    client.post("/logout", data={"csrf": csrf})

    csrf = log_in_page(client, MENTOR)
    mine = client.get(engagement).text
    assert "Your proposed time" in mine and f"/slot-proposals/{proposal_id}/confirm" not in mine
    withdrawn = client.post(
        f"/slot-proposals/{proposal_id}/withdraw", data={"csrf": csrf}, follow_redirects=False
    )
    assert withdrawn.status_code == 303 and withdrawn.headers["location"].endswith(engagement)
    assert "Your proposed time" not in client.get(engagement).text
    answer = client.get(f"/api/v1/slot-proposals/{proposal_id}", headers=mentor)
    assert answer.json()["status"] == "withdrawn"
    again = client.post(f"/api/v1/slot-proposals/{proposal_id}/withdraw", headers=mentor)
    assert again.status_code == 409 and "withdrew it" in again.json()["detail"]
