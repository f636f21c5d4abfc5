"""Sessions of engagements, with their notes, actions and themes: finding and storing them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from sqlalchemy import select

from growpath.adapters.orm import (
    ActionItemRow,
    DataKeyRow,
    DevelopmentThemeRow,
    EngagementMemberRow,
    NoteRow,
    PersonRow,
    SessionRow,
    SessionThemeRow,
    UserRow,
)
from growpath.adapters.repositories.base import Repository


class SessionMember(NamedTuple):
    """A member of an engagement as a session's invite and e-mails need them."""

    engagement_id: int
    person_id: int
    name: str
    email: str
    role: str
    time_zone: str
    # The language their account chose for mail, if any (read with them, no query of its own).
    locale: str | None = None
    # Whether they turned reminders off, so mail to them needs no lookup of its own.
    reminder_opt_out: bool = False


class SessionRepository(Repository[SessionRow]):
    """The conversations of engagements and what was agreed or written in them."""

    row_type = SessionRow

    def stage(self, row: SessionThemeRow | ActionItemRow | NoteRow) -> None:
        """Stage a theme, action or note of a session, written with the rest at commit."""
        self.db.add(row)

    def of_engagement(self, engagement_id: int) -> Sequence[SessionRow]:
        """Return an engagement's sessions, earliest first."""
        return self.db.scalars(
            select(SessionRow)
            .where(SessionRow.engagement_id == engagement_id)
            .order_by(SessionRow.scheduled_at)
        ).all()

    def members(self, engagement_ids: Iterable[int]) -> list[SessionMember]:
        """Return the members of engagements with what their invites need, guides first."""
        return [
            SessionMember(*row)
            for row in self.db.execute(
                select(
                    EngagementMemberRow.engagement_id,
                    PersonRow.id,
                    PersonRow.name,
                    PersonRow.email,
                    EngagementMemberRow.role,
                    PersonRow.timezone,
                    UserRow.locale,
                    PersonRow.reminder_opt_out,
                )
                .join(EngagementMemberRow, EngagementMemberRow.person_id == PersonRow.id)
                .outerjoin(UserRow, UserRow.person_id == PersonRow.id)
                .where(EngagementMemberRow.engagement_id.in_(list(engagement_ids)))
                .order_by(EngagementMemberRow.role, PersonRow.id)
            )
        ]

    def of_person(self, person_id: int) -> Sequence[SessionRow]:
        """Return the sessions of every engagement a person is a member of, earliest first."""
        return self.db.scalars(
            select(SessionRow)
            .join(
                EngagementMemberRow,
                EngagementMemberRow.engagement_id == SessionRow.engagement_id,
            )
            .where(EngagementMemberRow.person_id == person_id)
            .order_by(SessionRow.scheduled_at, SessionRow.id)
        ).all()

    def action(self, action_id: int) -> ActionItemRow | None:
        """Return one action item."""
        return self.db.get(ActionItemRow, action_id)

    def open_actions(self, engagement_id: int) -> Sequence[ActionItemRow]:
        """Return an engagement's actions not yet done, soonest due first, undated last (on
        every database: SQLite sorts NULL first, PostgreSQL last)."""
        return self.db.scalars(
            select(ActionItemRow)
            .where(ActionItemRow.engagement_id == engagement_id, ActionItemRow.done_at.is_(None))
            .order_by(ActionItemRow.due_on.is_(None), ActionItemRow.due_on, ActionItemRow.id)
        ).all()

    def notes_with_keys(self, session_id: int) -> list[tuple[NoteRow, DataKeyRow]]:
        """Return a session's sealed notes, each with the data key that opens it."""
        return [
            (note, key)
            for note, key in self.db.execute(
                select(NoteRow, DataKeyRow)
                .join(DataKeyRow, DataKeyRow.id == NoteRow.data_key_id)
                .where(NoteRow.session_id == session_id)
            )
        ]

    def theme_ids(self) -> dict[str, int]:
        """Return every development theme's key → id."""
        return dict(self.db.execute(select(DevelopmentThemeRow.key, DevelopmentThemeRow.id)).all())

    def themes_of(self, session_ids: Iterable[int]) -> list[tuple[int, str]]:
        """Return (session, theme key) of some sessions, by key."""
        return [
            (session_id, key)
            for session_id, key in self.db.execute(
                select(SessionThemeRow.session_id, DevelopmentThemeRow.key)
                .join(DevelopmentThemeRow, DevelopmentThemeRow.id == SessionThemeRow.theme_id)
                .where(SessionThemeRow.session_id.in_(list(session_ids)))
                .order_by(DevelopmentThemeRow.key)
            )
        ]

    def actions_of_engagement(self, engagement_id: int) -> Sequence[ActionItemRow]:
        """Return every action of an engagement, in the order they were made."""
        return self.db.scalars(
            select(ActionItemRow)
            .where(ActionItemRow.engagement_id == engagement_id)
            .order_by(ActionItemRow.id)
        ).all()

    def actions_of(self, session_ids: Iterable[int]) -> Sequence[ActionItemRow]:
        """Return the actions agreed in some sessions, in the order they were made."""
        return self.db.scalars(
            select(ActionItemRow)
            .where(ActionItemRow.session_id.in_(list(session_ids)))
            .order_by(ActionItemRow.id)
        ).all()
