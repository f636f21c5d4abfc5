"""Issue 18, done when: a pair finds a time around busy times from Radicale and from an iCal
address, the chosen slot's invite reaches both through the outbox, a reschedule updates the
same event, the personal feed shows it, and a rotated feed token answers 404."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from email import message_from_bytes, policy
from typing import Any

import vobject
from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.domain.slots import overlaps
from growpath.entrypoints.app import create_app
from growpath.services import busy_calendars, calendar_feeds, find_time, nudges, sessions
from growpath.services.context import Context
from tests.calendar_servers import IcsServer, RadicaleServer, event_ics, ics_server, radicale
from tests.factories import RecordingMailer
from tests.integration.conftest import Pair

__all__ = ["ics_server", "radicale"]  # fixtures, used by name below

MENTEE, MENTOR = "person13@example.com", "person17@example.com"
# The clock stands at Monday 5 January 2026, 09:00 UTC; both people work 9–17 in London (UTC).
MENTEE_BUSY = [
    (datetime(2026, 1, 5, 10, tzinfo=UTC), datetime(2026, 1, 5, 17, tzinfo=UTC)),
    (datetime(2026, 1, 6, 9, tzinfo=UTC), datetime(2026, 1, 6, 16, 30, tzinfo=UTC)),
]
MENTOR_BUSY = [
    (datetime(2026, 1, 6, 16, 30, tzinfo=UTC), datetime(2026, 1, 6, 17, tzinfo=UTC)),
    (datetime(2026, 1, 7, 9, tzinfo=UTC), datetime(2026, 1, 7, 15, tzinfo=UTC)),
]


def _allowed(app: Growpath, ctx: Context) -> Context:
    """The actor on an app that may fetch from this machine's test servers."""
    settings = app.settings.model_copy(update={"calendar_fetch_allow": "127.0.0.1"})
    return Context(app=replace(app, settings=settings), actor=ctx.actor, source_address="test")


def _invites(app: Growpath, mailer: RecordingMailer) -> dict[str, Any]:
    """Deliver the outbox; return each recipient's newest invite, parsed by vobject."""
    before = len(mailer.sent)
    nudges.deliver_due_nudges(app)
    found = {}
    for sent in mailer.sent[before:]:
        message = message_from_bytes(sent.as_bytes(), policy=policy.default)
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                found[str(message["To"])] = vobject.readOne(part.get_content())
    return found


def test_a_pair_finds_a_time_around_both_calendars_and_the_event_lives_on(
    app: Growpath,
    running_pair: Pair,
    radicale: RadicaleServer,
    ics_server: IcsServer,
    mailer: RecordingMailer,
) -> None:
    mentee, mentor = _allowed(app, running_pair.mentee), _allowed(app, running_pair.mentor)
    for start, end in MENTEE_BUSY:
        radicale.add_event(event_ics(start, end, summary="Reorganisation planning"))
    ics_server.files["/private/basic.ics"] = _one_calendar(MENTOR_BUSY)
    busy_calendars.add_busy_calendar(
        mentee, "caldav", radicale.calendar_url, radicale.username, radicale.password
    )
    busy_calendars.add_busy_calendar(mentor, "ics", ics_server.url("/private/basic.ics"))

    found = find_time.find_slots(mentee, running_pair.engagement_id, 60)
    assert found.calendar_problems == ()
    assert 3 <= len(found.slots) <= 5
    for slot in found.slots:
        assert not overlaps(slot.starts_at, slot.ends_at, MENTEE_BUSY + MENTOR_BUSY)
    # Monday and Tuesday are full; Wednesday is free after the mentor's interviews.
    assert found.slots[0].starts_at == datetime(2026, 1, 7, 15, tzinfo=UTC)
    # The mentor sees the same free times, and nothing of why the others are not free.
    seen = find_time.find_slots(mentor, running_pair.engagement_id, 60)
    assert [s.starts_at for s in seen.slots] == [s.starts_at for s in found.slots]
    assert "Reorganisation" not in repr(seen) and "Interview" not in repr(found)

    proposal = find_time.propose_slot(mentee, running_pair.engagement_id, found.slots[0].starts_at)
    confirmed = find_time.confirm_slot(mentor, proposal.id)
    assert confirmed.session_id is not None
    first = _invites(app, mailer)
    assert set(first) == {MENTEE, MENTOR}
    event = first[MENTEE].vevent
    uid = event.uid.value
    assert event.dtstart.value == datetime(2026, 1, 7, 15, tzinfo=UTC)
    assert int(event.sequence.value) == 0 and first[MENTOR].vevent.uid.value == uid

    later = datetime(2026, 1, 8, 11, tzinfo=UTC)
    sessions.reschedule(mentor, confirmed.session_id, later)
    second = _invites(app, mailer)
    assert set(second) == {MENTEE, MENTOR}
    moved = second[MENTOR].vevent
    assert moved.uid.value == uid and int(moved.sequence.value) == 1
    assert moved.dtstart.value == later

    token = calendar_feeds.create_feed(running_pair.mentee).url.rsplit("/", 1)[1]
    with TestClient(create_app(app)) as client:
        feed = client.get(f"/calendar/{token}")
        assert feed.status_code == 200, feed.text
        (listed,) = vobject.readOne(feed.text).vevent_list
        assert listed.uid.value == uid and listed.dtstart.value == later
        fresh = calendar_feeds.create_feed(running_pair.mentee).url.rsplit("/", 1)[1]
        assert client.get(f"/calendar/{token}").status_code == 404
        assert client.get(f"/calendar/{fresh}").status_code == 200


def _one_calendar(intervals: list[tuple[datetime, datetime]]) -> bytes:
    """Return one VCALENDAR holding an event for each interval."""
    events = []
    for start, end in intervals:
        text = event_ics(start, end, summary="Interview")
        body = text.split("BEGIN:VEVENT", 1)[1].rsplit("END:VEVENT", 1)[0]
        events.append(f"BEGIN:VEVENT{body}END:VEVENT\r\n")
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//growpath tests//EN\r\n"
    return (head + "".join(events) + "END:VCALENDAR\r\n").encode()
