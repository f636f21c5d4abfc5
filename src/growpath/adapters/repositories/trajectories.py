"""A report's trajectory for their manager: engagements, sessions held and goals' statuses."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from growpath.adapters.orm import (
    EngagementMemberRow,
    EngagementRow,
    GoalRow,
    ProgramRow,
    SessionRow,
)


class TrajectoryRepository:
    """The counts a manager may see of a report's engagements, never their content."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def engagements_of(self, person_id: int) -> Sequence[Row[EngagementRow, str]]:
        """Return each engagement the person is the participant of, with its program's name."""
        return self.session.execute(
            select(EngagementRow, ProgramRow.name)
            .join(EngagementMemberRow, EngagementMemberRow.engagement_id == EngagementRow.id)
            .join(ProgramRow, ProgramRow.id == EngagementRow.program_id)
            .where(
                EngagementMemberRow.person_id == person_id,
                EngagementMemberRow.role == "participant",
            )
            .order_by(EngagementRow.id)
        ).all()

    def sessions_held(self, engagement_id: int) -> int:
        """Return how many of the engagement's sessions were held."""
        return (
            self.session.scalar(
                select(func.count(SessionRow.id)).where(
                    SessionRow.engagement_id == engagement_id, SessionRow.status == "held"
                )
            )
            or 0
        )

    def goal_statuses(self, engagement_id: int) -> list[str]:
        """Return the status of each of the engagement's goals."""
        return [
            s
            for (s,) in self.session.execute(
                select(GoalRow.status).where(GoalRow.engagement_id == engagement_id)
            )
        ]
