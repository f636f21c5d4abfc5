"""Session invites: the calendar event of a session, and the e-mails that carry it to its people.

A session's invite keeps its UID for life; every change people's calendars must follow
(a new time, length or place, a cancellation) raises its SEQUENCE and mails the new invite to
every member of the engagement, so calendar programs replace the event they hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from growpath.adapters.invites import Participant, SessionEvent, session_invite, zone
from growpath.adapters.orm import SessionRow
from growpath.adapters.repositories.sessions import SessionMember
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.sessions import CANCELLED
from growpath.services.nudges import queue_nudge
from growpath.settings import Settings

SUMMARY = "growpath session"
KIND = "session_invite"
# What each change tells the people in the session, subject first.
CHANGES = {
    "scheduled": ("Session scheduled", "is scheduled for"),
    "moved": ("Session moved", "has moved to"),
    "cancelled": ("Session cancelled", "is cancelled; it was planned for"),
}


def session_event(row: SessionRow, members: Sequence[SessionMember]) -> SessionEvent:
    """Return a session as a calendar event, in its organiser's (the guide's) time zone."""
    organiser = next((m for m in members if m.role == "guide"), members[0])
    return SessionEvent(
        uid=row.ical_uid,
        sequence=row.sequence,
        starts_at=row.scheduled_at,
        minutes=row.duration_minutes,
        summary=SUMMARY,
        location=row.location,
        organiser=Participant(organiser.name, organiser.email),
        attendees=[Participant(m.name, m.email) for m in members],
        time_zone=organiser.time_zone,
        cancelled=row.status == CANCELLED,
    )


def queue_invites(
    uow: UnitOfWork, settings: Settings, now: datetime, row: SessionRow, change: str
) -> None:
    """Queue the session's current invite to each member; a repeat of the same change adds none."""
    members = uow.sessions.members([row.engagement_id])
    invite = session_invite(session_event(row, members), now).decode()
    subject, verb = CHANGES[change]
    for member in members:
        others = [m.name for m in members if m.person_id != member.person_id]
        when = local_time(row.scheduled_at, row.duration_minutes, member.time_zone)
        queue_nudge(
            uow,
            # One mail per session, invite version and person: the outbox sends it once.
            dedupe_key=f"session-invite:{row.id}:{row.sequence}:{member.person_id}",
            kind=KIND,
            recipient_email=member.email,
            subject=f"{subject}: {when}",
            body=_body(row, verb, when, others, settings.page_url(f"/sessions/{row.id}")),
            calendar=invite,
            due_at=now,
            now=now,
        )


def local_time(starts_at: datetime, minutes: int, time_zone: str) -> str:
    """Return a session's day and hours in a time zone, naming the zone."""
    local_zone = zone(time_zone)
    start = starts_at.astimezone(local_zone)
    end = start + timedelta(minutes=minutes)
    return f"{start:%A} {start.day} {start:%B %Y}, {start:%H:%M}–{end:%H:%M} ({local_zone.key})"


def _body(row: SessionRow, verb: str, when: str, others: Sequence[str], link: str) -> str:
    with_whom = f" with {', '.join(others)}" if others else ""
    place = row.location or "not set yet"
    return (
        f"Your growpath session{with_whom} {verb} {when}.\n"
        f"Place: {place}\n\n"
        "The calendar invite is attached; your calendar program updates the event from it.\n\n"
        f"The session: {link}\n"
    )
