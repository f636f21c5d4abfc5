"""API routes for a program's own check-in questions (its admins) and what a check-in asks."""

from __future__ import annotations

from fastapi import APIRouter

from growpath.domain.checkin_questions import Question
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.question_schemas import QuestionCreate, QuestionMove, QuestionUpdate
from growpath.entrypoints.http.schemas import ERRORS, PathId
from growpath.services import checkin_questions
from growpath.services.checkin_questions import QuestionView

router = APIRouter(prefix="/api/v1", tags=["check-in questions"], responses=ERRORS)
QUESTIONS = "/programs/{program_id}/checkin-questions"


@router.get(QUESTIONS, response_model=list[QuestionView])
def list_questions(program_id: PathId, ctx: CurrentContext) -> list[QuestionView]:
    """List a program's own check-in questions: asked ones in order, then retired ones."""
    return checkin_questions.list_questions(ctx, program_id)


@router.post(QUESTIONS, response_model=QuestionView, status_code=201)
def add_question(program_id: PathId, body: QuestionCreate, ctx: CurrentContext) -> QuestionView:
    """Add a question (scale, choice or short text) asked after the fixed pulse."""
    return checkin_questions.add_question(
        ctx,
        program_id,
        body.kind,
        body.wording,
        body.low_label,
        body.high_label,
        body.options,
        body.required,
    )


@router.put(QUESTIONS + "/{question_id}", response_model=QuestionView)
def change_question(
    program_id: PathId, question_id: PathId, body: QuestionUpdate, ctx: CurrentContext
) -> QuestionView:
    """Change a question; once answered, new words come back as a new version (a new id)."""
    return checkin_questions.change_question(
        ctx,
        program_id,
        question_id,
        body.wording,
        body.low_label,
        body.high_label,
        body.options,
        body.required,
    )


@router.post(QUESTIONS + "/{question_id}/retire", response_model=QuestionView)
def retire_question(program_id: PathId, question_id: PathId, ctx: CurrentContext) -> QuestionView:
    """Stop asking a question; its answers and report figures stay."""
    return checkin_questions.retire_question(ctx, program_id, question_id)


@router.post(QUESTIONS + "/{question_id}/move", response_model=list[QuestionView])
def move_question(
    program_id: PathId, question_id: PathId, body: QuestionMove, ctx: CurrentContext
) -> list[QuestionView]:
    """Ask a question one place earlier or later; return the questions asked, in order."""
    return checkin_questions.move_question(ctx, program_id, question_id, body.direction)


@router.get("/checkins/{checkin_id}/questions", response_model=list[Question])
def checkin_questions_asked(checkin_id: PathId, ctx: CurrentContext) -> list[Question]:
    """List what one of your check-ins asks after the fixed pulse (answer them by id)."""
    return checkin_questions.questions_of_checkin(ctx, checkin_id)
