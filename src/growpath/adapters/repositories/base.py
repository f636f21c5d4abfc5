"""What every noun's repository does alike: find a row by id, add one."""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from sqlalchemy.orm import Session

from growpath.adapters.orm import Base

RowT = TypeVar("RowT", bound=Base)


class Repository(Generic[RowT]):
    """One noun's rows inside a unit of work; subclasses add the noun's own queries."""

    row_type: ClassVar[type[Base]]

    def __init__(self, session: Session) -> None:
        self.db = session

    def get(self, row_id: int) -> RowT | None:
        """Return the row with this id."""
        found: RowT | None = self.db.get(self.row_type, row_id)  # type: ignore[assignment]
        return found

    def fresh(self, row_id: int) -> RowT | None:
        """Return the row as now committed (after taking a lock), not as first read."""
        found: RowT | None = self.db.get(  # type: ignore[assignment]
            self.row_type, row_id, populate_existing=True
        )
        return found

    def add(self, row: RowT) -> None:
        """Stage a new row; its id is assigned at once."""
        self.db.add(row)
        self.db.flush()
