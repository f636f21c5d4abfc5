"""A program's own check-in questions: defined, ordered, reworded and retired by its admins,
asked after the fixed pulse, answered by members (a text answer sealed at rest)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from growpath.adapters.orm import CheckInAnswerRow, CheckInQuestionRow, CheckInRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.checkin_questions import (
    MAX_ASKED,
    Question,
    QuestionDraft,
    checked_answer,
    checked_draft,
)
from growpath.domain.errors import Conflict, InvalidInput, NotFound, Problem
from growpath.i18n import N_
from growpath.services.context import Context
from growpath.services.programs import load_program

DIRECTIONS = ("up", "down")


@dataclass(frozen=True)
class QuestionView:
    """A question as its program's admins see it: its definition, answers counted, state."""

    id: int
    program_id: int
    position: int
    kind: str
    wording: str
    low_label: str
    high_label: str
    options: list[str]
    required: bool
    answers: int
    retired_at: datetime | None
    replaces_id: int | None


def _view(row: CheckInQuestionRow, answers: int) -> QuestionView:
    return QuestionView(
        row.id,
        row.program_id,
        row.position,
        row.kind,
        row.wording,
        row.low_label,
        row.high_label,
        [str(o) for o in row.options],
        row.required,
        answers,
        row.retired_at,
        row.replaces_id,
    )


def question_of(row: CheckInQuestionRow) -> Question:
    """Return a stored question as the domain asks it."""
    return Question(
        row.id,
        row.kind,
        row.wording,
        row.low_label,
        row.high_label,
        tuple(str(o) for o in row.options),
        row.required,
    )


def list_questions(ctx: Context, program_id: int) -> list[QuestionView]:
    """Return a program's questions, asked ones in order then retired ones (its admins)."""
    ctx.require_program_admin(
        program_id,
        N_("only an administrator of this program may see this program's check-in questions"),
    )
    with ctx.uow() as uow:
        load_program(uow, program_id)
        counts = uow.checkin_questions.answer_counts(program_id)
        return [_view(r, counts.get(r.id, 0)) for r in uow.checkin_questions.of_program(program_id)]


def _record(uow: UnitOfWork, ctx: Context, action: str, row: CheckInQuestionRow) -> None:
    uow.audit.record(
        ctx.now,
        ctx.actor_user_id,
        action,
        "checkin_question",
        str(row.id),
        ctx.source_address,
        detail={"program_id": row.program_id},
    )


def _row(draft: QuestionDraft, program_id: int, position: int, now: datetime) -> CheckInQuestionRow:
    return CheckInQuestionRow(
        program_id=program_id,
        position=position,
        kind=draft.kind,
        wording=draft.wording,
        low_label=draft.low_label,
        high_label=draft.high_label,
        options=list(draft.options),
        required=draft.required,
        created_at=now,
    )


def add_question(
    ctx: Context,
    program_id: int,
    kind: str,
    wording: str,
    low_label: str = "",
    high_label: str = "",
    options: Sequence[str] = (),
    required: bool = False,
) -> QuestionView:
    """Add a question asked last in the program's check-ins; bad fields are named."""
    ctx.require_program_admin(
        program_id, N_("only an administrator of this program may define check-in questions")
    )
    draft = checked_draft(kind, wording, low_label, high_label, options, required)
    with ctx.uow() as uow:
        load_program(uow, program_id)
        uow.checkin_questions.lock_program(program_id)
        asked = uow.checkin_questions.asked(program_id)
        if len(asked) >= MAX_ASKED:
            raise InvalidInput(
                [
                    Problem.of(
                        N_("a check-in asks at most %(most)s questions; retire one first"),
                        "kind",
                        most=MAX_ASKED,
                    )
                ]
            )
        position = max((q.position for q in asked), default=0) + 1
        row = _row(draft, program_id, position, ctx.now)
        uow.checkin_questions.add(row)
        _record(uow, ctx, "checkin_question.add", row)
        uow.commit()
        return _view(row, 0)


def _question(uow: UnitOfWork, program_id: int, question_id: int) -> CheckInQuestionRow:
    row = uow.checkin_questions.get(question_id)
    if row is None or row.program_id != program_id:
        raise NotFound(
            N_("no check-in question with id %(id)s in program %(program)s"),
            id=question_id,
            program=program_id,
        )
    return row


def _asked(uow: UnitOfWork, program_id: int, question_id: int) -> CheckInQuestionRow:
    row = _question(uow, program_id, question_id)
    if row.retired_at is not None:
        raise Conflict(
            N_("question %(id)s was retired on %(day)s"),
            id=question_id,
            day=f"{row.retired_at:%Y-%m-%d}",
        )
    return row


def change_question(
    ctx: Context,
    program_id: int,
    question_id: int,
    wording: str,
    low_label: str = "",
    high_label: str = "",
    options: Sequence[str] = (),
    required: bool = False,
) -> QuestionView:
    """Change a question. Once answered, new words make a new version (the old one retired,
    its answers kept with it), so no aggregate mixes answers to different words."""
    ctx.require_program_admin(
        program_id, N_("only an administrator of this program may define check-in questions")
    )
    with ctx.uow() as uow:
        uow.checkin_questions.lock_program(program_id)
        row = _asked(uow, program_id, question_id)
        draft = checked_draft(row.kind, wording, low_label, high_label, options, required)
        same_words = (draft.wording, draft.low_label, draft.high_label, list(draft.options)) == (
            row.wording,
            row.low_label,
            row.high_label,
            [str(o) for o in row.options],
        )
        if same_words or not uow.checkin_questions.has_answers(row.id):
            row.wording, row.low_label, row.high_label = (
                draft.wording,
                draft.low_label,
                draft.high_label,
            )
            row.options, row.required = list(draft.options), draft.required
            _record(uow, ctx, "checkin_question.change", row)
            answers = uow.checkin_questions.answer_counts(program_id).get(row.id, 0)
            uow.commit()
            return _view(row, answers)
        row.retired_at = ctx.now
        version = _row(draft, program_id, row.position, ctx.now)
        version.replaces_id = row.id
        uow.checkin_questions.add(version)
        _record(uow, ctx, "checkin_question.new_version", version)
        uow.commit()
        return _view(version, 0)


def retire_question(ctx: Context, program_id: int, question_id: int) -> QuestionView:
    """Stop asking a question; its answers stay and its report figures with them."""
    ctx.require_program_admin(
        program_id, N_("only an administrator of this program may define check-in questions")
    )
    with ctx.uow() as uow:
        row = _asked(uow, program_id, question_id)
        row.retired_at = ctx.now
        _record(uow, ctx, "checkin_question.retire", row)
        answers = uow.checkin_questions.answer_counts(program_id).get(row.id, 0)
        uow.commit()
        return _view(row, answers)


def move_question(
    ctx: Context, program_id: int, question_id: int, direction: str
) -> list[QuestionView]:
    """Ask a question one place earlier ("up") or later ("down"); return the new order."""
    ctx.require_program_admin(
        program_id, N_("only an administrator of this program may define check-in questions")
    )
    if direction not in DIRECTIONS:
        raise InvalidInput(
            [
                Problem.of(
                    N_("must be one of %(choices)s"), "direction", choices=", ".join(DIRECTIONS)
                )
            ]
        )
    with ctx.uow() as uow:
        uow.checkin_questions.lock_program(program_id)
        row = _asked(uow, program_id, question_id)
        asked = list(uow.checkin_questions.asked(program_id))
        at = next(i for i, q in enumerate(asked) if q.id == row.id)
        other = at - 1 if direction == "up" else at + 1
        if 0 <= other < len(asked):
            asked[at], asked[other] = asked[other], asked[at]
        for position, question in enumerate(asked, start=1):
            question.position = position
        _record(uow, ctx, "checkin_question.move", row)
        counts = uow.checkin_questions.answer_counts(program_id)
        uow.commit()
        return [_view(q, counts.get(q.id, 0)) for q in asked]


def asked_in(uow: UnitOfWork, checkin: CheckInRow) -> list[Question]:
    """Return the questions a check-in asks after the fixed pulse, in order."""
    program_id = uow.checkin_questions.program_of_checkin(checkin)
    if program_id is None:
        return []
    return [question_of(r) for r in uow.checkin_questions.asked(program_id)]


def checked_answers(
    questions: Sequence[Question], given: Mapping[int, object], problems: list[Problem]
) -> dict[int, int | str]:
    """Return the answers given to the check-in's questions; note every bad or missing one."""
    known = {q.id for q in questions}
    problems += [
        Problem(N_("is not a question of this check-in"), f"question_{question_id}")
        for question_id in sorted(set(given) - known)
    ]
    answers: dict[int, int | str] = {}
    for question in questions:
        answer = checked_answer(question, given.get(question.id), problems)
        if answer is not None:
            answers[question.id] = answer
    return answers


def store_answers(
    uow: UnitOfWork,
    checkin: CheckInRow,
    questions: Sequence[Question],
    answers: Mapping[int, int | str],
    now: datetime,
) -> None:
    """Stage a check-in's answers to its custom questions; a text answer is sealed by its column."""
    kinds = {q.id: q.kind for q in questions}
    for question_id, answer in answers.items():
        text = answer if kinds[question_id] == "text" and isinstance(answer, str) else ""
        uow.checkin_questions.add_answer(
            CheckInAnswerRow(
                checkin_id=checkin.id,
                question_id=question_id,
                person_id=checkin.person_id,
                answered_at=now,
                number=answer if isinstance(answer, int) else None,
                text=text,
            )
        )


def questions_of_checkin(ctx: Context, checkin_id: int) -> list[Question]:
    """Return what one of the actor's own check-ins asks after the fixed pulse."""
    with ctx.uow() as uow:
        row = uow.checkins.get(checkin_id)
        if row is None or row.person_id != ctx.actor.person_id:
            raise NotFound(N_("no check-in with id %(id)s for you"), id=checkin_id)
        return asked_in(uow, row)


@dataclass(frozen=True)
class MyAnswer:
    """One of the actor's own answers to a program's question, as their data export shows it."""

    checkin_id: int
    question: str
    answer: int | str
    answered_at: datetime


def my_answers(ctx: Context) -> list[MyAnswer]:
    """Return the actor's own answers to custom check-in questions (an option by its words)."""
    if ctx.actor.person_id is None:
        return []
    with ctx.uow() as uow:
        found = []
        for answer, question in uow.checkin_questions.answers_of(ctx.actor.person_id):
            given: int | str = answer.text
            if question.kind == "choice" and answer.number is not None:
                given = str(question.options[answer.number - 1])
            elif answer.number is not None:
                given = answer.number
            found.append(MyAnswer(answer.checkin_id, question.wording, given, answer.answered_at))
        return found
