"""API routes for managers who coach: log a conversation, list your own, your streak, what
your team says in aggregate, a report's answer, and (organisation admins) adoption."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.practice_schemas import (
    AdoptionPublic,
    ConversationCreate,
    FeedbackPublic,
    PracticeAnswer,
)
from growpath.entrypoints.http.schemas import ERRORS, PathId
from growpath.services import practice
from growpath.services.practice import ConversationView, QuestionView, StreakView

router = APIRouter(prefix="/api/v1", tags=["coaching practice"], responses=ERRORS)


@router.post("/me/practice/conversations", response_model=ConversationView, status_code=201)
def log_conversation(body: ConversationCreate, ctx: CurrentContext) -> ConversationView:
    """Log a coaching conversation with one of your current reports."""
    return practice.log_conversation(
        ctx, body.report_person_id, body.held_on, body.stages, body.note
    )


@router.get("/me/practice/conversations", response_model=list[ConversationView])
def my_conversations(ctx: CurrentContext) -> list[ConversationView]:
    """List your own logged conversations with your private notes, newest first."""
    return practice.my_conversations(ctx)


@router.get("/me/practice/streak", response_model=StreakView)
def my_streak(ctx: CurrentContext) -> StreakView:
    """Show how many weeks in a row you logged a coaching conversation."""
    return practice.my_streak(ctx)


@router.get("/me/practice/feedback", response_model=FeedbackPublic)
def my_feedback(ctx: CurrentContext) -> FeedbackPublic:
    """Show what your reports answered, only once k different people have answered."""
    seen = practice.my_feedback(ctx)
    return FeedbackPublic(
        enough=seen.enough,
        answers=seen.answers,
        people=seen.people,
        mean=None if seen.band else seen.mean,
        band=seen.band,
    )


@router.get("/me/practice/questions", response_model=list[QuestionView])
def my_questions(ctx: CurrentContext) -> list[QuestionView]:
    """List the conversations your manager logged with you that you may still answer."""
    return practice.questions_for_me(ctx)


@router.post("/practice/conversations/{conversation_id}/answer", status_code=204)
def answer(conversation_id: PathId, body: PracticeAnswer, ctx: CurrentContext) -> Response:
    """Answer "Did this feel like being asked or being told?" once (the report named only)."""
    practice.answer(ctx, conversation_id, body.answer)
    return Response(status_code=204)


@router.get("/practice/adoption", response_model=list[AdoptionPublic])
def adoption(ctx: CurrentContext) -> list[AdoptionPublic]:
    """Show the share of managers practising weekly over the last four weeks (org admins)."""
    return [
        AdoptionPublic(
            week=a.week,
            managers=a.managers,
            practising=a.practising,
            share=a.share,
            band=a.band,
            text=a.text,
        )
        for a in practice.adoption_report(ctx)
    ]
