"""Engagements, their goals, sessions, notes, actions, check-ins and competency ratings."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from growpath.adapters.orm.base import Base, UTCDateTime, one_of, within
from growpath.adapters.sealed_text import SealedText
from growpath.domain.checkins import MAX_ANSWER, MIN_ANSWER
from growpath.domain.engagements import MEMBER_ROLES, EngagementStatus
from growpath.domain.goals import MAX_RATING, MIN_RATING, PHASES, RATER_ROLES, GoalStatus
from growpath.domain.programs import KINDS
from growpath.domain.sessions import MAX_MINUTES, MIN_MINUTES, NOTE_VISIBILITIES, SessionStatus

if TYPE_CHECKING:
    from growpath.adapters.orm.operations import DataKeyRow


class EngagementRow(Base):
    """A coaching engagement or a mentoring relationship (or a group), with its charter."""

    __tablename__ = "engagements"
    __table_args__ = (one_of("status", EngagementStatus), one_of("kind", KINDS))

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed for reports, which aggregate a program's engagements.
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("match_proposals.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="proposed", index=True)
    starts_on: Mapped[date | None] = mapped_column(Date)
    planned_end_on: Mapped[date | None] = mapped_column(Date)
    renewal_on: Mapped[date | None] = mapped_column(Date)
    cadence_days: Mapped[int] = mapped_column(Integer, default=14)
    charter_purpose: Mapped[str] = mapped_column(
        SealedText("engagements.charter_purpose"), default=""
    )
    charter_goals: Mapped[str] = mapped_column(SealedText("engagements.charter_goals"), default="")
    charter_meeting_frequency: Mapped[str] = mapped_column(
        SealedText("engagements.charter_meeting_frequency"), default=""
    )
    charter_success: Mapped[str] = mapped_column(
        SealedText("engagements.charter_success"), default=""
    )
    charter_confirmed_by_mentee_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    charter_confirmed_by_mentor_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    manager_can_see_trajectory: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str] = mapped_column(SealedText("engagements.end_reason"), default="")
    # The random part of the pair's Jitsi room name: sealed, since the room is the pair's.
    meeting_token: Mapped[str] = mapped_column(
        SealedText("engagements.meeting_token"), default="", server_default=""
    )


class EngagementMemberRow(Base):
    """A person in an engagement: the guide (coach/mentor) or a participant."""

    __tablename__ = "engagement_members"
    __table_args__ = (UniqueConstraint("engagement_id", "person_id"), one_of("role", MEMBER_ROLES))

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagements.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    enrolment_id: Mapped[int | None] = mapped_column(
        ForeignKey("enrolments.id", ondelete="SET NULL"), index=True
    )


class GoalRow(Base):
    """A SMART goal of an engagement."""

    __tablename__ = "goals"
    __table_args__ = (one_of("status", GoalStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagements.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(SealedText("goals.title"))
    specific: Mapped[str] = mapped_column(SealedText("goals.specific"), default="")
    measure: Mapped[str] = mapped_column(SealedText("goals.measure"), default="")
    baseline_value: Mapped[float | None] = mapped_column(Float)
    target_value: Mapped[float | None] = mapped_column(Float)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")
    competency_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class KpiMeasurementRow(Base):
    """One measurement of a goal's KPI at a point in time."""

    __tablename__ = "kpi_measurements"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    measured_on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    recorded_by_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )


class SessionRow(Base):
    """A scheduled or held session of an engagement (the conversation, not a login)."""

    __tablename__ = "engagement_sessions"
    # Reports count each engagement's held sessions (how many, first, last) from this index
    # alone; it also serves every lookup of an engagement's sessions.
    __table_args__ = (
        Index(
            "ix_engagement_sessions_engagement_id_status_held_at",
            "engagement_id",
            "status",
            "held_at",
        ),
        one_of("status", SessionStatus),
        within("duration_minutes", MIN_MINUTES, MAX_MINUTES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagements.id", ondelete="CASCADE"))
    ical_uid: Mapped[str] = mapped_column(String(120), unique=True)
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    location: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # iCalendar SEQUENCE on changes
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SessionThemeRow(Base):
    """A development theme tagged on a session."""

    __tablename__ = "session_themes"
    __table_args__ = (UniqueConstraint("session_id", "theme_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("engagement_sessions.id", ondelete="CASCADE")
    )
    theme_id: Mapped[int] = mapped_column(ForeignKey("development_themes.id", ondelete="CASCADE"))


class NoteRow(Base):
    """GROW notes of a session, encrypted at rest with a per-record data key."""

    __tablename__ = "notes"
    __table_args__ = (one_of("visibility", NOTE_VISIBILITIES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("engagement_sessions.id", ondelete="CASCADE"), index=True
    )
    author_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    visibility: Mapped[str] = mapped_column(String(16))
    data_key_id: Mapped[int] = mapped_column(ForeignKey("data_keys.id", ondelete="RESTRICT"))
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A new note and its new key are staged together and written at the next flush, the keys
    # of a session's notes in one INSERT and the notes in another: the key needs no flush of
    # its own for its id first. Never loaded (lazy="raise"): readers join the key themselves.
    data_key: Mapped[DataKeyRow] = relationship(lazy="raise")


class ActionItemRow(Base):
    """An action agreed in a session ("Will"), revisited by the next one."""

    __tablename__ = "action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagements.id", ondelete="CASCADE"), index=True
    )
    # Indexed: a logged session reads back its actions, and deleting a session clears them.
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("engagement_sessions.id", ondelete="SET NULL"), index=True
    )
    owner_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    description: Mapped[str] = mapped_column(SealedText("action_items.description"))
    due_on: Mapped[date | None] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CheckInRow(Base):
    """A pulse check-in of one member of an engagement; the comment is encrypted."""

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("engagement_id", "person_id", "due_on"),
        within("satisfaction", MIN_ANSWER, MAX_ANSWER),
        within("progress", MIN_ANSWER, MAX_ANSWER),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagements.id", ondelete="CASCADE"), index=True
    )
    # Indexed: every home page lists the person's own check-ins across engagements.
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    met_since_last: Mapped[bool | None] = mapped_column(Boolean)
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    progress: Mapped[int | None] = mapped_column(Integer)
    comment_data_key_id: Mapped[int | None] = mapped_column(
        ForeignKey("data_keys.id", ondelete="RESTRICT")
    )
    comment_nonce: Mapped[bytes | None] = mapped_column(LargeBinary)
    comment_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)


class CompetencyRatingRow(Base):
    """A rating of one competency of a person at baseline, midpoint or final."""

    __tablename__ = "competency_ratings"
    __table_args__ = (
        UniqueConstraint("engagement_id", "competency_id", "rater_role", "phase"),
        one_of("rater_role", RATER_ROLES),
        one_of("phase", PHASES),
        within("rating", MIN_RATING, MAX_RATING),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagements.id", ondelete="CASCADE"), index=True
    )
    subject_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"))
    rater_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    rater_role: Mapped[str] = mapped_column(String(16))
    phase: Mapped[str] = mapped_column(String(16))
    rating: Mapped[int] = mapped_column(Integer)
    rated_at: Mapped[datetime] = mapped_column(UTCDateTime)
