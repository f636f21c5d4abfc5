"""Calendar files of sessions, without a database: zones, names, feeds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from growpath.adapters.invites import (
    Participant,
    SessionEvent,
    calendar_feed,
    session_invite,
    zone,
)

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
GUIDE, MEMBER = Participant("Guide", "guide@example.com"), Participant("Member", "m@example.com")


def _session(time_zone: str, **changes: object) -> SessionEvent:
    fields: dict[str, object] = {
        "uid": "s-1@growpath",
        "sequence": 0,
        "starts_at": datetime(2026, 3, 30, 8, tzinfo=UTC),
        "minutes": 50,
        "summary": "growpath session",
        "location": "",
        "organiser": GUIDE,
        "attendees": [GUIDE, MEMBER],
        "time_zone": time_zone,
        **changes,
    }
    return SessionEvent(**fields)  # type: ignore[arg-type]


def test_an_unknown_or_malformed_zone_name_writes_the_session_in_utc() -> None:
    assert zone("Mars/Olympus_Mons").key == "UTC"
    assert zone("../../etc/passwd").key == "UTC"
    ics = session_invite(_session("Mars/Olympus_Mons"), NOW)
    assert b"DTSTART:20260330T080000Z" in ics and b"VTIMEZONE" not in ics


def test_a_session_across_a_daylight_saving_change_keeps_its_instant() -> None:
    # Berlin moves to summer time on 29 March 2026: 08:00 UTC is 10:00 there the day after.
    ics = session_invite(_session("Europe/Berlin"), NOW)
    assert b"DTSTART;TZID=Europe/Berlin:20260330T100000" in ics
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    assert event.decoded("dtstart") == datetime(2026, 3, 30, 8, tzinfo=UTC)
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=50)


def test_a_feed_has_no_method_nor_attendees_and_one_zone_for_many_sessions() -> None:
    sessions = [
        _session("Europe/Lisbon", uid=f"s-{n}@growpath", starts_at=NOW + timedelta(days=n))
        for n in range(3)
    ]
    calendar = Calendar.from_ical(calendar_feed("growpath sessions", sessions, NOW))
    assert calendar.get("method") is None
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Lisbon"]
    events = calendar.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [f"s-{n}@growpath" for n in range(3)]
    assert all(e.get("attendee") is None and e.get("organizer") is None for e in events)
    assert Calendar.from_ical(calendar_feed("growpath sessions", [], NOW)).walk("VEVENT") == []
