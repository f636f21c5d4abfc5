"""Programs, enrolments, competencies and the matching runs that pair people."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from growpath.adapters.orm.base import Base, UTCDateTime, one_of, within
from growpath.adapters.sealed_text import SealedText
from growpath.domain.competencies import CATEGORIES
from growpath.domain.enrolment import ENROLMENT_ROLES, MAX_CAPACITY, EnrolmentStatus
from growpath.domain.meeting_links import MEETING_LINKS
from growpath.domain.modules import TRAINING_REQUIREMENTS
from growpath.domain.programs import (
    FORMATS,
    KINDS,
    MAX_CADENCE_DAYS,
    MAX_LENGTH_MONTHS,
    MIN_CADENCE_DAYS,
    MIN_LENGTH_MONTHS,
    ProgramStatus,
)
from growpath.domain.proposals import OPTIMISER, ORIGINS, RESPONSES, ProposalStatus, RunStatus
from growpath.matching.model import MODES


class CompetencyRow(Base):
    """A competency of the framework, with level anchors (editable by admins)."""

    __tablename__ = "competencies"
    __table_args__ = (one_of("category", CATEGORIES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    level_anchors: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class DevelopmentThemeRow(Base):
    """A development theme from the taxonomy; themes, not notes, feed reporting."""

    __tablename__ = "development_themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")


class ProgramRow(Base):
    """A coaching or mentoring program with its rules and matching settings."""

    __tablename__ = "programs"
    __table_args__ = (
        one_of("status", ProgramStatus),
        one_of("kind", KINDS),
        one_of("format", FORMATS),
        within("default_length_months", MIN_LENGTH_MONTHS, MAX_LENGTH_MONTHS),
        within("cadence_days", MIN_CADENCE_DAYS, MAX_CADENCE_DAYS),
        one_of("meeting_link", MEETING_LINKS),
        one_of("training_required", TRAINING_REQUIREMENTS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(16))
    track: Mapped[str] = mapped_column(String(64), default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    default_length_months: Mapped[int] = mapped_column(Integer, default=6)
    cadence_days: Mapped[int] = mapped_column(Integer, default=14)
    group_size: Mapped[int | None] = mapped_column(Integer)
    eligibility: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    matching_config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    health_rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    checkin_schedule: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    manager_visibility_default: Mapped[bool] = mapped_column(Boolean, default=False)
    # A slot one member of a pair picks is scheduled at once, without the other confirming.
    auto_confirm_slots: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Where the pairs meet online: none, a Jitsi room per engagement, or the guide's own room.
    meeting_link: Mapped[str] = mapped_column(String(16), default="none", server_default="none")
    # Whether the role's onboarding modules must be complete before matching or the first session.
    training_required: Mapped[str] = mapped_column(
        String(24), default="none", server_default="none"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class EnrolmentRow(Base):
    """A person taking part in a program as mentee, coachee, mentor or coach."""

    __tablename__ = "enrolments"
    __table_args__ = (
        UniqueConstraint("program_id", "person_id", "role"),
        CheckConstraint(
            "seats_taken >= 0 AND seats_taken <= capacity", name="seats_within_capacity"
        ),
        one_of("status", EnrolmentStatus),
        one_of("role", ENROLMENT_ROLES),
        # Participants hold no seats (0); guides offer 1 to MAX_CAPACITY.
        within("capacity", 0, MAX_CAPACITY),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="active")
    goals: Mapped[str] = mapped_column(SealedText("enrolments.goals"), default="")
    desired_competencies: Mapped[list[str]] = mapped_column(JSON, default=list)
    preferences: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    expertise: Mapped[list[str]] = mapped_column(JSON, default=list)
    focus_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    certifications: Mapped[list[str]] = mapped_column(JSON, default=list)
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    # Seats taken by accepted matches; guarded by a CHECK so racing accepts cannot overfill.
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    availability: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    triage_result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ExclusionRow(Base):
    """A pair that must never be matched in a program (or in any, when program is empty)."""

    __tablename__ = "exclusions"
    __table_args__ = (UniqueConstraint("program_id", "mentee_person_id", "mentor_person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    mentee_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    mentor_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text, default="")


class MatchRunRow(Base):
    """One run of the optimiser over a program, with its totals and certificate."""

    __tablename__ = "match_runs"
    __table_args__ = (one_of("status", RunStatus), one_of("mode", MODES))

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    mode: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    total_score: Mapped[float] = mapped_column(Float, default=0.0)
    matched_count: Mapped[int] = mapped_column(Integer, default=0)
    unmatched_count: Mapped[int] = mapped_column(Integer, default=0)
    certified_optimal: Mapped[bool] = mapped_column(Boolean, default=False)
    stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MatchProposalRow(Base):
    """A proposed pair (or group seat) with its score and per-factor explanation."""

    __tablename__ = "match_proposals"
    __table_args__ = (
        one_of("status", ProposalStatus),
        one_of("origin", ORIGINS),
        one_of("mentee_response", RESPONSES),
        one_of("mentor_response", RESPONSES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("match_runs.id", ondelete="CASCADE"))
    mentee_enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), index=True
    )
    mentor_enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), index=True
    )
    origin: Mapped[str] = mapped_column(String(16), default=OPTIMISER)
    group_key: Mapped[str | None] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    mentee_response: Mapped[str | None] = mapped_column(String(16))
    mentor_response: Mapped[str | None] = mapped_column(String(16))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
