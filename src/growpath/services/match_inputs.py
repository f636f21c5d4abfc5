"""Turn a program's enrolments and people into the optimiser's mentees, mentors and config."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date
from typing import cast

from growpath import matching
from growpath.adapters.orm import (
    EnrolmentRow,
    PersonRow,
    ProgramRow,
)
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.programs import GUIDE_ROLE, PARTICIPANT_ROLE, WEIGHT_FACTORS
from growpath.domain.proposals import GuideSeats
from growpath.i18n import N_
from growpath.services import seats
from growpath.services.leavers import gone_from_matching
from growpath.services.training import not_ready_for_matching

EXPERTISE_LEVEL = 4  # a stated area of expertise counts as a strong skill
DESIRED_LEVEL = 3


@dataclass(frozen=True)
class MatchInputs:
    """Everything the optimiser needs for one program, with the ids mapped back."""

    mentees: list[matching.Mentee]
    mentors: list[matching.Mentor]
    config: matching.MatchConfig
    enrolment_of_mentee: dict[str, int]
    enrolment_of_mentor: dict[str, int]
    warnings: tuple[str, ...] = ()
    # Participants whose running group or open offer kept them out of the optimiser's input.
    kept_aside: int = 0
    # People the identity provider deprovisioned: in no new pair, offered to nobody.
    deprovisioned: frozenset[str] = frozenset()


def _format(program: ProgramRow) -> matching.model.Format:
    if program.kind == "coaching" and program.format != "group":
        return "coaching"
    formats: dict[str, matching.model.Format] = {
        "one_to_one": "traditional",
        "group": "group",
        "peer": "peer",
        "reverse": "reverse",
        "flash": "flash",
    }
    return formats[program.format]


def _skill_name(key: str) -> str:
    return key.replace("-", " ").strip().lower()


def match_inputs(
    uow: UnitOfWork, program: ProgramRow, today: date, mode: str | None = None
) -> MatchInputs:
    """Build the optimiser's input for a program from the database as it stands today."""
    rows = uow.match_queries.enrolled(program.id)
    skills = uow.match_queries.skills([person.id for _, person in rows])
    mentees, mentors = [], []
    enrolment_of_mentee: dict[str, int] = {}
    enrolment_of_mentor: dict[str, int] = {}
    for enrolment, person in rows:
        pid = str(person.id)
        if enrolment.role == PARTICIPANT_ROLE[program.kind]:
            mentees.append(_mentee(enrolment, person))
            enrolment_of_mentee[pid] = enrolment.id
        elif enrolment.role == GUIDE_ROLE[program.kind]:
            mentors.append(_mentor(enrolment, person, skills.get(person.id, {})))
            enrolment_of_mentor[pid] = enrolment.id
    # People still to complete their onboarding wait outside the run where the program says so.
    untrained = {str(p) for p in not_ready_for_matching(uow, program)}
    mentees = [m for m in mentees if m.id not in untrained]
    mentors = [m for m in mentors if m.id not in untrained]
    fixed, warnings, guides = _kept_pairs(uow, program, enrolment_of_mentee, enrolment_of_mentor)
    gone = frozenset(str(p) for p in gone_from_matching(uow, today))
    kept_aside = 0
    if _format(program) == "group":
        # A guide's capacity counts groups, and fixed pairs cannot say which members form which
        # group: members who hold one stay out of the run, and each guide offers only the
        # groups it still has room for.
        held_members = {participant for participant, _ in fixed}
        mentees = [m for m in mentees if m.id not in held_members | gone]
        mentors = [
            replace(m, capacity=guides[enrolment_of_mentor[m.id]].open)
            for m in mentors
            if enrolment_of_mentor[m.id] in guides and m.id not in gone
        ]
        kept_aside, fixed = len(fixed), set()
    else:
        if warnings:
            # Over-full guides (older databases) keep their pairs and get no new ones, so the
            # optimiser sees a capacity that fits what they hold.
            held = Counter(guide for _, guide in fixed)
            mentors = [replace(m, capacity=max(m.capacity, held[m.id])) for m in mentors]
        mentees, mentors = _without_new_pairs_for(gone, mentees, mentors, fixed)
    settings = program.matching_config
    weights = matching.Weights(
        **{k: float(v) for k, v in (settings.get("weights") or {}).items() if k in WEIGHT_FACTORS}
    )
    config = matching.MatchConfig(
        format=_format(program),
        weights=weights,
        department_preference=settings.get("department_preference", "none"),
        min_score=float(settings.get("min_score", 0.0)),
        exclusions=_exclusions(uow, program.id),
        previous_pairs=_previous_pairs(uow) | _turned_down(uow, program.id),
        forbid_previous_pairs=bool(settings.get("forbid_previous_pairs", True)),
        fixed_pairs=frozenset(fixed),
        mode=_mode(mode or settings.get("mode", "optimal")),
        group_size=program.group_size or 4,
        reporting_lines={
            str(p): (str(m) if m else None) for p, m in uow.match_queries.reporting_lines().items()
        },
    )
    return MatchInputs(
        mentees,
        mentors,
        config,
        enrolment_of_mentee,
        enrolment_of_mentor,
        tuple(warnings),
        kept_aside,
        gone,
    )


def _without_new_pairs_for(
    gone: Collection[str],
    mentees: list[matching.Mentee],
    mentors: list[matching.Mentor],
    fixed: set[tuple[str, str]],
) -> tuple[list[matching.Mentee], list[matching.Mentor]]:
    """Keep deprovisioned people to the running pairs they hold: no new pair, no new seat."""
    if not gone:
        return mentees, mentors
    holding = {participant for participant, _ in fixed}
    guiding = Counter(guide for _, guide in fixed)
    return (
        [m for m in mentees if m.id not in gone or m.id in holding],
        [
            replace(m, capacity=guiding[m.id]) if m.id in gone else m
            for m in mentors
            if m.id not in gone or guiding[m.id]
        ],
    )


def _kept_pairs(
    uow: UnitOfWork,
    program: ProgramRow,
    enrolment_of_mentee: dict[str, int],
    enrolment_of_mentor: dict[str, int],
) -> tuple[set[tuple[str, str]], list[str], dict[int, GuideSeats]]:
    """Return the running pairs and open offers a run keeps, what is wrong, and the seats."""
    person_of = {eid: pid for pid, eid in enrolment_of_mentee.items()}
    person_of.update({eid: pid for pid, eid in enrolment_of_mentor.items()})
    fixed: set[tuple[str, str]] = set()
    warnings: list[str] = []
    kept_mentees: set[str] = set()
    for e, m in sorted(uow.proposals.holding_pairs(program.id)):
        if e not in person_of or m not in person_of:
            continue
        if person_of[e] in kept_mentees:
            warnings.append(
                f"participant enrolment {e} holds more than one pair in this program; "
                "only the first is kept for matching"
            )
            continue
        kept_mentees.add(person_of[e])
        fixed.add((person_of[e], person_of[m]))
    guides = seats.seats_of(uow, enrolment_of_mentor.values())
    warnings += [guide.problem() for _, guide in sorted(guides.items()) if guide.over_full]
    return fixed, warnings, guides


def _turned_down(uow: UnitOfWork, program_id: int) -> frozenset[tuple[str, str]]:
    """Return (participant, guide) people whose offer in the program was declined or lapsed.

    Pairs that ended are among _previous_pairs already, in this program and any other.
    """
    return frozenset((str(e), str(m)) for e, m in uow.proposals.turned_down_pairs(program_id))


def _mode(value: str) -> matching.model.Mode:
    if value not in matching.model.MODES:
        raise InvalidInput(
            [
                Problem.of(
                    N_("must be one of %(choices)s"),
                    "mode",
                    choices=", ".join(matching.model.MODES),
                )
            ]
        )
    return cast(matching.model.Mode, value)


def _mentee(enrolment: EnrolmentRow, person: PersonRow) -> matching.Mentee:
    return matching.Mentee(
        id=str(person.id),
        department=person.department,
        manager_id=str(person.manager_id) if person.manager_id else None,
        level=person.seniority_level or 0,
        job_family=person.job_family,
        desired_skills={_skill_name(k): DESIRED_LEVEL for k in enrolment.desired_competencies},
        goals=enrolment.goals,
        languages=tuple(person.languages),
        required_language=enrolment.preferences.get("language"),
        timezone=person.timezone,
        interests=tuple(person.interests),
    )


def _mentor(enrolment: EnrolmentRow, person: PersonRow, skills: dict[str, int]) -> matching.Mentor:
    offered = dict(skills)
    for area in [*enrolment.expertise, *enrolment.focus_areas]:
        offered[_skill_name(area)] = max(offered.get(_skill_name(area), 0), EXPERTISE_LEVEL)
    return matching.Mentor(
        id=str(person.id),
        department=person.department,
        manager_id=str(person.manager_id) if person.manager_id else None,
        level=person.seniority_level or 0,
        job_family=person.job_family,
        skills=offered,
        bio=" ".join([person.bio, *enrolment.expertise, *enrolment.focus_areas]),
        languages=tuple(person.languages),
        timezone=person.timezone,
        interests=tuple(person.interests),
        capacity=enrolment.capacity,
        focus_areas=tuple(_skill_name(a) for a in enrolment.focus_areas),
    )


def _exclusions(uow: UnitOfWork, program_id: int) -> frozenset[tuple[str, str]]:
    return frozenset((str(e), str(m)) for e, m in uow.match_queries.exclusions(program_id))


def _previous_pairs(uow: UnitOfWork) -> frozenset[tuple[str, str]]:
    """Return (participant, guide) person pairs of every engagement so far, in any program.

    Pairs still fixed in this program are not forbidden by them: the optimiser keeps fixed
    pairs out of the previous-pair rule.
    """
    return frozenset((str(e), str(m)) for e, m in uow.match_queries.engaged_pairs())
