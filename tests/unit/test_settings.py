"""Settings refuse unsafe production set-ups."""

from __future__ import annotations

from pathlib import Path

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


def test_an_smtp_password_without_a_user_name_is_refused() -> None:
    with pytest.raises(ValidationError, match="GROWPATH_SMTP_USERNAME is not"):
        Settings(smtp_password="secret")
    with pytest.raises(ValidationError, match="neither GROWPATH_SMTP_PASSWORD"):
        Settings(smtp_username="growpath")


def test_an_smtp_password_sent_in_clear_to_another_machine_is_refused_unless_allowed() -> None:
    clear = {"smtp_security": "none", "smtp_username": "growpath", "smtp_password": "pw"}
    with pytest.raises(ValidationError, match="in clear to relay.example.com"):
        Settings(smtp_host="relay.example.com", **clear)  # type: ignore[arg-type]
    assert Settings(smtp_host="127.0.0.1", **clear).smtp_port_or_default() == 25  # type: ignore[arg-type]
    allowed = Settings(
        smtp_host="relay.example.com",
        smtp_allow_cleartext_auth=True,
        **clear,  # type: ignore[arg-type]
    )
    assert allowed.smtp_security == "none"


def test_an_unreadable_smtp_password_file_stops_start_up_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "absent"
    with pytest.raises(ValidationError, match=f"GROWPATH_SMTP_PASSWORD_FILE {missing}"):
        Settings(smtp_username="growpath", smtp_password_file=missing)
    empty = tmp_path / "empty"
    empty.write_text("\n")
    with pytest.raises(ValidationError, match="is empty"):
        Settings(smtp_username="growpath", smtp_password_file=empty)


def test_the_smtp_password_never_shows_in_the_settings(tmp_path: Path) -> None:
    secret = tmp_path / "smtp-password"
    secret.write_text("hunter2-from-a-file\n")
    from_file = Settings(smtp_username="growpath", smtp_password_file=secret)
    assert from_file.smtp_password is not None
    assert from_file.smtp_password.get_secret_value() == "hunter2-from-a-file"
    assert "hunter2" not in repr(from_file) and "hunter2" not in str(from_file.model_dump())


def test_a_refused_setting_never_prints_the_smtp_password_or_the_secret_key() -> None:
    # `growpath` prints a refused setting's error at start-up; pydantic would add every input.
    with pytest.raises(ValidationError) as refused:
        Settings(
            environment="production",
            secret_key="short-production-secret-xyzzy",
            smtp_password="hunter2-direct",
        )
    assert "hunter2" not in str(refused.value) and "xyzzy" not in str(refused.value)


def test_the_smtp_port_follows_the_security_unless_set() -> None:
    assert Settings().smtp_port_or_default() == 587
    assert Settings(smtp_security="tls").smtp_port_or_default() == 465
    assert Settings(smtp_security="tls", smtp_port=2465).smtp_port_or_default() == 2465


def test_a_ca_file_with_security_none_or_that_is_missing_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no effect"):
        Settings(smtp_security="none", smtp_ca_file=tmp_path)
    with pytest.raises(ValidationError, match="not a readable file"):
        Settings(smtp_ca_file=tmp_path / "absent.pem")


def test_message_ids_carry_the_mail_domain_or_the_base_urls_host() -> None:
    assert Settings(base_url="https://growpath.example.com:8443/x").message_id_domain() == (
        "growpath.example.com"
    )
    assert Settings(mail_domain="mail.example.org").message_id_domain() == "mail.example.org"
    with pytest.raises(ValidationError, match="GROWPATH_MAIL_DOMAIN"):
        Settings(mail_domain="example.com>\r\nBcc: eve@example.com")
