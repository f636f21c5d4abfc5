"""The level history people imports keep, the population an outcome comparison tallies, and
the counts each program's comparison was last published from."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import func, insert, select

from growpath.adapters.orm import EnrolmentRow, LevelSeenRow, OutcomePublicationRow, PersonRow
from growpath.adapters.repositories.base import Repository
from growpath.domain.enrolment import PARTICIPANT_ROLES
from growpath.domain.outcomes import Person


class OutcomeRepository(Repository[OutcomePublicationRow]):
    """Level history and published outcome counts."""

    row_type = OutcomePublicationRow

    def record_levels(self, seen: Iterable[tuple[int, int]], day: date) -> None:
        """Note each (person id, level) as seen on day."""
        rows = [{"person_id": p, "level": level, "seen_on": day} for p, level in seen]
        if rows:
            self.db.execute(insert(LevelSeenRow), rows)

    def levels_of(self, person_id: int) -> list[tuple[date, int]]:
        """Return the levels seen of one person, oldest first."""
        return [
            (seen_on, level)
            for seen_on, level in self.db.execute(
                select(LevelSeenRow.seen_on, LevelSeenRow.level)
                .where(LevelSeenRow.person_id == person_id)
                .order_by(LevelSeenRow.seen_on, LevelSeenRow.id)
            )
        ]

    def forget_levels_of(self, person_id: int) -> None:
        """Remove one person's level history (erasure)."""
        self.db.query(LevelSeenRow).filter(LevelSeenRow.person_id == person_id).delete()

    def index_date(self, program_id: int, starts_on: date | None) -> date | None:
        """Return the day the comparison starts from: the program's start, else its first
        participant's enrolment day."""
        if starts_on is not None:
            return starts_on
        first = self.db.scalar(
            select(func.min(EnrolmentRow.created_at)).where(
                EnrolmentRow.program_id == program_id,
                EnrolmentRow.role.in_(PARTICIPANT_ROLES),
                EnrolmentRow.withdrawn_at.is_(None),
            )
        )
        if first is None:
            return None
        return first.date() if isinstance(first, datetime) else date.fromisoformat(str(first)[:10])

    def population(self, program_id: int) -> list[Person]:
        """Return the program's participants and everyone who never enrolled in any program."""
        participants = set(
            self.db.scalars(
                select(EnrolmentRow.person_id).where(
                    EnrolmentRow.program_id == program_id,
                    EnrolmentRow.role.in_(PARTICIPANT_ROLES),
                    EnrolmentRow.withdrawn_at.is_(None),
                )
            )
        )
        enrolled = set(self.db.scalars(select(EnrolmentRow.person_id).distinct()))
        levels: dict[int, list[tuple[date, int]]] = {}
        for person_id, seen_on, level in self.db.execute(
            select(LevelSeenRow.person_id, LevelSeenRow.seen_on, LevelSeenRow.level).order_by(
                LevelSeenRow.seen_on, LevelSeenRow.id
            )
        ):
            levels.setdefault(person_id, []).append((seen_on, level))
        rows = self.db.execute(
            select(
                PersonRow.id,
                PersonRow.department,
                PersonRow.hire_date,
                PersonRow.leave_date,
                PersonRow.seniority_level,
            ).where(PersonRow.erased_at.is_(None), PersonRow.is_external.is_(False))
        )
        return [
            Person(
                person_id in participants,
                department,
                hired,
                left,
                level,
                tuple(levels.get(person_id, ())),
            )
            for person_id, department, hired, left, level in rows
            if person_id in participants or person_id not in enrolled
        ]

    def published(self, program_id: int) -> OutcomePublicationRow | None:
        """Return the program's last published outcome counts, locked for this report."""
        return self.db.scalar(
            select(OutcomePublicationRow)
            .where(OutcomePublicationRow.program_id == program_id)
            .with_for_update()
        )
