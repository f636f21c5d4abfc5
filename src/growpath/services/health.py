"""The health board: every running pair of a program, with its status and reasons."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from growpath.adapters.orm import (
    EngagementRow,
)
from growpath.adapters.repositories.health import PairActivity
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.health import (
    AT_RISK,
    STALLED,
    Finding,
    Health,
    PairFacts,
    assess_health,
    rules_of,
)
from growpath.i18n import N_, Translator
from growpath.services.access import access_administered_program, administered_programs
from growpath.services.audit import record_read
from growpath.services.context import Collaborators as Growpath
from growpath.services.context import Context
from growpath.services.engagements import aggregate_of, store_aggregate
from growpath.services.mail_language import mail_translator
from growpath.services.nudges import queue_nudge


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


def _facts_of(
    engagements: Sequence[EngagementRow], activity: PairActivity, today: date
) -> dict[int, PairFacts]:
    """Return the facts of these engagements, from their activity."""
    facts = {}
    for engagement in engagements:
        last_held = activity.last_held.get(engagement.id)
        facts[engagement.id] = PairFacts(
            today=today,
            status=engagement.status,
            matched_on=engagement.created_at.date(),
            started_on=engagement.starts_on,
            cadence_days=engagement.cadence_days,
            sessions_scheduled=activity.sessions_scheduled.get(engagement.id, 0),
            last_held_on=last_held.date() if last_held else None,
            overdue_actions=activity.overdue_actions.get(engagement.id, 0),
            planned_end_on=engagement.planned_end_on,
            open_goals=activity.open_goals.get(engagement.id, 0),
            checkin_scores=tuple(activity.checkin_scores.get(engagement.id, ())),
        )
    return facts


def program_health(ctx: Context, program_id: int) -> Sequence[PairHealth]:
    """Return the health of every engagement of a program, worst first (its administrators)."""
    order = {"stalled": 0, "at_risk": 1, "healthy": 2}
    with ctx.uow() as uow:
        program = access_administered_program(
            uow,
            ctx,
            program_id,
            N_("only an administrator of this program may see the health board"),
        )
        rules = rules_of(program.health_rules)
        today = ctx.now.date()
        engagements = uow.health.engagements_of_program(program_id)
        facts = _facts_of(engagements, uow.health.activity_of_program(program_id, today), today)
        members = uow.health.members_of_program(program_id)
        board = [
            PairHealth(
                engagement.id,
                engagement.status,
                tuple(name for name, _ in members.get(engagement.id, ())),
                assess_health(facts[engagement.id], rules),
            )
            for engagement in engagements
        ]
        record_read(uow, ctx, "health.read", "program", program_id)
        uow.commit()
        return sorted(board, key=lambda p: (order[p.health.status], p.engagement_id))


def pair_health(uow: UnitOfWork, engagement: EngagementRow, today: date) -> Health:
    """Assess one engagement by its program's rules (the board's verdict for that pair)."""
    program = uow.programs.get(engagement.program_id)
    rules = rules_of(program.health_rules if program else {})
    activity = uow.health.activity_of_program(engagement.program_id, today)
    return assess_health(_facts_of([engagement], activity, today)[engagement.id], rules)


def program_pulse(ctx: Context) -> Mapping[int, ProgramPulse]:
    """Return the pulse of each program the actor administers, by program id."""
    ctx.require_admin(N_("only an administrator may see the programs at a glance"))
    with ctx.uow() as uow:
        mine = administered_programs(uow, ctx)
        shown = [p for p in uow.health.program_ids() if mine is None or p in mine]
        # Matched counts what a match run keeps (its "kept" total): participants holding a
        # running pair or an offer awaiting answers, so the overview and the run agree.
        matched = uow.proposals.holding_participants_per_program()
        active: Counter[int] = Counter()
        health: dict[int, Counter[str]] = {}
        today = ctx.now.date()
        running = uow.health.with_rules(RUNNING)
        facts = _facts_of([e for e, _ in running], uow.health.activity_in(RUNNING, today), today)
        for engagement, program_rules in running:
            if engagement.status != "proposed":
                active[engagement.program_id] += 1
            status = assess_health(facts[engagement.id], rules_of(program_rules)).status
            health.setdefault(engagement.program_id, Counter())[status] += 1
        return {
            program_id: ProgramPulse(
                matched=matched.get(program_id, 0),
                active=active[program_id],
                at_risk=health.get(program_id, Counter())[AT_RISK],
                stalled=health.get(program_id, Counter())[STALLED],
            )
            for program_id in shown
        }


def apply_health_rules(app: Growpath) -> tuple[int, int]:
    """Nudge each pair once per rule and episode; conclude pairs stalled past the warning.

    Returns (nudges queued, engagements concluded).
    """
    now = app.clock.now()
    queued = concluded = 0
    with app.uow() as uow:
        running = uow.health.with_programs(RUNNING)
        every_facts = _facts_of(
            [e for e, _ in running], uow.health.activity_in(RUNNING, now.date()), now.date()
        )
        emails = uow.health.reachable_members_in(RUNNING)
        for engagement, program in running:
            rules = rules_of(program.health_rules)
            facts = every_facts[engagement.id]
            health = assess_health(facts, rules)
            # An episode starts at the last activity, so a rule fires again only after the
            # pair has met since.
            episode = (facts.last_held_on or facts.started_on or facts.matched_on).isoformat()
            members = [email for _, email in emails.get(engagement.id, ())]
            for rule, finding in zip(health.rules, health.findings, strict=True):
                for email in members:
                    _ = mail_translator(uow, app.settings, email)
                    queued += queue_nudge(
                        uow,
                        # A pair has one first meeting, so that rule's episode is the match.
                        dedupe_key=f"health:{engagement.id}:{rule}:"
                        f"{facts.matched_on.isoformat() if rule == 'first_meeting' else episode}"
                        f":{email}",
                        kind=f"health.{rule}",
                        recipient_email=email,
                        subject=_("%(program)s: a nudge to keep going", program=program.name),
                        body=nudge_text(rule, finding, rules, _)
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
                store_aggregate(uow, engagement, aggregate, now, app.settings)
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


def nudge_text(rule: str, finding: Finding, rules: dict[str, int], _: Translator) -> str:
    """Return the health nudge of one finding, in the reader's language."""
    reason = _(finding.message, **finding.values)
    if rule == "inactivity":
        return _(
            "Your pair has gone quiet: %(reason)s. Unless one of you schedules a session, "
            "growpath will conclude the relationship in %(days)s days.",
            reason=reason,
            days=rules["conclude_after_days"],
        )
    return _(
        "A gentle nudge: %(reason)s. A short session or a message can get things moving.",
        reason=reason,
    )
