"""API routes for lessons from mentors: list, read, publish, withdraw, hide; follow a mentor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.lesson_schemas import LessonCreate, LessonHide
from growpath.entrypoints.http.schemas import ERRORS, PathId
from growpath.services import lessons
from growpath.services.lessons import LessonList, LessonView, MentorView

router = APIRouter(prefix="/api/v1", tags=["lessons"], responses=ERRORS)


@router.get("/lessons", response_model=LessonList)
def list_lessons(
    ctx: CurrentContext,
    theme: Annotated[str | None, Query(max_length=80, description="A theme's key")] = None,
    mentor_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> LessonList:
    """List published lessons, newest first (yours too if hidden), by theme or by mentor."""
    return lessons.list_lessons(ctx, theme, mentor_id)


@router.post("/lessons", response_model=LessonView, status_code=201)
def publish_lesson(body: LessonCreate, ctx: CurrentContext) -> LessonView:
    """Publish a lesson (mentors and coaches: 403 for anyone who guides in no program)."""
    return lessons.publish_lesson(
        ctx, body.title, body.story, body.differently, body.themes, body.program_id
    )


@router.get("/lessons/{lesson_id}", response_model=LessonView)
def get_lesson(lesson_id: PathId, ctx: CurrentContext) -> LessonView:
    """Read a lesson; a hidden one only its author and its program's admins (others: 404)."""
    return lessons.get_lesson(ctx, lesson_id)


@router.post("/lessons/{lesson_id}/withdraw", status_code=204)
def withdraw_lesson(lesson_id: PathId, ctx: CurrentContext) -> Response:
    """Withdraw your own lesson: it is deleted (anyone else: 403)."""
    lessons.withdraw_lesson(ctx, lesson_id)
    return Response(status_code=204)


@router.post("/lessons/{lesson_id}/hide", response_model=LessonView)
def hide_lesson(lesson_id: PathId, body: LessonHide, ctx: CurrentContext) -> LessonView:
    """Hide a lesson, saying why (its program's admins and organisation admins; others: 403)."""
    return lessons.hide_lesson(ctx, lesson_id, body.reason)


@router.post("/mentors/{mentor_id}/follow", response_model=MentorView)
def follow_mentor(mentor_id: PathId, ctx: CurrentContext) -> MentorView:
    """Follow a mentor with published lessons: their new lessons appear on your Home."""
    return lessons.follow_mentor(ctx, mentor_id)


@router.delete("/mentors/{mentor_id}/follow", status_code=204)
def unfollow_mentor(mentor_id: PathId, ctx: CurrentContext) -> Response:
    """Stop following a mentor."""
    lessons.unfollow_mentor(ctx, mentor_id)
    return Response(status_code=204)


@router.get("/me/followed-mentors", response_model=list[MentorView])
def followed_mentors(ctx: CurrentContext) -> list[MentorView]:
    """List the mentors you follow."""
    return lessons.followed_mentors(ctx)
