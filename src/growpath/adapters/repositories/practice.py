"""Coaching conversations managers log, and their reports' answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache

from sqlalchemy import Row, Select, bindparam, delete, exists, func, select
from sqlalchemy.orm import aliased

from growpath.adapters.orm import (
    DataKeyRow,
    EnrolmentRow,
    PersonRow,
    PracticeAnswerRow,
    PracticeConversationRow,
    PublishedAdoptionRow,
)
from growpath.adapters.repositories.base import Repository, column_rows
from growpath.domain.enrolment import EnrolmentStatus


# Built once, on first use, with bound parameters: the home page runs it on every view,
# and building it anew (clauses, joins, its cache key) cost more CPU than running it.
@cache
def _unanswered_for() -> Select[int, date, str]:
    return (
        select(PracticeConversationRow.id, PracticeConversationRow.held_on, PersonRow.name)
        .join(PersonRow, PersonRow.id == PracticeConversationRow.manager_person_id)
        .where(
            PracticeConversationRow.report_person_id == bindparam("report_person_id"),
            PracticeConversationRow.held_on >= bindparam("since"),
            ~exists().where(PracticeAnswerRow.conversation_id == PracticeConversationRow.id),
        )
        .order_by(PracticeConversationRow.held_on.desc(), PracticeConversationRow.id.desc())
    )


class PracticeRepository(Repository[PracticeConversationRow]):
    """A manager's conversations, the questions their reports may answer, and the answers."""

    row_type = PracticeConversationRow

    def of_manager(
        self, manager_person_id: int
    ) -> Sequence[Row[PracticeConversationRow, str, DataKeyRow | None]]:
        """Return the manager's conversations, newest first, with the report's name and note key."""
        return self.db.execute(
            select(PracticeConversationRow, PersonRow.name, DataKeyRow)
            .join(PersonRow, PersonRow.id == PracticeConversationRow.report_person_id)
            .outerjoin(DataKeyRow, DataKeyRow.id == PracticeConversationRow.data_key_id)
            .where(PracticeConversationRow.manager_person_id == manager_person_id)
            .order_by(PracticeConversationRow.held_on.desc(), PracticeConversationRow.id.desc())
        ).all()

    def days_of(self, manager_person_id: int) -> list[date]:
        """Return the days the manager logged conversations on."""
        return list(
            self.db.scalars(
                select(PracticeConversationRow.held_on).where(
                    PracticeConversationRow.manager_person_id == manager_person_id
                )
            )
        )

    def unanswered_for(self, report_person_id: int, since: date) -> Sequence[Row[int, date, str]]:
        """Return (conversation, day, manager's name) the report has not answered, since a day."""
        parameters = {"report_person_id": report_person_id, "since": since}
        return column_rows(self.db, _unanswered_for(), parameters)

    def answer_of(self, conversation_id: int) -> PracticeAnswerRow | None:
        """Return the answer given about a conversation, if any."""
        return self.db.scalar(
            select(PracticeAnswerRow).where(PracticeAnswerRow.conversation_id == conversation_id)
        )

    def add_answer(self, answer: PracticeAnswerRow) -> None:
        """Stage an answer; a second one for the same conversation breaks the unique key."""
        self.db.add(answer)
        self.db.flush()

    def answers_about(self, manager_person_id: int) -> list[tuple[int, int]]:
        """Return (answering person, score) of every answer about the manager, oldest first."""
        rows = self.db.execute(
            select(PracticeConversationRow.report_person_id, PracticeAnswerRow.score)
            .join(
                PracticeConversationRow,
                PracticeConversationRow.id == PracticeAnswerRow.conversation_id,
            )
            .where(PracticeConversationRow.manager_person_id == manager_person_id)
            .order_by(PracticeAnswerRow.answered_at, PracticeAnswerRow.id)
        ).all()
        return [(int(person), int(score)) for person, score in rows]

    def managers(self) -> Sequence[Row[int, str, str]]:
        """Return (id, e-mail, time zone) of everyone not erased with a report not erased."""
        report = aliased(PersonRow)
        return self.db.execute(
            select(PersonRow.id, PersonRow.email, PersonRow.timezone)
            .where(
                PersonRow.erased_at.is_(None),
                exists().where(report.manager_id == PersonRow.id, report.erased_at.is_(None)),
            )
            .order_by(PersonRow.id)
        ).all()

    def managers_enrolled_in(self, program_id: int) -> set[int]:
        """Return the managers (as `managers` has them) with an active enrolment in a program."""
        report = aliased(PersonRow)
        return set(
            self.db.scalars(
                select(PersonRow.id)
                .join(EnrolmentRow, EnrolmentRow.person_id == PersonRow.id)
                .where(
                    EnrolmentRow.program_id == program_id,
                    EnrolmentRow.status == EnrolmentStatus.ACTIVE,
                    PersonRow.erased_at.is_(None),
                    exists().where(report.manager_id == PersonRow.id, report.erased_at.is_(None)),
                )
            )
        )

    def published_adoption(self, scope: str) -> dict[int, dict[date, bool]]:
        """Return each manager's published weeks (practised or not) in an adoption scope."""
        published: dict[int, dict[date, bool]] = {}
        a = PublishedAdoptionRow
        for person, week, practised in self.db.execute(
            select(a.person_id, a.week, a.practised).where(a.scope == scope)
        ):
            published.setdefault(int(person), {})[week] = bool(practised)
        return published

    def published_adoption_of_others(self, scope: str) -> dict[str, dict[int, dict[date, bool]]]:
        """Return the published weeks of each manager in every adoption scope but this one."""
        published: dict[str, dict[int, dict[date, bool]]] = {}
        a = PublishedAdoptionRow
        for other, person, week, practised in self.db.execute(
            select(a.scope, a.person_id, a.week, a.practised).where(a.scope != scope)
        ):
            published.setdefault(other, {}).setdefault(int(person), {})[week] = bool(practised)
        return published

    def publish_adoption(self, scope: str, changes: Mapping[int, Mapping[date, bool]]) -> None:
        """Replace these managers' published weeks in a scope (empty: no longer counted)."""
        if not changes:
            return
        a = PublishedAdoptionRow
        self.db.execute(delete(a).where(a.scope == scope, a.person_id.in_(list(changes))))
        self.db.add_all(
            a(scope=scope, person_id=person, week=week, practised=practised)
            for person, weeks in changes.items()
            for week, practised in weeks.items()
        )
        self.db.flush()

    def days_since(self, since: date) -> Sequence[Row[int, date]]:
        """Return (manager, day) of every conversation held since a day."""
        return self.db.execute(
            select(
                PracticeConversationRow.manager_person_id, PracticeConversationRow.held_on
            ).where(PracticeConversationRow.held_on >= since)
        ).all()

    def first_days(self) -> dict[int, date]:
        """Return each manager's first conversation day: from then on they keep the commitment."""
        rows = self.db.execute(
            select(
                PracticeConversationRow.manager_person_id,
                func.min(PracticeConversationRow.held_on),
            ).group_by(PracticeConversationRow.manager_person_id)
        ).all()
        return {int(manager): first for manager, first in rows}
