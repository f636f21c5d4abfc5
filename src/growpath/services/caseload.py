"""A guide's caseload: the pairs they guide, their seats, sessions to log and actions due."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from growpath.adapters.orm import (
    ActionItemRow,
    EngagementMemberRow,
    EngagementRow,
    EnrolmentRow,
    PersonRow,
    ProgramRow,
    SessionRow,
)
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.programs import GUIDE_ROLE
from growpath.services.context import Context

ACTIONS_AHEAD = timedelta(days=7)
RUNNING = ("proposed", "active", "renewed", "paused")


@dataclass(frozen=True)
class GuidedPair:
    """An engagement the actor guides, with who they guide and when they last met."""

    engagement_id: int
    program_name: str
    kind: str
    status: str
    participants: tuple[str, ...]
    last_held_at: datetime | None
    next_session_at: datetime | None

    @property
    def running(self) -> bool:
        """Whether the engagement is still going (not completed or ended early)."""
        return self.status in RUNNING


@dataclass(frozen=True)
class Seats:
    """The actor's enrolment as a mentor or coach: how many of their seats are taken."""

    enrolment_id: int
    program_id: int
    program_name: str
    role: str
    capacity: int
    seats_taken: int


@dataclass(frozen=True)
class SessionToLog:
    """A scheduled session whose time has passed and that nobody has logged as held yet."""

    session_id: int
    engagement_id: int
    scheduled_at: datetime
    participants: tuple[str, ...]


@dataclass(frozen=True)
class ActionDue:
    """An open action of a guided pair, due within the week or overdue."""

    action_id: int
    engagement_id: int
    participants: tuple[str, ...]
    description: str
    owner_name: str
    due_on: date
    overdue: bool


@dataclass(frozen=True)
class Caseload:
    """Everything a guide needs to see on one page."""

    pairs: tuple[GuidedPair, ...]
    seats: tuple[Seats, ...]
    sessions_to_log: tuple[SessionToLog, ...]
    actions_due: tuple[ActionDue, ...]


def my_caseload(ctx: Context) -> Caseload:
    """Return the pairs the actor guides, their guide seats, sessions to log and actions due."""
    if ctx.actor.person_id is None:
        return Caseload((), (), (), ())
    with ctx.uow() as uow:
        pairs = _guided_pairs(uow, ctx.actor.person_id, ctx.now)
        # Finished pairs have nothing left to log or do.
        names = {p.engagement_id: p.participants for p in pairs if p.running}
        return Caseload(
            pairs=tuple(pairs),
            seats=tuple(_seats(uow, ctx.actor.person_id)),
            sessions_to_log=tuple(
                SessionToLog(session_id, engagement_id, when, names[engagement_id])
                for session_id, engagement_id, when in uow.session.execute(
                    select(SessionRow.id, SessionRow.engagement_id, SessionRow.scheduled_at)
                    .where(
                        SessionRow.engagement_id.in_(names),
                        SessionRow.status == "scheduled",
                        SessionRow.scheduled_at < ctx.now,
                    )
                    .order_by(SessionRow.scheduled_at)
                )
            ),
            actions_due=tuple(_actions_due(uow, names, ctx.now.date())),
        )


def _guided_pairs(uow: UnitOfWork, person_id: int, now: datetime) -> list[GuidedPair]:
    rows = uow.session.execute(
        select(EngagementRow.id, ProgramRow.name, EngagementRow.kind, EngagementRow.status)
        .join(EngagementMemberRow, EngagementMemberRow.engagement_id == EngagementRow.id)
        .join(ProgramRow, ProgramRow.id == EngagementRow.program_id)
        .where(EngagementMemberRow.person_id == person_id, EngagementMemberRow.role == "guide")
        .order_by(EngagementRow.id.desc())
    ).all()
    ids = [row[0] for row in rows]
    participants: dict[int, list[str]] = {}
    for engagement_id, name in uow.session.execute(
        select(EngagementMemberRow.engagement_id, PersonRow.name)
        .join(PersonRow, PersonRow.id == EngagementMemberRow.person_id)
        .where(
            EngagementMemberRow.engagement_id.in_(ids),
            EngagementMemberRow.role == "participant",
        )
        .order_by(PersonRow.name)
    ):
        participants.setdefault(engagement_id, []).append(name)
    last_held: dict[int, datetime | None] = dict(
        uow.session.execute(
            select(SessionRow.engagement_id, func.max(SessionRow.held_at))
            .where(SessionRow.engagement_id.in_(ids), SessionRow.status == "held")
            .group_by(SessionRow.engagement_id)
        ).all()
    )
    upcoming: dict[int, datetime] = dict(
        uow.session.execute(
            select(SessionRow.engagement_id, func.min(SessionRow.scheduled_at))
            .where(
                SessionRow.engagement_id.in_(ids),
                SessionRow.status == "scheduled",
                SessionRow.scheduled_at >= now,
            )
            .group_by(SessionRow.engagement_id)
        ).all()
    )
    return [
        GuidedPair(
            engagement_id=engagement_id,
            program_name=program_name,
            kind=kind,
            status=status,
            participants=tuple(participants.get(engagement_id, ())),
            last_held_at=last_held.get(engagement_id),
            next_session_at=upcoming.get(engagement_id),
        )
        for engagement_id, program_name, kind, status in rows
    ]


def _seats(uow: UnitOfWork, person_id: int) -> list[Seats]:
    rows = uow.session.execute(
        select(EnrolmentRow, ProgramRow.name)
        .join(ProgramRow, ProgramRow.id == EnrolmentRow.program_id)
        .where(
            EnrolmentRow.person_id == person_id,
            EnrolmentRow.role.in_(tuple(GUIDE_ROLE.values())),
            EnrolmentRow.status == "active",
        )
        .order_by(ProgramRow.name)
    ).all()
    return [
        Seats(row.id, row.program_id, name, row.role, row.capacity, row.seats_taken)
        for row, name in rows
    ]


def _actions_due(
    uow: UnitOfWork, participants: Mapping[int, tuple[str, ...]], today: date
) -> list[ActionDue]:
    rows = uow.session.execute(
        select(
            ActionItemRow.id,
            ActionItemRow.engagement_id,
            ActionItemRow.description,
            PersonRow.name,
            ActionItemRow.due_on,
        )
        .join(PersonRow, PersonRow.id == ActionItemRow.owner_person_id)
        .where(
            ActionItemRow.engagement_id.in_(participants),
            ActionItemRow.done_at.is_(None),
            ActionItemRow.due_on < today + ACTIONS_AHEAD,
        )
        .order_by(ActionItemRow.due_on, ActionItemRow.id)
    ).all()
    return [
        ActionDue(
            action_id,
            engagement_id,
            participants[engagement_id],
            description,
            owner,
            due_on,
            due_on < today,
        )
        for action_id, engagement_id, description, owner, due_on in rows
        if due_on is not None
    ]
