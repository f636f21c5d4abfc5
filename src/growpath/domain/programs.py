"""Programs: their kinds, formats, rules of eligibility, and the track templates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from growpath.domain.bounds import bounded_numbers
from growpath.domain.catalogue import load
from growpath.domain.errors import InvalidInput, NotFound, Problem, Term
from growpath.domain.health import health_rule_overrides
from growpath.domain.meeting_links import NONE, meeting_link_mode
from growpath.domain.modules import NO_REQUIREMENT, check_requirement
from growpath.domain.text import paragraphs, single_line
from growpath.i18n import N_, SOURCE_LOCALE

KINDS = ("coaching", "mentoring")
FORMATS = ("one_to_one", "group", "peer", "reverse", "flash")


class ProgramStatus(StrEnum):
    """A program is drafted, open for enrolment, or closed (running pairs carry on)."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


STATUSES = tuple(ProgramStatus)
GUIDE_ROLE = {"coaching": "coach", "mentoring": "mentor"}
PARTICIPANT_ROLE = {"coaching": "coachee", "mentoring": "mentee"}
WEIGHT_FACTORS = (
    "skills",
    "text",
    "seniority",
    "department",
    "job_family",
    "timezone",
    "language",
    "style",
    "interests",
    "focus",
)
MIN_LENGTH_MONTHS, MAX_LENGTH_MONTHS = 1, 24
MIN_CADENCE_DAYS, MAX_CADENCE_DAYS = 7, 90
# Check-ins come on day 30 of an engagement, then every 60 days, unless a program says otherwise.
CHECKIN_DEFAULTS = {"first_after_days": 30, "every_days": 60}
CHECKIN_BOUNDS = {"first_after_days": (7, 180), "every_days": (14, 180)}


@dataclass(frozen=True)
class Eligibility:
    """Who may join a program; an empty rule admits everyone."""

    departments: tuple[str, ...] = ()
    levels: tuple[int, ...] = ()
    job_families: tuple[str, ...] = ()

    def admits(self, department: str, level: int | None, job_family: str) -> Term | None:
        """Return why a person is not eligible, or None when they are."""
        if self.departments and department not in self.departments:
            return Term(
                N_("the program is open to %(departments)s only"),
                departments=", ".join(self.departments),
            )
        if self.levels and level not in self.levels:
            return Term(
                N_("the program is open to seniority levels %(levels)s"),
                levels=", ".join(map(str, self.levels)),
            )
        if self.job_families and job_family not in self.job_families:
            return Term(
                N_("the program is open to the job families %(job_families)s"),
                job_families=", ".join(self.job_families),
            )
        return None

    @classmethod
    def of(cls, stored: Mapping[str, Any]) -> Eligibility:
        """Rebuild a rule from its stored JSON form."""
        return cls(
            departments=tuple(stored.get("departments") or ()),
            levels=tuple(stored.get("levels") or ()),
            job_families=tuple(stored.get("job_families") or ()),
        )

    def as_dict(self) -> dict[str, list[Any]]:
        """Return the rule as JSON-ready data."""
        return {
            "departments": list(self.departments),
            "levels": list(self.levels),
            "job_families": list(self.job_families),
        }


@dataclass(frozen=True)
class ProgramSpec:
    """A validated program definition."""

    name: str
    kind: str
    format: str
    purpose: str = ""
    track: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    default_length_months: int = 6
    cadence_days: int = 14
    group_size: int | None = None
    eligibility: Eligibility = field(default_factory=Eligibility)
    matching: Mapping[str, Any] = field(default_factory=dict)
    manager_visibility_default: bool = False
    # A slot one member of a pair picks is scheduled without the other confirming it.
    auto_confirm_slots: bool = False
    health_rules: Mapping[str, int] = field(default_factory=dict)
    checkin_schedule: Mapping[str, int] = field(default_factory=dict)
    meeting_link: str = NONE
    # Onboarding each role completes first: none, before matching, before the first session.
    training_required: str = NO_REQUIREMENT

    @property
    def guide_role(self) -> str:
        """The enrolment role of the guide: coach or mentor."""
        return GUIDE_ROLE[self.kind]

    @property
    def participant_role(self) -> str:
        """The enrolment role of the person growing: coachee or mentee."""
        return PARTICIPANT_ROLE[self.kind]


def _eligibility(raw: Any, problems: list[Problem]) -> Eligibility:
    if raw is None:
        return Eligibility()
    if not isinstance(raw, Mapping):
        problems.append(
            Problem(N_("must be an object with departments, levels, job_families"), "eligibility")
        )
        return Eligibility()
    unknown = set(raw) - {"departments", "levels", "job_families"}
    if unknown:
        problems.append(
            Problem.of(
                N_("unknown key(s) %(unknown)s"), "eligibility", unknown=", ".join(sorted(unknown))
            )
        )
    levels = raw.get("levels") or []
    if not all(isinstance(v, int) and 1 <= v <= 10 for v in levels):
        problems.append(Problem(N_("levels must be whole numbers 1–10"), "eligibility.levels"))
        levels = []
    departments = tuple(str(d) for d in raw.get("departments") or [])
    job_families = tuple(str(j) for j in raw.get("job_families") or [])
    for department in departments:
        single_line(department, "eligibility.departments", problems)
    for job_family in job_families:
        single_line(job_family, "eligibility.job_families", problems)
    return Eligibility(departments=departments, levels=tuple(levels), job_families=job_families)


def _matching(raw: Any, problems: list[Problem]) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        problems.append(Problem(N_("must be an object"), "matching"))
        return {}
    allowed = {
        "weights",
        "department_preference",
        "min_score",
        "forbid_previous_pairs",
        "mode",
        "text_backend",
    }
    unknown = set(raw) - allowed
    if unknown:
        problems.append(
            Problem.of(
                N_("unknown key(s) %(unknown)s; expected %(expected)s"),
                "matching",
                unknown=", ".join(sorted(unknown)),
                expected=", ".join(sorted(allowed)),
            )
        )
    weights = raw.get("weights") or {}
    for factor, weight in dict(weights).items():
        if factor not in WEIGHT_FACTORS:
            problems.append(
                Problem.of(
                    N_("unknown factor; expected %(expected)s"),
                    f"matching.weights.{factor}",
                    expected=", ".join(WEIGHT_FACTORS),
                )
            )
        elif not isinstance(weight, int | float) or not 0 <= weight <= 100:
            problems.append(
                Problem(N_("must be a number from 0 to 100"), f"matching.weights.{factor}")
            )
    if raw.get("department_preference", "none") not in ("same", "other", "none"):
        problems.append(
            Problem(N_("must be same, other or none"), "matching.department_preference")
        )
    if raw.get("mode", "optimal") not in ("optimal", "max_matched", "stable"):
        problems.append(Problem(N_("must be optimal, max_matched or stable"), "matching.mode"))
    min_score = raw.get("min_score", 0)
    if not isinstance(min_score, int | float) or min_score < 0:
        problems.append(Problem(N_("must be a number of 0 or more"), "matching.min_score"))
    return dict(raw)


def program_spec(fields: Mapping[str, Any]) -> ProgramSpec:
    """Validate a program definition; raise InvalidInput naming every bad field."""
    problems: list[Problem] = []
    name = str(fields.get("name") or "").strip()
    if not name:
        problems.append(Problem(N_("is missing"), "name"))
    elif len(name) > 200:
        problems.append(Problem(N_("is longer than 200 characters"), "name"))
    single_line(name, "name", problems)
    track = single_line(str(fields.get("track") or ""), "track", problems)
    kind = fields.get("kind")
    if kind not in KINDS:
        problems.append(
            Problem.of(N_("must be one of %(choices)s"), "kind", choices=", ".join(KINDS))
        )
    fmt = fields.get("format") or "one_to_one"
    if fmt not in FORMATS:
        problems.append(
            Problem.of(N_("must be one of %(choices)s"), "format", choices=", ".join(FORMATS))
        )
    if kind == "coaching" and fmt in ("peer", "reverse", "flash"):
        problems.append(
            Problem.of(N_("a coaching program cannot use the %(fmt)s format"), "format", fmt=fmt)
        )
    length = fields.get("default_length_months", 6)
    if not isinstance(length, int) or not MIN_LENGTH_MONTHS <= length <= MAX_LENGTH_MONTHS:
        problems.append(
            Problem.of(
                N_("must be %(least)s–%(most)s months"),
                "default_length_months",
                least=MIN_LENGTH_MONTHS,
                most=MAX_LENGTH_MONTHS,
            )
        )
    if kind == "coaching" and isinstance(length, int) and not 3 <= length <= 12 and fmt != "group":
        problems.append(
            Problem(N_("a coaching engagement runs 3–12 months"), "default_length_months")
        )
    cadence = fields.get("cadence_days", 14)
    if not isinstance(cadence, int) or not MIN_CADENCE_DAYS <= cadence <= MAX_CADENCE_DAYS:
        problems.append(
            Problem.of(
                N_("must be %(least)s–%(most)s days"),
                "cadence_days",
                least=MIN_CADENCE_DAYS,
                most=MAX_CADENCE_DAYS,
            )
        )
    group_size = fields.get("group_size")
    if fmt in ("group", "peer") and group_size is None:
        group_size = 4
    if group_size is not None and (not isinstance(group_size, int) or not 2 <= group_size <= 12):
        problems.append(Problem(N_("must be 2–12 people"), "group_size"))
    starts_on, ends_on = fields.get("starts_on"), fields.get("ends_on")
    if isinstance(starts_on, date) and isinstance(ends_on, date) and ends_on <= starts_on:
        problems.append(Problem(N_("must come after starts_on"), "ends_on"))
    paragraphs(str(fields.get("purpose") or ""), "purpose", problems)
    eligibility = _eligibility(fields.get("eligibility"), problems)
    matching = _matching(fields.get("matching"), problems)
    health_rules, rule_problems = health_rule_overrides(fields.get("health_rules"))
    problems += rule_problems
    checkin_schedule = bounded_numbers(
        fields.get("checkin_schedule"), "checkin_schedule", CHECKIN_BOUNDS, problems, in_days=True
    )
    meeting_link = meeting_link_mode(fields.get("meeting_link", NONE), "meeting_link", problems)
    training_required = check_requirement(
        fields.get("training_required", NO_REQUIREMENT), "training_required", problems
    )
    if problems:
        raise InvalidInput(problems)
    return ProgramSpec(
        name=name,
        kind=str(kind),
        format=str(fmt),
        purpose=str(fields.get("purpose") or ""),
        track=track,
        starts_on=starts_on,
        ends_on=ends_on,
        default_length_months=int(length),
        cadence_days=int(cadence),
        group_size=group_size,
        eligibility=eligibility,
        matching=matching,
        manager_visibility_default=bool(fields.get("manager_visibility_default", False)),
        auto_confirm_slots=bool(fields.get("auto_confirm_slots", False)),
        health_rules=health_rules,
        checkin_schedule=checkin_schedule,
        meeting_link=meeting_link,
        training_required=training_required,
    )


def track_templates(locale: str = SOURCE_LOCALE) -> list[dict[str, Any]]:
    """Return the shipped track templates, their names and purposes in a locale."""
    templates: list[dict[str, Any]] = load("tracks", locale)
    return templates


def track_template(key: str, locale: str = SOURCE_LOCALE) -> dict[str, Any]:
    """Return one track template by key, its name and purpose in a locale."""
    for template in track_templates(locale):
        if template["key"] == key:
            return template
    known = ", ".join(t["key"] for t in track_templates())
    raise NotFound(
        N_("no track template '%(key)s'; known templates: %(known)s"), key=key, known=known
    )
