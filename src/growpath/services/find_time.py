"""Find a time: free slots for a pair, one person proposes one, the other confirms it.

Slots come from both people's working hours (each in their own zone), their growpath sessions
(with a buffer) and the busy times of their own calendars. Only free slots ever leave this
module: neither person learns when, or why, the other is busy. A confirmed slot becomes a
session through the scheduling service, so its invite goes to both by e-mail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from growpath.adapters.orm import EngagementRow, SlotProposalRow
from growpath.adapters.repositories.sessions import SessionMember
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.engagements import check_schedulable
from growpath.domain.errors import Conflict, InvalidInput, NotFound, Problem
from growpath.domain.sessions import MAX_MINUTES, MIN_MINUTES, SCHEDULED
from growpath.domain.slot_proposals import (
    CONFIRMED,
    DECLINED,
    PROPOSED,
    SUPERSEDED,
    TAKEN,
    check_answerable,
    check_withdrawable,
    shown_status,
)
from growpath.domain.slots import (
    SEARCH_DAYS,
    SESSION_BUFFER,
    Interval,
    Slot,
    WorkingHours,
    check_free,
    propose_slots,
    widened,
)
from growpath.i18n import N_
from growpath.services.access import access_member_engagement, check_writable, engagement_role
from growpath.services.busy_calendars import refresh_busy_times
from growpath.services.context import Context
from growpath.services.mail_language import mail_translator
from growpath.services.nudges import queue_nudge
from growpath.services.session_invites import local_time
from growpath.services.sessions import schedule_in
from growpath.services.working_hours import hours_of

DEFAULT_MINUTES = 60


@dataclass(frozen=True)
class SlotView:
    """A free slot, with its time in the viewer's zone in words."""

    starts_at: datetime
    ends_at: datetime
    local: str


@dataclass(frozen=True)
class ProposalView:
    """A proposed slot, as either member of the pair sees it."""

    id: int
    engagement_id: int
    starts_at: datetime
    duration_minutes: int
    local: str
    status: str
    proposed_by_me: bool
    proposed_by: str
    proposed_at: datetime
    session_id: int | None


@dataclass(frozen=True)
class FreeSlots:
    """What "Find a time" shows: free slots, calendars that failed, and the open proposal."""

    engagement_id: int
    duration_minutes: int
    time_zone: str
    slots: tuple[SlotView, ...]
    calendar_problems: tuple[str, ...]
    open_proposal: ProposalView | None
    auto_confirm: bool


def find_slots(ctx: Context, engagement_id: int, minutes: int = DEFAULT_MINUTES) -> FreeSlots:
    """Read both people's calendars afresh and return the free slots (the pair only)."""
    _check_minutes(minutes)
    with ctx.uow() as uow:
        engagement, members = _pair(uow, ctx, engagement_id)
        uow.commit()
    problems = refresh_busy_times(ctx.app, [m.person_id for m in members])
    names = {m.person_id: m.name for m in members}
    said = []
    for problem in problems:
        if problem.person_id == ctx.actor.person_id:
            said.append(
                f"Your calendar at {problem.host} could not be read ({problem.reason}); "
                "the slots may clash with what is in it."
            )
        else:
            # The other person's reason names their calendar's host: theirs to know, not ours.
            said.append(
                f"A calendar of {names[problem.person_id]} could not be read just now; "
                "the slots may clash with their busy times."
            )
    with ctx.uow() as uow:
        engagement, members = _pair(uow, ctx, engagement_id)
        zone = _zone_of(members, ctx)
        slots = _free(uow, ctx, members, minutes)
        proposal = uow.slot_proposals.open_of(engagement_id)
        auto = _auto_confirm(uow, engagement)
        uow.commit()
        return FreeSlots(
            engagement_id=engagement_id,
            duration_minutes=minutes,
            time_zone=zone,
            slots=tuple(
                SlotView(s.starts_at, s.ends_at, local_time(s.starts_at, minutes, zone))
                for s in slots
            ),
            calendar_problems=tuple(dict.fromkeys(said)),
            open_proposal=_proposal_view(proposal, ctx, members) if proposal else None,
            auto_confirm=auto,
        )


def propose_slot(
    ctx: Context, engagement_id: int, starts_at: datetime, minutes: int = DEFAULT_MINUTES
) -> ProposalView:
    """Propose a free slot to the other person (replacing an open proposal); with the
    program's auto-confirm, schedule the session at once."""
    _check_minutes(minutes)
    with ctx.uow() as uow:
        engagement, members = _pair(uow, ctx, engagement_id)
        # Both people proposing at once: one waits for the other, whose proposal it replaces.
        uow.slot_proposals.lock_pair(engagement_id)
        hours, busy = _constraints(uow, ctx, members, minutes)
        check_free(starts_at, minutes, hours, busy, ctx.now)
        earlier = uow.slot_proposals.open_of(engagement_id)
        if earlier is not None:
            earlier.status = SUPERSEDED
        row = SlotProposalRow(
            engagement_id=engagement_id,
            proposed_by_person_id=ctx.actor.person_id,
            starts_at=starts_at,
            duration_minutes=minutes,
            status=PROPOSED,
            created_at=ctx.now,
        )
        uow.slot_proposals.add(row)
        # Where the database did not make the other proposal wait (SQLite has no row locks),
        # the later one still wins: at most one proposal of a pair stays open.
        uow.slot_proposals.supersede_others(engagement_id, row.id)
        _audit(uow, ctx, "slot.propose", row)
        if _auto_confirm(uow, engagement):
            _confirm(uow, ctx, row)
        else:
            _tell_the_other(uow, ctx, row, members)
        view = _proposal_view(row, ctx, members)
        uow.commit()
        return view


def confirm_slot(ctx: Context, proposal_id: int) -> ProposalView:
    """Confirm the other person's proposed slot: the session is scheduled and invites go out.

    A slot that stopped being free is marked taken and refused: search again for fresh slots.
    """
    with ctx.uow() as uow:
        row, members = _answerable(uow, ctx, proposal_id)
        hours, busy = _constraints(uow, ctx, members, row.duration_minutes)
        try:
            check_free(row.starts_at, row.duration_minutes, hours, busy, ctx.now)
        except Conflict:
            _close(uow, ctx, row, TAKEN)
            row.answered_at, row.answered_by_person_id = ctx.now, ctx.actor.person_id
            _audit(uow, ctx, "slot.taken", row)
            uow.commit()
            raise
        _close(uow, ctx, row, CONFIRMED)
        _confirm(uow, ctx, row)
        view = _proposal_view(row, ctx, members)
        uow.commit()
        return view


def decline_slot(ctx: Context, proposal_id: int) -> ProposalView:
    """Decline the other person's proposed slot."""
    with ctx.uow() as uow:
        row, members = _answerable(uow, ctx, proposal_id)
        _close(uow, ctx, row, DECLINED)
        row.answered_at, row.answered_by_person_id = ctx.now, ctx.actor.person_id
        _audit(uow, ctx, "slot.decline", row)
        view = _proposal_view(row, ctx, members)
        uow.commit()
        return view


def withdraw_slot(ctx: Context, proposal_id: int) -> ProposalView:
    """Withdraw one's own open proposal before the other person answers it."""
    with ctx.uow() as uow:
        row = uow.slot_proposals.locked(proposal_id)
        if row is None:
            raise NotFound(N_("no slot proposal with id %(id)s"), id=proposal_id)
        _, members = _pair(uow, ctx, row.engagement_id)
        check_withdrawable(
            row.status, row.proposed_by_person_id, ctx.actor.person_id, row.answered_by_person_id
        )
        # Stored as a decline by the proposer (see domain.slot_proposals.WITHDRAWN).
        _close(uow, ctx, row, DECLINED)
        row.answered_at, row.answered_by_person_id = ctx.now, ctx.actor.person_id
        _audit(uow, ctx, "slot.withdraw", row)
        view = _proposal_view(row, ctx, members)
        uow.commit()
        return view


def pending_proposal(ctx: Context, engagement_id: int) -> ProposalView | None:
    """Return the pair's open proposal as the viewer sees it (the pair only), or None."""
    with ctx.uow() as uow:
        access_member_engagement(uow, ctx, engagement_id)
        view = open_proposal_of(uow, ctx, engagement_id)
        uow.commit()
        return view


def open_proposal_view(uow: UnitOfWork, ctx: Context, proposal_id: int) -> ProposalView | None:
    """Return a proposal as the viewer sees it, None if it was answered or withdrawn since the
    caller found it open; the caller checked membership."""
    row = uow.slot_proposals.get(proposal_id)
    if row is None or row.status != PROPOSED:
        return None
    return _proposal_view(row, ctx, uow.sessions.members([row.engagement_id]))


def open_proposal_of(uow: UnitOfWork, ctx: Context, engagement_id: int) -> ProposalView | None:
    """Return the pair's open proposal as the viewer sees it; the caller checked membership."""
    row = uow.slot_proposals.open_to_show(engagement_id)
    return _proposal_view(row, ctx, uow.sessions.members([engagement_id])) if row else None


def get_proposal(ctx: Context, proposal_id: int) -> ProposalView:
    """Return a proposed slot to a member of its pair."""
    with ctx.uow() as uow:
        row = uow.slot_proposals.get(proposal_id)
        if row is None:
            raise NotFound(N_("no slot proposal with id %(id)s"), id=proposal_id)
        engagement_role(uow, ctx, row.engagement_id)
        return _proposal_view(row, ctx, uow.sessions.members([row.engagement_id]))


def _pair(
    uow: UnitOfWork, ctx: Context, engagement_id: int
) -> tuple[EngagementRow, list[SessionMember]]:
    """Return a running engagement of the actor's and its members; refuse anyone else."""
    engagement, _ = access_member_engagement(uow, ctx, engagement_id)
    check_writable(uow, engagement_id)
    check_schedulable(engagement_id, engagement.status)
    return engagement, uow.sessions.members([engagement_id])


def _answerable(
    uow: UnitOfWork, ctx: Context, proposal_id: int
) -> tuple[SlotProposalRow, list[SessionMember]]:
    row = uow.slot_proposals.locked(proposal_id)
    if row is None:
        raise NotFound(N_("no slot proposal with id %(id)s"), id=proposal_id)
    _, members = _pair(uow, ctx, row.engagement_id)
    check_answerable(
        row.status, row.proposed_by_person_id, ctx.actor.person_id, row.answered_by_person_id
    )
    return row, members


def _close(uow: UnitOfWork, ctx: Context, row: SlotProposalRow, status: str) -> None:
    """Close the proposal only if nobody closed it meanwhile; else say who did what."""
    if uow.slot_proposals.close(row, status):
        return
    # Lost the race (a confirm crossing a withdrawal, say): the reloaded row says why.
    if row.proposed_by_person_id == ctx.actor.person_id and status == DECLINED:
        check_withdrawable(row.status, row.proposed_by_person_id, None, row.answered_by_person_id)
    check_answerable(row.status, row.proposed_by_person_id, None, row.answered_by_person_id)
    raise Conflict(N_("this proposal was answered meanwhile"))


def _constraints(
    uow: UnitOfWork, ctx: Context, members: Sequence[SessionMember], minutes: int
) -> tuple[list[WorkingHours], list[Interval]]:
    """Return the pair's working hours and everything that makes either of them busy."""
    ids = [m.person_id for m in members]
    start = ctx.now - timedelta(minutes=MAX_MINUTES)
    end = ctx.now + timedelta(days=SEARCH_DAYS + 1)
    sessions = [
        (row.scheduled_at, row.scheduled_at + timedelta(minutes=row.duration_minutes))
        for person_id in ids
        for row in uow.sessions.of_person(person_id)
        if row.status == SCHEDULED and start <= row.scheduled_at <= end
    ]
    busy = uow.busy_times.busy(ids, start, end, ctx.now) + widened(sessions, SESSION_BUFFER)
    hours = hours_of(uow, ids)
    return [hours[person_id] for person_id in ids], busy


def _free(
    uow: UnitOfWork, ctx: Context, members: Sequence[SessionMember], minutes: int
) -> list[Slot]:
    hours, busy = _constraints(uow, ctx, members, minutes)
    return propose_slots(ctx.now, minutes, hours, busy)


def _confirm(uow: UnitOfWork, ctx: Context, row: SlotProposalRow) -> None:
    """Schedule the proposed slot as a session: the invites go to both through the outbox."""
    session = schedule_in(uow, ctx, row.engagement_id, row.starts_at, row.duration_minutes)
    row.status, row.answered_at, row.session_id = CONFIRMED, ctx.now, session.id
    row.answered_by_person_id = ctx.actor.person_id
    _audit(uow, ctx, "slot.confirm", row)


def _tell_the_other(
    uow: UnitOfWork, ctx: Context, row: SlotProposalRow, members: Sequence[SessionMember]
) -> None:
    """Mail the other member that a time waits for their answer, in their own zone."""
    proposer = next((m.name for m in members if m.person_id == ctx.actor.person_id), "")
    link = ctx.app.settings.page_url(f"/engagements/{row.engagement_id}/find-a-time")
    for member in members:
        if member.person_id == ctx.actor.person_id:
            continue
        _ = mail_translator(uow, ctx.app.settings, member.email)
        when = local_time(row.starts_at, row.duration_minutes, member.time_zone, _.locale)
        queue_nudge(
            uow,
            dedupe_key=f"slot-proposal:{row.id}:{member.person_id}",
            kind="slot_proposal",
            recipient_email=member.email,
            subject=_("%(name)s proposes a session: %(when)s", name=proposer, when=when),
            body=(
                _(
                    "%(name)s proposes your next growpath session for %(when)s.",
                    name=proposer,
                    when=when,
                )
                + "\n\n"
                + _("Confirm it or choose another time: %(link)s", link=link)
                + "\n"
            ),
            due_at=ctx.now,
            now=ctx.now,
        )


def _auto_confirm(uow: UnitOfWork, engagement: EngagementRow) -> bool:
    program = uow.programs.get(engagement.program_id)
    return bool(program and program.auto_confirm_slots)


def _audit(uow: UnitOfWork, ctx: Context, action: str, row: SlotProposalRow) -> None:
    uow.audit.record(
        ctx.now, ctx.actor_user_id, action, "engagement", str(row.engagement_id), ctx.source_address
    )


def _zone_of(members: Sequence[SessionMember], ctx: Context) -> str:
    return next((m.time_zone for m in members if m.person_id == ctx.actor.person_id), "UTC")


def _proposal_view(
    row: SlotProposalRow, ctx: Context, members: Sequence[SessionMember]
) -> ProposalView:
    names = {m.person_id: m.name for m in members}
    return ProposalView(
        id=row.id,
        engagement_id=row.engagement_id,
        starts_at=row.starts_at,
        duration_minutes=row.duration_minutes,
        local=local_time(row.starts_at, row.duration_minutes, _zone_of(members, ctx)),
        status=shown_status(row.status, row.proposed_by_person_id, row.answered_by_person_id),
        proposed_by_me=row.proposed_by_person_id == ctx.actor.person_id,
        proposed_by=names.get(row.proposed_by_person_id or 0, "someone who left"),
        proposed_at=row.created_at,
        session_id=row.session_id,
    )


def _check_minutes(minutes: int) -> None:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise InvalidInput(
            [
                Problem.of(
                    N_("must be %(least)s–%(most)s minutes"),
                    "duration_minutes",
                    least=MIN_MINUTES,
                    most=MAX_MINUTES,
                )
            ]
        )
