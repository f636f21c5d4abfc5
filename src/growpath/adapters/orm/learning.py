"""Learning modules admins added, shipped modules they hid, and who completed which."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from growpath.adapters.orm.base import Base, UTCDateTime, one_of, within
from growpath.domain.modules import AUDIENCES, KINDS, MAX_MINUTES, MIN_MINUTES


class LearningModuleRow(Base):
    """A module or resource an admin added, with the fields of a shipped module's front matter."""

    __tablename__ = "learning_modules"
    __table_args__ = (
        one_of("audience", AUDIENCES),
        one_of("kind", KINDS),
        within("minutes", MIN_MINUTES, MAX_MINUTES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    audience: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    minutes: Mapped[int] = mapped_column(Integer)
    practice: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=100)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )


class HiddenModuleRow(Base):
    """A shipped module an admin hid: nobody is shown it, asked for it or counted on it."""

    __tablename__ = "hidden_modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    hidden_at: Mapped[datetime] = mapped_column(UTCDateTime)
    hidden_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )


class ModuleCompletionRow(Base):
    """A person marked a module complete; once per person and module."""

    __tablename__ = "module_completions"
    __table_args__ = (UniqueConstraint("person_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(80), index=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime)
