"""What a manager may see of a report, with consent: the trajectory, never the content."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from growpath.domain.audit import DENIED
from growpath.domain.errors import NotFound, PermissionDenied
from growpath.domain.goals import Growth
from growpath.i18n import N_
from growpath.services.consents import MANAGER_TRAJECTORY, has_consent
from growpath.services.context import Context
from growpath.services.goals import engagement_growth_of


@dataclass(frozen=True)
class EngagementTrajectory:
    """Progress of one engagement: counts and growth only (the id lets the manager rate)."""

    engagement_id: int
    program_name: str
    kind: str
    status: str
    sessions_held: int
    goals_total: int
    goals_met: int
    growth: tuple[Growth, ...]


@dataclass(frozen=True)
class Trajectory:
    """A report's development trajectory across engagements."""

    person_id: int
    name: str
    engagements: tuple[EngagementTrajectory, ...]


def report_trajectory(ctx: Context, person_id: int) -> Trajectory:
    """Return a direct report's trajectory, if they consented; never notes or goals' text."""
    with ctx.uow() as uow:
        person = uow.people.get(person_id, with_skills=False)
        if (
            person is None
            or ctx.actor.person_id is None
            or (person.manager_id != ctx.actor.person_id)
        ):
            raise NotFound(N_("no report with id %(id)s"), id=person_id)
        if not has_consent(uow, person_id, MANAGER_TRAJECTORY):
            uow.audit.record(
                ctx.now,
                ctx.actor_user_id,
                "trajectory.read",
                "person",
                str(person_id),
                ctx.source_address,
                DENIED,
            )
            uow.commit()
            raise PermissionDenied(
                N_("%(name)s has not chosen to share their trajectory"), name=person.name
            )
        engagements = []
        for engagement, program_name in uow.trajectories.engagements_of(person_id):
            held = uow.trajectories.sessions_held(engagement.id)
            statuses = uow.trajectories.goal_statuses(engagement.id)
            engagements.append(
                EngagementTrajectory(
                    engagement_id=engagement.id,
                    program_name=program_name,
                    kind=engagement.kind,
                    status=engagement.status,
                    sessions_held=held,
                    goals_total=len(statuses),
                    goals_met=sum(1 for s in statuses if s == "met"),
                    growth=tuple(engagement_growth_of(uow, engagement.id)),
                )
            )
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "trajectory.read",
            "person",
            str(person_id),
            ctx.source_address,
        )
        uow.commit()
        return Trajectory(person_id, person.name, tuple(engagements))


def my_reports(ctx: Context) -> Sequence[tuple[int, str, bool]]:
    """Return the actor's direct reports as (id, name, shares trajectory)."""
    with ctx.uow() as uow:
        reports = uow.people.reports_of(ctx.actor.person_id)
        return [(pid, name, has_consent(uow, pid, MANAGER_TRAJECTORY)) for pid, name in reports]
