"""A program's training requirement: who completed their role's onboarding, who waits and why.

A program may require each enrolled person to complete the onboarding modules of their role
(mentee, mentor or coach) before matching, or before the pair's first session. Whether a
person completed it is an operational state, like an enrolment: the admins of the program see
it by name, the pair see it when it stops them scheduling, nobody sees what else a person read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from growpath.adapters.orm import EngagementRow, ProgramRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.engagements import GUIDE
from growpath.domain.errors import Conflict
from growpath.domain.modules import (
    BEFORE_FIRST_SESSION,
    BEFORE_MATCHING,
    NO_REQUIREMENT,
    Module,
    missing_onboarding,
    onboarding_of,
)
from growpath.domain.programs import GUIDE_ROLE, PARTICIPANT_ROLE
from growpath.domain.sessions import CANCELLED
from growpath.i18n import N_, SOURCE_LOCALE
from growpath.services.access import access_administered_program
from growpath.services.context import Context
from growpath.services.learning import catalogue

REQUIREMENT_TEXT = {
    NO_REQUIREMENT: "no onboarding is required",
    BEFORE_MATCHING: "each person completes their role's onboarding before they are matched",
    BEFORE_FIRST_SESSION: "each person completes their role's onboarding before the pair's "
    "first session",
}


@dataclass(frozen=True)
class Waiting:
    """An enrolled person who has not completed their role's onboarding, and what is left."""

    person_id: int
    name: str
    role: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class RoleCompletion:
    """How many of a role's enrolled people completed its onboarding."""

    role: str
    modules: tuple[str, ...]
    enrolled: int
    completed: int


@dataclass(frozen=True)
class ProgramTraining:
    """A program's requirement, completion per role and the people still to complete it."""

    program_id: int
    requirement: str
    requirement_text: str
    roles: tuple[RoleCompletion, ...]
    waiting: tuple[Waiting, ...]


def _titles(modules: Sequence[Module], slugs: Sequence[str]) -> tuple[str, ...]:
    by_slug = {m.slug: m.title for m in modules}
    return tuple(by_slug[s] for s in slugs)


def _state(uow: UnitOfWork, program: ProgramRow, locale: str = SOURCE_LOCALE) -> ProgramTraining:
    modules = catalogue(uow, locale=locale)
    roles = (PARTICIPANT_ROLE[program.kind], GUIDE_ROLE[program.kind])
    enrolled = [(e, p) for e, p in uow.learning.enrolled_people(program.id) if e.role in roles]
    done = uow.learning.completed_by([p.id for _, p in enrolled])
    waiting = []
    counts = {role: [0, 0] for role in roles}
    for enrolment, person in enrolled:
        missing = missing_onboarding(modules, enrolment.role, done[person.id])
        counts[enrolment.role][0] += 1
        if missing:
            waiting.append(
                Waiting(person.id, person.name, enrolment.role, _titles(modules, missing))
            )
        else:
            counts[enrolment.role][1] += 1
    return ProgramTraining(
        program_id=program.id,
        requirement=program.training_required,
        requirement_text=REQUIREMENT_TEXT[program.training_required],
        roles=tuple(
            RoleCompletion(
                role,
                _titles(modules, onboarding_of(modules, role)),
                counts[role][0],
                counts[role][1],
            )
            for role in roles
        ),
        waiting=tuple(waiting),
    )


def program_training(ctx: Context, program_id: int) -> ProgramTraining:
    """Return a program's onboarding completion and who still waits (its admins)."""
    with ctx.uow() as uow:
        program = access_administered_program(
            uow,
            ctx,
            program_id,
            N_("only an administrator of this program may see onboarding completion"),
        )
        return _state(uow, program, ctx.locale)


def not_ready_for_matching(uow: UnitOfWork, program: ProgramRow) -> frozenset[int]:
    """Return the people matching leaves out because their onboarding is not complete."""
    if program.training_required != BEFORE_MATCHING:
        return frozenset()
    return frozenset(w.person_id for w in _state(uow, program).waiting)


def check_ready_for_matching(uow: UnitOfWork, program: ProgramRow, person_id: int) -> None:
    """Refuse a person's own request for a guide while their onboarding is not complete."""
    if program.training_required != BEFORE_MATCHING:
        return
    for waiting in _state(uow, program).waiting:
        if waiting.person_id == person_id:
            raise Conflict(
                N_(
                    "'%(program)s' matches people once they complete their onboarding; "
                    "still to complete, under Learning: %(missing)s"
                ),
                program=program.name,
                missing=", ".join(waiting.missing),
            )


def check_ready_for_first_session(uow: UnitOfWork, engagement: EngagementRow) -> None:
    """Refuse a pair's first session while one of them has onboarding left, naming what."""
    program = uow.engagements.program(engagement.program_id)
    if program is None or program.training_required != BEFORE_FIRST_SESSION:
        return
    if any(s.status != CANCELLED for s in uow.sessions.of_engagement(engagement.id)):
        return
    modules = catalogue(uow)
    members = uow.engagements.members_of([engagement.id])
    done = uow.learning.completed_by([person_id for _, person_id, _, _ in members])
    said = []
    for _, person_id, name, member_role in members:
        role = (GUIDE_ROLE if member_role == GUIDE else PARTICIPANT_ROLE)[program.kind]
        missing = missing_onboarding(modules, role, done[person_id])
        if missing:
            said.append(f"{name} ({', '.join(_titles(modules, missing))})")
    if said:
        raise Conflict(
            N_(
                "'%(program)s' asks each person to complete their onboarding modules before "
                "the first session; still to complete, under Learning: %(missing)s"
            ),
            program=program.name,
            missing="; ".join(said),
        )
