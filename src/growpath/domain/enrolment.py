"""What a person states when enrolling: goals and preferences, or expertise and capacity."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.text import paragraphs, single_line
from growpath.i18n import N_


class EnrolmentStatus(StrEnum):
    """An enrolment takes part in matching while active; withdrawn ones keep running pairs."""

    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


PARTICIPANT_ROLES = ("mentee", "coachee")
GUIDE_ROLES = ("mentor", "coach")
ENROLMENT_ROLES = (*PARTICIPANT_ROLES, *GUIDE_ROLES)
MAX_CAPACITY = 10
DEPARTMENT_PREFERENCES = ("same", "other", "any")
SENIORITY_PREFERENCES = ("higher", "any")


@dataclass(frozen=True)
class EnrolmentDetails:
    """A validated enrolment."""

    role: str
    goals: str = ""
    desired_competencies: tuple[str, ...] = ()
    preferences: Mapping[str, Any] = field(default_factory=dict)
    expertise: tuple[str, ...] = ()
    focus_areas: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    capacity: int = 0
    availability: Mapping[str, Any] = field(default_factory=dict)


def _strings(value: Any, name: str, problems: list[Problem], limit: int = 30) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        problems.append(Problem(N_("must be a list of text items"), name))
        return ()
    items = tuple(dict.fromkeys(v.strip() for v in value if v.strip()))
    for item in items:
        single_line(item, name, problems)
    if len(items) > limit:
        problems.append(Problem.of(N_("may list at most %(limit)s items"), name, limit=limit))
    return items


def _preferences(raw: Any, problems: list[Problem]) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        problems.append(Problem(N_("must be an object"), "preferences"))
        return {}
    allowed = {"language", "department", "timezone_window_hours", "mentor_seniority"}
    for key in sorted(set(raw) - allowed):
        problems.append(
            Problem.of(
                N_("unknown preference; expected %(expected)s"),
                f"preferences.{key}",
                expected=", ".join(sorted(allowed)),
            )
        )
    if raw.get("department", "any") not in DEPARTMENT_PREFERENCES:
        problems.append(
            Problem.of(
                N_("must be one of %(choices)s"),
                "preferences.department",
                choices=", ".join(DEPARTMENT_PREFERENCES),
            )
        )
    if raw.get("mentor_seniority", "any") not in SENIORITY_PREFERENCES:
        problems.append(
            Problem.of(
                N_("must be one of %(choices)s"),
                "preferences.mentor_seniority",
                choices=", ".join(SENIORITY_PREFERENCES),
            )
        )
    window = raw.get("timezone_window_hours")
    if window is not None and (not isinstance(window, int) or not 0 <= window <= 12):
        problems.append(
            Problem(N_("must be a whole number of hours 0–12"), "preferences.timezone_window_hours")
        )
    language = raw.get("language")
    if language is not None and (not isinstance(language, str) or not 2 <= len(language) <= 8):
        problems.append(Problem(N_("must be a language code such as en"), "preferences.language"))
    return dict(raw)


def enrolment_details(
    role: str, fields: Mapping[str, Any], competency_keys: Collection[str]
) -> EnrolmentDetails:
    """Validate what a person enrols with; raise InvalidInput naming every bad field."""
    problems: list[Problem] = []
    goals = paragraphs(str(fields.get("goals") or "").strip(), "goals", problems)
    if role in PARTICIPANT_ROLES:
        if len(goals) < 10:
            problems.append(Problem(N_("describe your goals in at least a sentence"), "goals"))
        if len(goals) > 4000:
            problems.append(Problem(N_("is longer than 4000 characters"), "goals"))
        wanted = _strings(fields.get("desired_competencies"), "desired_competencies", problems)
        for key in wanted:
            if key not in competency_keys:
                problems.append(
                    Problem.of(
                        N_("'%(key)s' is not a competency of the framework"),
                        "desired_competencies",
                        key=key,
                    )
                )
        preferences = _preferences(fields.get("preferences"), problems)
        if problems:
            raise InvalidInput(problems)
        return EnrolmentDetails(
            role=role, goals=goals, desired_competencies=wanted, preferences=preferences
        )
    if role not in GUIDE_ROLES:
        raise InvalidInput(
            [
                Problem.of(
                    N_("must be one of %(choices)s"), "role", choices=", ".join(ENROLMENT_ROLES)
                )
            ]
        )
    capacity = fields.get("capacity")
    if (
        not isinstance(capacity, int)
        or isinstance(capacity, bool)
        or not (1 <= capacity <= MAX_CAPACITY)
    ):
        problems.append(
            Problem.of(N_("must be a whole number 1–%(most)s"), "capacity", most=MAX_CAPACITY)
        )
    expertise = _strings(fields.get("expertise"), "expertise", problems)
    focus = _strings(fields.get("focus_areas"), "focus_areas", problems)
    certifications = _strings(fields.get("certifications"), "certifications", problems)
    if role == "mentor" and not expertise:
        problems.append(Problem(N_("name at least one area of expertise"), "expertise"))
    if role == "coach" and not focus:
        problems.append(Problem(N_("name at least one coaching focus area"), "focus_areas"))
    availability = fields.get("availability") or {}
    if not isinstance(availability, Mapping):
        problems.append(Problem(N_("must be an object"), "availability"))
        availability = {}
    if problems:
        raise InvalidInput(problems)
    return EnrolmentDetails(
        role=role,
        goals=goals,
        expertise=expertise,
        focus_areas=focus,
        certifications=certifications,
        capacity=int(str(capacity)),
        availability=dict(availability),
    )
