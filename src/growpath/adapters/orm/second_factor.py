"""Two-step login: an account's authenticator secret (sealed) and its recovery codes (digests)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from growpath.adapters.orm.base import Base, UTCDateTime
from growpath.adapters.sealed_text import SealedText


class TotpCredentialRow(Base):
    """An account's authenticator app: on once confirmed with a first code."""

    __tablename__ = "totp_credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    # Read back to check every code, so sealed under the notes key rather than hashed.
    secret: Mapped[str] = mapped_column(SealedText("totp_credentials.secret"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # None while set-up waits for its first code: such a secret logs nobody in.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The time step of the last code accepted: that code and older ones never work again.
    last_used_step: Mapped[int | None] = mapped_column(Integer)


class RecoveryCodeRow(Base):
    """A single-use recovery code of an account; only the SHA-256 digest is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
