"""Typed settings, read from GROWPATH_* environment variables."""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from growpath.domain.reporting import DEFAULT_MIN_GROUP, MIN_GROUP_FLOOR

DEVELOPMENT_SECRET_KEY = "development-only-secret-key-change-me"  # noqa: S105 - refused outside development


class Settings(BaseSettings):
    """Every setting growpath reads; each is documented in docs/settings.md."""

    model_config = SettingsConfigDict(env_prefix="GROWPATH_", extra="ignore")

    environment: Literal["development", "test", "production"] = Field(
        default="development",
        description="development allows the built-in secret key; production refuses it.",
    )
    database_url: str = Field(
        default="sqlite:///growpath.db",
        description="SQLAlchemy URL; a SQLite file in the working directory by default, "
        "postgresql+psycopg://user@host/db for production.",
    )
    secret_key: str = Field(
        default=DEVELOPMENT_SECRET_KEY,
        description="Signs session cookies; set a long random value outside development.",
    )
    notes_key: str | None = Field(
        default=None,
        description="Base64 32-byte key that wraps the keys of encrypted notes; "
        "derived from the secret key when unset.",
    )
    notes_previous_keys: str = Field(
        default="",
        description="Comma-separated earlier notes keys, still accepted for reading while "
        "`growpath keys rotate` re-wraps their records under the current key.",
    )
    session_max_age_seconds: int = Field(
        default=8 * 3600, ge=60, description="How long a login session stays valid."
    )
    mail_backend: Literal["file", "smtp"] = Field(
        default="file", description="file writes e-mails to mail_dir; smtp sends them."
    )
    mail_dir: Path = Field(
        default=Path("growpath-mail"), description="Folder for the file mail backend."
    )
    mail_from: str = Field(
        default="growpath@localhost", description="Sender address of every e-mail."
    )
    base_url: str = Field(
        default="http://127.0.0.1:8000",
        pattern=r"^https?://[^\s/]+(/[^\s]*)?$",
        description="Where people reach growpath; links in e-mails start with it.",
    )
    topic_ranking: Literal["keyword", "embeddings"] = Field(
        default="keyword",
        description="How conversation topics are ranked: keyword matches, or closeness in "
        "meaning with the offline sentence-embedding model of the embeddings extra.",
    )
    smtp_host: str = Field(default="127.0.0.1", description="SMTP server for the smtp backend.")
    smtp_port: int = Field(default=25, ge=1, le=65535, description="SMTP port.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Lowest level of log records written."
    )
    log_format: Literal["json", "text"] = Field(
        default="json", description="json writes one structured record per line."
    )
    database_pool_size: int = Field(
        default=10,
        ge=1,
        le=500,
        description="PostgreSQL connections each app process keeps open (ignored for SQLite).",
    )
    database_max_overflow: int = Field(
        default=10,
        ge=0,
        le=500,
        description="Further PostgreSQL connections a process may open under load, closed "
        "again when returned (ignored for SQLite).",
    )
    report_min_group: int = Field(
        default=DEFAULT_MIN_GROUP,
        description="The fewest distinct people a report figure may aggregate; smaller "
        f"groups are suppressed. May be raised, never set below {MIN_GROUP_FLOOR}.",
    )

    @field_validator("report_min_group")
    @classmethod
    def _report_min_group_not_below_floor(cls, value: int) -> int:
        if value < MIN_GROUP_FLOOR:
            raise ValueError(
                f"GROWPATH_REPORT_MIN_GROUP must be at least {MIN_GROUP_FLOOR}: smaller groups "
                "would let a report single people out"
            )
        return value

    @field_validator("notes_key", "notes_previous_keys")
    @classmethod
    def _notes_keys_are_32_bytes(cls, value: str | None) -> str | None:
        for key in (value or "").split(","):
            if not key.strip():
                continue
            try:
                decoded = base64.urlsafe_b64decode(key.strip().encode())
            except (ValueError, binascii.Error) as exc:
                raise ValueError("a notes key is not valid URL-safe base64") from exc
            if len(decoded) != 32:
                raise ValueError("a notes key must encode exactly 32 bytes")
        return value

    def page_url(self, path: str) -> str:
        """Return the full address of a page, for links in e-mails."""
        return self.base_url.rstrip("/") + path

    def previous_note_keys(self) -> list[str]:
        """Return the earlier notes keys still accepted for reading."""
        return [k.strip() for k in self.notes_previous_keys.split(",") if k.strip()]

    @model_validator(mode="after")
    def _refuse_default_secret_outside_development(self) -> Settings:
        if self.environment != "development" and self.secret_key == DEVELOPMENT_SECRET_KEY:
            raise ValueError(
                "GROWPATH_SECRET_KEY is left at its development default; "
                f"set it to a long random value when GROWPATH_ENVIRONMENT={self.environment}"
            )
        if self.environment == "production" and len(self.secret_key) < 32:
            raise ValueError("GROWPATH_SECRET_KEY must be at least 32 characters in production")
        return self
