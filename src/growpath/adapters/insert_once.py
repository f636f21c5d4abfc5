"""An insert that a table's unique key turns away quietly: one statement, no savepoint."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Insert, inspect
from sqlalchemy.orm import Session

from growpath.adapters.orm.base import Base


@cache
def _insert_once(dialect: str, model: type[Base], key: tuple[str, ...]) -> Insert:
    # Built once per database kind and table. Each dialect's INSERT is imported for its own
    # database, as the report facts do: the PostgreSQL package costs SQLite 0.1 s to import.
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        statement: Insert = postgresql.insert(model).on_conflict_do_nothing(index_elements=key)
    else:
        from sqlalchemy.dialects import sqlite

        statement = sqlite.insert(model).on_conflict_do_nothing(index_elements=key)
    return statement.returning(model.__table__.c.id)


def insert_once(session: Session, row: Base, key: tuple[str, ...]) -> int | None:
    """Insert the row (the columns it sets) unless one with the same key columns exists;
    return its new id, or None when it was turned away."""
    # A read first and then the insert inside a savepoint (for a row another worker added a
    # moment ago) took four statements; the unique key decides either case in one.
    model = type(row)
    columns = model.__table__.columns
    values = {name: value for name, value in inspect(row).dict.items() if name in columns}
    # What the row refers to (a session added in this transaction) goes to the database first.
    session.flush()
    dialect = session.get_bind().dialect.name
    added = session.connection().execute(_insert_once(dialect, model, key), values)
    new_id: int | None = added.scalar()
    return new_id
