"""Working hours, found by their person."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from growpath.adapters.orm import PersonRow, WorkingHoursRow
from growpath.adapters.repositories.base import Repository


class WorkingHoursRepository(Repository[WorkingHoursRow]):
    """The days and hours each person meets (none stored: the default)."""

    row_type = WorkingHoursRow

    def of_people(self, person_ids: Iterable[int]) -> dict[int, WorkingHoursRow]:
        """Return the working hours people have set, by person."""
        rows = self.db.scalars(
            select(WorkingHoursRow).where(WorkingHoursRow.person_id.in_(list(person_ids)))
        )
        return {row.person_id: row for row in rows}

    def time_zones(self, person_ids: Iterable[int]) -> dict[int, str]:
        """Return people's time zones (their working hours are read in them), by person."""
        rows = self.db.execute(
            select(PersonRow.id, PersonRow.timezone).where(PersonRow.id.in_(list(person_ids)))
        )
        return {row.id: row.timezone for row in rows}
