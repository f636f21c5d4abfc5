"""Change and read engagements: start, pause, resume, complete, end early, renew."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from growpath.adapters.orm import EngagementRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.engagements import FINISHED, Engagement, add_months
from growpath.domain.errors import InvalidInput, Problem
from growpath.i18n import N_
from growpath.services import seats
from growpath.services.access import access_engagement
from growpath.services.context import Context
from growpath.services.session_invites import queue_invites
from growpath.settings import Settings


@dataclass(frozen=True)
class MemberView:
    """A person in an engagement."""

    person_id: int
    name: str
    role: str


@dataclass(frozen=True)
class EngagementView:
    """An engagement as its members and admins see it (never notes)."""

    id: int
    program_id: int
    program_name: str
    kind: str
    status: str
    starts_on: date | None
    planned_end_on: date | None
    renewal_on: date | None
    cadence_days: int
    ended_at: datetime | None
    end_reason: str
    members: tuple[MemberView, ...]


def aggregate_of(row: EngagementRow) -> Engagement:
    """Read an engagement row into its lifecycle aggregate."""
    return Engagement(
        id=row.id,
        kind=row.kind,
        status=row.status,
        starts_on=row.starts_on,
        planned_end_on=row.planned_end_on,
        renewal_on=row.renewal_on,
        ended_at=row.ended_at,
        end_reason=row.end_reason,
    )


def lock_pair(uow: UnitOfWork, row: EngagementRow) -> EngagementRow:
    """Take the seats' lock on an engagement's people, then return the engagement as committed.

    Whatever moves an engagement (its members, the health board's re-match) or offers, accepts
    or joins its people waits here for the others: none acts on a state another just changed.
    """
    participants = uow.engagements.participant_enrolments(row.id)
    seats.lock_enrolments(
        uow,
        [*uow.engagements.guide_enrolments(row.id), *(e for _, e in participants if e is not None)],
    )
    return uow.engagements.fresh(row.id) or row


def store_aggregate(
    uow: UnitOfWork, row: EngagementRow, engagement: Engagement, now: datetime, settings: Settings
) -> None:
    """Write an aggregate's lifecycle state back to its row, with what ending it implies."""
    ending = engagement.status in FINISHED and row.status not in FINISHED
    row.status, row.starts_on = engagement.status, engagement.starts_on
    row.planned_end_on, row.renewal_on = engagement.planned_end_on, engagement.renewal_on
    row.ended_at, row.end_reason = engagement.ended_at, engagement.end_reason
    if ending:
        # An ended pair meets no more: its future sessions are called off, and its seat
        # is free for the guide's next pair.
        for session in uow.engagements.cancel_future_sessions(row.id, now):
            queue_invites(uow, settings, now, session, "cancelled")
        seats.recount_seats(uow, uow.engagements.guide_enrolments(row.id))


def change_engagement(
    ctx: Context,
    engagement_id: int,
    action: str,
    *,
    reason: str = "",
    end_on: date | None = None,
) -> EngagementView:
    """Apply one lifecycle action; an invalid transition is refused and changes nothing."""
    actions = ("start", "pause", "resume", "complete", "end_early", "renew")
    if action not in actions:
        raise InvalidInput(
            [Problem.of(N_("must be one of %(choices)s"), "action", choices=", ".join(actions))]
        )
    with ctx.uow() as uow:
        # Locked, then read again: a pause landing after a re-match must not revive the pair.
        row = lock_pair(uow, access_engagement(uow, ctx, engagement_id))
        engagement = aggregate_of(row)
        today = ctx.today
        if action == "start":
            program = uow.engagements.program(row.program_id)
            months = program.default_length_months if program else 6
            engagement.start(today, end_on or add_months(today, months))
        elif action == "renew":
            if end_on is None:
                raise InvalidInput([Problem(N_("give the date the renewed term ends"), "end_on")])
            engagement.renew(today, end_on)
        elif action == "end_early":
            engagement.end_early(ctx.now, reason)
        elif action == "complete":
            engagement.complete(ctx.now)
        else:
            getattr(engagement, action)()
        store_aggregate(uow, row, engagement, ctx.now, ctx.app.settings)
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            f"engagement.{action}",
            "engagement",
            str(engagement_id),
            ctx.source_address,
        )
        uow.commit()
        return _view(uow, row)


def get_engagement(ctx: Context, engagement_id: int) -> EngagementView:
    """Return one engagement the actor belongs to (or administers)."""
    with ctx.uow() as uow:
        return _view(uow, access_engagement(uow, ctx, engagement_id))


def my_engagements(ctx: Context) -> Sequence[EngagementView]:
    """Return the engagements the actor is a member of, newest first."""
    with ctx.uow() as uow:
        return engagements_of(uow, ctx.actor.person_id)


def engagements_of(uow: UnitOfWork, person_id: int | None) -> list[EngagementView]:
    """Return the engagements a person is a member of, newest first, inside a unit of work."""
    found = uow.engagements.of_person_with_program_names(person_id)
    return _views(uow, found, {line.program_id: line.program_name for line in found})


def _view(uow: UnitOfWork, row: EngagementRow) -> EngagementView:
    (view,) = _views(uow, [row])
    return view


def engagement_view(uow: UnitOfWork, row: EngagementFields, program_name: str) -> EngagementView:
    """Return one engagement of the named program with its members, inside a unit of work
    (no access check)."""
    (view,) = _views(uow, [row], {row.program_id: program_name})
    return view


class EngagementFields(Protocol):
    """What an engagement's view is made of: a stored engagement or a line of a list."""

    @property
    def id(self) -> int: ...
    @property
    def program_id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def starts_on(self) -> date | None: ...
    @property
    def planned_end_on(self) -> date | None: ...
    @property
    def renewal_on(self) -> date | None: ...
    @property
    def cadence_days(self) -> int: ...
    @property
    def ended_at(self) -> datetime | None: ...
    @property
    def end_reason(self) -> str: ...


def _views(
    uow: UnitOfWork, rows: Sequence[EngagementFields], names: Mapping[int, str] | None = None
) -> list[EngagementView]:
    # Members and program names of all the engagements in two queries, however many there
    # are; one when the caller read the names with the engagements.
    members: dict[int, list[MemberView]] = {row.id: [] for row in rows}
    for engagement_id, person_id, name, role in uow.engagements.members_of(members):
        members[engagement_id].append(MemberView(person_id, name, role))
    if names is None:
        names = uow.engagements.program_names(row.program_id for row in rows)
    return [
        EngagementView(
            id=row.id,
            program_id=row.program_id,
            program_name=names.get(row.program_id, ""),
            kind=row.kind,
            status=row.status,
            starts_on=row.starts_on,
            planned_end_on=row.planned_end_on,
            renewal_on=row.renewal_on,
            cadence_days=row.cadence_days,
            ended_at=row.ended_at,
            end_reason=row.end_reason,
            members=tuple(members[row.id]),
        )
        for row in rows
    ]
