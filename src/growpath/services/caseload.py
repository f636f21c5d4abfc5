"""A guide's caseload: the pairs they guide, their seats, sessions to log and actions due."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from growpath.adapters.unit_of_work import UnitOfWork
from growpath.services import seats
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
                for session_id, engagement_id, when in uow.caseload.to_log(names, ctx.now)
            ),
            actions_due=tuple(_actions_due(uow, names, ctx.today)),
        )


def _guided_pairs(uow: UnitOfWork, person_id: int, now: datetime) -> list[GuidedPair]:
    rows = uow.caseload.guided(person_id)
    ids = [row[0] for row in rows]
    participants: dict[int, list[str]] = {}
    for engagement_id, name in uow.caseload.participant_names(ids):
        participants.setdefault(engagement_id, []).append(name)
    last_held = uow.caseload.last_held(ids)
    upcoming = uow.caseload.next_scheduled(ids, now)
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
    rows = uow.caseload.guide_enrolments(person_id)
    # Counted from the pairs and offers themselves, as every seat check counts them.
    held = seats.seats_of(uow, [row.id for row, _ in rows])
    return [
        Seats(row.id, row.program_id, name, row.role, row.capacity, held[row.id].held)
        for row, name in rows
    ]


def _actions_due(
    uow: UnitOfWork, participants: Mapping[int, tuple[str, ...]], today: date
) -> list[ActionDue]:
    rows = uow.caseload.actions_due_before(participants, today + ACTIONS_AHEAD)
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
