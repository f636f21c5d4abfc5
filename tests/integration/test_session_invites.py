"""Session invites: reschedule, cancel and no-show as calendars see them, and invites by e-mail."""

from __future__ import annotations

from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from icalendar import Calendar

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath
from growpath.domain.errors import InvalidInput
from growpath.services import engagements, nudges, sessions
from tests.factories import RecordingMailer, plain_text
from tests.integration.conftest import Pair

MENTEE, MENTOR = "person13@example.com", "person17@example.com"


def _event(ics: bytes | str) -> tuple[Calendar, Any]:
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def _set_person(app: Growpath, email: str, **fields: str) -> None:
    with app.uow() as uow:
        person = uow.people.by_email(email)
        assert person is not None
        for name, value in fields.items():
            setattr(person, name, value)
        uow.commit()


def _delivered(app: Growpath, mailer: RecordingMailer) -> list[EmailMessage]:
    """Run the outbox job; return what it sent this time, as read back from the wire."""
    before = len(mailer.sent)
    nudges.deliver_due_nudges(app)
    return [message_from_bytes(m.as_bytes(), policy=policy.default) for m in mailer.sent[before:]]


def _calendar_parts(message: EmailMessage) -> tuple[EmailMessage, EmailMessage]:
    """Return the text/calendar alternative and the invite.ics attachment of an invite mail."""
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.iter_parts()
    assert isinstance(alternative, EmailMessage) and isinstance(attachment, EmailMessage)
    assert alternative.get_content_type() == "multipart/alternative"
    types = [p.get_content_type() for p in alternative.iter_parts()]
    assert types == ["text/plain", "text/html", "text/calendar"]
    calendar_part = list(alternative.iter_parts())[2]
    assert isinstance(calendar_part, EmailMessage)
    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_filename() == "invite.ics"
    return calendar_part, attachment


def test_a_reschedule_moves_time_length_and_place_of_the_same_event_with_the_next_sequence(
    running_pair: Pair, clock: FixedClock
) -> None:
    when = clock.now() + timedelta(days=2)
    session = sessions.schedule(running_pair.mentee, running_pair.engagement_id, when, 45, "Room 1")
    _, before = _event(sessions.invite(running_pair.mentor, session.id))
    later = when + timedelta(days=1, hours=2)
    moved = sessions.reschedule(
        running_pair.mentor, session.id, later, 60, "https://meet.example.com/xyz"
    )
    assert (moved.scheduled_at, moved.duration_minutes) == (later, 60)
    assert moved.location == "https://meet.example.com/xyz"
    calendar, after = _event(sessions.invite(running_pair.mentee, session.id))
    assert str(calendar["method"]) == "REQUEST" and str(after["status"]) == "CONFIRMED"
    assert str(after["uid"]) == str(before["uid"])
    assert after.decoded("sequence") == before.decoded("sequence") + 1
    assert after.decoded("dtstart") == later
    assert after.decoded("dtend") - after.decoded("dtstart") == timedelta(minutes=60)
    assert str(after["location"]) == "https://meet.example.com/xyz"
    # Leaving the place out keeps it.
    sessions.reschedule(running_pair.mentor, session.id, later + timedelta(hours=1))
    _, kept = _event(sessions.invite(running_pair.mentee, session.id))
    assert str(kept["location"]) == "https://meet.example.com/xyz"
    assert kept.decoded("sequence") == before.decoded("sequence") + 2


def test_a_reschedule_to_a_place_on_two_lines_is_refused_and_changes_nothing(
    running_pair: Pair, clock: FixedClock
) -> None:
    when = clock.now() + timedelta(days=2)
    session = sessions.schedule(running_pair.mentee, running_pair.engagement_id, when, 45, "Room 1")
    with pytest.raises(InvalidInput) as refused:
        sessions.reschedule(running_pair.mentor, session.id, when + timedelta(days=1), None, "a\nb")
    assert [p.field for p in refused.value.problems] == ["location"]
    unchanged = sessions.get_session(running_pair.mentor, session.id)
    assert (unchanged.scheduled_at, unchanged.location) == (when, "Room 1")


def test_a_no_show_changes_nothing_in_peoples_calendars(
    running_pair: Pair, clock: FixedClock
) -> None:
    session = sessions.schedule(
        running_pair.mentee, running_pair.engagement_id, clock.now() + timedelta(hours=1)
    )
    _, before = _event(sessions.invite(running_pair.mentor, session.id))
    sessions.cancel(running_pair.mentor, session.id, no_show=True)
    calendar, after = _event(sessions.invite(running_pair.mentor, session.id))
    assert str(calendar["method"]) == "REQUEST" and str(after["status"]) == "CONFIRMED"
    assert after.decoded("sequence") == before.decoded("sequence")
    assert after.decoded("dtstart") == before.decoded("dtstart")


def test_a_cancel_sends_a_cancel_of_the_same_event_with_the_next_sequence(
    running_pair: Pair, clock: FixedClock
) -> None:
    session = sessions.schedule(
        running_pair.mentee, running_pair.engagement_id, clock.now() + timedelta(days=1)
    )
    _, before = _event(sessions.invite(running_pair.mentor, session.id))
    sessions.cancel(running_pair.mentee, session.id)
    calendar, after = _event(sessions.invite(running_pair.mentor, session.id))
    assert str(calendar["method"]) == "CANCEL" and str(after["status"]) == "CANCELLED"
    assert str(after["uid"]) == str(before["uid"])
    assert after.decoded("sequence") == before.decoded("sequence") + 1


def test_the_invite_is_in_the_guides_time_zone_and_asks_each_attendee_to_answer(
    app: Growpath, running_pair: Pair, clock: FixedClock
) -> None:
    _set_person(app, MENTOR, timezone="Europe/Berlin", name='Ana "Ace" Lima')
    when = datetime.fromisoformat("2026-01-20T09:00:00+00:00")
    session = sessions.schedule(running_pair.mentee, running_pair.engagement_id, when)
    ics = sessions.invite(running_pair.mentee, session.id)
    assert b"DTSTART;TZID=Europe/Berlin:20260120T100000" in ics
    assert b"^'" not in ics  # RFC 6868's escape of '"', which calendar programs show as is
    calendar, event = _event(ics)
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert event.decoded("dtstart") == when  # the same instant, written in Berlin time
    assert event["organizer"].params["cn"] == "Ana 'Ace' Lima"
    attendees = event.get("attendee")
    assert {str(a) for a in attendees} == {f"mailto:{MENTEE}", f"mailto:{MENTOR}"}
    for attendee in attendees:
        assert attendee.params["partstat"] == "NEEDS-ACTION"
        assert attendee.params["rsvp"] == "TRUE"


def test_each_member_gets_one_invite_mail_and_a_reschedule_mails_the_next_sequence(
    app: Growpath, running_pair: Pair, clock: FixedClock, mailer: RecordingMailer
) -> None:
    _set_person(app, MENTEE, timezone="America/New_York")
    _set_person(app, MENTOR, timezone="Europe/Berlin")
    when = datetime.fromisoformat("2026-01-20T15:00:00+00:00")
    session = sessions.schedule(
        running_pair.mentee, running_pair.engagement_id, when, 30, "Room 4.12"
    )
    first = _delivered(app, mailer)
    assert sorted(m["To"] for m in first) == [MENTEE, MENTOR]
    uids = set()
    for message in first:
        assert "List-Unsubscribe" not in message  # essential: the session is on either way
        calendar_part, attachment = _calendar_parts(message)
        assert calendar_part.get_content_type() == "text/calendar"
        assert calendar_part.get_param("method") == "REQUEST"
        assert calendar_part.get_content_charset() == "utf-8"
        calendar, event = _event(calendar_part.get_content())
        _, attached = _event(attachment.get_content())
        assert attached.to_ical() == event.to_ical()
        assert str(calendar["method"]) == "REQUEST" and event.decoded("sequence") == 0
        assert event.decoded("dtstart") == when
        uids.add(str(event["uid"]))
    assert len(uids) == 1
    texts = {m["To"]: plain_text(m) for m in first}
    assert "10:00–10:30 (America/New_York)" in texts[MENTEE]
    assert "16:00–16:30 (Europe/Berlin)" in texts[MENTOR]
    assert "Place: Room 4.12" in texts[MENTEE]
    assert "Person 17" in texts[MENTEE] and "Person 13" in texts[MENTOR]
    assert _delivered(app, mailer) == []  # the job again: nothing new

    sessions.reschedule(running_pair.mentor, session.id, when + timedelta(days=1))
    second = _delivered(app, mailer)
    assert sorted(m["To"] for m in second) == [MENTEE, MENTOR]
    for message in second:
        assert message["Subject"].startswith("Session moved")
        _, event = _event(_calendar_parts(message)[0].get_content())
        assert str(event["uid"]) in uids and event.decoded("sequence") == 1
        assert event.decoded("dtstart") == when + timedelta(days=1)
    assert _delivered(app, mailer) == []

    sessions.cancel(running_pair.mentee, session.id)
    third = _delivered(app, mailer)
    assert sorted(m["To"] for m in third) == [MENTEE, MENTOR]
    for message in third:
        calendar_part, _ = _calendar_parts(message)
        assert calendar_part.get_param("method") == "CANCEL"
        calendar, event = _event(calendar_part.get_content())
        assert str(calendar["method"]) == "CANCEL" and event.decoded("sequence") == 2
        assert "is cancelled" in plain_text(message)


def test_a_no_show_mails_nobody(
    app: Growpath, running_pair: Pair, clock: FixedClock, mailer: RecordingMailer
) -> None:
    session = sessions.schedule(
        running_pair.mentee, running_pair.engagement_id, clock.now() + timedelta(hours=1)
    )
    assert len(_delivered(app, mailer)) == 2
    sessions.cancel(running_pair.mentor, session.id, no_show=True)
    assert _delivered(app, mailer) == []


def test_ending_an_engagement_mails_the_cancellation_of_its_sessions_to_come(
    app: Growpath, running_pair: Pair, clock: FixedClock, mailer: RecordingMailer
) -> None:
    session = sessions.schedule(
        running_pair.mentee, running_pair.engagement_id, clock.now() + timedelta(days=4)
    )
    assert len(_delivered(app, mailer)) == 2
    engagements.change_engagement(
        running_pair.mentor, running_pair.engagement_id, "end_early", reason="moved teams"
    )
    cancelled = _delivered(app, mailer)
    assert sorted(m["To"] for m in cancelled) == [MENTEE, MENTOR]
    for message in cancelled:
        calendar, event = _event(_calendar_parts(message)[0].get_content())
        assert str(calendar["method"]) == "CANCEL" and event.decoded("sequence") == 1
    calendar, _ = _event(sessions.invite(running_pair.mentee, session.id))
    assert str(calendar["method"]) == "CANCEL"
