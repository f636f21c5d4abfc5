"""Programs: how services find and store them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from growpath.adapters.orm import EnrolmentRow, ProgramRow
from growpath.adapters.repositories.base import Repository
from growpath.domain.enrolment import EnrolmentStatus


class ProgramRepository(Repository[ProgramRow]):
    """Coaching and mentoring programs, and how many take part in each."""

    row_type = ProgramRow

    def named(self, name: str) -> int | None:
        """Return the id of the program with this name, if there is one."""
        return self.db.scalar(select(ProgramRow.id).where(ProgramRow.name == name))

    def listed(self, status: str | None = None) -> Sequence[ProgramRow]:
        """Return programs by name, only those of a status when one is given."""
        query = select(ProgramRow).order_by(ProgramRow.name)
        if status:
            query = query.where(ProgramRow.status == status)
        return self.db.scalars(query).all()

    def active_roles(self, program_id: int) -> dict[str, int]:
        """Return how many active enrolments the program has in each role."""
        return dict(
            self.db.execute(
                select(EnrolmentRow.role, func.count())
                .where(
                    EnrolmentRow.program_id == program_id,
                    EnrolmentRow.status == EnrolmentStatus.ACTIVE,
                )
                .group_by(EnrolmentRow.role)
            ).all()
        )
