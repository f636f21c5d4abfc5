"""Turn a program's enrolments and people into the optimiser's mentees, mentors and config."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from sqlalchemy import or_, select

from growpath import matching
from growpath.adapters.orm import (
    EngagementMemberRow,
    EnrolmentRow,
    ExclusionRow,
    MatchProposalRow,
    PersonRow,
    PersonSkillRow,
    ProgramRow,
)
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.programs import GUIDE_ROLE, PARTICIPANT_ROLE, WEIGHT_FACTORS

# Proposals that hold a seat: accepted pairs, and offers still waiting for an answer.
SEAT_HOLDING = ("accepted", "approved", "requested")
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


def match_inputs(uow: UnitOfWork, program: ProgramRow, mode: str | None = None) -> MatchInputs:
    """Build the optimiser's input for a program from the database."""
    session = uow.session
    rows = session.execute(
        select(EnrolmentRow, PersonRow)
        .join(PersonRow, PersonRow.id == EnrolmentRow.person_id)
        .where(
            EnrolmentRow.program_id == program.id,
            EnrolmentRow.status == "active",
            PersonRow.erased_at.is_(None),
        )
        .order_by(EnrolmentRow.id)
    ).all()
    person_ids = [person.id for _, person in rows]
    skills: dict[int, dict[str, int]] = {}
    for chunk_start in range(0, len(person_ids), 900):
        chunk = person_ids[chunk_start : chunk_start + 900]
        for skill in session.scalars(
            select(PersonSkillRow).where(PersonSkillRow.person_id.in_(chunk))
        ):
            skills.setdefault(skill.person_id, {})[skill.name] = skill.level
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
    person_of = {eid: pid for pid, eid in enrolment_of_mentee.items()}
    person_of.update({eid: pid for pid, eid in enrolment_of_mentor.items()})
    fixed = {
        (person_of[e], person_of[m])
        for e, m in session.execute(
            select(
                MatchProposalRow.mentee_enrolment_id, MatchProposalRow.mentor_enrolment_id
            ).where(
                MatchProposalRow.program_id == program.id, MatchProposalRow.status.in_(SEAT_HOLDING)
            )
        ).all()
        if e in person_of and m in person_of
    }
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
        previous_pairs=_previous_pairs(uow),
        forbid_previous_pairs=bool(settings.get("forbid_previous_pairs", True)),
        fixed_pairs=frozenset(fixed),
        mode=_mode(mode or settings.get("mode", "optimal")),
        group_size=program.group_size or 4,
        reporting_lines={
            str(p): (str(m) if m else None)
            for p, m in session.execute(select(PersonRow.id, PersonRow.manager_id))
        },
    )
    return MatchInputs(mentees, mentors, config, enrolment_of_mentee, enrolment_of_mentor)


def _mode(value: str) -> matching.model.Mode:
    if value not in matching.model.MODES:
        raise InvalidInput([Problem(f"must be one of {', '.join(matching.model.MODES)}", "mode")])
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
    rows = uow.session.execute(
        select(ExclusionRow.mentee_person_id, ExclusionRow.mentor_person_id).where(
            or_(ExclusionRow.program_id == program_id, ExclusionRow.program_id.is_(None))
        )
    ).all()
    return frozenset((str(e), str(m)) for e, m in rows)


def _previous_pairs(uow: UnitOfWork) -> frozenset[tuple[str, str]]:
    """Return (participant, guide) person pairs of every engagement so far, in any program.

    Pairs still fixed in this program are not forbidden by them: the optimiser keeps fixed
    pairs out of the previous-pair rule.
    """
    guide = (
        select(EngagementMemberRow.engagement_id, EngagementMemberRow.person_id)
        .where(EngagementMemberRow.role == "guide")
        .subquery()
    )
    rows = uow.session.execute(
        select(EngagementMemberRow.person_id, guide.c.person_id)
        .join(guide, guide.c.engagement_id == EngagementMemberRow.engagement_id)
        .where(EngagementMemberRow.role == "participant")
    ).all()
    return frozenset((str(e), str(m)) for e, m in rows)
