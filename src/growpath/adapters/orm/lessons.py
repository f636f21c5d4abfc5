"""Lessons mentors publish, their themes, who follows whom, and the published lineage."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from growpath.adapters.orm.base import Base, UTCDateTime, one_of, within
from growpath.domain.lessons import TITLE_MAX, LessonStatus
from growpath.domain.lineage import DEEPEST


class LessonRow(Base):
    """A lesson a mentor or coach published for the organisation, under one of their programs."""

    __tablename__ = "lessons"
    __table_args__ = (one_of("status", LessonStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    # The program whose administrators look after the lesson (one the author guides in).
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    # Published by choice for everyone to read: plain text, escaped wherever it is shown.
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    story: Mapped[str] = mapped_column(Text)
    differently: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="published", index=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    hidden_reason: Mapped[str] = mapped_column(Text, default="")


class LessonThemeRow(Base):
    """A development theme of the catalogue a lesson is about."""

    __tablename__ = "lesson_themes"
    __table_args__ = (UniqueConstraint("lesson_id", "theme_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int] = mapped_column(
        ForeignKey("development_themes.id", ondelete="CASCADE"), index=True
    )


class MentorFollowRow(Base):
    """A person following a mentor: the mentor's new lessons appear on the follower's Home."""

    __tablename__ = "mentor_follows"
    __table_args__ = (UniqueConstraint("follower_person_id", "mentor_person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    follower_person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    mentor_person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PublishedLineageRow(Base):
    """A former mentee's generations onward, as the program's report last published them."""

    __tablename__ = "published_lineage"
    __table_args__ = (
        UniqueConstraint("program_id", "person_id"),
        within("generations", 0, DEEPEST),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    generations: Mapped[int] = mapped_column(Integer)
