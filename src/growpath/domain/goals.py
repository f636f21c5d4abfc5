"""SMART goals with KPI measurements, mentoring charters, and competency ratings."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.text import paragraphs, single_line
from growpath.i18n import N_


class GoalStatus(StrEnum):
    """Whether a goal is still being worked on, or how it ended."""

    OPEN = "open"
    MET = "met"
    NOT_MET = "not_met"
    DROPPED = "dropped"


GOAL_STATUSES = tuple(GoalStatus)
PHASES = ("baseline", "midpoint", "final")
RATER_ROLES = ("self", "guide", "manager")
MIN_RATING, MAX_RATING = 1, 5


@dataclass(frozen=True)
class GoalSpec:
    """A validated SMART goal."""

    title: str
    specific: str
    measure: str
    baseline_value: float | None
    target_value: float | None
    due_on: date | None
    competency_keys: tuple[str, ...]


def _number(value: Any, name: str, problems: list[Problem]) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        problems.append(Problem(N_("must be a number"), name))
        return None
    return float(value)


def goal_spec(
    fields: Mapping[str, Any],
    competency_keys: Collection[str],
    today: date,
    ends_on: date | None,
) -> GoalSpec:
    """Validate a SMART goal: specific, measurable, with a target and a due date."""
    problems: list[Problem] = []
    title = str(fields.get("title") or "").strip()
    if not title:
        problems.append(Problem(N_("is missing"), "title"))
    elif len(title) > 200:
        problems.append(Problem(N_("is longer than 200 characters"), "title"))
    single_line(title, "title", problems)
    measure = str(fields.get("measure") or "").strip()
    paragraphs(measure, "measure", problems)
    paragraphs(str(fields.get("specific") or ""), "specific", problems)
    if not measure:
        problems.append(Problem(N_("say how progress is measured (the M of SMART)"), "measure"))
    baseline = _number(fields.get("baseline_value"), "baseline_value", problems)
    target = _number(fields.get("target_value"), "target_value", problems)
    if target is None and "target_value" not in {p.field for p in problems}:
        problems.append(Problem(N_("set the value that means the goal is met"), "target_value"))
    if baseline is not None and target is not None and baseline == target:
        problems.append(Problem(N_("must differ from the baseline"), "target_value"))
    due_on = fields.get("due_on")
    if not isinstance(due_on, date):
        problems.append(Problem(N_("set a due date (the T of SMART)"), "due_on"))
        due_on = None
    elif due_on <= today:
        problems.append(Problem(N_("must be in the future"), "due_on"))
    elif ends_on is not None and due_on > ends_on:
        problems.append(
            Problem.of(
                N_("must fall before the engagement ends on %(ends_on)s"), "due_on", ends_on=ends_on
            )
        )
    keys = tuple(fields.get("competency_keys") or ())
    for key in keys:
        if key not in competency_keys:
            problems.append(
                Problem.of(
                    N_("'%(key)s' is not a competency of the framework"), "competency_keys", key=key
                )
            )
    if problems:
        raise InvalidInput(problems)
    return GoalSpec(
        title=title,
        specific=str(fields.get("specific") or "").strip(),
        measure=measure,
        baseline_value=baseline,
        target_value=target,
        due_on=due_on,
        competency_keys=keys,
    )


def check_rating(rating: Any, phase: str, rater_role: str) -> None:
    """Refuse a rating outside 1–5 or an unknown phase or rater role."""
    problems = []
    if (
        isinstance(rating, bool)
        or not isinstance(rating, int)
        or not (MIN_RATING <= rating <= MAX_RATING)
    ):
        problems.append(
            Problem.of(
                N_("must be a whole number %(least)s–%(most)s"),
                "rating",
                least=MIN_RATING,
                most=MAX_RATING,
            )
        )
    if phase not in PHASES:
        problems.append(
            Problem.of(N_("must be one of %(choices)s"), "phase", choices=", ".join(PHASES))
        )
    if rater_role not in RATER_ROLES:
        problems.append(
            Problem.of(
                N_("must be one of %(choices)s"), "rater_role", choices=", ".join(RATER_ROLES)
            )
        )
    if problems:
        raise InvalidInput(problems)


@dataclass(frozen=True)
class Growth:
    """Change in one competency between the baseline and the latest later rating."""

    competency_key: str
    rater_role: str
    baseline: int
    latest: int
    latest_phase: str

    @property
    def change(self) -> int:
        """How many levels the rating moved."""
        return self.latest - self.baseline


def growth(ratings: Sequence[tuple[str, str, str, int]]) -> list[Growth]:
    """Compute growth per (competency, rater) from (competency, rater, phase, rating) rows."""
    by_key: dict[tuple[str, str], dict[str, int]] = {}
    for competency, rater, phase, rating in ratings:
        by_key.setdefault((competency, rater), {})[phase] = rating
    result = []
    for (competency, rater), phases in sorted(by_key.items()):
        later = [p for p in ("final", "midpoint") if p in phases]
        if "baseline" in phases and later:
            result.append(Growth(competency, rater, phases["baseline"], phases[later[0]], later[0]))
    return result


CHARTER_FIELDS = ("purpose", "goals", "meeting_frequency", "success")


def charter_problems(fields: Mapping[str, Any]) -> list[Problem]:
    """Say what a mentoring charter lacks: purpose, goals, meeting frequency, success."""
    problems = [
        Problem.of(
            N_("unknown field; expected %(expected)s"), key, expected=", ".join(CHARTER_FIELDS)
        )
        for key in sorted(set(fields) - set(CHARTER_FIELDS) - {"renewal_on"})
    ]
    for name in CHARTER_FIELDS:
        value = str(fields.get(name) or "").strip()
        if not value:
            problems.append(Problem(N_("is missing"), name))
        elif len(value) > 4000:
            problems.append(Problem(N_("is longer than 4000 characters"), name))
        paragraphs(value, name, problems)
    return problems
