"""What every noun's repository does alike: find a row by id, add one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar, TypeVarTuple

from sqlalchemy import ColumnElement, CompoundSelect, Row, Select, literal
from sqlalchemy.orm import InstrumentedAttribute, Session

from growpath.adapters.orm import Base
from growpath.adapters.repositories import column_reads

RowT = TypeVar("RowT", bound=Base)
Columns = TypeVarTuple("Columns")


def column_rows(
    session: Session,
    statement: Select[*Columns] | CompoundSelect[*Columns],
    parameters: Mapping[str, Any],
) -> Sequence[Row[*Columns]]:
    """Run a select of columns (no whole rows) on the session's connection; return its rows."""
    # Column rows need none of the ORM's work around a statement (its compile state,
    # loading): run on the session's connection, compiled once (column_reads). The flush
    # keeps autoflush's promise (nothing to do when nothing is staged): the rows include what
    # this unit of work staged, unless it asked to hold that back (UnitOfWork.reading).
    if session.autoflush:
        session.flush()
    return column_reads.rows_of(session.connection(), statement, parameters)


def columns_named(model: type[Base], names: Sequence[str]) -> list[InstrumentedAttribute[Any]]:
    """Return the model's columns of these names, in their order (a line's `_fields`)."""
    return [getattr(model, name) for name in names]


def one_of(column: InstrumentedAttribute[Any], values: Iterable[Any]) -> ColumnElement[bool]:
    """Return `column IN (values)` for a fixed list, each value a bound parameter of its own."""
    # `in_` sends a list as one expanding parameter, whose SQL is rendered again at every run
    # (column_reads expands it per run as `execute` does); a fixed list needs that only once.
    return column.in_([literal(value, column.type) for value in values])


def none_of(column: InstrumentedAttribute[Any], values: Iterable[Any]) -> ColumnElement[bool]:
    """Return `column NOT IN (values)` for a fixed list, as `one_of` does."""
    return column.not_in([literal(value, column.type) for value in values])


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
