"""Enrolments in programs: how services find and store them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from growpath.adapters.orm import EnrolmentRow, PersonRow
from growpath.adapters.repositories.base import Repository


class EnrolmentRepository(Repository[EnrolmentRow]):
    """People's enrolments as mentee, coachee, mentor or coach."""

    row_type = EnrolmentRow

    def find(self, program_id: int, person_id: int, role: str) -> EnrolmentRow | None:
        """Return a person's enrolment in a program in a role, active or withdrawn."""
        return self.db.scalar(
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
        return [(row, name) for row, name in self.db.execute(query.order_by(EnrolmentRow.id))]

    def of_person_in_any(self, person_id: int, program_ids: frozenset[int]) -> bool:
        """Whether the person has enrolled (now or before) in one of these programs."""
        if not program_ids:
            return False
        found = self.db.scalar(
            select(EnrolmentRow.id)
            .where(EnrolmentRow.person_id == person_id, EnrolmentRow.program_id.in_(program_ids))
            .limit(1)
        )
        return found is not None
