"""SMART goals and KPI measurements, the mentoring charter, competency ratings and growth."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from growpath.adapters.orm import (
    CompetencyRatingRow,
    GoalRow,
    KpiMeasurementRow,
)
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import Conflict, InvalidInput, PermissionDenied, Problem
from growpath.domain.goals import (
    GOAL_STATUSES,
    Growth,
    charter_problems,
    check_rating,
    goal_spec,
    growth,
)
from growpath.i18n import N_
from growpath.services.access import (
    access_goal,
    access_member_engagement,
    check_writable,
    engagement_role,
    rater_role,
)
from growpath.services.audit import record_read
from growpath.services.competencies import competency_keys
from growpath.services.context import Context


@dataclass(frozen=True)
class MeasurementView:
    """One KPI reading."""

    measured_on: date
    value: float


class GoalFields(Protocol):
    """What a goal's view is made of: a stored goal or a line of an engagement's goals."""

    @property
    def id(self) -> int: ...
    @property
    def engagement_id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def specific(self) -> str: ...
    @property
    def measure(self) -> str: ...
    @property
    def baseline_value(self) -> float | None: ...
    @property
    def target_value(self) -> float | None: ...
    @property
    def due_on(self) -> date | None: ...
    @property
    def status(self) -> str: ...
    @property
    def competency_keys(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class GoalView:
    """A SMART goal with its KPI history."""

    id: int
    engagement_id: int
    title: str
    specific: str
    measure: str
    baseline_value: float | None
    target_value: float | None
    due_on: date | None
    status: str
    competency_keys: tuple[str, ...]
    measurements: tuple[MeasurementView, ...]


def add_goal(ctx: Context, engagement_id: int, fields: Mapping[str, Any]) -> GoalView:
    """Add a SMART goal to an engagement (its members)."""
    with ctx.uow() as uow:
        engagement, _ = access_member_engagement(uow, ctx, engagement_id)
        check_writable(uow, engagement_id)
        spec = goal_spec(fields, competency_keys(uow), ctx.today, engagement.planned_end_on)
        row = GoalRow(
            engagement_id=engagement_id,
            title=spec.title,
            specific=spec.specific,
            measure=spec.measure,
            baseline_value=spec.baseline_value,
            target_value=spec.target_value,
            due_on=spec.due_on,
            status="open",
            competency_keys=list(spec.competency_keys),
            created_at=ctx.now,
        )
        uow.goals.add(row)
        uow.audit.record(
            ctx.now, ctx.actor_user_id, "goal.create", "goal", str(row.id), ctx.source_address
        )
        uow.commit()
        return _goal_view(row, uow.goals.readings(row.id))


def record_measurement(ctx: Context, goal_id: int, measured_on: date, value: float) -> GoalView:
    """Record a KPI reading for a goal."""
    problems = []
    if measured_on > ctx.today:
        problems.append(Problem(N_("cannot be in the future"), "measured_on"))
    if value != value or value in (float("inf"), float("-inf")):
        problems.append(Problem(N_("must be a finite number"), "value"))
    if problems:
        raise InvalidInput(problems)
    with ctx.uow() as uow:
        goal = access_goal(uow, ctx, goal_id)
        check_writable(uow, goal.engagement_id)
        uow.goals.stage(
            KpiMeasurementRow(
                goal_id=goal.id,
                measured_on=measured_on,
                value=value,
                recorded_by_person_id=ctx.actor.person_id,
            )
        )
        uow.commit()
        return _goal_view(goal, uow.goals.readings(goal.id))


def set_goal_status(ctx: Context, goal_id: int, status: str) -> GoalView:
    """Mark a goal met, not met, dropped or open again."""
    if status not in GOAL_STATUSES:
        raise InvalidInput(
            [
                Problem.of(
                    N_("must be one of %(choices)s"), "status", choices=", ".join(GOAL_STATUSES)
                )
            ]
        )
    with ctx.uow() as uow:
        goal = access_goal(uow, ctx, goal_id)
        check_writable(uow, goal.engagement_id)
        goal.status = status
        uow.commit()
        return _goal_view(goal, uow.goals.readings(goal.id))


def list_goals(ctx: Context, engagement_id: int) -> Sequence[GoalView]:
    """Return an engagement's goals with their KPI history (its members)."""
    with ctx.uow() as uow:
        engagement_role(uow, ctx, engagement_id)
        views = read_goals(uow, ctx, engagement_id)
        uow.commit()
        return views


def read_goals(uow: UnitOfWork, ctx: Context, engagement_id: int) -> list[GoalView]:
    """Return an engagement's goals and record the read; the caller checked membership."""
    # The goals with every reading in one query, however many goals the pair keeps.
    views = [_goal_view(row, readings) for row, readings in uow.goals.with_readings(engagement_id)]
    record_read(uow, ctx, "goals.read", "engagement", engagement_id)
    return views


def set_charter(ctx: Context, engagement_id: int, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Write a mentoring charter; any change needs both sides to confirm again."""
    problems = charter_problems(fields)
    renewal_on = fields.get("renewal_on")
    if renewal_on is not None and not isinstance(renewal_on, date):
        problems.append(Problem(N_("must be a date"), "renewal_on"))
    if problems:
        raise InvalidInput(problems)
    with ctx.uow() as uow:
        row, _ = access_member_engagement(uow, ctx, engagement_id)
        check_writable(uow, engagement_id)
        if row.kind != "mentoring":
            raise Conflict(N_("a charter belongs to a mentoring relationship; coaching uses goals"))
        row.charter_purpose = str(fields["purpose"]).strip()
        row.charter_goals = str(fields["goals"]).strip()
        row.charter_meeting_frequency = str(fields["meeting_frequency"]).strip()
        row.charter_success = str(fields["success"]).strip()
        if renewal_on is not None:
            row.renewal_on = renewal_on
        row.charter_confirmed_by_mentee_at = row.charter_confirmed_by_mentor_at = None
        uow.commit()
        return charter_of(row)


def confirm_charter(ctx: Context, engagement_id: int) -> dict[str, Any]:
    """Confirm the charter as the mentee or the mentor."""
    with ctx.uow() as uow:
        row, role = access_member_engagement(uow, ctx, engagement_id)
        check_writable(uow, engagement_id)
        if not row.charter_purpose:
            raise Conflict(N_("there is no charter to confirm yet"))
        if role == "guide":
            row.charter_confirmed_by_mentor_at = ctx.now
        else:
            row.charter_confirmed_by_mentee_at = ctx.now
        uow.commit()
        return charter_of(row)


def get_charter(ctx: Context, engagement_id: int) -> dict[str, Any]:
    """Return a mentoring relationship's charter and who confirmed it (its members)."""
    with ctx.uow() as uow:
        charter = read_charter(uow, ctx, access_member_engagement(uow, ctx, engagement_id)[0])
        uow.commit()
        return charter


class CharterFields(Protocol):
    """What a charter is made of: a stored engagement or its page's line."""

    @property
    def id(self) -> int: ...
    @property
    def renewal_on(self) -> date | None: ...
    @property
    def charter_purpose(self) -> str: ...
    @property
    def charter_goals(self) -> str: ...
    @property
    def charter_meeting_frequency(self) -> str: ...
    @property
    def charter_success(self) -> str: ...
    @property
    def charter_confirmed_by_mentee_at(self) -> datetime | None: ...
    @property
    def charter_confirmed_by_mentor_at(self) -> datetime | None: ...


def read_charter(uow: UnitOfWork, ctx: Context, row: CharterFields) -> dict[str, Any]:
    """Return an engagement's charter and record the read; the caller checked membership."""
    record_read(uow, ctx, "charter.read", "engagement", row.id)
    return charter_of(row)


def charter_of(row: CharterFields) -> dict[str, Any]:
    """Return an engagement's charter and who confirmed it."""
    return {
        "purpose": row.charter_purpose,
        "goals": row.charter_goals,
        "meeting_frequency": row.charter_meeting_frequency,
        "success": row.charter_success,
        "renewal_on": row.renewal_on,
        "confirmed_by_mentee_at": row.charter_confirmed_by_mentee_at,
        "confirmed_by_mentor_at": row.charter_confirmed_by_mentor_at,
        "confirmed": bool(
            row.charter_confirmed_by_mentee_at and row.charter_confirmed_by_mentor_at
        ),
    }


def rate(
    ctx: Context, engagement_id: int, competency_key: str, phase: str, rating: int
) -> list[Growth]:
    """Rate the participant's competency as self, guide or their manager.

    Members get the engagement's growth back; a manager gets nothing back: what they may see
    of a report is the trajectory, through the one route that checks consent.
    """
    with ctx.uow() as uow:
        role = rater_role(uow, ctx, engagement_id)
        check_writable(uow, engagement_id)
        check_rating(rating, phase, role)
        competency = uow.goals.competency(competency_key)
        if competency is None:
            raise InvalidInput(
                [
                    Problem.of(
                        N_("'%(key)s' is not a competency"), "competency_key", key=competency_key
                    )
                ]
            )
        subject = uow.goals.first_participant(engagement_id)
        if subject is None:
            raise PermissionDenied(N_("this engagement has no participant to rate"))
        existing = uow.goals.rating(engagement_id, competency.id, role, phase)
        row = existing or CompetencyRatingRow(
            engagement_id=engagement_id,
            subject_person_id=subject,
            competency_id=competency.id,
            rater_role=role,
            phase=phase,
        )
        row.rating, row.rated_at, row.rater_person_id = rating, ctx.now, ctx.actor.person_id
        uow.goals.stage(row)
        if role == "manager":
            # A manager reaching into a report's engagement is recorded; the pair's own
            # ratings are not, so the trail does not tell an admin who just rated.
            uow.audit.record(
                ctx.now,
                ctx.actor_user_id,
                "rating.by_manager",
                "engagement",
                str(engagement_id),
                ctx.source_address,
                detail={"phase": phase, "competency": competency.key},
            )
            uow.commit()
            return []
        record_read(uow, ctx, "growth.read", "engagement", engagement_id)
        uow.commit()
        return engagement_growth_of(uow, engagement_id)


def engagement_growth(ctx: Context, engagement_id: int) -> list[Growth]:
    """Return growth per competency and rater for an engagement (its members)."""
    with ctx.uow() as uow:
        engagement_role(uow, ctx, engagement_id)
        found = read_growth(uow, ctx, engagement_id)
        uow.commit()
        return found


def read_growth(uow: UnitOfWork, ctx: Context, engagement_id: int) -> list[Growth]:
    """Return an engagement's growth and record the read; the caller checked membership."""
    record_read(uow, ctx, "growth.read", "engagement", engagement_id)
    return engagement_growth_of(uow, engagement_id)


def engagement_growth_of(uow: UnitOfWork, engagement_id: int) -> list[Growth]:
    """Return growth per competency and rater of one engagement (no access check)."""
    rows = uow.goals.ratings(engagement_id)
    return growth([(key, rater, phase, rating) for key, rater, phase, rating in rows])


def _goal_view(row: GoalFields, readings: Sequence[tuple[date, float]]) -> GoalView:
    return GoalView(
        id=row.id,
        engagement_id=row.engagement_id,
        title=row.title,
        specific=row.specific,
        measure=row.measure,
        baseline_value=row.baseline_value,
        target_value=row.target_value,
        due_on=row.due_on,
        status=row.status,
        competency_keys=tuple(row.competency_keys),
        measurements=tuple(MeasurementView(d, v) for d, v in readings),
    )
