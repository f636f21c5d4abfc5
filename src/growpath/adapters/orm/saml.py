"""SAML sign-ins under way, and the assertions already used, kept in the database so that
every worker process sees them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from growpath.adapters.orm.base import Base, UTCDateTime


class SamlRequestRow(Base):
    """An AuthnRequest sent to the identity provider and not yet answered and used.

    The ACS receives the answer in a cross-site POST that carries no session cookie, so the
    request is found by its id (the answer's InResponseTo); the browser that started it is
    known by the digest of a secret kept in that browser's session, checked when it comes back.
    """

    __tablename__ = "saml_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[str] = mapped_column(String(128), unique=True)
    browser_digest: Mapped[str] = mapped_column(String(64), unique=True)
    next_path: Mapped[str] = mapped_column(String(2000), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # The verified identity (subject, e-mail, employee id, groups), from the ACS until the
    # browser comes back for it; the row is deleted then, or when it expires.
    identity: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SamlAssertionRow(Base):
    """The id of an assertion already used, remembered until the assertion expires (replay)."""

    __tablename__ = "saml_assertions"

    id: Mapped[int] = mapped_column(primary_key=True)
    assertion_id: Mapped[str] = mapped_column(String(128), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
