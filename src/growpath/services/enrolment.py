"""Enrol in a program as mentee, coachee, mentor or coach; withdraw."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from growpath.adapters.orm import EnrolmentRow
from growpath.domain.enrolment import GUIDE_ROLES, MAX_CAPACITY, EnrolmentStatus, enrolment_details
from growpath.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Problem
from growpath.domain.programs import GUIDE_ROLE, PARTICIPANT_ROLE, Eligibility, ProgramStatus
from growpath.i18n import N_
from growpath.services import seats
from growpath.services.access import access_administered_program, access_enrolment
from growpath.services.audit import record_read
from growpath.services.competencies import competency_keys
from growpath.services.context import Context
from growpath.services.programs import load_program


@dataclass(frozen=True)
class EnrolmentView:
    """An enrolment as its owner and the program's admins see it."""

    id: int
    program_id: int
    person_id: int
    person_name: str
    role: str
    status: str
    goals: str
    desired_competencies: tuple[str, ...]
    preferences: dict[str, Any]
    expertise: tuple[str, ...]
    focus_areas: tuple[str, ...]
    certifications: tuple[str, ...]
    capacity: int
    seats_taken: int
    created_at: datetime

    @classmethod
    def of(cls, row: EnrolmentRow, person_name: str, own: bool = True) -> EnrolmentView:
        """Read an enrolment row into a view; the goals a participant typed only for its owner.

        Administrators list enrolments to run the program, never to read what people wrote
        (THREAT_MODEL: enrolment goals are content).
        """
        return cls(
            id=row.id,
            program_id=row.program_id,
            person_id=row.person_id,
            person_name=person_name,
            role=row.role,
            status=row.status,
            goals=row.goals if own else "",
            desired_competencies=tuple(row.desired_competencies),
            preferences=dict(row.preferences),
            expertise=tuple(row.expertise),
            focus_areas=tuple(row.focus_areas),
            certifications=tuple(row.certifications),
            capacity=row.capacity,
            seats_taken=row.seats_taken,
            created_at=row.created_at,
        )


def enrol(
    ctx: Context,
    program_id: int,
    role: str,
    fields: Mapping[str, Any],
    person_id: int | None = None,
) -> EnrolmentView:
    """Enrol the actor (or, for an admin, another person) in an open program."""
    person_id = person_id or ctx.actor.person_id
    if person_id is None:
        raise InvalidInput([Problem(N_("your account is not linked to a person"), "person_id")])
    with ctx.uow() as uow:
        if person_id != ctx.actor.person_id:
            program = access_administered_program(
                uow,
                ctx,
                program_id,
                N_("only an administrator of this program may enrol other people"),
            )
        else:
            program = load_program(uow, program_id)
        if program.status != ProgramStatus.OPEN:
            raise Conflict(
                N_("program '%(program)s' is not open for enrolment"), program=program.name
            )
        allowed = (PARTICIPANT_ROLE[program.kind], GUIDE_ROLE[program.kind])
        if role not in allowed:
            raise InvalidInput(
                [
                    Problem.of(
                        N_("a %(kind)s program takes the roles %(first)s and %(second)s"),
                        "role",
                        kind=program.kind,
                        first=allowed[0],
                        second=allowed[1],
                    )
                ]
            )
        person = uow.people.get(person_id)
        if person is None or person.erased_at is not None:
            raise NotFound(N_("no person with id %(id)s"), id=person_id)
        details = enrolment_details(role, fields, competency_keys(uow))
        if role == PARTICIPANT_ROLE[program.kind]:
            why_not = Eligibility.of(program.eligibility).admits(
                person.department, person.seniority_level, person.job_family
            )
            if why_not:
                raise PermissionDenied(
                    N_("%(name)s cannot join '%(program)s': %(reason)s"),
                    name=person.name,
                    program=program.name,
                    reason=why_not,
                )
        existing = uow.enrolments.find(program_id, person_id, role)
        if existing is not None and existing.status == EnrolmentStatus.ACTIVE:
            raise Conflict(
                N_("%(name)s is already enrolled as %(role)s in '%(program)s'"),
                name=person.name,
                role=role,
                program=program.name,
            )
        row = existing or EnrolmentRow(
            program_id=program_id,
            person_id=person_id,
            role=role,
            created_at=ctx.now,
            seats_taken=0,
        )
        if existing is not None and role == GUIDE_ROLE[program.kind]:
            # Pairs that kept running through a withdrawal still hold their seats.
            held = seats.seats_of(uow, [existing.id])[existing.id].held
            if details.capacity < held:
                raise InvalidInput(
                    [
                        Problem.of(
                            N_(
                                "%(name)s still holds %(held)s seats in '%(program)s'; "
                                "the capacity cannot be lower than %(held)s"
                            ),
                            "capacity",
                            name=person.name,
                            held=held,
                            program=program.name,
                        )
                    ]
                )
        row.status, row.withdrawn_at = EnrolmentStatus.ACTIVE, None
        row.goals = details.goals
        row.desired_competencies = list(details.desired_competencies)
        row.preferences = dict(details.preferences)
        row.expertise = list(details.expertise)
        row.focus_areas = list(details.focus_areas)
        row.certifications = list(details.certifications)
        row.capacity = details.capacity
        row.availability = dict(details.availability)
        uow.enrolments.add(row)
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "enrolment.create",
            "enrolment",
            str(row.id),
            ctx.source_address,
            detail={"role": role},
        )
        uow.commit()
        return EnrolmentView.of(row, person.name)


@dataclass(frozen=True)
class Withdrawal:
    """What withdrawing an enrolment would do, for the page that asks first."""

    enrolment: EnrolmentView
    program_name: str
    open_proposals: int


def preview_withdrawal(ctx: Context, enrolment_id: int) -> Withdrawal:
    """Say what withdrawing an enrolment would do (its open proposals lapse); change nothing."""
    with ctx.uow() as uow:
        row = access_enrolment(uow, ctx, enrolment_id)
        person = uow.people.get(row.person_id)
        return Withdrawal(
            enrolment=EnrolmentView.of(row, person.name if person else ""),
            program_name=load_program(uow, row.program_id).name,
            open_proposals=uow.proposals.count_open(row.id),
        )


def withdraw(ctx: Context, enrolment_id: int) -> EnrolmentView:
    """Withdraw an enrolment; its open proposals lapse, accepted engagements stay."""
    with ctx.uow() as uow:
        row = access_enrolment(uow, ctx, enrolment_id)
        # The seats' lock, in id order with its offers' guides, before anything changes: an
        # offer approved or accepted at the same moment then never deadlocks with it.
        seats.lock_enrolments(uow, [row.id, *uow.proposals.open_guides(row.id)])
        row = uow.proposals.enrolment(row.id, fresh=True) or row
        if row.status == EnrolmentStatus.WITHDRAWN:
            raise Conflict(N_("enrolment %(id)s is already withdrawn"), id=enrolment_id)
        row.status, row.withdrawn_at = EnrolmentStatus.WITHDRAWN, ctx.now
        seats.recount_seats(uow, uow.proposals.withdraw_open(row.id, ctx.now))
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "enrolment.withdraw",
            "enrolment",
            str(row.id),
            ctx.source_address,
        )
        uow.commit()
        person = uow.people.get(row.person_id)
        return EnrolmentView.of(row, person.name if person else "")


def list_enrolments(
    ctx: Context, program_id: int | None = None, mine: bool = False
) -> Sequence[EnrolmentView]:
    """List enrolments: a program's (its administrators; every program's: org admins), or
    the actor's own."""
    if not mine:
        if program_id is None:
            ctx.require_org_admin(
                N_("only an organisation administrator may list every program's enrolments")
            )
        else:
            ctx.require_program_admin(
                program_id,
                N_("only an administrator of this program may list a program's enrolments"),
            )
    with ctx.uow() as uow:
        if mine and ctx.actor.person_id is None:
            return []
        rows = uow.enrolments.listed(program_id, ctx.actor.person_id if mine else None)
        views = [EnrolmentView.of(row, name, own=mine) for row, name in rows]
        if not mine:
            record_read(uow, ctx, "enrolments.read", "program", program_id or "")
            uow.commit()
        return views


def set_capacity(ctx: Context, enrolment_id: int, capacity: int) -> EnrolmentView:
    """Change how many pairs a guide takes; never below the seats their pairs and offers hold."""
    if isinstance(capacity, bool) or not 1 <= capacity <= MAX_CAPACITY:
        raise InvalidInput(
            [Problem.of(N_("must be a whole number 1–%(most)s"), "capacity", most=MAX_CAPACITY)]
        )
    with ctx.uow() as uow:
        row = access_enrolment(uow, ctx, enrolment_id)
        if row.role not in GUIDE_ROLES:
            raise InvalidInput(
                [Problem(N_("only mentors and coaches have a capacity"), "capacity")]
            )
        held = seats.seats_of(uow, [row.id])[row.id]
        if capacity < held.held:
            raise InvalidInput(
                [
                    Problem.of(
                        N_(
                            "%(name)s holds %(held)s seats with running pairs and open "
                            "offers; the capacity cannot be lower than %(held)s"
                        ),
                        "capacity",
                        name=held.guide_name,
                        held=held.held,
                    )
                ]
            )
        row.capacity = capacity
        uow.proposals.store_seats(row, held.held)
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "enrolment.capacity",
            "enrolment",
            str(row.id),
            ctx.source_address,
            detail={"capacity": capacity},
        )
        uow.commit()
        person = uow.people.get(row.person_id)
        return EnrolmentView.of(row, person.name if person else "")
