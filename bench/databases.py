"""The benchmarks' own PostgreSQL databases: created empty, reached by URL, dropped after."""

from __future__ import annotations

from sqlalchemy import make_url, text

from growpath.adapters.database import create_database_engine

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
# The benchmarks' private secret: the published development one may not derive the notes key.
SECRET = "bench-" + "0123456789abcdef" * 3


def url_of(name: str) -> str:
    """Return the URL of the benchmark database name on the server."""
    return make_url(SERVER).set(database=name).render_as_string(hide_password=False)


def drop_database(name: str) -> None:
    """Drop the database if it exists, closing whatever is still connected to it."""
    _administer(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_database(name: str) -> str:
    """Create the database afresh (dropping an old one of that name); return its URL."""
    drop_database(name)
    _administer(f'CREATE DATABASE "{name}"')
    return url_of(name)


def copy_database(template: str, name: str) -> str:
    """Create the database afresh as a copy of the template database; return its URL."""
    drop_database(name)
    _administer(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return url_of(name)


def _administer(statement: str) -> None:
    # CREATE and DROP DATABASE cannot run inside a transaction.
    admin = create_database_engine(SERVER).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(statement))
    admin.dispose()
