"""A unit of work that only read ends its transaction with COMMIT, not ROLLBACK.

Both end a transaction that ran nothing but SELECTs the same way; they differ in the driver.
psycopg forgets its prepared statements on every ROLLBACK (it cannot tell what a rolled-back
transaction changed), so pages that read in their own unit of work and rolled it back never
reached psycopg's threshold of five executions: PostgreSQL parsed and planned each of a
page's statements on every view, most of the database's CPU for the page. A transaction that
wrote, or holds changes not yet written, still rolls back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from growpath.adapters.repositories import audit

_WROTE = "growpath.wrote"
_CONNECTION = "growpath.connection"


def track_writes(engine: Engine, factory: sessionmaker[Session]) -> None:
    """Note, per transaction, whether it ran anything but a SELECT, and which connection a
    session's transaction runs on."""
    if not event.contains(engine, "begin", _begin):
        event.listen(engine, "begin", _begin)
        event.listen(engine, "before_cursor_execute", _before_execute)
    event.listen(factory, "after_begin", _after_begin)


def _begin(connection: Connection) -> None:
    connection.info[_WROTE] = False


def _before_execute(connection: Connection, _cursor: Any, statement: str, *_: Any) -> None:
    # SQLAlchemy's statements start with their verb; anything else (a WITH, a SAVEPOINT, text
    # with leading space) counts as a write, which only keeps the old ending.
    if not statement.startswith("SELECT"):
        connection.info[_WROTE] = True


def _after_begin(
    session: Session, _transaction: SessionTransaction, connection: Connection
) -> None:
    session.info[_CONNECTION] = connection


def only_read(session: Session) -> bool:
    """Return whether the session's open transaction ran only SELECTs and holds no change
    (staged rows or audit events)."""
    connection = session.info.pop(_CONNECTION, None)
    return (
        connection is not None
        and not connection.closed
        and connection.in_transaction()
        and not connection.info.get(_WROTE, True)
        and not (session.new or session.dirty or session.deleted)
        and not audit.has_staged(session)
    )
