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
from growpath.i18n import N_, SOURCE_LOCALE, Translator
from growpath.services.mail_language import mail_translator, spelled_day
from growpath.services.meeting_links import engagement_meeting_url
from growpath.services.nudges import queue_nudge
from growpath.settings import Settings

SUMMARY = N_("growpath session")
KIND = "session_invite"
# What each change tells the people in the session: the subject, and the sentence (with and
# without the names of the others in it) that opens the mail.
CHANGES = {
    "scheduled": (
        N_("Session scheduled"),
        N_("Your growpath session is scheduled for %(when)s."),
        N_("Your growpath session with %(names)s is scheduled for %(when)s."),
    ),
    "moved": (
        N_("Session moved"),
        N_("Your growpath session has moved to %(when)s."),
        N_("Your growpath session with %(names)s has moved to %(when)s."),
    ),
    "cancelled": (
        N_("Session cancelled"),
        N_("Your growpath session is cancelled; it was planned for %(when)s."),
        N_("Your growpath session with %(names)s is cancelled; it was planned for %(when)s."),
    ),
}


def session_event(
    row: SessionRow, members: Sequence[SessionMember], meeting_url: str, _: Translator
) -> SessionEvent:
    """Return a session as a calendar event, in its organiser's (the guide's) time zone and
    its reader's language."""
    organiser = next((m for m in members if m.role == "guide"), members[0])
    return SessionEvent(
        uid=row.ical_uid,
        sequence=row.sequence,
        starts_at=row.scheduled_at,
        minutes=row.duration_minutes,
        summary=_(SUMMARY),
        location=row.location,
        organiser=Participant(organiser.name, organiser.email),
        attendees=[Participant(m.name, m.email) for m in members],
        time_zone=organiser.time_zone,
        cancelled=row.status == CANCELLED,
        meeting_url=meeting_url,
        description=_("Join online: %(url)s", url=meeting_url) if meeting_url else "",
    )


def queue_invites(
    uow: UnitOfWork, settings: Settings, now: datetime, row: SessionRow, change: str
) -> None:
    """Queue the session's current invite to each member; a repeat of the same change adds none."""
    members = uow.sessions.members([row.engagement_id])
    engagement = uow.engagements.get(row.engagement_id)
    meeting = engagement_meeting_url(uow, settings, engagement) if engagement else ""
    subject, alone, together = CHANGES[change]
    for member in members:
        _ = mail_translator(uow, settings, member.email)
        # Each member's invite in their own language; the UID and SEQUENCE are the session's.
        invite = session_invite(session_event(row, members, meeting, _), now).decode()
        others = [m.name for m in members if m.person_id != member.person_id]
        when = local_time(row.scheduled_at, row.duration_minutes, member.time_zone, _.locale)
        opening = _(together, names=", ".join(others), when=when) if others else _(alone, when=when)
        queue_nudge(
            uow,
            # One mail per session, invite version and person: the outbox sends it once.
            dedupe_key=f"session-invite:{row.id}:{row.sequence}:{member.person_id}",
            kind=KIND,
            recipient_email=member.email,
            subject=f"{_(subject)}: {when}",
            body=_body(row, _, opening, settings.page_url(f"/sessions/{row.id}"), meeting)
            + _preparation(settings, row, _),
            calendar=invite,
            due_at=now,
            now=now,
        )


def local_time(
    starts_at: datetime, minutes: int, time_zone: str, locale: str = SOURCE_LOCALE
) -> str:
    """Return a session's day and hours in a time zone, naming the zone; the day is written
    out in the locale's language."""
    local_zone = zone(time_zone)
    start = starts_at.astimezone(local_zone)
    end = start + timedelta(minutes=minutes)
    day = spelled_day(start, locale, f"{start:%A} {start.day} {start:%B %Y}")
    return f"{day}, {start:%H:%M}–{end:%H:%M} ({local_zone.key})"


def _preparation(settings: Settings, row: SessionRow, _: Translator) -> str:
    # A session still to come is worth preparing: the page names actions and goals, so the
    # mail only links to it behind the login.
    if row.status == CANCELLED:
        return ""
    return (
        _(
            "Prepare for it (last actions, goals, shared reflections): %(link)s",
            link=settings.page_url(f"/engagements/{row.engagement_id}/prepare"),
        )
        + "\n"
    )


def _body(row: SessionRow, _: Translator, opening: str, link: str, meeting: str) -> str:
    place = row.location or (_("online") if meeting else _("not set yet"))
    online = _("Join online: %(url)s", url=meeting) + "\n" if meeting else ""
    return (
        f"{opening}\n"
        + _("Place: %(place)s", place=place)
        + f"\n{online}\n"
        + _("The calendar invite is attached; your calendar program updates the event from it.")
        + "\n\n"
        + _("The session: %(link)s", link=link)
        + "\n"
    )
