"""What a conversation guide draws on: the pair's goals, open actions and last themes."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from growpath.adapters.orm import (
    ActionItemRow,
    EngagementMemberRow,
    EnrolmentRow,
    GoalRow,
    SessionRow,
)
from growpath.adapters.repositories.base import column_rows


# Built once, on first use, with bound parameters: the engagement page runs it on every view,
# and building it anew (clauses, join, its cache key) cost about as much CPU as running it.
@cache
def _participant_goals() -> Select[str]:
    return (
        select(EnrolmentRow.goals)
        .join(EngagementMemberRow, EngagementMemberRow.enrolment_id == EnrolmentRow.id)
        .where(
            EngagementMemberRow.engagement_id == bindparam("engagement_id"),
            EngagementMemberRow.role == "participant",
        )
    )


class ConversationGuideRepository:
    """The words of a pair's own work that topic suggestions start from."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def goal_titles(self, engagement_id: int) -> list[str]:
        """Return the titles of the engagement's goals."""
        return list(
            self.session.scalars(
                select(GoalRow.title).where(GoalRow.engagement_id == engagement_id)
            )
        )

    def participant_goals(self, engagement_id: int) -> list[str]:
        """Return the goals the engagement's participants wrote when they enrolled."""
        parameters = {"engagement_id": engagement_id}
        return [goals for (goals,) in column_rows(self.session, _participant_goals(), parameters)]

    def open_actions(self, engagement_id: int) -> list[str]:
        """Return the descriptions of the engagement's actions not done yet."""
        return list(
            self.session.scalars(
                select(ActionItemRow.description).where(
                    ActionItemRow.engagement_id == engagement_id, ActionItemRow.done_at.is_(None)
                )
            )
        )

    def last_held_session(self, engagement_id: int) -> int | None:
        """Return the id of the engagement's most recently held session."""
        return self.session.scalar(
            select(SessionRow.id)
            .where(SessionRow.engagement_id == engagement_id, SessionRow.status == "held")
            .order_by(SessionRow.held_at.desc())
            .limit(1)
        )
