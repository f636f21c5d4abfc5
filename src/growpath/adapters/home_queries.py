"""Read models of a person's own pages: what is next, what is due, where they take part."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVarTuple

from sqlalchemy import Select, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from growpath.adapters.orm import (
    ActionItemRow,
    CompetencyRatingRow,
    CompetencyRow,
    EngagementMemberRow,
    EngagementRow,
    EnrolmentRow,
    ProgramRow,
    SessionRow,
)
from growpath.domain.engagements import FINISHED
from growpath.domain.sessions import SCHEDULED

Row = TypeVarTuple("Row")


class HomeQueries:
    """Queries over one person's engagements, enrolments and ratings."""

    def __init__(self, session: Session) -> None:
        self.db = session

    @staticmethod
    def _in_engagements_of(
        person_id: int | None, query: Select[*Row], engagement_id: InstrumentedAttribute[int]
    ) -> Select[*Row]:
        # Rows of the engagements the person is a member of, with each one's program at hand.
        return (
            query.join(EngagementRow, EngagementRow.id == engagement_id)
            .join(ProgramRow, ProgramRow.id == EngagementRow.program_id)
            .join(EngagementMemberRow, EngagementMemberRow.engagement_id == EngagementRow.id)
            .where(EngagementMemberRow.person_id == person_id)
        )

    def upcoming_sessions(
        self, person_id: int | None, now: datetime, limit: int
    ) -> list[tuple[SessionRow, str]]:
        """Return a person's next scheduled sessions in running engagements, soonest first."""
        query = self._in_engagements_of(
            person_id, select(SessionRow, ProgramRow.name), SessionRow.engagement_id
        )
        rows = self.db.execute(
            query.where(
                SessionRow.status == SCHEDULED,
                SessionRow.scheduled_at >= now,
                # Older databases may hold sessions of ended pairs that nobody called off.
                EngagementRow.status.not_in(FINISHED),
            )
            .order_by(SessionRow.scheduled_at, SessionRow.id)
            .limit(limit)
        )
        return [(session, name) for session, name in rows]

    def open_actions(self, person_id: int | None) -> list[tuple[ActionItemRow, str]]:
        """Return the open actions a person owns in pairs not ended, earliest due first."""
        query = self._in_engagements_of(
            person_id, select(ActionItemRow, ProgramRow.name), ActionItemRow.engagement_id
        )
        rows = self.db.execute(
            query.where(
                ActionItemRow.owner_person_id == person_id,
                ActionItemRow.done_at.is_(None),
                # An ended pair's open actions are history, not work due.
                EngagementRow.status.not_in(FINISHED),
            ).order_by(ActionItemRow.due_on.is_(None), ActionItemRow.due_on, ActionItemRow.id)
        )
        return [(action, name) for action, name in rows]

    def enrolments(self, person_id: int | None) -> list[tuple[EnrolmentRow, str, str]]:
        """Return a person's enrolments with their program's name and status, newest first."""
        rows = self.db.execute(
            select(EnrolmentRow, ProgramRow.name, ProgramRow.status)
            .join(ProgramRow, ProgramRow.id == EnrolmentRow.program_id)
            .where(EnrolmentRow.person_id == person_id)
            .order_by(EnrolmentRow.id.desc())
        )
        return [(enrolment, name, status) for enrolment, name, status in rows]

    def ratings_as_participant(
        self, person_id: int | None
    ) -> list[tuple[int, str, str, str, str, int]]:
        """Return (engagement, program, competency, rater, phase, rating) about the person."""
        # Only engagements where the person is the participant: as a guide it is someone else's.
        mine = select(EngagementMemberRow.engagement_id).where(
            EngagementMemberRow.person_id == person_id,
            EngagementMemberRow.role == "participant",
        )
        rows = self.db.execute(
            select(
                CompetencyRatingRow.engagement_id,
                ProgramRow.name,
                CompetencyRow.key,
                CompetencyRatingRow.rater_role,
                CompetencyRatingRow.phase,
                CompetencyRatingRow.rating,
            )
            .join(CompetencyRow, CompetencyRow.id == CompetencyRatingRow.competency_id)
            .join(EngagementRow, EngagementRow.id == CompetencyRatingRow.engagement_id)
            .join(ProgramRow, ProgramRow.id == EngagementRow.program_id)
            .where(CompetencyRatingRow.engagement_id.in_(mine))
        )
        return [
            (e, program, key, rater, phase, rating)
            for e, program, key, rater, phase, rating in rows
        ]
