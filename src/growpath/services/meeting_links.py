"""Meeting links: the online room of a pair, as their program decides, for the pair only."""

from __future__ import annotations

import secrets
from typing import Protocol

from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import Conflict
from growpath.domain.meeting_links import GUIDE_ROOM, JITSI, meeting_url, room_url
from growpath.i18n import N_
from growpath.services.access import access_member_engagement
from growpath.services.context import Context
from growpath.settings import Settings

# 128 bits: a room name nobody guesses, and short enough to read out over the phone.
ROOM_TOKEN_BYTES = 16
NO_PROFILE = N_("your account is not linked to a person, so it has no meeting room")


def new_room_token() -> str:
    """Return a fresh random name part for an engagement's Jitsi room."""
    return secrets.token_hex(ROOM_TOKEN_BYTES)


class MeetingFields(Protocol):
    """What an engagement's meeting link is made of: a stored engagement or its page's line."""

    @property
    def id(self) -> int: ...
    @property
    def program_id(self) -> int: ...
    @property
    def meeting_token(self) -> str: ...


def engagement_meeting_url(
    uow: UnitOfWork, settings: Settings, engagement: MeetingFields, mode: str | None = None
) -> str:
    """Return where an engagement's pair meets online, or "" (in the caller's transaction);
    mode is the program's meeting link, when the caller read it already.

    An engagement of a Jitsi program gets its room name here, on first use, and the caller
    commits it with the rest of its work; engagements of other programs hold no room name.
    """
    if mode is None:
        program = uow.programs.get(engagement.program_id)
        mode = program.meeting_link if program is not None else ""
    token = engagement.meeting_token
    if mode == JITSI and not token:
        token = new_room_token()
        uow.engagements.give_meeting_token(engagement.id, token)
    guide_room = ""
    if mode == GUIDE_ROOM:
        members = uow.sessions.members([engagement.id])
        guide = next((m for m in members if m.role == "guide"), None)
        person = uow.people.get(guide.person_id) if guide is not None else None
        guide_room = person.meeting_room_url if person is not None else ""
    return meeting_url(
        mode,
        jitsi_base=settings.jitsi_base_url,
        token=token,
        guide_room=guide_room,
    )


def meeting_link(ctx: Context, engagement_id: int) -> str:
    """Return the engagement's meeting link, for its members only (admins see no link)."""
    with ctx.uow() as uow:
        engagement, _ = access_member_engagement(uow, ctx, engagement_id)
        url = engagement_meeting_url(uow, ctx.app.settings, engagement)
        uow.commit()
        return url


def my_meeting_room(ctx: Context) -> str | None:
    """Return one's own meeting room address ("" if unset; None for an account without a person)."""
    with ctx.uow() as uow:
        person = uow.people.get(ctx.actor.person_id) if ctx.actor.person_id else None
        return person.meeting_room_url if person is not None else None


def set_my_meeting_room(ctx: Context, url: str) -> str:
    """Set (or with "" clear) one's own Zoom, Teams or Meet room, for programs that use it."""
    cleaned = room_url(url)
    with ctx.uow() as uow:
        person = uow.people.get(ctx.actor.person_id) if ctx.actor.person_id else None
        if person is None:
            raise Conflict(NO_PROFILE)
        person.meeting_room_url = cleaned
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "person.meeting_room",
            "person",
            str(person.id),
            ctx.source_address,
            detail={"set": bool(cleaned)},
        )
        uow.commit()
        return cleaned
