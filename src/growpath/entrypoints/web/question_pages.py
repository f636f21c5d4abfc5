"""Admins' pages for a program's own check-in questions: list, add, change, order, retire."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from growpath.domain.checkin_questions import (
    CHOICE,
    MAX_LABEL,
    MAX_OPTION,
    MAX_OPTIONS,
    MAX_WORDING,
    SCALE,
    TEXT,
)
from growpath.domain.errors import InvalidInput, NotFound, Problem
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.confirmation import Confirmation, ask, is_confirmed
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.i18n import N_, Translator
from growpath.services import checkin_questions, programs
from growpath.services.checkin_questions import QuestionView
from growpath.services.context import Context

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
Wording = Annotated[str, Form(max_length=MAX_WORDING + 1)]
Label = Annotated[str, Form(max_length=MAX_LABEL + 1)]
# One option a line: room for every option at its limit, and the line breaks between them.
Options = Annotated[str, Form(max_length=(MAX_OPTION + 2) * MAX_OPTIONS)]
Short = Annotated[str, Form(max_length=20)]
# The kinds as the pages name them (the domain's KIND_NAMES), translated where shown.
KIND_TEXT = {SCALE: N_("Scale (1–5)"), CHOICE: N_("Single choice"), TEXT: N_("Short text")}


def _kind_names(tr: Translator) -> dict[str, str]:
    return {kind: tr(text) for kind, text in KIND_TEXT.items()}


def _questions_url(program_id: int) -> str:
    return f"/admin/programs/{program_id}/questions"


def _values(question: QuestionView) -> dict[str, Any]:
    return {
        "wording": question.wording,
        "low_label": question.low_label,
        "high_label": question.high_label,
        "options": "\n".join(question.options),
        "required": question.required,
    }


def _list_page(
    request: Request,
    ctx: Context,
    program_id: int,
    values: dict[str, Any] | None = None,
    problems: list[Problem] | None = None,
) -> Response:
    questions = checkin_questions.list_questions(ctx, program_id)
    kind_names = _kind_names(translator(request, ctx.actor))
    return render(
        request,
        "admin/questions.html",
        {
            "actor": ctx.actor,
            "program": programs.get_program(ctx, program_id),
            "asked": [q for q in questions if q.retired_at is None],
            "retired": [q for q in questions if q.retired_at is not None],
            "kinds": list(kind_names.items()),
            "kind_names": kind_names,
            "values": values or {"kind": "scale"},
            "problems": problems or [],
        },
        status_code=422 if problems else 200,
    )


@router.get("/admin/programs/{program_id}/questions")
def question_list(request: Request, ctx: CurrentContext, program_id: PathId) -> Response:
    """Show a program's own check-in questions and the form that adds one."""
    return _list_page(request, ctx, program_id)


@router.post("/admin/programs/{program_id}/questions")
def add_question(
    request: Request,
    ctx: CurrentContext,
    program_id: PathId,
    kind: Short = "",
    wording: Wording = "",
    low_label: Label = "",
    high_label: Label = "",
    options: Options = "",
    required: Short = "",
) -> Response:
    """Add a question; a bad form comes back with every problem named and what was typed."""
    values = {
        "kind": kind,
        "wording": wording,
        "low_label": low_label,
        "high_label": high_label,
        "options": options,
        "required": required == "on",
    }
    try:
        checkin_questions.add_question(
            ctx,
            program_id,
            kind,
            wording,
            low_label,
            high_label,
            options.splitlines(),
            required == "on",
        )
    except InvalidInput as exc:
        return _list_page(request, ctx, program_id, values, problems_of(exc))
    said = translator(request, ctx.actor)(N_("Question added: check-ins ask it now."))
    return see_other(request, _questions_url(program_id), said)


def _question(ctx: Context, program_id: int, question_id: int) -> QuestionView:
    found = next(
        (q for q in checkin_questions.list_questions(ctx, program_id) if q.id == question_id), None
    )
    if found is None:
        raise NotFound(
            N_("no check-in question with id %(id)s in program %(program)s"),
            id=question_id,
            program=program_id,
        )
    return found


def _edit_page(
    request: Request,
    ctx: Context,
    program_id: int,
    question: QuestionView,
    values: dict[str, Any],
    problems: list[Problem],
) -> Response:
    return render(
        request,
        "admin/question.html",
        {
            "actor": ctx.actor,
            "program": programs.get_program(ctx, program_id),
            "question": question,
            "kind_names": _kind_names(translator(request, ctx.actor)),
            "values": values,
            "problems": problems,
        },
        status_code=422 if problems else 200,
    )


@router.get("/admin/programs/{program_id}/questions/{question_id}")
def question_form(
    request: Request, ctx: CurrentContext, program_id: PathId, question_id: PathId
) -> Response:
    """Show the form that changes a question (a new version once it has answers)."""
    question = _question(ctx, program_id, question_id)
    return _edit_page(request, ctx, program_id, question, _values(question), [])


@router.post("/admin/programs/{program_id}/questions/{question_id}")
def change_question(
    request: Request,
    ctx: CurrentContext,
    program_id: PathId,
    question_id: PathId,
    wording: Wording = "",
    low_label: Label = "",
    high_label: Label = "",
    options: Options = "",
    required: Short = "",
) -> Response:
    """Change a question; once answered, new words make a new version."""
    values = {
        "wording": wording,
        "low_label": low_label,
        "high_label": high_label,
        "options": options,
        "required": required == "on",
    }
    try:
        changed = checkin_questions.change_question(
            ctx,
            program_id,
            question_id,
            wording,
            low_label,
            high_label,
            options.splitlines(),
            required == "on",
        )
    except InvalidInput as exc:
        question = _question(ctx, program_id, question_id)
        return _edit_page(request, ctx, program_id, question, values, problems_of(exc))
    tr = translator(request, ctx.actor)
    said = (
        tr(N_("Saved."))
        if changed.id == question_id
        else tr(
            N_("Saved as a new version: the earlier words keep their answers, and are retired.")
        )
    )
    return see_other(request, _questions_url(program_id), said)


def _retiring(tr: Translator, ctx: Context, program_id: int, question_id: int) -> Confirmation:
    question = _question(ctx, program_id, question_id)
    return Confirmation(
        title=tr(N_("Stop asking “%(wording)s”?"), wording=question.wording),
        consequences=[
            tr(
                N_(
                    "Check-ins stop asking it from now on; a retired question cannot be asked "
                    "again (add a new one instead)."
                )
            ),
            tr(
                N_(
                    "Its %(count)s answer(s) stay, and the program report keeps showing them as "
                    "“no longer asked”."
                ),
                count=question.answers,
            ),
        ],
        action=f"{_questions_url(program_id)}/{question_id}/retire",
        button=tr(N_("Stop asking it")),
        back=_questions_url(program_id),
        back_label=tr(N_("Keep asking it")),
    )


@router.get("/admin/programs/{program_id}/questions/{question_id}/retire")
def confirm_retire(
    request: Request, ctx: CurrentContext, program_id: PathId, question_id: PathId
) -> Response:
    """Ask before retiring a question, saying what happens to its answers."""
    return ask(request, _retiring(translator(request, ctx.actor), ctx, program_id, question_id))


@router.post("/admin/programs/{program_id}/questions/{question_id}/retire")
def retire_question(
    request: Request,
    ctx: CurrentContext,
    program_id: PathId,
    question_id: PathId,
    confirm: Short = "",
) -> Response:
    """Retire a question once confirmed; its answers stay."""
    tr = translator(request, ctx.actor)
    if not is_confirmed(confirm):
        return ask(request, _retiring(tr, ctx, program_id, question_id))
    retired = checkin_questions.retire_question(ctx, program_id, question_id)
    said = tr(N_("“%(wording)s” is no longer asked."), wording=retired.wording)
    return see_other(request, _questions_url(program_id), said)


@router.post("/admin/programs/{program_id}/questions/{question_id}/move")
def move_question(
    request: Request,
    ctx: CurrentContext,
    program_id: PathId,
    question_id: PathId,
    direction: Short = "",
) -> Response:
    """Ask a question one place earlier or later."""
    checkin_questions.move_question(ctx, program_id, question_id, direction)
    said = translator(request, ctx.actor)(N_("Order saved."))
    return see_other(request, _questions_url(program_id), said)
