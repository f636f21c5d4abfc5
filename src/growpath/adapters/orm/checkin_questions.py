"""Custom check-in questions of a program, their answers, and the answers reports publish."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from growpath.adapters.orm.base import Base, UTCDateTime, one_of
from growpath.adapters.sealed_text import SealedText
from growpath.domain.checkin_questions import KINDS, MAX_LABEL


class CheckInQuestionRow(Base):
    """A question a program asks in its check-ins after the fixed pulse, or asked once."""

    __tablename__ = "checkin_questions"
    __table_args__ = (one_of("kind", KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))
    wording: Mapped[str] = mapped_column(Text)
    low_label: Mapped[str] = mapped_column(String(MAX_LABEL), default="")
    high_label: Mapped[str] = mapped_column(String(MAX_LABEL), default="")
    options: Mapped[list[Any]] = mapped_column(JSON, default=list)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The earlier version whose wording this one replaced (its answers stay with it).
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("checkin_questions.id", ondelete="SET NULL"), index=True
    )


class CheckInAnswerRow(Base):
    """One member's answer to one custom question in one check-in; a text answer is sealed."""

    __tablename__ = "checkin_answers"
    __table_args__ = (UniqueConstraint("checkin_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkins.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        ForeignKey("checkin_questions.id", ondelete="CASCADE"), index=True
    )
    # The check-in's member, kept here so a person's latest answer is one indexed lookup.
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A scale value (1–5) or a 1-based option number; None for a text answer.
    number: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(SealedText("checkin_answers.text"), default="")


class PublishedAnswerRow(Base):
    """The answer of a person that reports count for a question: moved on only together with at
    least k others (growpath.domain.publication), so two reports never tell one answer apart."""

    __tablename__ = "published_checkin_answers"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("checkin_questions.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    number: Mapped[int | None] = mapped_column(Integer)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
