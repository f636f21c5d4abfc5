"""Personal calendar feeds: a secret URL per person that calendar programs subscribe to.

The URL's token is the only credential (calendar programs fetch it without logging in), so it
is random, shown once, and stored only as its SHA-256 digest. Rotating gives a new token and
the old URL stops working; revoking deletes it. Every fetch is recorded like any other read of
personal data.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from growpath.adapters.invites import calendar_feed
from growpath.adapters.orm import CalendarFeedRow
from growpath.adapters.repositories.sessions import SessionMember
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import Conflict, NotFound
from growpath.i18n import N_
from growpath.services.accounts import token_digest
from growpath.services.context import Collaborators, Context
from growpath.services.mail_language import mail_translator
from growpath.services.meeting_links import engagement_meeting_url
from growpath.services.session_invites import session_event
from growpath.settings import Settings

FEED_NAME = "growpath sessions"
FEED_PATH = "/calendar/{token}.ics"
# One answer for a token that never existed, was rotated away or was revoked.
NO_FEED = N_("no calendar feed at this address")


@dataclass(frozen=True)
class CalendarFeedView:
    """Whether a person has a feed, and since when; never its token."""

    exists: bool
    created_at: datetime | None


@dataclass(frozen=True)
class NewCalendarFeed:
    """A feed just created or rotated: its URL, shown this once."""

    url: str
    created_at: datetime


def my_feed(ctx: Context) -> CalendarFeedView:
    """Return whether the actor has a calendar feed, and since when."""
    person_id = _person_id(ctx)
    with ctx.uow() as uow:
        feed = uow.calendar_feeds.of_person(person_id)
        return CalendarFeedView(feed is not None, feed.created_at if feed else None)


def create_feed(ctx: Context) -> NewCalendarFeed:
    """Give the actor a feed URL, replacing any earlier one (whose URL stops working)."""
    person_id = _person_id(ctx)
    token = secrets.token_urlsafe(32)
    with ctx.uow() as uow:
        feed = uow.calendar_feeds.of_person(person_id)
        action = "calendar_feed.rotate" if feed else "calendar_feed.create"
        if feed is None:
            uow.calendar_feeds.add(
                CalendarFeedRow(
                    person_id=person_id, token_digest=token_digest(token), created_at=ctx.now
                )
            )
        else:
            feed.token_digest, feed.created_at = token_digest(token), ctx.now
        uow.audit.record(
            ctx.now, ctx.actor_user_id, action, "person", str(person_id), ctx.source_address
        )
        uow.commit()
    return NewCalendarFeed(ctx.app.settings.page_url(FEED_PATH.format(token=token)), ctx.now)


def revoke_feed(ctx: Context) -> bool:
    """Delete the actor's feed; return whether there was one."""
    person_id = _person_id(ctx)
    with ctx.uow() as uow:
        removed = uow.calendar_feeds.remove_of(person_id) > 0
        if removed:
            uow.audit.record(
                ctx.now,
                ctx.actor_user_id,
                "calendar_feed.revoke",
                "person",
                str(person_id),
                ctx.source_address,
            )
        uow.commit()
    return removed


def feed_calendar(app: Collaborators, token: str, source_address: str) -> bytes:
    """Return the sessions of the feed's person as a calendar, or NotFound for a dead token."""
    now = app.clock.now()
    with app.uow() as uow:
        feed = uow.calendar_feeds.by_digest(token_digest(token)) if token else None
        if feed is None:
            raise NotFound(NO_FEED)
        rows = uow.sessions.of_person(feed.person_id)
        members: dict[int, list[SessionMember]] = defaultdict(list)
        for member in uow.sessions.members({row.engagement_id for row in rows}):
            members[member.engagement_id].append(member)
        meetings = _meeting_urls(uow, app.settings, {row.engagement_id for row in rows})
        # The token stands for its person: the read is theirs, as if they had logged in.
        user = uow.users.by_person(feed.person_id)
        person = uow.people.get(feed.person_id)
        _ = mail_translator(uow, app.settings, person.email if person else "")
        events = [
            session_event(row, members[row.engagement_id], meetings[row.engagement_id], _)
            for row in rows
        ]
        uow.audit.record(
            now,
            user.id if user else None,
            "calendar_feed.read",
            "person",
            str(feed.person_id),
            source_address,
        )
        uow.commit()
    return calendar_feed(FEED_NAME, events, now)


def _meeting_urls(uow: UnitOfWork, settings: Settings, engagement_ids: set[int]) -> dict[int, str]:
    """Return the meeting link of each engagement (the feed's person is in every one)."""
    urls = {}
    for engagement_id in engagement_ids:
        engagement = uow.engagements.get(engagement_id)
        urls[engagement_id] = (
            engagement_meeting_url(uow, settings, engagement) if engagement else ""
        )
    return urls


def _person_id(ctx: Context) -> int:
    if ctx.actor.person_id is None:
        raise Conflict(N_("your account is not linked to a person, so it has no sessions to list"))
    return ctx.actor.person_id
