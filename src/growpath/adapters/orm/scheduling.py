"""Finding a time: working hours, the calendars busy times come from, and proposed slots."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from growpath.adapters.orm.base import Base, UTCDateTime, one_of, within
from growpath.adapters.sealed_text import SealedText
from growpath.domain.busy_calendars import KINDS
from growpath.domain.sessions import MAX_MINUTES, MIN_MINUTES
from growpath.domain.slot_proposals import ProposalStatus

MINUTES_A_DAY = 24 * 60


class WorkingHoursRow(Base):
    """The days and hours a person meets, in their own time zone; none means Mon–Fri 9–17."""

    __tablename__ = "working_hours"
    __table_args__ = (
        within("starts_minute", 0, MINUTES_A_DAY - 1),
        within("ends_minute", 1, MINUTES_A_DAY - 1),
        CheckConstraint("starts_minute < ends_minute", name="starts_before_ends"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    # The weekdays as digits, Monday 0: "01234" is Monday to Friday.
    days: Mapped[str] = mapped_column(String(7))
    starts_minute: Mapped[int] = mapped_column(Integer)
    ends_minute: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BusySourceRow(Base):
    """A calendar a person's busy times are read from; its address and credentials sealed."""

    __tablename__ = "busy_sources"
    __table_args__ = (one_of("kind", KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    # A private iCal address is a password in itself; CalDAV's user and password are one.
    url: Mapped[str] = mapped_column(SealedText("busy_sources.url"))
    username: Mapped[str] = mapped_column(SealedText("busy_sources.username"), default="")
    password: Mapped[str] = mapped_column(SealedText("busy_sources.password"), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last fetch's failure in words for its owner ("" when it worked).
    last_error: Mapped[str] = mapped_column(Text, default="")


class BusyIntervalRow(Base):
    """A time a person is busy, as read from one of their calendars: no title, no detail."""

    __tablename__ = "busy_intervals"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("busy_sources.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Past this, the interval is stale: ignored, and deleted by the next refresh.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class SlotProposalRow(Base):
    """A time one member of a pair proposed for their next session, and its answer."""

    __tablename__ = "slot_proposals"
    __table_args__ = (
        one_of("status", ProposalStatus),
        within("duration_minutes", MIN_MINUTES, MAX_MINUTES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagements.id", ondelete="CASCADE"), index=True
    )
    proposed_by_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_by_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("engagement_sessions.id", ondelete="SET NULL"), index=True
    )
