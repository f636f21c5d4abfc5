"""An insert that a table's unique key turns away quietly: one statement, no savepoint."""

from __future__ import annotations

from functools import cache
from typing import cast

from sqlalchemy import Insert, Table, bindparam, inspect
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

from growpath.adapters.orm.base import Base
from growpath.adapters.repositories import column_reads


@cache
def _insert_once(
    dialect: str, model: type[Base], key: tuple[str, ...], columns: tuple[str, ...]
) -> ReturningInsert[int]:
    # Built once per database kind, table and set of columns given, and run as compiled
    # (column_reads): through `execute`, SQLAlchemy's set-up around it cost as much as the run.
    # Each dialect's INSERT is imported for its own database, as the report facts do: the
    # PostgreSQL package costs SQLite 0.1 s to import.
    table = cast(Table, model.__table__)
    values = {name: bindparam(name, type_=table.c[name].type) for name in columns}
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        statement: Insert = (
            postgresql.insert(table).values(values).on_conflict_do_nothing(index_elements=key)
        )
    else:
        from sqlalchemy.dialects import sqlite

        statement = sqlite.insert(table).values(values).on_conflict_do_nothing(index_elements=key)
    return statement.returning(table.c.id)


def insert_once(session: Session, row: Base, key: tuple[str, ...]) -> int | None:
    """Insert the row (the columns it sets) unless one with the same key columns exists;
    return its new id, or None when it was turned away."""
    # A read first and then the insert inside a savepoint (for a row another worker added a
    # moment ago) took four statements; the unique key decides either case in one.
    model = type(row)
    columns = model.__table__.columns
    values = {name: value for name, value in inspect(row).dict.items() if name in columns}
    # A column's fixed default goes in as a value: run as compiled, no `execute` supplies it.
    for column in columns:
        default = column.default
        if column.name not in values and default is not None and default.is_scalar:
            values[column.name] = getattr(default, "arg", None)
    # What the row refers to (a session added in this transaction) goes to the database first.
    session.flush()
    connection = session.connection()
    statement = _insert_once(connection.dialect.name, model, key, tuple(sorted(values)))
    added = column_reads.rows_of(connection, statement, values)
    return added[0][0] if added else None
