"""The personal calendar feed: made, read by a calendar program, rotated and revoked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import select

from growpath.adapters.orm import AuditEventRow, CalendarFeedRow
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.entrypoints.app import create_app
from growpath.services import sessions
from growpath.services.accounts import token_digest
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import operator_context
from growpath.services.people_import import import_people
from tests.conftest import PASSWORD, make_account
from tests.e2e.conftest import bearer, csrf_of, log_in_page
from tests.factories import csv_bytes, org_rows, started_engagement
from tests.integration.conftest import Pair

MENTEE = "person13@example.com"


@pytest.fixture
def running_pair(sqlite_app: Growpath) -> Pair:
    """A mentoring relationship between person 13 and person 17, started."""
    operator = operator_context(sqlite_app)
    import_people(operator, csv_bytes(org_rows(20)), "people.csv")
    ensure_catalogue(operator)
    admin = make_account(sqlite_app, "admin@example.com", Role.PROGRAM_ADMIN)
    mentee = make_account(sqlite_app, MENTEE)
    mentor = make_account(sqlite_app, "person17@example.com")
    return Pair(started_engagement(admin, mentee, mentor), mentee, mentor, admin)


@pytest.fixture
def pair_client(sqlite_app: Growpath, running_pair: Pair) -> Iterator[TestClient]:
    """A client on the pair's app."""
    with TestClient(create_app(sqlite_app)) as client:
        yield client


def _feed_path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _events(response_text: str) -> dict[str, object]:
    calendar = Calendar.from_ical(response_text)
    assert calendar.get("method") is None  # a feed invites nobody
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_a_feed_lists_the_persons_sessions_and_a_rotated_url_stops_working(
    sqlite_app: Growpath, running_pair: Pair, pair_client: TestClient
) -> None:
    now = sqlite_app.clock.now()
    kept = sessions.schedule(
        running_pair.mentor, running_pair.engagement_id, now + timedelta(days=1), 45, "Room 2"
    )
    dropped = sessions.schedule(
        running_pair.mentee, running_pair.engagement_id, now + timedelta(days=8)
    )
    sessions.cancel(running_pair.mentor, dropped.id)
    headers = bearer(pair_client, MENTEE)
    assert pair_client.get("/api/v1/me/calendar-feed", headers=headers).json() == {
        "exists": False,
        "created_at": None,
    }
    made = pair_client.post("/api/v1/me/calendar-feed", headers=headers)
    assert made.status_code == 201, made.text
    url = made.json()["url"]
    assert url.startswith(sqlite_app.settings.page_url("/calendar/")) and url.endswith(".ics")

    feed = pair_client.get(_feed_path(url))  # no login: the token is the credential
    assert feed.status_code == 200, feed.text
    assert feed.headers["content-type"].startswith("text/calendar")
    assert "no-store" in feed.headers["cache-control"]
    events = _events(feed.text)
    assert len(events) == 2
    with sqlite_app.uow() as uow:
        uids = [uow.sessions.get(i).ical_uid for i in (kept.id, dropped.id)]  # type: ignore[union-attr]
    first, second = (events[uid] for uid in uids)
    assert first.decoded("dtstart") == kept.scheduled_at  # type: ignore[attr-defined]
    assert str(first["location"]) == "Room 2"  # type: ignore[index]
    assert str(first["status"]) == "CONFIRMED"  # type: ignore[index]
    assert str(second["status"]) == "CANCELLED"  # type: ignore[index]
    assert "BEGIN:VTIMEZONE" in feed.text or "DTSTART:" in feed.text

    status = pair_client.get("/api/v1/me/calendar-feed", headers=headers).json()
    assert status["exists"] is True and url.rsplit("/", 1)[1][:-4] not in str(status)
    rotated = pair_client.post("/api/v1/me/calendar-feed", headers=headers).json()["url"]
    assert rotated != url
    gone = pair_client.get(_feed_path(url))
    never = pair_client.get("/calendar/" + "x" * 43 + ".ics")
    assert gone.status_code == never.status_code == 404
    assert gone.text == never.text  # a rotated URL and one that never was look alike
    assert len(_events(pair_client.get(_feed_path(rotated)).text)) == 2

    assert pair_client.delete("/api/v1/me/calendar-feed", headers=headers).status_code == 204
    assert pair_client.get(_feed_path(rotated)).status_code == 404
    assert pair_client.get("/api/v1/me/calendar-feed", headers=headers).json()["exists"] is False


def test_the_token_is_stored_only_as_its_digest_and_every_read_is_audited(
    sqlite_app: Growpath, running_pair: Pair, pair_client: TestClient
) -> None:
    headers = bearer(pair_client, MENTEE)
    url = pair_client.post("/api/v1/me/calendar-feed", headers=headers).json()["url"]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 43
    assert pair_client.get(_feed_path(url)).status_code == 200
    with sqlite_app.uow() as uow:
        (stored,) = uow.session.scalars(select(CalendarFeedRow.token_digest)).all()
        reads = uow.session.execute(
            select(AuditEventRow.target_id, AuditEventRow.actor_user_id).where(
                AuditEventRow.action == "calendar_feed.read"
            )
        ).all()
        texts = [
            str(e.target_id) + str(e.detail) for e in uow.session.scalars(select(AuditEventRow))
        ]
    assert stored == token_digest(token)
    mentee = running_pair.mentee.actor
    assert reads == [(str(mentee.person_id), mentee.user_id)]
    assert not any(token in text for text in texts)


def test_the_calendar_page_shows_the_url_once_and_rotates_and_revokes_it(
    sqlite_app: Growpath, running_pair: Pair, pair_client: TestClient
) -> None:
    csrf = log_in_page(pair_client, MENTEE)
    page = pair_client.get("/account/calendar")
    assert page.status_code == 200 and "You have no calendar feed" in page.text
    assert "From URL" in page.text and "Subscribe from web" in page.text
    made = pair_client.post("/account/calendar", data={"csrf": csrf})
    assert made.status_code == 200, made.text
    url = made.text.split('id="feed-url" type="text" readonly value="')[1].split('"')[0]
    assert pair_client.get(_feed_path(url)).status_code == 200
    again = pair_client.get("/account/calendar")
    assert url not in again.text and "You have a feed since" in again.text
    rotated = pair_client.post("/account/calendar", data={"csrf": csrf_of(again.text)})
    assert pair_client.get(_feed_path(url)).status_code == 404
    new_url = rotated.text.split('readonly value="')[1].split('"')[0]
    revoked = pair_client.post("/account/calendar/revoke", data={"csrf": csrf})
    assert "Your calendar feed is revoked." in revoked.text
    assert pair_client.get(_feed_path(new_url)).status_code == 404
    no_token = pair_client.post("/account/calendar", data={})
    assert no_token.status_code == 403


@pytest.mark.parametrize("ending", ["logout everywhere", "password change"])
def test_a_feed_url_does_not_survive_a_new_password_or_logging_out_everywhere(
    pair_client: TestClient, ending: str
) -> None:
    headers = bearer(pair_client, MENTEE)
    url = pair_client.post("/api/v1/me/calendar-feed", headers=headers).json()["url"]
    assert pair_client.get(_feed_path(url)).status_code == 200
    if ending == "logout everywhere":
        ended = pair_client.post("/api/v1/me/logout-everywhere", headers=headers)
    else:
        body = {"current_password": PASSWORD, "new_password": "a fresh passphrase 2026"}
        ended = pair_client.post("/api/v1/me/password", json=body, headers=headers)
    assert ended.status_code in (200, 204), ended.text
    assert pair_client.get(_feed_path(url)).status_code == 404
