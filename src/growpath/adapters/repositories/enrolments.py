"""Enrolments in programs: how services find and store them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from growpath.adapters.orm import EnrolmentRow, PersonRow


class EnrolmentRepository:
    """People's enrolments as mentee, coachee, mentor or coach."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, enrolment_id: int) -> EnrolmentRow | None:
        """Return one enrolment."""
        return self.session.get(EnrolmentRow, enrolment_id)

    def add(self, row: EnrolmentRow) -> None:
        """Stage an enrolment; its id is assigned at once."""
        self.session.add(row)
        self.session.flush()

    def find(self, program_id: int, person_id: int, role: str) -> EnrolmentRow | None:
        """Return a person's enrolment in a program in a role, active or withdrawn."""
        return self.session.scalar(
            select(EnrolmentRow).where(
                EnrolmentRow.program_id == program_id,
                EnrolmentRow.person_id == person_id,
                EnrolmentRow.role == role,
            )
        )

    def listed(
        self, program_id: int | None = None, person_id: int | None = None
    ) -> Sequence[tuple[EnrolmentRow, str]]:
        """Return enrolments with their person's name, of a program and/or a person, by id."""
        query = select(EnrolmentRow, PersonRow.name).join(
            PersonRow, PersonRow.id == EnrolmentRow.person_id
        )
        if program_id is not None:
            query = query.where(EnrolmentRow.program_id == program_id)
        if person_id is not None:
            query = query.where(EnrolmentRow.person_id == person_id)
        return [(row, name) for row, name in self.session.execute(query.order_by(EnrolmentRow.id))]
