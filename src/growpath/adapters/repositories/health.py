"""What pair health is worked out from: engagements, their activity and their members.

Every query covers a whole program, or every running pair, at once: the health board, the
programs' pulse and the health-rule job cost as many queries for many pairs as for one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session

from growpath.adapters.orm import (
    ActionItemRow,
    CheckInRow,
    EngagementMemberRow,
    EngagementRow,
    GoalRow,
    PersonRow,
    ProgramRow,
    SessionRow,
)


@dataclass(frozen=True)
class PairActivity:
    """What some engagements did, by engagement id; an engagement with nothing is absent."""

    last_held: dict[int, datetime]
    sessions_scheduled: dict[int, int]
    overdue_actions: dict[int, int]
    open_goals: dict[int, int]
    checkin_scores: dict[int, list[tuple[int, int]]]


class HealthRepository:
    """The engagements, activity and members behind the health board and its rules."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def engagements_of_program(self, program_id: int) -> Sequence[EngagementRow]:
        """Return every engagement of a program, in id order."""
        return self.session.scalars(
            select(EngagementRow)
            .where(EngagementRow.program_id == program_id)
            .order_by(EngagementRow.id)
        ).all()

    def with_rules(self, statuses: Iterable[str]) -> Sequence[Row[EngagementRow, dict[str, Any]]]:
        """Return every engagement in these statuses with its program's health rules."""
        return self.session.execute(
            select(EngagementRow, ProgramRow.health_rules)
            .join(ProgramRow, ProgramRow.id == EngagementRow.program_id)
            .where(EngagementRow.status.in_(statuses))
        ).all()

    def with_programs(self, statuses: Iterable[str]) -> Sequence[Row[EngagementRow, ProgramRow]]:
        """Return every engagement in these statuses with its program."""
        return self.session.execute(
            select(EngagementRow, ProgramRow)
            .join(ProgramRow, ProgramRow.id == EngagementRow.program_id)
            .where(EngagementRow.status.in_(statuses))
        ).all()

    def program_ids(self) -> list[int]:
        """Return the id of every program."""
        return list(self.session.scalars(select(ProgramRow.id)))

    def activity_of_program(self, program_id: int, today: date) -> PairActivity:
        """Return the activity of every engagement of a program."""
        return self._activity(_of_program(program_id), today)

    def activity_in(self, statuses: Iterable[str], today: date) -> PairActivity:
        """Return the activity of every engagement in these statuses."""
        return self._activity(_in(statuses), today)

    def members_of_program(self, program_id: int) -> dict[int, list[tuple[str, str]]]:
        """Return each engagement's members' names and e-mails, guides first, for a program."""
        return self._members(_of_program(program_id))

    def reachable_members_in(self, statuses: Iterable[str]) -> dict[int, list[tuple[str, str]]]:
        """Return the names and e-mails of members not erased, guides first, by engagement."""
        return self._members(_in(statuses), PersonRow.erased_at.is_(None))

    def _activity(self, scope: Select[int], today: date) -> PairActivity:
        """Return the activity of the engagements scope selects the ids of, in five queries."""
        session = self.session

        def per_engagement(engagement_id: Any, value: Any, *where: Any) -> dict[int, Any]:
            return dict(
                session.execute(
                    select(engagement_id, value)
                    .where(engagement_id.in_(scope), *where)
                    .group_by(engagement_id)
                ).all()
            )

        held = per_engagement(
            SessionRow.engagement_id, func.max(SessionRow.held_at), SessionRow.status == "held"
        )
        scheduled = per_engagement(SessionRow.engagement_id, func.count(SessionRow.id))
        overdue = per_engagement(
            ActionItemRow.engagement_id,
            func.count(ActionItemRow.id),
            ActionItemRow.done_at.is_(None),
            ActionItemRow.due_on < today,
        )
        open_goals = per_engagement(
            GoalRow.engagement_id, func.count(GoalRow.id), GoalRow.status == "open"
        )
        scores: dict[int, list[tuple[int, int]]] = {}
        for engagement_id, satisfaction, progress in session.execute(
            select(CheckInRow.engagement_id, CheckInRow.satisfaction, CheckInRow.progress)
            .where(CheckInRow.engagement_id.in_(scope), CheckInRow.answered_at.is_not(None))
            .order_by(CheckInRow.engagement_id, CheckInRow.answered_at)
        ):
            scores.setdefault(engagement_id, []).append(
                (int(satisfaction or 0), int(progress or 0))
            )
        return PairActivity(held, scheduled, overdue, open_goals, scores)

    def _members(self, scope: Select[int], *where: Any) -> dict[int, list[tuple[str, str]]]:
        """Return each engagement's members' names and e-mails, guides first, in one query."""
        members: dict[int, list[tuple[str, str]]] = {}
        for engagement_id, name, email in self.session.execute(
            select(EngagementMemberRow.engagement_id, PersonRow.name, PersonRow.email)
            .join(EngagementMemberRow, EngagementMemberRow.person_id == PersonRow.id)
            .where(EngagementMemberRow.engagement_id.in_(scope), *where)
            .order_by(EngagementMemberRow.engagement_id, EngagementMemberRow.role, PersonRow.name)
        ):
            members.setdefault(engagement_id, []).append((name, email))
        return members


def _of_program(program_id: int) -> Select[int]:
    return select(EngagementRow.id).where(EngagementRow.program_id == program_id)


def _in(statuses: Iterable[str]) -> Select[int]:
    return select(EngagementRow.id).where(EngagementRow.status.in_(statuses))
