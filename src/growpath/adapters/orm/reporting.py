"""Report facts: one row per participant enrolment, kept up to date as the app writes.

Reports aggregate these rows instead of every session, goal, check-in and rating, so a
report's cost grows with the number of participants rather than with years of sessions.
Facts that depend on the day of the report (stalled, cadence due) are not stored: the report
works them out from the day numbers kept here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from growpath.adapters.orm.base import Base, UTCDateTime, one_of
from growpath.domain.engagements import EngagementStatus
from growpath.domain.reporting import FACT_KEYS, SUPPORTS


class _OfAParticipant:
    """Facts belong to a participant enrolment, go with it, and are read by program."""

    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), primary_key=True
    )
    program_id: Mapped[int] = mapped_column(Integer, index=True)


class ReportParticipantRow(_OfAParticipant, Base):
    """What a report counts about one participant enrolment and its latest engagement."""

    __tablename__ = "report_participants"
    __table_args__ = (one_of("support", SUPPORTS), one_of("engagement_status", EngagementStatus))

    person_id: Mapped[int] = mapped_column(Integer)
    support: Mapped[str] = mapped_column(String(16))
    engagement_id: Mapped[int | None] = mapped_column(Integer)
    engagement_status: Mapped[str | None] = mapped_column(String(16))
    cohort: Mapped[int | None] = mapped_column(Integer)  # year * 100 + month it started
    # Day numbers (see report_queries.day_number): comparable within one database.
    started_day: Mapped[float | None] = mapped_column(Float)
    ended_day: Mapped[float | None] = mapped_column(Float)
    last_contact_day: Mapped[float | None] = mapped_column(Float)
    cadence_days: Mapped[int | None] = mapped_column(Integer)
    first_meeting_days: Mapped[float | None] = mapped_column(Float)
    held: Mapped[int] = mapped_column(Integer)
    offered: Mapped[int] = mapped_column(Integer)
    accepted: Mapped[int] = mapped_column(Integer)
    goals_met: Mapped[int] = mapped_column(Integer)
    goals_decided: Mapped[int] = mapped_column(Integer)
    satisfaction: Mapped[float | None] = mapped_column(Float)
    growth: Mapped[float | None] = mapped_column(Float)


class ReportCompetencyChangeRow(_OfAParticipant, Base):
    """A participant's mean rating change on one competency (later minus baseline)."""

    __tablename__ = "report_competency_changes"

    competency_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    change: Mapped[float] = mapped_column(Float)


class ReportThemeRow(_OfAParticipant, Base):
    """A development theme tagged on a session of a participant's engagements."""

    __tablename__ = "report_themes"

    theme_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(Integer)


class ReportStaleRow(Base):
    """A row written since the facts it feeds were last recomputed (a session, an enrolment …).

    Writes only note what they touched here; the next report or periodic job recomputes the
    facts of the participants behind these rows and removes them.
    """

    __tablename__ = "report_stale"
    __table_args__ = (one_of("kind", FACT_KEYS),)

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[int] = mapped_column(Integer, primary_key=True)


class ReportFactsStateRow(Base):
    """Which version of the facts' definition the stored facts were built with."""

    __tablename__ = "report_facts_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


class PublishedParticipantRow(_OfAParticipant, Base):
    """What the published reports count about one participant, as of its last publication.

    A lagged copy of the report facts (with what depends on the day worked out on the day of
    publication): reports are read from here, and a participant's row is brought up to date
    only together with enough others that no published figure moves by fewer than k people
    (growpath.domain.publication).
    """

    __tablename__ = "report_published_participants"
    __table_args__ = (one_of("support", SUPPORTS),)

    person_id: Mapped[int] = mapped_column(Integer)
    department: Mapped[str | None] = mapped_column(String(120))
    level: Mapped[int | None] = mapped_column(Integer)
    cohort: Mapped[int | None] = mapped_column(Integer)
    support: Mapped[str] = mapped_column(String(16))
    matched: Mapped[int] = mapped_column(Integer)
    active: Mapped[int] = mapped_column(Integer)
    offered: Mapped[int] = mapped_column(Integer)
    accepted: Mapped[int] = mapped_column(Integer)
    first_meeting_days: Mapped[float | None] = mapped_column(Float)
    cadence_due: Mapped[int] = mapped_column(Integer)
    cadence_kept: Mapped[int] = mapped_column(Integer)
    running: Mapped[int] = mapped_column(Integer)
    idle_14: Mapped[int] = mapped_column(Integer)
    idle_30: Mapped[int] = mapped_column(Integer)
    idle_90: Mapped[int] = mapped_column(Integer)
    met: Mapped[int] = mapped_column(Integer)
    decided: Mapped[int] = mapped_column(Integer)
    satisfaction: Mapped[float | None] = mapped_column(Float)
    growth: Mapped[float | None] = mapped_column(Float)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PublishedCompetencyChangeRow(_OfAParticipant, Base):
    """A participant's change on one competency, as of its last publication."""

    __tablename__ = "report_published_competency_changes"

    competency_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    change: Mapped[float] = mapped_column(Float)


class PublishedThemeRow(_OfAParticipant, Base):
    """A theme tagged on a participant's sessions, as of its last publication."""

    __tablename__ = "report_published_themes"

    theme_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(Integer)


class ReportUnpublishedRow(_OfAParticipant, Base):
    """A participant whose facts were recomputed since their published copy last moved on.

    Only these can have changed competencies or themes, so a report compares only theirs.
    """

    __tablename__ = "report_unpublished"
