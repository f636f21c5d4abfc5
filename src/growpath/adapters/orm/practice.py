"""Managers who coach: the conversations they log and what their reports answer afterwards."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from growpath.adapters.orm.base import Base, UTCDateTime, within


class PracticeConversationRow(Base):
    """A coaching conversation a manager held with a report; its note sealed like a session's."""

    __tablename__ = "practice_conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    manager_person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    report_person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    # The GROW stages covered, comma-separated in G, R, O, W order ("" for none).
    stages: Mapped[str] = mapped_column(String(40), default="")
    # The private note, the manager's alone: no key when they wrote none.
    data_key_id: Mapped[int | None] = mapped_column(
        ForeignKey("data_keys.id", ondelete="RESTRICT"), index=True
    )
    nonce: Mapped[bytes | None] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PracticeAnswerRow(Base):
    """The report's one answer about a conversation: asked (1) or told (5)."""

    __tablename__ = "practice_answers"
    __table_args__ = (within("score", 1, 5),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("practice_conversations.id", ondelete="CASCADE"), unique=True
    )
    score: Mapped[int] = mapped_column(Integer)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class PublishedAdoptionRow(Base):
    """Whether a manager practised in a week, as the adoption figures of a scope last published.

    The scope is the organisation or one program (growpath.domain.practice.program_scope); a
    manager's rows move on only together with k or more other managers' changes.
    """

    __tablename__ = "published_adoption"
    __table_args__ = (UniqueConstraint("scope", "person_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(32), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    week: Mapped[date] = mapped_column(Date)  # its Monday
    practised: Mapped[bool] = mapped_column(Boolean)
