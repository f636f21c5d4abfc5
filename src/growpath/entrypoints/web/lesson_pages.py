"""Lessons from mentors: browse and read them, publish one, follow a mentor, hide or withdraw."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from growpath.domain.errors import Conflict, InvalidInput, Problem
from growpath.domain.lessons import DIFFERENTLY_MAX, HIDE_REASON_MAX, STORY_MAX, TITLE_MAX
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.confirmation import Confirmation, ask, is_confirmed
from growpath.entrypoints.web.form_fields import form_int
from growpath.entrypoints.web.rendering import problems_of, refusal_problem, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.i18n import N_, Translator
from growpath.services import lessons
from growpath.services.context import Context

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
Title = Annotated[str, Form(max_length=TITLE_MAX * 4)]
Long = Annotated[str, Form(max_length=STORY_MAX * 2)]
Reason = Annotated[str, Form(max_length=HIDE_REASON_MAX * 4)]
Themes = Annotated[list[str] | None, Form(max_length=80)]


@router.get("/lessons")
def lessons_page(
    request: Request,
    ctx: CurrentContext,
    theme: Annotated[str, Query(max_length=80)] = "",
    mentor: Annotated[str, Query(max_length=12)] = "",
) -> Response:
    """List the lessons mentors published, newest first; filter by theme or by mentor."""
    problems: list[Problem] = []
    mentor_id = form_int(mentor, "mentor", problems) if mentor else None
    found = None
    try:
        found = lessons.list_lessons(ctx, theme or None, mentor_id)
    except InvalidInput as exc:
        problems += problems_of(exc)
    if problems:
        found = lessons.list_lessons(ctx)
    return render(
        request,
        "lessons/index.html",
        {
            "found": found,
            "themes": lessons.theme_catalogue(ctx),
            "chosen_theme": theme,
            "problems": problems,
            "may_publish": lessons.may_publish(ctx),
            "followed": lessons.followed_mentors(ctx),
        },
        status_code=422 if problems else 200,
    )


def _form(
    request: Request,
    ctx: CurrentContext,
    values: dict[str, Any] | None = None,
    problems: list[Problem] | None = None,
) -> Response:
    return render(
        request,
        "lessons/new.html",
        {
            "programs": lessons.programs_to_publish_in(ctx),
            "themes": lessons.theme_catalogue(ctx),
            "values": values or {"themes": []},
            "problems": problems or [],
            "limits": {"title": TITLE_MAX, "story": STORY_MAX, "differently": DIFFERENTLY_MAX},
        },
        status_code=422 if problems else 200,
    )


@router.get("/lessons/new")
def new_lesson(request: Request, ctx: CurrentContext) -> Response:
    """Show the form a mentor or coach writes a lesson in."""
    return _form(request, ctx)


@router.post("/lessons")
def publish(
    request: Request,
    ctx: CurrentContext,
    title: Title = "",
    story: Long = "",
    differently: Long = "",
    themes: Themes = None,
    program_id: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    """Publish a lesson for everyone in the organisation to read."""
    values = {"title": title, "story": story, "differently": differently, "themes": themes or []}
    values["program_id"] = program_id
    problems: list[Problem] = []
    program = form_int(program_id, "program_id", problems) if program_id else None
    if problems:
        return _form(request, ctx, values, problems)
    try:
        lesson = lessons.publish_lesson(ctx, title, story, differently, themes or [], program)
    except InvalidInput as exc:
        return _form(request, ctx, values, problems_of(exc))
    message = translator(request, ctx.actor)(N_("Your lesson is published."))
    return see_other(request, f"/lessons/{lesson.id}", message)


@router.get("/lessons/{lesson_id}")
def lesson_page(request: Request, ctx: CurrentContext, lesson_id: PathId) -> Response:
    """Read a lesson; its author may withdraw it, its program's admins may hide it."""
    return _lesson(request, ctx, lesson_id)


def _lesson(
    request: Request,
    ctx: Context,
    lesson_id: int,
    problems: list[Problem] | None = None,
    reason: str = "",
    status_code: int = 200,
) -> Response:
    lesson = lessons.get_lesson(ctx, lesson_id)
    following = False
    if not lesson.mine and ctx.actor.person_id is not None:
        following = any(
            m.person_id == lesson.author_person_id for m in lessons.followed_mentors(ctx)
        )
    return render(
        request,
        "lessons/lesson.html",
        {
            "lesson": lesson,
            "following": following,
            "problems": problems or [],
            "reason": reason,
        },
        status_code=status_code,
    )


def _withdrawing(tr: Translator, lesson: lessons.LessonView) -> Confirmation:
    return Confirmation(
        title=tr(N_("Withdraw “%(title)s”?"), title=lesson.title),
        consequences=[
            tr(
                N_(
                    "The lesson is deleted: nobody can read it any more, and it leaves the Home of "
                    "the people who follow you."
                )
            ),
            tr(N_("This cannot be undone; you can write it again as a new lesson.")),
        ],
        action=f"/lessons/{lesson.id}/withdraw",
        button=tr(N_("Withdraw the lesson")),
        back=f"/lessons/{lesson.id}",
    )


@router.get("/lessons/{lesson_id}/withdraw")
def confirm_withdrawal(request: Request, ctx: CurrentContext, lesson_id: PathId) -> Response:
    """Ask the author before withdrawing their lesson."""
    lesson = lessons.get_lesson(ctx, lesson_id)
    lessons.check_withdrawable(ctx, lesson)
    return ask(request, _withdrawing(translator(request, ctx.actor), lesson))


@router.post("/lessons/{lesson_id}/withdraw")
def withdraw(
    request: Request,
    ctx: CurrentContext,
    lesson_id: PathId,
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Withdraw one's own lesson, once confirmed."""
    lesson = lessons.get_lesson(ctx, lesson_id)
    if not is_confirmed(confirm):
        lessons.check_withdrawable(ctx, lesson)
        return ask(request, _withdrawing(translator(request, ctx.actor), lesson))
    lessons.withdraw_lesson(ctx, lesson_id)
    message = translator(request, ctx.actor)(N_("You withdrew “%(title)s”."), title=lesson.title)
    return see_other(request, "/lessons", message)


@router.post("/lessons/{lesson_id}/hide")
def hide(request: Request, ctx: CurrentContext, lesson_id: PathId, reason: Reason = "") -> Response:
    """Hide a lesson from everyone but its author, saying why (the program's admins)."""
    try:
        lessons.hide_lesson(ctx, lesson_id, reason)
    except InvalidInput as exc:
        return _lesson(request, ctx, lesson_id, problems_of(exc), reason, 422)
    except Conflict as exc:
        return _lesson(request, ctx, lesson_id, [refusal_problem(exc, "reason")], reason, 409)
    message = translator(request, ctx.actor)(N_("The lesson is hidden; its author sees why."))
    return see_other(request, f"/lessons/{lesson_id}", message)


@router.post("/mentors/{mentor_id}/follow")
def follow(request: Request, ctx: CurrentContext, mentor_id: PathId) -> Response:
    """Follow a mentor: their new lessons appear on your Home."""
    mentor = lessons.follow_mentor(ctx, mentor_id)
    return see_other(
        request,
        f"/lessons?mentor={mentor_id}",
        translator(request, ctx.actor)(
            N_("You follow %(name)s: their new lessons appear on your Home."), name=mentor.name
        ),
    )


@router.post("/mentors/{mentor_id}/unfollow")
def unfollow(request: Request, ctx: CurrentContext, mentor_id: PathId) -> Response:
    """Stop following a mentor."""
    lessons.unfollow_mentor(ctx, mentor_id)
    message = translator(request, ctx.actor)(N_("You no longer follow this mentor."))
    return see_other(request, f"/lessons?mentor={mentor_id}", message)
