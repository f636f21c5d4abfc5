"""Pulse check-ins: how services schedule, find and answer them, without committing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import cache

from sqlalchemy import Row, Select, bindparam, select
from sqlalchemy.orm import Session

from growpath.adapters.orm import (
    CheckInRow,
    EngagementMemberRow,
    EngagementRow,
    PersonRow,
    ProgramRow,
)
from growpath.adapters.repositories.base import column_rows


# Built once, on first use, with bound parameters: the home page runs it on every view,
# and building it anew (clauses, joins, its cache key) cost more CPU than running it.
@cache
def _of_person() -> Select[int, int, str, date, datetime | None]:
    # The columns the list shows, not the rows: each check-in's sealed comment and answers
    # stay in the table.
    return (
        select(
            CheckInRow.id,
            CheckInRow.engagement_id,
            ProgramRow.name,
            CheckInRow.due_on,
            CheckInRow.answered_at,
        )
        .join(EngagementRow, EngagementRow.id == CheckInRow.engagement_id)
        .join(ProgramRow, ProgramRow.id == EngagementRow.program_id)
        .where(CheckInRow.person_id == bindparam("person_id"))
        .order_by(CheckInRow.answered_at.is_not(None), CheckInRow.due_on)
    )


class CheckInRepository:
    """Each member's check-ins of their engagements."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, checkin_id: int) -> CheckInRow | None:
        """Return the check-in with this id."""
        return self.session.get(CheckInRow, checkin_id)

    def running_engagements(self) -> Sequence[Row[EngagementRow, ProgramRow]]:
        """Return every started, running engagement with its program, whose schedule applies."""
        return self.session.execute(
            select(EngagementRow, ProgramRow)
            .join(ProgramRow, ProgramRow.id == EngagementRow.program_id)
            .where(
                EngagementRow.status.in_(("active", "renewed")),
                EngagementRow.starts_on.is_not(None),
            )
        ).all()

    def recipients(self, engagement_id: int) -> Sequence[Row[int, str]]:
        """Return the id and e-mail of each member of an engagement who is not erased."""
        return self.session.execute(
            select(PersonRow.id, PersonRow.email)
            .join(EngagementMemberRow, EngagementMemberRow.person_id == PersonRow.id)
            .where(
                EngagementMemberRow.engagement_id == engagement_id,
                PersonRow.erased_at.is_(None),
            )
        ).all()

    def is_due_for(self, engagement_id: int, person_id: int, due_on: date) -> bool:
        """Whether the member already has the engagement's check-in due on this day."""
        return (
            self.session.scalar(
                select(CheckInRow.id).where(
                    CheckInRow.engagement_id == engagement_id,
                    CheckInRow.person_id == person_id,
                    CheckInRow.due_on == due_on,
                )
            )
            is not None
        )

    def add(self, checkin: CheckInRow) -> None:
        """Store a new check-in and give it its id."""
        self.session.add(checkin)
        self.session.flush()

    def of_person(
        self, person_id: int | None
    ) -> Sequence[Row[int, int, str, date, datetime | None]]:
        """Return (id, engagement, program name, due day, answered) of a person's check-ins,
        unanswered first."""
        return column_rows(self.session, _of_person(), {"person_id": person_id})

    def program_name(self, checkin: CheckInRow) -> str:
        """Return the name of the program the check-in's engagement belongs to."""
        return (
            self.session.scalar(
                select(ProgramRow.name)
                .join(EngagementRow, EngagementRow.program_id == ProgramRow.id)
                .where(EngagementRow.id == checkin.engagement_id)
            )
            or ""
        )
