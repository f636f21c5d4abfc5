"""People from the HRIS, their skills, and the accounts that log in."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from growpath.adapters.orm.base import Base, UTCDateTime, one_of, within
from growpath.adapters.sealed_text import SealedText
from growpath.domain.accounts import LoginMethod, Role
from growpath.domain.emailed_links import LinkPurpose
from growpath.domain.people import MAX_SENIORITY, MAX_SKILL_LEVEL, MIN_SENIORITY, MIN_SKILL_LEVEL


class PersonRow(Base):
    """A person of the organisation (or an external coach)."""

    __tablename__ = "people"
    __table_args__ = (within("seniority_level", MIN_SENIORITY, MAX_SENIORITY),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    department: Mapped[str] = mapped_column(String(120), default="", index=True)
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    seniority_level: Mapped[int | None] = mapped_column(Integer)
    job_family: Mapped[str] = mapped_column(String(120), default="", index=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    bio: Mapped[str] = mapped_column(Text, default="")
    is_external: Mapped[bool] = mapped_column(Boolean, default=False)
    digest_opt_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    reminder_opt_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # A guide's own Zoom/Teams/Meet room, for programs that use it; sealed like their words.
    meeting_room_url: Mapped[str] = mapped_column(
        SealedText("people.meeting_room_url"), default="", server_default=""
    )
    # The HRIS's own key: managers may be named by it; unique where given.
    employee_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    hire_date: Mapped[date | None] = mapped_column(Date)
    # People who left stay for outcome reporting.
    leave_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    skills: Mapped[list[PersonSkillRow]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonSkillRow.name"
    )
    manager: Mapped[PersonRow | None] = relationship(remote_side=[id])


class PersonSkillRow(Base):
    """One skill of a person with a level from 1 (aware) to 5 (expert)."""

    __tablename__ = "person_skills"
    __table_args__ = (
        UniqueConstraint("person_id", "name"),
        within("level", MIN_SKILL_LEVEL, MAX_SKILL_LEVEL),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    level: Mapped[int] = mapped_column(Integer)

    person: Mapped[PersonRow] = relationship(back_populates="skills")


class ImportMappingRow(Base):
    """The organisation's saved mapping of its HRIS file's columns to growpath's fields."""

    __tablename__ = "import_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # file column (as the HRIS writes it) -> growpath field
    columns: Mapped[dict[str, str]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class UserRow(Base):
    """An account that can log in; usually linked to a person."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), unique=True
    )
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    # A first-login or reset password logs in once, and only until it expires.
    one_time_password_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    one_time_password_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped to log a user out everywhere: sessions carry the epoch they were issued in.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The language the person chose for pages and mail; None: the browser's, else the default.
    locale: Mapped[str | None] = mapped_column(String(16))

    roles: Mapped[list[UserRoleRow]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    person: Mapped[PersonRow | None] = relationship()


class UserRoleRow(Base):
    """A role granted to an account, optionally limited to one program."""

    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role", "program_id"), one_of("role", Role))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))

    user: Mapped[UserRow] = relationship(back_populates="roles")


class LoginSessionRow(Base):
    """A browser's login session; its cookie carries the id, only the SHA-256 digest is kept."""

    __tablename__ = "login_sessions"
    __table_args__ = (one_of("method", LoginMethod),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    session_digest: Mapped[str] = mapped_column(String(64), unique=True)
    # How it began: a session the identity provider started needs no two-step login here.
    method: Mapped[str] = mapped_column(String(16), default=LoginMethod.PASSWORD.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ApiTokenRow(Base):
    """A bearer token for the API; only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class EmailedLinkRow(Base):
    """A single-use link e-mailed to one address (invitation, password reset, e-mail change);
    only the SHA-256 digest of its token is kept."""

    __tablename__ = "emailed_links"
    __table_args__ = (one_of("purpose", LinkPurpose),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    # The address the link went to: the invitee, the account's login, or the new login.
    email: Mapped[str] = mapped_column(String(320), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CalendarFeedRow(Base):
    """A person's secret calendar feed URL; only the SHA-256 digest of its token is kept."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One feed a person: rotating replaces its token, so an old URL stops working.
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
