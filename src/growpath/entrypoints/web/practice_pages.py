"""Managers who coach: the practice page, and the report's one answer from their Home."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from growpath.domain.errors import InvalidInput, NotFound, Problem
from growpath.domain.practice import ANSWER_TEXT, GROW_STAGES, MAX_NOTE, QUESTION, STAGE_TEXT
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.form_fields import form_date, form_int
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.i18n import N_
from growpath.services import practice
from growpath.services.context import Context

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
Short = Annotated[str, Form(max_length=200)]
Note = Annotated[str, Form(max_length=MAX_NOTE + 100)]
Stages = Annotated[list[str], Form(max_length=len(GROW_STAGES))]
PAGE = "/practice"


def _page(
    request: Request,
    ctx: Context,
    values: dict[str, Any] | None = None,
    problems: list[Problem] | None = None,
) -> Response:
    page = practice.practice_page(ctx)
    _ = translator(request, ctx.actor)
    shown = {"report_person_id": "", "held_on": page.today.isoformat(), "stages": [], "note": ""}
    return render(
        request,
        "practice/index.html",
        {
            "page": page,
            "report_options": [("", _("Choose a team member"))]
            + [(r.person_id, r.name) for r in page.reports],
            "stage_text": {key: _(text) for key, text in STAGE_TEXT.items()},
            "stages": GROW_STAGES,
            "question": _(QUESTION),
            "values": {**shown, **(values or {})},
            "problems": problems or [],
        },
        status_code=422 if problems else 200,
    )


@router.get(PAGE)
def practice_page(request: Request, ctx: CurrentContext) -> Response:
    """Show the manager's weekly commitment, streak, conversations and what reports answered."""
    return _page(request, ctx)


@router.post(PAGE)
def log_conversation(
    request: Request,
    ctx: CurrentContext,
    report_person_id: Short = "",
    held_on: Short = "",
    note: Note = "",
    stages: Stages = [],  # noqa: B006 - FastAPI copies form defaults per request
) -> Response:
    """Log a coaching conversation, or show the form again with each problem named."""
    values = {"report_person_id": report_person_id, "held_on": held_on, "stages": stages}
    values["note"] = note
    problems: list[Problem] = []
    report = form_int(report_person_id, "report_person_id", problems)
    day = form_date(held_on, "held_on", problems)
    if problems:
        return _page(request, ctx, values, problems)
    try:
        logged = practice.log_conversation(ctx, report, day, stages, note)
    except InvalidInput as exc:
        return _page(request, ctx, values, problems_of(exc))
    _ = translator(request, ctx.actor)
    said = _("Your conversation with %(name)s is logged. Well done.", name=logged.report_name)
    return see_other(request, PAGE, said)


ANSWER_PAGE = "/practice/conversations/{conversation_id}/answer"


def _question(ctx: Context, conversation_id: int) -> practice.QuestionView:
    found = next(
        (q for q in practice.questions_for_me(ctx) if q.conversation_id == conversation_id), None
    )
    if found is None:
        # Answered already, too old, or not the actor's: the same answer for each.
        raise NotFound(N_("no conversation %(id)s to answer"), id=conversation_id)
    return found


def _answer_page(
    request: Request, ctx: Context, conversation_id: int, problems: list[Problem] | None = None
) -> Response:
    _ = translator(request, ctx.actor)
    return render(
        request,
        "practice/answer.html",
        {
            "question_text": _(QUESTION),
            "asked": _question(ctx, conversation_id),
            "answers": [(value, _(text)) for value, text in ANSWER_TEXT.items()],
            "problems": problems or [],
        },
        status_code=422 if problems else 200,
    )


@router.get(ANSWER_PAGE)
def answer_form(request: Request, ctx: CurrentContext, conversation_id: PathId) -> Response:
    """Ask the report the one question about a conversation logged with them."""
    return _answer_page(request, ctx, conversation_id)


@router.post(ANSWER_PAGE)
def answer(
    request: Request, ctx: CurrentContext, conversation_id: PathId, answer: Short = ""
) -> Response:
    """Save the report's answer to "asked or told?", or ask again naming the problem."""
    problems: list[Problem] = []
    value = form_int(answer, "answer", problems)
    if value is None and not problems:
        problems.append(Problem(N_("choose 1 (asked) to 5 (told)"), "answer"))
    if problems:
        return _answer_page(request, ctx, conversation_id, problems)
    try:
        practice.answer(ctx, conversation_id, value)
    except InvalidInput as exc:
        return _answer_page(request, ctx, conversation_id, problems_of(exc))
    _ = translator(request, ctx.actor)
    return see_other(request, "/home", _("Thank you: your answer is saved, and never shown alone."))
