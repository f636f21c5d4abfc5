"""Sessions of engagements, with their notes, actions and themes: finding and storing them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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
)
from growpath.adapters.repositories.base import Repository


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

    def attendees(self, engagement_id: int) -> list[tuple[str, str, str]]:
        """Return (name, e-mail, role) of an engagement's members, guides first."""
        return [
            (name, email, role)
            for name, email, role in self.db.execute(
                select(PersonRow.name, PersonRow.email, EngagementMemberRow.role)
                .join(EngagementMemberRow, EngagementMemberRow.person_id == PersonRow.id)
                .where(EngagementMemberRow.engagement_id == engagement_id)
                .order_by(EngagementMemberRow.role)
            )
        ]

    def member_ids(self, engagement_id: int) -> set[int]:
        """Return the people in an engagement."""
        return set(
            self.db.scalars(
                select(EngagementMemberRow.person_id).where(
                    EngagementMemberRow.engagement_id == engagement_id
                )
            )
        )

    def action(self, action_id: int) -> ActionItemRow | None:
        """Return one action item."""
        return self.db.get(ActionItemRow, action_id)

    def open_actions(self, engagement_id: int) -> Sequence[ActionItemRow]:
        """Return an engagement's actions not yet done, soonest due first."""
        return self.db.scalars(
            select(ActionItemRow)
            .where(ActionItemRow.engagement_id == engagement_id, ActionItemRow.done_at.is_(None))
            .order_by(ActionItemRow.due_on, ActionItemRow.id)
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

    def actions_of(self, session_ids: Iterable[int]) -> Sequence[ActionItemRow]:
        """Return the actions agreed in some sessions, in the order they were made."""
        return self.db.scalars(
            select(ActionItemRow)
            .where(ActionItemRow.session_id.in_(list(session_ids)))
            .order_by(ActionItemRow.id)
        ).all()
