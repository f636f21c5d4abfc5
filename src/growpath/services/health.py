"""The health board: every running pair of a program, with its status and reasons."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from growpath.adapters.orm import (
    ActionItemRow,
    CheckInRow,
    EngagementMemberRow,
    EngagementRow,
    GoalRow,
    PersonRow,
    ProgramRow,
    SessionRow,
)
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.bootstrap import Growpath
from growpath.domain.health import AT_RISK, STALLED, Health, PairFacts, assess_health, rules_of
from growpath.services.context import Context
from growpath.services.engagements import aggregate_of, store_aggregate
from growpath.services.nudges import queue_nudge
from growpath.services.programs import load_program


@dataclass(frozen=True)
class PairHealth:
    """One engagement on the health board (names and counts, never content)."""

    engagement_id: int
    status: str
    members: tuple[str, ...]
    health: Health


@dataclass(frozen=True)
class ProgramPulse:
    """A program at a glance: how many are matched, running, at risk and stalled."""

    matched: int
    active: int
    at_risk: int
    stalled: int


RUNNING = ("proposed", "active", "renewed")


def _facts(uow: UnitOfWork, engagement: EngagementRow, today: date) -> PairFacts:
    session = uow.session
    held = session.scalar(
        select(func.max(SessionRow.held_at)).where(
            SessionRow.engagement_id == engagement.id, SessionRow.status == "held"
        )
    )
    scheduled = (
        session.scalar(
            select(func.count(SessionRow.id)).where(SessionRow.engagement_id == engagement.id)
        )
        or 0
    )
    overdue = (
        session.scalar(
            select(func.count(ActionItemRow.id)).where(
                ActionItemRow.engagement_id == engagement.id,
                ActionItemRow.done_at.is_(None),
                ActionItemRow.due_on < today,
            )
        )
        or 0
    )
    open_goals = (
        session.scalar(
            select(func.count(GoalRow.id)).where(
                GoalRow.engagement_id == engagement.id, GoalRow.status == "open"
            )
        )
        or 0
    )
    scores = session.execute(
        select(CheckInRow.satisfaction, CheckInRow.progress)
        .where(CheckInRow.engagement_id == engagement.id, CheckInRow.answered_at.is_not(None))
        .order_by(CheckInRow.answered_at)
    ).all()
    return PairFacts(
        today=today,
        status=engagement.status,
        matched_on=engagement.created_at.date(),
        started_on=engagement.starts_on,
        cadence_days=engagement.cadence_days,
        sessions_scheduled=scheduled,
        last_held_on=held.date() if held else None,
        overdue_actions=overdue,
        planned_end_on=engagement.planned_end_on,
        open_goals=open_goals,
        checkin_scores=tuple((int(s or 0), int(p or 0)) for s, p in scores),
    )


def program_health(ctx: Context, program_id: int) -> Sequence[PairHealth]:
    """Return the health of every engagement of a program, worst first (administrators)."""
    ctx.require_admin("see the health board")
    order = {"stalled": 0, "at_risk": 1, "healthy": 2}
    with ctx.uow() as uow:
        program = load_program(uow, program_id)
        rules = rules_of(program.health_rules)
        today = ctx.now.date()
        board = []
        for engagement in uow.session.scalars(
            select(EngagementRow)
            .where(EngagementRow.program_id == program_id)
            .order_by(EngagementRow.id)
        ):
            names = uow.session.scalars(
                select(PersonRow.name)
                .join(EngagementMemberRow, EngagementMemberRow.person_id == PersonRow.id)
                .where(EngagementMemberRow.engagement_id == engagement.id)
                .order_by(EngagementMemberRow.role, PersonRow.name)
            ).all()
            health = assess_health(_facts(uow, engagement, today), rules)
            board.append(PairHealth(engagement.id, engagement.status, tuple(names), health))
        return sorted(board, key=lambda p: (order[p.health.status], p.engagement_id))


def program_pulse(ctx: Context) -> Mapping[int, ProgramPulse]:
    """Return each program's pulse by program id (administrators)."""
    ctx.require_admin("see the programs at a glance")
    with ctx.uow() as uow:
        matched = dict(
            uow.session.execute(
                select(
                    EngagementRow.program_id, func.count(EngagementMemberRow.person_id.distinct())
                )
                .join(EngagementMemberRow, EngagementMemberRow.engagement_id == EngagementRow.id)
                .where(EngagementMemberRow.role == "participant")
                .group_by(EngagementRow.program_id)
            ).all()
        )
        active: Counter[int] = Counter()
        health: dict[int, Counter[str]] = {}
        today = ctx.now.date()
        for engagement, program_rules in uow.session.execute(
            select(EngagementRow, ProgramRow.health_rules)
            .join(ProgramRow, ProgramRow.id == EngagementRow.program_id)
            .where(EngagementRow.status.in_(RUNNING))
        ).all():
            if engagement.status != "proposed":
                active[engagement.program_id] += 1
            status = assess_health(_facts(uow, engagement, today), rules_of(program_rules)).status
            health.setdefault(engagement.program_id, Counter())[status] += 1
        return {
            program_id: ProgramPulse(
                matched=matched.get(program_id, 0),
                active=active[program_id],
                at_risk=health.get(program_id, Counter())[AT_RISK],
                stalled=health.get(program_id, Counter())[STALLED],
            )
            for program_id in uow.session.scalars(select(ProgramRow.id))
        }


def apply_health_rules(app: Growpath) -> tuple[int, int]:
    """Nudge each pair once per rule and episode; conclude pairs stalled past the warning.

    Returns (nudges queued, engagements concluded).
    """
    now = app.clock.now()
    queued = concluded = 0
    with app.uow() as uow:
        running = uow.session.execute(
            select(EngagementRow, ProgramRow)
            .join(ProgramRow, ProgramRow.id == EngagementRow.program_id)
            .where(EngagementRow.status.in_(RUNNING))
        ).all()
        for engagement, program in running:
            rules = rules_of(program.health_rules)
            facts = _facts(uow, engagement, now.date())
            health = assess_health(facts, rules)
            # An episode starts at the last activity, so a rule fires again only after the
            # pair has met since.
            episode = (facts.last_held_on or facts.started_on or facts.matched_on).isoformat()
            members = (
                uow.session.execute(
                    select(PersonRow.email)
                    .join(EngagementMemberRow, EngagementMemberRow.person_id == PersonRow.id)
                    .where(
                        EngagementMemberRow.engagement_id == engagement.id,
                        PersonRow.erased_at.is_(None),
                    )
                )
                .scalars()
                .all()
            )
            for rule, reason in zip(health.rules, health.reasons, strict=True):
                for email in members:
                    queued += queue_nudge(
                        uow,
                        # A pair has one first meeting, so that rule's episode is the match.
                        dedupe_key=f"health:{engagement.id}:{rule}:"
                        f"{facts.matched_on.isoformat() if rule == 'first_meeting' else episode}"
                        f":{email}",
                        kind=f"health.{rule}",
                        recipient_email=email,
                        subject=f"{program.name}: a nudge to keep going",
                        body=_nudge_text(rule, reason, rules)
                        + f"\n\n{app.settings.page_url(f'/engagements/{engagement.id}')}\n",
                        due_at=now,
                        now=now,
                    )
            limit = rules["inactivity_days"] + rules["conclude_after_days"]
            if "inactivity" in health.rules and health.idle_days >= limit:
                aggregate = aggregate_of(engagement)
                aggregate.end_early(
                    now, f"concluded after {health.idle_days} days without a session"
                )
                store_aggregate(engagement, aggregate)
                uow.audit.record(
                    now,
                    None,
                    "engagement.concluded",
                    "engagement",
                    str(engagement.id),
                    "health-rules",
                )
                concluded += 1
        uow.commit()
    return queued, concluded


def _nudge_text(rule: str, reason: str, rules: dict[str, int]) -> str:
    if rule == "inactivity":
        return (
            f"Your pair has gone quiet: {reason}. Unless one of you schedules a session, "
            f"growpath will conclude the relationship in {rules['conclude_after_days']} "
            "days."
        )
    return f"A gentle nudge: {reason}. A short session or a message can get things moving."
