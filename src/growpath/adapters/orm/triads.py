"""Practice triads: their members in rotation order, their rounds, and observers' feedback."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from growpath.adapters.orm.base import Base, UTCDateTime, one_of, within
from growpath.adapters.sealed_text import SealedText
from growpath.domain.triads import MAX_MEMBERS, TriadStatus


class TriadRow(Base):
    """A group of three (up to five) people of a program practising coaching in rounds."""

    __tablename__ = "triads"
    __table_args__ = (
        one_of("status", TriadStatus),
        within("current_round", 1, MAX_MEMBERS),
        within("round_count", 3, MAX_MEMBERS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="running")
    current_round: Mapped[int] = mapped_column(Integer, default=1)
    # One round per member: each coaches once.
    round_count: Mapped[int] = mapped_column(Integer)
    formed_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TriadMemberRow(Base):
    """A member of a triad and their seat in the rotation (0 coaches round 1)."""

    __tablename__ = "triad_members"
    __table_args__ = (
        UniqueConstraint("triad_id", "person_id"),
        UniqueConstraint("triad_id", "position"),
        within("position", 0, MAX_MEMBERS - 1),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    triad_id: Mapped[int] = mapped_column(ForeignKey("triads.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)


class TriadRoundRow(Base):
    """One round of a triad and the scenario it plays (never repeated within the triad)."""

    __tablename__ = "triad_rounds"
    __table_args__ = (
        UniqueConstraint("triad_id", "number"),
        UniqueConstraint("triad_id", "scenario_key"),
        within("number", 1, MAX_MEMBERS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    triad_id: Mapped[int] = mapped_column(ForeignKey("triads.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    scenario_key: Mapped[str] = mapped_column(String(80))


class TriadFeedbackRow(Base):
    """An observer's feedback on the coach's questions in one round: sealed, for the members."""

    __tablename__ = "triad_feedback"
    __table_args__ = (UniqueConstraint("round_id", "observer_person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("triad_rounds.id", ondelete="CASCADE"))
    observer_person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    open_questions: Mapped[str] = mapped_column(SealedText("triad_feedback.open_questions"))
    listening: Mapped[str] = mapped_column(SealedText("triad_feedback.listening"))
    try_next: Mapped[str] = mapped_column(SealedText("triad_feedback.try_next"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
