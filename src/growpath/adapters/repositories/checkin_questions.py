"""Custom check-in questions, their answers and the published answers, without committing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import Row, delete, func, select, update

from growpath.adapters.orm import (
    CheckInAnswerRow,
    CheckInQuestionRow,
    CheckInRow,
    EngagementRow,
    ProgramRow,
    PublishedAnswerRow,
)
from growpath.adapters.repositories.base import Repository

# A person's latest answer to each question: question id → person id → number (None: text).
Answers = dict[int, dict[int, int | None]]


class CheckInQuestionRepository(Repository[CheckInQuestionRow]):
    """A program's own check-in questions and what members answered to them."""

    row_type = CheckInQuestionRow

    def of_program(self, program_id: int) -> Sequence[CheckInQuestionRow]:
        """Return every question of a program: those asked in order, then the retired ones."""
        q = CheckInQuestionRow
        return self.db.scalars(
            select(q)
            .where(q.program_id == program_id)
            .order_by(q.retired_at.is_not(None), q.position, q.id)
        ).all()

    def asked(self, program_id: int) -> Sequence[CheckInQuestionRow]:
        """Return the questions a program's check-ins ask now, in order."""
        q = CheckInQuestionRow
        return self.db.scalars(
            select(q)
            .where(q.program_id == program_id, q.retired_at.is_(None))
            .order_by(q.position, q.id)
        ).all()

    def lock_program(self, program_id: int) -> None:
        """Lock the program so that two changes to its questions' order run one after the other."""
        self.db.execute(select(ProgramRow.id).where(ProgramRow.id == program_id).with_for_update())

    def answer_counts(self, program_id: int) -> dict[int, int]:
        """Return how many answers each question of a program has."""
        a, q = CheckInAnswerRow, CheckInQuestionRow
        rows = self.db.execute(
            select(a.question_id, func.count())
            .join(q, q.id == a.question_id)
            .where(q.program_id == program_id)
            .group_by(a.question_id)
        )
        return {question: int(n) for question, n in rows}

    def has_answers(self, question_id: int) -> bool:
        """Whether anybody answered the question."""
        a = CheckInAnswerRow
        return self.db.scalar(select(a.id).where(a.question_id == question_id).limit(1)) is not None

    def program_of_checkin(self, checkin: CheckInRow) -> int | None:
        """Return the id of the program a check-in's engagement belongs to."""
        return self.db.scalar(
            select(EngagementRow.program_id).where(EngagementRow.id == checkin.engagement_id)
        )

    def add_answer(self, answer: CheckInAnswerRow) -> None:
        """Stage one answer to a custom question."""
        self.db.add(answer)

    def latest_answers(self, program_id: int) -> Answers:
        """Return each person's latest answer to each question of a program (never the text)."""
        a, q = CheckInAnswerRow, CheckInQuestionRow
        latest: Answers = {}
        for question, person, number in self.db.execute(
            select(a.question_id, a.person_id, a.number)
            .join(q, q.id == a.question_id)
            .where(q.program_id == program_id)
            .order_by(a.answered_at, a.id)
        ):
            latest.setdefault(question, {})[person] = number
        return latest

    def published(self, program_id: int) -> Answers:
        """Return the answers reports count now, per question and person."""
        p, q = PublishedAnswerRow, CheckInQuestionRow
        found: Answers = {}
        for question, person, number in self.db.execute(
            select(p.question_id, p.person_id, p.number)
            .join(q, q.id == p.question_id)
            .where(q.program_id == program_id)
        ):
            found.setdefault(question, {})[person] = number
        return found

    def publish(
        self, moves: Mapping[tuple[int, int], tuple[bool, int | None]], now: datetime
    ) -> None:
        """Move published answers on: (question, person) → (still answered, number)."""
        p = PublishedAnswerRow
        for (question, person), (present, number) in moves.items():
            self.db.execute(delete(p).where(p.question_id == question, p.person_id == person))
            if present:
                self.db.add(
                    p(question_id=question, person_id=person, number=number, published_at=now)
                )
        self.db.flush()

    def answers_of(self, person_id: int) -> Sequence[Row[CheckInAnswerRow, CheckInQuestionRow]]:
        """Return a person's own answers with their questions, oldest first."""
        a, q = CheckInAnswerRow, CheckInQuestionRow
        return self.db.execute(
            select(a, q)
            .join(q, q.id == a.question_id)
            .where(a.person_id == person_id)
            .order_by(a.id)
        ).all()

    def blank_texts_of(self, person_id: int) -> None:
        """Empty the person's text answers (an erasure): their counts stay, their words go."""
        a = CheckInAnswerRow
        self.db.execute(
            update(a)
            .where(a.person_id == person_id, a.text != "")
            .values(text="")
            .execution_options(synchronize_session=False)
        )
