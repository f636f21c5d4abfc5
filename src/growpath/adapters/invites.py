"""Calendar invites (.ics) for sessions, with the icalendar library."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText


def session_invite(
    uid: str,
    sequence: int,
    starts_at: datetime,
    minutes: int,
    summary: str,
    location: str,
    organiser: tuple[str, str],
    attendees: Sequence[tuple[str, str]],
    now: datetime,
    cancelled: bool = False,
) -> bytes:
    """Return an iCalendar REQUEST (or CANCEL) for one session."""
    calendar = Calendar()
    calendar.add("prodid", "-//growpath//sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", now)
    event.add("dtstart", starts_at)
    event.add("dtend", starts_at + timedelta(minutes=minutes))
    event.add("summary", summary)
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    name, email = organiser
    organiser_address = vCalAddress(f"mailto:{email}")
    organiser_address.params["cn"] = vText(name)
    event["organizer"] = organiser_address
    for name, email in attendees:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = vText(name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    return calendar.to_ical()  # type: ignore[no-any-return]
