"""Calendar files (.ics) for sessions, with the icalendar library: invites and personal feeds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//growpath//sessions//EN"
# VTIMEZONE rules for a year either side of the events: enough for any calendar program,
# without the decades of transitions a default window writes into every invite.
ZONE_MARGIN = timedelta(days=366)


@dataclass(frozen=True)
class Participant:
    """Someone in a session as calendars name them."""

    name: str
    email: str


@dataclass(frozen=True)
class SessionEvent:
    """One session as a calendar event: its identity, time, place and people."""

    uid: str
    sequence: int
    starts_at: datetime
    minutes: int
    summary: str
    location: str
    organiser: Participant
    attendees: Sequence[Participant]
    time_zone: str
    cancelled: bool = False
    meeting_url: str = ""
    # What the event says beyond its summary, in its reader's language ("Join online: …").
    description: str = ""


def zone(name: str) -> ZoneInfo:
    """Return the named time zone, or UTC for a name no zone database knows."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def session_invite(session: SessionEvent, now: datetime) -> bytes:
    """Return an iCalendar REQUEST (or CANCEL) for one session, to its people."""
    calendar = _calendar()
    calendar.add("method", "CANCEL" if session.cancelled else "REQUEST")
    calendar.add_component(_event(session, now, with_people=True))
    return _written(calendar, [session])


def calendar_feed(name: str, sessions: Sequence[SessionEvent], now: datetime) -> bytes:
    """Return a subscribable calendar of sessions (no METHOD: a feed invites nobody)."""
    calendar = _calendar()
    calendar.add("x-wr-calname", name)
    for session in sessions:
        # No attendees: a feed event with them would ask calendar programs for replies.
        calendar.add_component(_event(session, now, with_people=False))
    return _written(calendar, sessions)


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    return calendar


def _written(calendar: Calendar, sessions: Sequence[SessionEvent]) -> bytes:
    if sessions:
        first = min(s.starts_at for s in sessions) - ZONE_MARGIN
        last = max(s.starts_at for s in sessions) + ZONE_MARGIN
        calendar.add_missing_timezones(first.date(), last.date())
    return calendar.to_ical()  # type: ignore[no-any-return]


def _event(session: SessionEvent, now: datetime, *, with_people: bool) -> Event:
    local = zone(session.time_zone)
    starts_at = session.starts_at.astimezone(local)
    event = Event()
    event.add("uid", session.uid)
    event.add("sequence", session.sequence)
    event.add("dtstamp", now)
    event.add("dtstart", starts_at)
    event.add("dtend", starts_at + timedelta(minutes=session.minutes))
    event.add("summary", session.summary)
    # A place agreed for the session wins; otherwise the pair meets at their online room.
    if session.location or session.meeting_url:
        event.add("location", session.location or session.meeting_url)
    if session.meeting_url:
        event.add("url", session.meeting_url)
    if session.description:
        event.add("description", session.description)
    event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
    if with_people:
        event["organizer"] = _address(session.organiser)
        for person in session.attendees:
            attendee = _address(person)
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            attendee.params["partstat"] = vText("NEEDS-ACTION")
            attendee.params["rsvp"] = vText("TRUE")
            event.add("attendee", attendee, encode=False)
    return event


def _address(person: Participant) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    # icalendar writes '"' in a parameter as RFC 6868's ^', which calendar programs show as is.
    address.params["cn"] = vText(person.name.replace('"', "'"))
    return address
