"""What the optimiser reads of a program: enrolled people, skills, rules and past pairs."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from growpath.adapters.orm import (
    EngagementMemberRow,
    EnrolmentRow,
    ExclusionRow,
    PersonRow,
    PersonSkillRow,
)
from growpath.domain.enrolment import EnrolmentStatus


class MatchQueries:
    """Queries that build the optimiser's input for one program."""

    def __init__(self, session: Session) -> None:
        self.db = session

    def enrolled(self, program_id: int) -> list[tuple[EnrolmentRow, PersonRow]]:
        """Return the program's active enrolments of people not erased, with the people."""
        return [
            (enrolment, person)
            for enrolment, person in self.db.execute(
                select(EnrolmentRow, PersonRow)
                .join(PersonRow, PersonRow.id == EnrolmentRow.person_id)
                .where(
                    EnrolmentRow.program_id == program_id,
                    EnrolmentRow.status == EnrolmentStatus.ACTIVE,
                    PersonRow.erased_at.is_(None),
                )
                .order_by(EnrolmentRow.id)
            )
        ]

    def skills(self, person_ids: Sequence[int]) -> dict[int, dict[str, int]]:
        """Return person → skill → level."""
        skills: dict[int, dict[str, int]] = {}
        for chunk_start in range(0, len(person_ids), 900):  # SQLite's bound-parameter limit
            chunk = person_ids[chunk_start : chunk_start + 900]
            for skill in self.db.scalars(
                select(PersonSkillRow).where(PersonSkillRow.person_id.in_(chunk))
            ):
                skills.setdefault(skill.person_id, {})[skill.name] = skill.level
        return skills

    def exclusions(self, program_id: int) -> list[tuple[int, int]]:
        """Return (participant, guide) people never to pair in this program (or in any)."""
        return [
            (mentee, mentor)
            for mentee, mentor in self.db.execute(
                select(ExclusionRow.mentee_person_id, ExclusionRow.mentor_person_id).where(
                    or_(ExclusionRow.program_id == program_id, ExclusionRow.program_id.is_(None))
                )
            )
        ]

    def engaged_pairs(self) -> list[tuple[int, int]]:
        """Return (participant, guide) people of every engagement so far, in any program."""
        guide = (
            select(EngagementMemberRow.engagement_id, EngagementMemberRow.person_id)
            .where(EngagementMemberRow.role == "guide")
            .subquery()
        )
        return [
            (participant, mentor)
            for participant, mentor in self.db.execute(
                select(EngagementMemberRow.person_id, guide.c.person_id)
                .join(guide, guide.c.engagement_id == EngagementMemberRow.engagement_id)
                .where(EngagementMemberRow.role == "participant")
            )
        ]

    def reporting_lines(self) -> dict[int, int | None]:
        """Return every person's manager."""
        return dict(self.db.execute(select(PersonRow.id, PersonRow.manager_id)).all())
