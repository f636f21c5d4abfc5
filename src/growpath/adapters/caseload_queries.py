"""Read models of a guide's caseload: the pairs they guide, sessions to log, actions due."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from growpath.adapters.orm import (
    ActionItemRow,
    EngagementMemberRow,
    EngagementRow,
    EnrolmentRow,
    PersonRow,
    ProgramRow,
    SessionRow,
)
from growpath.domain.enrolment import GUIDE_ROLES, EnrolmentStatus
from growpath.domain.sessions import HELD, SCHEDULED


class CaseloadQueries:
    """Queries over the engagements a person guides."""

    def __init__(self, session: Session) -> None:
        self.db = session

    def guided(self, person_id: int) -> list[tuple[int, str, str, str]]:
        """Return (engagement, program, kind, status) of what the person guides, newest first."""
        return [
            (engagement_id, program, kind, status)
            for engagement_id, program, kind, status in self.db.execute(
                select(EngagementRow.id, ProgramRow.name, EngagementRow.kind, EngagementRow.status)
                .join(EngagementMemberRow, EngagementMemberRow.engagement_id == EngagementRow.id)
                .join(ProgramRow, ProgramRow.id == EngagementRow.program_id)
                .where(
                    EngagementMemberRow.person_id == person_id,
                    EngagementMemberRow.role == "guide",
                )
                .order_by(EngagementRow.id.desc())
            )
        ]

    def participant_names(self, engagement_ids: Collection[int]) -> list[tuple[int, str]]:
        """Return (engagement, participant name) pairs, by name."""
        return [
            (engagement_id, name)
            for engagement_id, name in self.db.execute(
                select(EngagementMemberRow.engagement_id, PersonRow.name)
                .join(PersonRow, PersonRow.id == EngagementMemberRow.person_id)
                .where(
                    EngagementMemberRow.engagement_id.in_(list(engagement_ids)),
                    EngagementMemberRow.role == "participant",
                )
                .order_by(PersonRow.name)
            )
        ]

    def last_held(self, engagement_ids: Collection[int]) -> dict[int, datetime | None]:
        """Return each engagement's latest held session time."""
        return dict(
            self.db.execute(
                select(SessionRow.engagement_id, func.max(SessionRow.held_at))
                .where(
                    SessionRow.engagement_id.in_(list(engagement_ids)), SessionRow.status == HELD
                )
                .group_by(SessionRow.engagement_id)
            ).all()
        )

    def next_scheduled(self, engagement_ids: Collection[int], now: datetime) -> dict[int, datetime]:
        """Return each engagement's next scheduled session time from now on."""
        return dict(
            self.db.execute(
                select(SessionRow.engagement_id, func.min(SessionRow.scheduled_at))
                .where(
                    SessionRow.engagement_id.in_(list(engagement_ids)),
                    SessionRow.status == SCHEDULED,
                    SessionRow.scheduled_at >= now,
                )
                .group_by(SessionRow.engagement_id)
            ).all()
        )

    def to_log(
        self, engagement_ids: Collection[int], now: datetime
    ) -> list[tuple[int, int, datetime]]:
        """Return (session, engagement, time) of sessions whose time passed but nobody logged."""
        return [
            (session_id, engagement_id, when)
            for session_id, engagement_id, when in self.db.execute(
                select(SessionRow.id, SessionRow.engagement_id, SessionRow.scheduled_at)
                .where(
                    SessionRow.engagement_id.in_(list(engagement_ids)),
                    SessionRow.status == SCHEDULED,
                    SessionRow.scheduled_at < now,
                )
                .order_by(SessionRow.scheduled_at)
            )
        ]

    def guide_enrolments(self, person_id: int) -> list[tuple[EnrolmentRow, str]]:
        """Return a person's active guide enrolments with their program's name, by name."""
        return [
            (row, name)
            for row, name in self.db.execute(
                select(EnrolmentRow, ProgramRow.name)
                .join(ProgramRow, ProgramRow.id == EnrolmentRow.program_id)
                .where(
                    EnrolmentRow.person_id == person_id,
                    EnrolmentRow.role.in_(GUIDE_ROLES),
                    EnrolmentRow.status == EnrolmentStatus.ACTIVE,
                )
                .order_by(ProgramRow.name)
            )
        ]

    def actions_due_before(
        self, engagement_ids: Collection[int], before: date
    ) -> list[tuple[int, int, str, str, date | None]]:
        """Return (action, engagement, description, owner, due) of open actions due before a day."""
        return [
            (action_id, engagement_id, description, owner, due_on)
            for action_id, engagement_id, description, owner, due_on in self.db.execute(
                select(
                    ActionItemRow.id,
                    ActionItemRow.engagement_id,
                    ActionItemRow.description,
                    PersonRow.name,
                    ActionItemRow.due_on,
                )
                .join(PersonRow, PersonRow.id == ActionItemRow.owner_person_id)
                .where(
                    ActionItemRow.engagement_id.in_(list(engagement_ids)),
                    ActionItemRow.done_at.is_(None),
                    ActionItemRow.due_on < before,
                )
                .order_by(ActionItemRow.due_on, ActionItemRow.id)
            )
        ]
