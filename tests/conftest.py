"""Shared fixtures: a migrated database on SQLite or PostgreSQL, an app, contexts per role."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, make_url, text

from growpath.adapters import migrate, passwords
from growpath.adapters.clock import FixedClock
from growpath.adapters.database import create_database_engine
from growpath.adapters.orm import Base
from growpath.bootstrap import Growpath, bootstrap
from growpath.domain.accounts import ADMIN_ROLES, Role
from growpath.services import accounts
from growpath.services.context import Context, operator_context
from growpath.settings import Settings
from tests.factories import RecordingMailer
from tests.second_factor import set_up_totp

POSTGRES_URL = os.environ.get(
    "GROWPATH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
PASSWORD = "correct-horse-battery-9"


# The hasher the app ships with, before the tests lighten it (tests/unit/test_passwords.py).
SHIPPED_HASHER = passwords._hasher


@pytest.fixture(autouse=True, scope="session")
def _light_password_hashing() -> Iterator[None]:
    """Hash passwords with argon2id at its least cost in this test process.

    At the shipped cost (64 MiB, three passes) each hash and each check took 90 ms of CPU:
    the accounts the tests create and log in spent about half the suite's time in argon2. The
    same algorithm and format at one pass over 8 KiB checks the same code paths.
    """
    original = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    passwords._hasher = original


@pytest.fixture(autouse=True)
def _settings_environment_restored() -> Iterator[None]:
    """Undo what a command run in-process wrote into os.environ (serve sets the base URL)."""
    before = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(before)


def _postgres_reachable(url: str) -> str | None:
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        with psycopg.connect(conninfo, connect_timeout=3):
            return None
    except psycopg.OperationalError as exc:
        return str(exc).strip()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "growpath.db"
    engine = create_database_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine]:
    """A PostgreSQL database of this test worker's own, migrated to head."""
    problem = _postgres_reachable(POSTGRES_URL)
    if problem is not None:
        message = f"PostgreSQL at {POSTGRES_URL} is unreachable: {problem}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    # One database per test run and worker, so two runs on one machine never drop each other's.
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getpid()))[:12]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"growpath_test_{run}_{worker}"
    admin = create_database_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
        # A test database need not survive a crash of the server: commits that do not wait for
        # the disk make each of the thousands of test transactions about 4 ms cheaper.
        connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    engine = create_database_engine(url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _empty_postgres(engine: Engine) -> None:
    # DELETE, not TRUNCATE: truncating 70-odd tables rewrites each one's files and took over a
    # second per test, deleting the few rows a test leaves takes milliseconds. Foreign keys are
    # not checked while emptying (the replica role), so the order of the tables does not matter;
    # the sequences restart as RESTART IDENTITY would have them.
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        for table in Base.metadata.sorted_tables:
            connection.execute(table.delete())
        connection.execute(
            text(
                "SELECT setval(quote_ident(sequencename)::regclass, 1, false) FROM pg_sequences"
                " WHERE schemaname = current_schema()"
            )
        )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[Engine]:
    """A migrated, empty database: each test using it runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "growpath.db"
        shutil.copy(sqlite_template, path)
        sqlite_engine = create_database_engine(f"sqlite:///{path}")
        yield sqlite_engine
        sqlite_engine.dispose()
    else:
        pg_engine: Engine = request.getfixturevalue("postgres_engine")
        _empty_postgres(pg_engine)
        yield pg_engine


@pytest.fixture
def sqlite_engine(tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    """A migrated, empty SQLite database, for tests that need only one backend."""
    path = tmp_path / "growpath.db"
    shutil.copy(sqlite_template, path)
    engine = create_database_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def settings_for(engine: Engine, tmp_path: Path) -> Settings:
    """The settings of a test app on engine, its mail in tmp_path."""
    return Settings(
        environment="test",
        secret_key="test-secret-key-that-is-long-enough-0123456789",
        database_url=engine.url.render_as_string(hide_password=False),
        mail_dir=tmp_path / "mail",
    )


@pytest.fixture
def clock() -> FixedClock:
    """A clock standing at a fixed Monday morning."""
    return FixedClock(START)


@pytest.fixture
def mailer() -> RecordingMailer:
    """A mailer that keeps what it is asked to send."""
    return RecordingMailer()


@pytest.fixture
def app(engine: Engine, tmp_path: Path, clock: FixedClock, mailer: RecordingMailer) -> Growpath:
    """A growpath wired to the test database, clock and mailer (SQLite and PostgreSQL)."""
    return bootstrap(settings_for(engine, tmp_path), clock=clock, mailer=mailer, engine=engine)


@pytest.fixture
def sqlite_app(
    sqlite_engine: Engine, tmp_path: Path, clock: FixedClock, mailer: RecordingMailer
) -> Growpath:
    """A growpath on SQLite only, for HTTP and CLI journeys."""
    return bootstrap(
        settings_for(sqlite_engine, tmp_path), clock=clock, mailer=mailer, engine=sqlite_engine
    )


@pytest.fixture
def operator(app: Growpath) -> Context:
    """The command-line operator's context."""
    return operator_context(app)


def make_account(app: Growpath, email: str, *roles: Role) -> Context:
    """Create an account and return a context acting as it; an admin's has two-step login on,
    as the admin pages require."""
    accounts.create_account(app, email, set(roles) or {Role.PARTICIPANT}, PASSWORD)
    if ADMIN_ROLES & set(roles):
        set_up_totp(app, email)
    actor = accounts.authenticate(app, email, PASSWORD)
    return Context(app=app, actor=actor, source_address="test")
