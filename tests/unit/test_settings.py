"""Settings refuse unsafe production set-ups."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy.pool import QueuePool

from growpath.adapters.database import create_database_engine
from growpath.settings import Settings


def test_the_default_database_is_a_sqlite_file_in_the_working_directory() -> None:
    assert Settings(environment="development").database_url == "sqlite:///growpath.db"


def test_the_default_secret_is_refused_outside_development() -> None:
    with pytest.raises(ValidationError, match="GROWPATH_SECRET_KEY"):
        Settings(environment="production")


def test_a_short_secret_is_refused_in_production() -> None:
    with pytest.raises(ValidationError, match="at least 32 characters"):
        Settings(environment="production", secret_key="short-secret")


def test_settings_are_read_from_growpath_environment_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GROWPATH_DATABASE_URL", "postgresql+psycopg://db/growpath")
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "development")
    assert Settings().database_url == "postgresql+psycopg://db/growpath"


def test_a_notes_key_that_is_not_32_bytes_is_refused() -> None:
    with pytest.raises(ValidationError, match="32 bytes"):
        Settings(notes_key="c2hvcnQ=")


def test_the_database_pool_is_a_setting_and_reaches_the_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GROWPATH_DATABASE_POOL_SIZE", "4")
    monkeypatch.setenv("GROWPATH_DATABASE_MAX_OVERFLOW", "0")
    settings = Settings(environment="development")
    engine = create_database_engine(
        "postgresql+psycopg://nobody@127.0.0.1:1/none",
        settings.database_pool_size,
        settings.database_max_overflow,
    )
    assert isinstance(engine.pool, QueuePool)
    assert (engine.pool.size(), engine.pool._max_overflow) == (4, 0)
    engine.dispose()


def test_a_pool_of_no_connections_is_refused() -> None:
    with pytest.raises(ValidationError, match="database_pool_size"):
        Settings(environment="development", database_pool_size=0)
