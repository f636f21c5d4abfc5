"""Engine creation for SQLite (the zero-setup default) and PostgreSQL."""

from __future__ import annotations

import select
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import QueuePool

CONNECT_TIMEOUT_SECONDS = 5


def create_database_engine(url: str, pool_size: int = 10, max_overflow: int = 10) -> Engine:
    """Build an engine for url with the settings each backend needs (pool: PostgreSQL only)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _configure_sqlite_connection)
        return engine
    # connect_timeout bounds how long a request can wait for a server that does not answer.
    # Connections that died with a server restart are replaced on check-out: by looking at
    # psycopg's socket where the system can, else with pool_pre_ping's round trip.
    looks = parsed.get_driver_name() == "psycopg" and hasattr(select, "poll")
    engine = create_engine(
        url,
        pool_pre_ping=not looks,
        pool_size=pool_size,
        max_overflow=max_overflow,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
    )
    if looks:
        event.listen(engine, "checkout", _refuse_closed_by_server)
    return engine


def _refuse_closed_by_server(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    # A server that restarts, or ends one session, sends its goodbye and closes its end, so
    # the socket of a connection idle in the pool has something to read. A healthy idle one
    # has nothing (this app never LISTENs). One poll() finds it, where pool_pre_ping sent
    # every check-out a query and waited for the answer: a quarter of a health check's round
    # trips. The pool closes the connection and opens a fresh one in its place.
    from psycopg import pq

    pgconn = dbapi_connection.pgconn
    if pgconn.status != pq.ConnStatus.OK:
        raise DisconnectionError("the connection to the database is lost")
    waiting = select.poll()
    waiting.register(pgconn.socket, select.POLLIN)
    if waiting.poll(0):
        raise DisconnectionError("the database closed the connection while it was idle")


def pool_capacity(engine: Engine) -> int | None:
    """Return how many connections the engine's pool lends at once (None: no limit)."""
    pool = engine.pool
    if not isinstance(pool, QueuePool):
        return None  # SQLite's memory pools and NullPool never make a caller wait
    # The overflow allowed is kept only as the constructor's argument (-1: no limit).
    overflow: int = pool._max_overflow  # noqa: SLF001
    return None if overflow < 0 else pool.size() + overflow


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # SQLite leaves foreign keys off by default; WAL lets the web app read while a job writes;
    # secure_delete zeroes what a delete or an update frees, so erased text does not linger
    # in free pages of the file (or in the WAL frames written after it).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
