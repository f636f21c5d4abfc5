"""Read models of a person's own pages: what is next, what is due, where they take part."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from typing import TypeVarTuple

from sqlalchemy import Row, Select, bindparam, select
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
from growpath.adapters.repositories.base import column_rows, none_of
from growpath.domain.engagements import FINISHED
from growpath.domain.sessions import SCHEDULED

Columns = TypeVarTuple("Columns")


def _in_engagements_of(
    query: Select[*Columns], engagement_id: InstrumentedAttribute[int]
) -> Select[*Columns]:
    # Rows of the engagements the person is a member of, with each one's program at hand.
    return (
        query.join(EngagementRow, EngagementRow.id == engagement_id)
        .join(ProgramRow, ProgramRow.id == EngagementRow.program_id)
        .join(EngagementMemberRow, EngagementMemberRow.engagement_id == EngagementRow.id)
        .where(EngagementMemberRow.person_id == bindparam("person_id"))
    )


# The statements are built once, on first use, with bound parameters: building one (its
# joins and clauses) and computing its cache key cost more CPU than running it, and the home
# page runs them on every view.
@cache
def _upcoming_sessions() -> Select[int, int, str, datetime, int, str]:
    query = _in_engagements_of(
        select(
            SessionRow.id,
            SessionRow.engagement_id,
            ProgramRow.name,
            SessionRow.scheduled_at,
            SessionRow.duration_minutes,
            SessionRow.location,
        ),
        SessionRow.engagement_id,
    )
    return (
        query.where(
            SessionRow.status == SCHEDULED,
            SessionRow.scheduled_at >= bindparam("now"),
            # Older databases may hold sessions of ended pairs that nobody called off.
            none_of(EngagementRow.status, FINISHED),
        )
        .order_by(SessionRow.scheduled_at, SessionRow.id)
        .limit(bindparam("limit"))
    )


@cache
def _open_actions() -> Select[int, int, str, str, date | None]:
    query = _in_engagements_of(
        select(
            ActionItemRow.id,
            ActionItemRow.engagement_id,
            ProgramRow.name,
            ActionItemRow.description,
            ActionItemRow.due_on,
        ),
        ActionItemRow.engagement_id,
    )
    return query.where(
        ActionItemRow.owner_person_id == bindparam("person_id"),
        ActionItemRow.done_at.is_(None),
        # An ended pair's open actions are history, not work due.
        none_of(EngagementRow.status, FINISHED),
    ).order_by(ActionItemRow.due_on.is_(None), ActionItemRow.due_on, ActionItemRow.id)


@cache
def _enrolments() -> Select[int, int, str, str, str, str, datetime]:
    return (
        select(
            EnrolmentRow.id,
            EnrolmentRow.program_id,
            ProgramRow.name,
            ProgramRow.status,
            EnrolmentRow.role,
            EnrolmentRow.status,
            EnrolmentRow.created_at,
        )
        .join(ProgramRow, ProgramRow.id == EnrolmentRow.program_id)
        .where(EnrolmentRow.person_id == bindparam("person_id"))
        .order_by(EnrolmentRow.id.desc())
    )


@cache
def _ratings_as_participant() -> Select[int, str, str, str, str, str, int]:
    # Only engagements where the person is the participant: as a guide it is someone else's.
    mine = select(EngagementMemberRow.engagement_id).where(
        EngagementMemberRow.person_id == bindparam("person_id"),
        EngagementMemberRow.role == "participant",
    )
    return (
        select(
            CompetencyRatingRow.engagement_id,
            ProgramRow.name,
            CompetencyRow.key,
            CompetencyRow.name.label("competency_name"),
            CompetencyRatingRow.rater_role,
            CompetencyRatingRow.phase,
            CompetencyRatingRow.rating,
        )
        .join(CompetencyRow, CompetencyRow.id == CompetencyRatingRow.competency_id)
        .join(EngagementRow, EngagementRow.id == CompetencyRatingRow.engagement_id)
        .join(ProgramRow, ProgramRow.id == EngagementRow.program_id)
        .where(CompetencyRatingRow.engagement_id.in_(mine))
    )


class HomeQueries:
    """Queries over one person's engagements, enrolments and ratings."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def upcoming_sessions(
        self, person_id: int | None, now: datetime, limit: int
    ) -> Sequence[Row[int, int, str, datetime, int, str]]:
        """Return (id, engagement, program name, time, minutes, place) of a person's next
        scheduled sessions in running engagements, soonest first."""
        parameters = {"person_id": person_id, "now": now, "limit": limit}
        return column_rows(self.session, _upcoming_sessions(), parameters)

    def open_actions(self, person_id: int | None) -> Sequence[Row[int, int, str, str, date | None]]:
        """Return (id, engagement, program name, description, due day) of the open actions a
        person owns in pairs not ended, earliest due first."""
        return column_rows(self.session, _open_actions(), {"person_id": person_id})

    def enrolments(
        self, person_id: int | None
    ) -> Sequence[Row[int, int, str, str, str, str, datetime]]:
        """Return (id, program, program name, program status, role, status, created) of a
        person's enrolments, newest first."""
        return column_rows(self.session, _enrolments(), {"person_id": person_id})

    def ratings_as_participant(
        self, person_id: int | None
    ) -> Sequence[Row[int, str, str, str, str, str, int]]:
        """Return (engagement, program, competency key and name, rater, phase, rating) about the
        person."""
        return column_rows(self.session, _ratings_as_participant(), {"person_id": person_id})
