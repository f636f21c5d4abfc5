"""A program's custom questions in its report: publish the answers that may move, then protect."""

from __future__ import annotations

from datetime import datetime

from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.question_reports import QuestionResult, protect_question, publishable
from growpath.services.checkin_questions import question_of


def question_results(
    uow: UnitOfWork, program_id: int, now: datetime, k: int
) -> tuple[QuestionResult, ...]:
    """Publish the answers whose changes may move on (k at a time), and return each question's
    published figures: every asked question, and each retired one that has answers."""
    repository = uow.checkin_questions
    rows = repository.of_program(program_id)
    moves = publishable(
        {r.id: r.kind for r in rows},
        repository.published(program_id),
        repository.latest_answers(program_id),
        k,
    )
    if moves:
        repository.publish(moves, now)
    published = repository.published(program_id)
    return tuple(
        protect_question(
            question_of(r), r.retired_at is not None, list(published.get(r.id, {}).values()), k
        )
        for r in rows
        if r.retired_at is None or r.id in published
    )
