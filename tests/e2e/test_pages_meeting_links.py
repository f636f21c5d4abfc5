"""Meeting links over HTTP: the pair sees theirs, admins and managers never; bad input is named."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.services import accounts, engagements, sessions
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import Context, operator_context
from tests.conftest import PASSWORD, START, make_account
from tests.e2e.conftest import ADMIN, PARTICIPANT, bearer, csrf_of, log_in_page
from tests.factories import started_engagement

MENTEE, MENTOR = "person13@example.com", "person17@example.com"
# Person 4 manages person 13 (tests.factories.org_rows) and holds the participant account.
MANAGER = PARTICIPANT
ZOOM = "https://zoom.us/j/987654321"


@dataclass(frozen=True)
class Meeting:
    """A running pair in a program whose pairs meet in the guide's room, with one session."""

    engagement_id: int
    program_id: int
    session_id: int


@pytest.fixture
def meeting(seeded: Growpath, client: TestClient) -> Meeting:
    ensure_catalogue(operator_context(seeded))
    admin = Context(seeded, accounts.authenticate(seeded, ADMIN, PASSWORD), "test")
    mentee, mentor = make_account(seeded, MENTEE), make_account(seeded, MENTOR)
    engagement_id = started_engagement(admin, mentee, mentor)
    program_id = engagements.get_engagement(admin, engagement_id).program_id
    answer = client.patch(
        f"/api/v1/programs/{program_id}",
        json={"meeting_link": "guide_room"},
        headers=bearer(client, ADMIN),
    )
    assert answer.status_code == 200 and answer.json()["meeting_link"] == "guide_room"
    session = sessions.schedule(mentee, engagement_id, START + timedelta(days=2))
    return Meeting(engagement_id, program_id, session.id)


def _set_room_by_page(client: TestClient, url: str) -> tuple[int, str]:
    csrf = log_in_page(client, MENTOR)
    answer = client.post("/account/meeting-room", data={"meeting_room_url": url, "csrf": csrf})
    return answer.status_code, answer.text


def test_the_guide_sets_a_room_and_both_members_see_it_on_the_session_and_engagement_pages(
    client: TestClient, meeting: Meeting
) -> None:
    status, page = _set_room_by_page(client, ZOOM)
    assert status == 200 and "Your meeting room is saved." in page
    for member in (MENTOR, MENTEE):
        log_in_page(client, member)
        for path in (f"/sessions/{meeting.session_id}", f"/engagements/{meeting.engagement_id}"):
            shown = client.get(path)
            assert shown.status_code == 200
            assert f'href="{ZOOM}"' in shown.text, (member, path)
    invite = client.get(f"/api/v1/sessions/{meeting.session_id}/invite.ics")
    assert f"URL:{ZOOM}" in invite.text


@pytest.mark.parametrize("who", [ADMIN, MANAGER])
def test_an_admin_or_the_mentees_manager_never_sees_the_link(
    client: TestClient, meeting: Meeting, who: str
) -> None:
    _set_room_by_page(client, ZOOM)
    log_in_page(client, who)
    for path in (
        f"/sessions/{meeting.session_id}",
        f"/engagements/{meeting.engagement_id}",
        f"/admin/programs/{meeting.program_id}",
        f"/api/v1/engagements/{meeting.engagement_id}",
        f"/api/v1/sessions/{meeting.session_id}",
        f"/api/v1/sessions/{meeting.session_id}/invite.ics",
    ):
        answer = client.get(path)
        assert answer.status_code < 500
        assert "zoom.us" not in answer.text, (who, path)


def test_a_bad_room_address_on_the_page_is_named_next_to_the_field_and_changes_nothing(
    client: TestClient, meeting: Meeting
) -> None:
    _set_room_by_page(client, ZOOM)

    status, page = _set_room_by_page(client, "http://zoom.us/j/1")

    assert status == 422
    assert "meeting_room_url" in page and "must start with https://" in page
    assert f'value="{ZOOM}"' not in page  # the form shows what was typed, to correct it
    assert client.get("/api/v1/me/meeting-room").json() == {"url": ZOOM}


def test_the_api_sets_and_clears_the_room_and_names_a_bad_address(
    client: TestClient, meeting: Meeting
) -> None:
    headers = bearer(client, MENTOR)

    bad = client.put("/api/v1/me/meeting-room", json={"url": "ftp://x.example"}, headers=headers)
    assert bad.status_code == 422
    assert "meeting_room_url" in bad.text and "must start with https://" in bad.text
    saved = client.put("/api/v1/me/meeting-room", json={"url": ZOOM}, headers=headers)
    assert saved.status_code == 200 and saved.json() == {"url": ZOOM}
    assert client.get("/api/v1/me/meeting-room", headers=headers).json() == {"url": ZOOM}
    cleared = client.put("/api/v1/me/meeting-room", json={"url": ""}, headers=headers)
    assert cleared.json() == {"url": ""}
    missing = client.put("/api/v1/me/meeting-room", json={}, headers=headers)
    assert missing.status_code == 422 and "url" in missing.text


def test_an_unknown_meeting_link_setting_is_refused_by_api_and_page(
    client: TestClient, meeting: Meeting
) -> None:
    headers = bearer(client, ADMIN)
    bad = client.patch(
        f"/api/v1/programs/{meeting.program_id}", json={"meeting_link": "skype"}, headers=headers
    )
    assert bad.status_code == 422 and "meeting_link" in bad.text
    csrf = log_in_page(client, ADMIN)
    page = client.get(f"/admin/programs/{meeting.program_id}")
    assert 'name="meeting_link"' in page.text
    form = {
        "csrf": csrf,
        "name": "Renamed program",
        "default_length_months": "6",
        "cadence_days": "14",
        "meeting_link": "skype",
    }
    refused = client.post(f"/admin/programs/{meeting.program_id}", data=form)
    assert refused.status_code == 422 and "must be one of none, jitsi, guide_room" in refused.text
    form["meeting_link"] = "jitsi"
    saved = client.post(f"/admin/programs/{meeting.program_id}", data=form)
    assert saved.status_code == 200 and "Settings saved." in saved.text
    assert csrf_of(saved.text)
    program = client.get(f"/api/v1/programs/{meeting.program_id}", headers=headers)
    assert program.json()["meeting_link"] == "jitsi"
