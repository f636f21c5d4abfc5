"""Links from an identity provider's subject to the account it logs in as."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from growpath.adapters.orm.base import Base, UTCDateTime, one_of
from growpath.domain.single_sign_on import MAX_SUBJECT_LENGTH, SsoProvider


class SsoIdentityRow(Base):
    """One identity provider's subject (never an e-mail, which can change) for an account."""

    __tablename__ = "sso_identities"
    __table_args__ = (UniqueConstraint("provider", "subject"), one_of("provider", SsoProvider))

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(MAX_SUBJECT_LENGTH))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
