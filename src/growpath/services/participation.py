"""A person's own view across programs and engagements: what is next, what is due, how they grow."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from growpath.adapters.repositories.proposals import OfferLine
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.enrolment import EnrolmentStatus
from growpath.domain.errors import Term
from growpath.domain.goals import Growth, growth
from growpath.domain.programs import Eligibility
from growpath.i18n import N_
from growpath.services.checkins import CheckInView, checkins_of
from growpath.services.context import Context
from growpath.services.engagements import EngagementView, engagements_of
from growpath.services.learning import ModuleSummary, due_in
from growpath.services.lessons import LessonView, followed_lessons_in
from growpath.services.practice import QuestionView, questions_of
from growpath.services.programs import load_program
from growpath.services.reflection import PromptLink, waiting_prompts_in

UPCOMING_LIMIT = 5


@dataclass(frozen=True)
class UpcomingSession:
    """A scheduled session of one of the actor's engagements."""

    id: int
    engagement_id: int
    program_name: str
    scheduled_at: datetime
    duration_minutes: int
    location: str


@dataclass(frozen=True)
class DueAction:
    """An open action the actor owns."""

    id: int
    engagement_id: int
    program_name: str
    description: str
    due_on: date | None
    overdue: bool


@dataclass(frozen=True)
class MyEnrolment:
    """One of the actor's enrolments, with its program's name and status."""

    id: int
    program_id: int
    program_name: str
    program_status: str
    role: str
    status: str
    created_at: datetime


@dataclass(frozen=True)
class EngagementGrowth:
    """Growth per competency and rater in one of the actor's engagements."""

    engagement_id: int
    program_name: str
    growth: tuple[Growth, ...]


def upcoming_sessions(ctx: Context, limit: int = UPCOMING_LIMIT) -> Sequence[UpcomingSession]:
    """Return the actor's next scheduled sessions across their engagements, soonest first."""
    with ctx.uow() as uow:
        return _upcoming_sessions(uow, ctx, limit)


def _upcoming_sessions(uow: UnitOfWork, ctx: Context, limit: int) -> list[UpcomingSession]:
    rows = uow.home.upcoming_sessions(ctx.actor.person_id, ctx.now, limit)
    return [UpcomingSession(*row) for row in rows]


def actions_due(ctx: Context) -> Sequence[DueAction]:
    """Return the open actions the actor owns, earliest due first (undated last)."""
    with ctx.uow() as uow:
        return _actions_due(uow, ctx)


def _actions_due(uow: UnitOfWork, ctx: Context) -> list[DueAction]:
    today = ctx.today
    rows = uow.home.open_actions(ctx.actor.person_id)
    return [DueAction(*row, overdue=row.due_on is not None and row.due_on < today) for row in rows]


def my_enrolments(ctx: Context) -> Sequence[MyEnrolment]:
    """Return the actor's enrolments with their programs' names, newest first."""
    with ctx.uow() as uow:
        return _enrolments(uow, ctx)


def _enrolments(uow: UnitOfWork, ctx: Context) -> list[MyEnrolment]:
    return [MyEnrolment(*row) for row in uow.home.enrolments(ctx.actor.person_id)]


def why_not_eligible(ctx: Context, program_id: int) -> Term | None:
    """Return why the actor may not join a program as its participant, or None if they may."""
    with ctx.uow() as uow:
        program = load_program(uow, program_id)
        person = uow.people.get(ctx.actor.person_id) if ctx.actor.person_id else None
        if person is None:
            return Term(N_("your account is not linked to a person"))
        return Eligibility.of(program.eligibility).admits(
            person.department, person.seniority_level, person.job_family
        )


@dataclass(frozen=True)
class MyGrowth:
    """The actor's growth per engagement, with the names of the competencies it names."""

    engagements: list[EngagementGrowth]
    competency_names: dict[str, str]


def _growth(uow: UnitOfWork, ctx: Context) -> MyGrowth:
    rows = uow.home.ratings_as_participant(ctx.actor.person_id)
    ratings: dict[tuple[int, str], list[tuple[str, str, str, int]]] = {}
    names: dict[str, str] = {}
    for engagement_id, program_name, key, name, rater, phase, rating in rows:
        ratings.setdefault((engagement_id, program_name), []).append((key, rater, phase, rating))
        names[key] = name
    found = [
        EngagementGrowth(engagement_id, program_name, tuple(growth(of_engagement)))
        for (engagement_id, program_name), of_engagement in ratings.items()
    ]
    return MyGrowth(
        engagements=sorted((g for g in found if g.growth), key=lambda g: -g.engagement_id),
        competency_names=names,
    )


@dataclass(frozen=True)
class Home:
    """Everything a person's home page shows, read in one transaction."""

    engagements: Sequence[EngagementView]
    upcoming_sessions: Sequence[UpcomingSession]
    actions_due: Sequence[DueAction]
    checkins: Sequence[CheckInView]
    # Offers and requests put before the person (the page lists those awaiting their answer).
    proposals: Sequence[OfferLine]
    enrolments: Sequence[MyEnrolment]
    growth: Sequence[EngagementGrowth]
    # The names of the competencies the growth names, read with the ratings.
    competency_names: Mapping[str, str]
    # Coaching conversations the actor's manager logged, waiting for their one answer.
    questions: Sequence[QuestionView]
    # The learning modules of the person's roles they have not completed yet.
    training_due: Sequence[ModuleSummary]
    reflections: Sequence[PromptLink]
    followed_lessons: Sequence[LessonView] = ()


def home(ctx: Context) -> Home:
    """Return what the actor's home page shows, in one unit of work instead of one per part."""
    # One transaction and one connection: each unit of work costs a pool check-out, a BEGIN
    # and an end of the transaction, which the busiest page of the app paid eight times.
    with ctx.uow() as uow:
        enrolments = _enrolments(uow, ctx)
        mine = _growth(uow, ctx)
        return Home(
            engagements=engagements_of(uow, ctx.actor.person_id),
            upcoming_sessions=_upcoming_sessions(uow, ctx, UPCOMING_LIMIT),
            actions_due=_actions_due(uow, ctx),
            checkins=checkins_of(uow, ctx.actor.person_id),
            proposals=uow.proposals.offers_to(ctx.actor.person_id),
            enrolments=enrolments,
            growth=mine.engagements,
            competency_names=mine.competency_names,
            questions=questions_of(uow, ctx),
            training_due=due_in(
                uow, ctx, {e.role for e in enrolments if e.status == EnrolmentStatus.ACTIVE}
            ),
            reflections=waiting_prompts_in(uow, ctx.actor.person_id),
            followed_lessons=followed_lessons_in(uow, ctx),
        )
