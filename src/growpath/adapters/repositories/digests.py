"""What weekly digests tell: who gets one, and the sessions, actions and programs they list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from growpath.adapters.orm import (
    ActionItemRow,
    EngagementMemberRow,
    EngagementRow,
    PersonRow,
    ProgramRow,
    SessionRow,
    UserRoleRow,
    UserRow,
)

RUNNING = ("active", "renewed")


class DigestRepository:
    """The recipients and the lines of the weekly digests."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def guides_of_running_pairs(self) -> Sequence[Row[int, str, int]]:
        """Return (person id, e-mail, engagement id) of running pairs' guides who want digests."""
        return self.session.execute(
            select(PersonRow.id, PersonRow.email, EngagementMemberRow.engagement_id)
            .join(EngagementMemberRow, EngagementMemberRow.person_id == PersonRow.id)
            .join(EngagementRow, EngagementRow.id == EngagementMemberRow.engagement_id)
            .where(
                EngagementMemberRow.role == "guide",
                EngagementRow.status.in_(RUNNING),
                PersonRow.digest_opt_out.is_(False),
                PersonRow.erased_at.is_(None),
            )
            .order_by(PersonRow.id, EngagementMemberRow.engagement_id)
        ).all()

    def sessions_scheduled(self, since: datetime, until: datetime) -> Sequence[Row[int, datetime]]:
        """Return (engagement id, when) of running pairs' sessions scheduled in a window."""
        return self.session.execute(
            select(SessionRow.engagement_id, SessionRow.scheduled_at)
            .join(EngagementRow, EngagementRow.id == SessionRow.engagement_id)
            .where(
                EngagementRow.status.in_(RUNNING),
                SessionRow.status == "scheduled",
                SessionRow.scheduled_at >= since,
                SessionRow.scheduled_at < until,
            )
            .order_by(SessionRow.scheduled_at)
        ).all()

    def guides_actions_due_before(self, day: date) -> Sequence[Row[int, str, date | None]]:
        """Return (engagement id, description, due day) of the open actions that running pairs'
        guides own, due before a day (a participant's own actions are theirs alone)."""
        return self.session.execute(
            select(ActionItemRow.engagement_id, ActionItemRow.description, ActionItemRow.due_on)
            .join(EngagementRow, EngagementRow.id == ActionItemRow.engagement_id)
            .join(
                EngagementMemberRow,
                (EngagementMemberRow.engagement_id == ActionItemRow.engagement_id)
                & (EngagementMemberRow.person_id == ActionItemRow.owner_person_id),
            )
            .where(
                EngagementRow.status.in_(RUNNING),
                EngagementMemberRow.role == "guide",
                ActionItemRow.done_at.is_(None),
                ActionItemRow.due_on < day,
            )
            .order_by(ActionItemRow.due_on, ActionItemRow.id)
        ).all()

    def admins(self) -> Sequence[Row[int, str, str, int | None]]:
        """Return (person id, e-mail, role, program id) of each admin role of active accounts
        wanting digests; an org admin's row names no program and covers them all."""
        return self.session.execute(
            select(PersonRow.id, PersonRow.email, UserRoleRow.role, UserRoleRow.program_id)
            .join(UserRow, UserRow.person_id == PersonRow.id)
            .join(UserRoleRow, UserRoleRow.user_id == UserRow.id)
            .where(
                UserRoleRow.role.in_(["program_admin", "org_admin"]),
                UserRow.is_active,
                PersonRow.digest_opt_out.is_(False),
            )
            .order_by(PersonRow.id)
        ).all()

    def open_programs(self) -> Sequence[Row[int, str]]:
        """Return (id, name) of each open program."""
        return self.session.execute(
            select(ProgramRow.id, ProgramRow.name).where(ProgramRow.status == "open")
        ).all()
