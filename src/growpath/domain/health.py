"""Health rules: is a pair healthy, at risk or stalled, and why."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from growpath.domain.bounds import bounded_numbers
from growpath.domain.errors import Problem
from growpath.i18n import N_

HEALTHY, AT_RISK, STALLED = "healthy", "at_risk", "stalled"

DEFAULT_RULES: dict[str, int] = {
    "incomplete_days": 7,  # an enrolled person's profile still lacks what matching uses
    "invitation_days": 14,  # a proposal not accepted this long after it was made: remind
    "response_days": 21,  # ... and it lapses this long after it was made
    "first_meeting_days": 10,  # first meeting not scheduled this long after the match
    "cadence_multiple": 2,  # no session for this many times the cadence
    "end_warning_days": 30,  # planned end this close with goals open
    "inactivity_days": 90,  # no session at all for this long: stalled
    "conclude_after_days": 7,  # a stalled pair is concluded this long after the warning
}
# The range an administrator may set each rule to, so a typo cannot silence or spam a program.
RULE_BOUNDS: dict[str, tuple[int, int]] = {
    "incomplete_days": (1, 60),
    "invitation_days": (1, 60),
    "response_days": (2, 90),
    "first_meeting_days": (1, 60),
    "cadence_multiple": (1, 6),
    "end_warning_days": (1, 120),
    "inactivity_days": (14, 365),
    "conclude_after_days": (1, 60),
}


def health_rule_overrides(raw: object) -> tuple[dict[str, int], list[Problem]]:
    """Validate a program's health-rule overrides; return them and any problems."""
    problems: list[Problem] = []
    rules = bounded_numbers(
        raw, "health_rules", RULE_BOUNDS, problems, N_("unknown rule; expected %(expected)s")
    )
    merged = {**DEFAULT_RULES, **rules}
    if merged["invitation_days"] >= merged["response_days"]:
        problems.append(
            Problem.of(
                N_(
                    "the invitation reminder must come before the proposal lapses "
                    "(response_days is %(response_days)s)"
                ),
                "health_rules.invitation_days",
                response_days=merged["response_days"],
            )
        )
    return rules, problems


@dataclass(frozen=True)
class PairFacts:
    """What the health rules look at for one engagement, as of one day."""

    today: date
    status: str
    matched_on: date
    started_on: date | None
    cadence_days: int
    sessions_scheduled: int
    last_held_on: date | None
    overdue_actions: int
    planned_end_on: date | None
    open_goals: int
    checkin_scores: Sequence[tuple[int, int]] = field(default_factory=tuple)


@dataclass(frozen=True)
class Health:
    """A pair's status with the reasons behind it, and the rule behind each reason.

    findings are the reasons as messages still to translate, for mail in its reader's language.
    """

    status: str
    reasons: tuple[str, ...]
    rules: tuple[str, ...] = ()
    idle_days: int = 0
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One reason a pair is not on track: a marked message and the values it names."""

    message: str
    values: Mapping[str, object]

    def __str__(self) -> str:
        return self.message % self.values


def rules_of(program_rules: Mapping[str, Any]) -> dict[str, int]:
    """Return a program's health rules: its overrides on top of the defaults."""
    return {**DEFAULT_RULES, **{k: int(v) for k, v in program_rules.items() if k in DEFAULT_RULES}}


def assess_health(facts: PairFacts, rules: Mapping[str, int] = DEFAULT_RULES) -> Health:
    """Apply the rules to one engagement; the worst finding sets the status."""
    if facts.status not in ("proposed", "active", "renewed"):
        return Health(HEALTHY, ())
    reasons: list[Finding] = []
    fired: list[str] = []
    stalled = False
    since = facts.last_held_on or facts.started_on or facts.matched_on
    idle = (facts.today - since).days
    if (
        facts.sessions_scheduled == 0
        and facts.last_held_on is None
        and (facts.today - facts.matched_on).days > rules["first_meeting_days"]
    ):
        reasons.append(
            Finding(
                N_("no first meeting scheduled %(days)s days after the match"),
                {"days": rules["first_meeting_days"]},
            )
        )
        fired.append("first_meeting")
    if idle >= rules["inactivity_days"]:
        stalled = True
        reasons.append(Finding(N_("no session for %(days)s days"), {"days": idle}))
        fired.append("inactivity")
    elif idle > rules["cadence_multiple"] * facts.cadence_days and facts.started_on:
        reasons.append(
            Finding(
                N_("no session for %(days)s days (cadence %(cadence)s days)"),
                {"days": idle, "cadence": facts.cadence_days},
            )
        )
        fired.append("cadence")
    if len(facts.checkin_scores) >= 2:
        (last_sat, last_prog), (prev_sat, prev_prog) = (
            facts.checkin_scores[-1],
            facts.checkin_scores[-2],
        )
        if last_sat < prev_sat or last_prog < prev_prog:
            reasons.append(Finding(N_("check-in scores are falling"), {}))
            fired.append("falling_checkins")
    if facts.overdue_actions:
        reasons.append(Finding(N_("%(count)s action(s) overdue"), {"count": facts.overdue_actions}))
        fired.append("overdue_actions")
    if (
        facts.planned_end_on
        and facts.open_goals
        and (facts.planned_end_on - facts.today) <= timedelta(days=rules["end_warning_days"])
    ):
        reasons.append(
            Finding(
                N_("ends on %(day)s with %(goals)s goal(s) open"),
                {"day": facts.planned_end_on, "goals": facts.open_goals},
            )
        )
        fired.append("end_near")
    status = STALLED if stalled else (AT_RISK if reasons else HEALTHY)
    return Health(status, tuple(map(str, reasons)), tuple(fired), idle, tuple(reasons))
