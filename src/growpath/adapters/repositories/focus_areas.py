"""Focus areas for layering: what a participant's other engagements work on."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from growpath.adapters.orm import (
    EngagementMemberRow,
    EngagementRow,
    EnrolmentRow,
    GoalRow,
    PersonRow,
    ProgramRow,
)


class FocusAreaRepository:
    """The goals and competencies a participant's engagements work on."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def participant_of(self, engagement_id: int) -> int | None:
        """Return the person id of the engagement's participant."""
        return self.session.scalar(
            select(EngagementMemberRow.person_id)
            .where(
                EngagementMemberRow.engagement_id == engagement_id,
                EngagementMemberRow.role == "participant",
            )
            .limit(1)
        )

    def other_engagements(
        self, person_id: int, engagement_id: int
    ) -> Sequence[Row[EngagementRow, str, int | None]]:
        """Return the participant's other running engagements, program name and enrolment id."""
        return self.session.execute(
            select(EngagementRow, ProgramRow.name, EngagementMemberRow.enrolment_id)
            .join(EngagementMemberRow, EngagementMemberRow.engagement_id == EngagementRow.id)
            .join(ProgramRow, ProgramRow.id == EngagementRow.program_id)
            .where(
                EngagementMemberRow.person_id == person_id,
                EngagementMemberRow.role == "participant",
                EngagementRow.id != engagement_id,
                EngagementRow.status.in_(("proposed", "active", "paused", "renewed")),
            )
        ).all()

    def guide_name(self, engagement_id: int) -> str | None:
        """Return the name of the engagement's guide."""
        return self.session.scalar(
            select(PersonRow.name)
            .join(EngagementMemberRow, EngagementMemberRow.person_id == PersonRow.id)
            .where(
                EngagementMemberRow.engagement_id == engagement_id,
                EngagementMemberRow.role == "guide",
            )
        )

    def goals(self, engagement_id: int) -> Sequence[Row[str, list[str]]]:
        """Return the title and competency keys of each of the engagement's goals."""
        return self.session.execute(
            select(GoalRow.title, GoalRow.competency_keys).where(
                GoalRow.engagement_id == engagement_id
            )
        ).all()

    def desired_competencies(self, enrolment_id: int | None) -> list[str]:
        """Return the competencies the enrolment asked to grow."""
        return (
            self.session.scalar(
                select(EnrolmentRow.desired_competencies).where(EnrolmentRow.id == enrolment_id)
            )
            or []
        )
