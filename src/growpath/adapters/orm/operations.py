"""Cross-cutting tables: encryption data keys, consents, the nudge outbox, the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from growpath.adapters.orm.base import Base, UTCDateTime, one_of
from growpath.adapters.sealed_text import SealedText
from growpath.domain.audit import ALLOWED, OUTCOMES
from growpath.domain.consents import KINDS
from growpath.domain.nudges import NudgeStatus


class DataKeyRow(Base):
    """A per-record data key, wrapped by a key-encryption key; deleting it shreds the record."""

    __tablename__ = "data_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    kek_id: Mapped[str] = mapped_column(String(64))
    wrapped_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    owner_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    shredded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ConsentRow(Base):
    """A person's consent (manager trajectory, coach-mentor layering) and its withdrawal."""

    __tablename__ = "consents"
    __table_args__ = (one_of("kind", KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NudgeRow(Base):
    """An e-mail in the outbox; the dedupe key makes each nudge exist once."""

    __tablename__ = "nudges"
    __table_args__ = (one_of("status", NudgeStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    recipient_email: Mapped[str] = mapped_column(String(320))
    # Sealed: a nudge or digest names the pair and carries their actions and goals.
    # Deferred: the outbox's bookkeeping (claim, retry, fail) never needs to open them.
    subject: Mapped[str] = mapped_column(SealedText("nudges.subject"), deferred=True)
    body: Mapped[str] = mapped_column(SealedText("nudges.body"), deferred=True)
    # A session invite's .ics: it names the pair, their addresses, the time and the place.
    calendar: Mapped[str | None] = mapped_column(SealedText("nudges.calendar"), deferred=True)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditEventRow(Base):
    """One entry of the append-only audit trail: who did what to what, when, from where."""

    __tablename__ = "audit_events"
    __table_args__ = (one_of("outcome", OUTCOMES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str] = mapped_column(String(64), default="")
    target_id: Mapped[str] = mapped_column(String(320), default="")
    source_address: Mapped[str] = mapped_column(String(64), default="")
    outcome: Mapped[str] = mapped_column(String(16), default=ALLOWED)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
