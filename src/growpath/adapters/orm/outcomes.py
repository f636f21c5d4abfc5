"""Outcome reporting: the levels people imports saw, and each program's published outcome counts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from growpath.adapters.orm.base import Base, UTCDateTime, within
from growpath.domain.people import MAX_SENIORITY, MIN_SENIORITY


class LevelSeenRow(Base):
    """A seniority level an import saw for a person, on the day it first saw it (for promotion)."""

    __tablename__ = "level_history"
    __table_args__ = (within("level", MIN_SENIORITY, MAX_SENIORITY),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    level: Mapped[int] = mapped_column(Integer)
    seen_on: Mapped[date] = mapped_column(Date)


class OutcomePublicationRow(Base):
    """The counts a program's outcome comparison was last published from (see domain.outcomes):
    aggregates per stratum only, kept so that figures move only when k or more people changed."""

    __tablename__ = "outcome_publications"

    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True
    )
    index_date: Mapped[date] = mapped_column(Date)
    as_of: Mapped[date] = mapped_column(Date)
    tallies: Mapped[list[list[object]]] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
