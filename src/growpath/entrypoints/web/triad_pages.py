"""Practice triad pages: a member's triads and rounds, the observer's feedback, moving a round
on; for a program's admins, forming triads (preview, then confirm) and their states."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from growpath.domain.errors import Conflict, InvalidInput, Problem
from growpath.domain.triads import FEEDBACK_LIMIT
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.form_fields import form_int
from growpath.entrypoints.web.rendering import (
    problems_of,
    render,
    see_other,
)
from growpath.entrypoints.web.security import csrf_protected
from growpath.i18n import N_
from growpath.services import programs, triads
from growpath.services.context import Context

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
Feedback = Annotated[str, Form(max_length=FEEDBACK_LIMIT + 200)]
Short = Annotated[str, Form(max_length=20)]


@router.get("/triads")
def my_triads(request: Request, ctx: CurrentContext) -> Response:
    """List the viewer's practice triads and what they play in each current round."""
    return render(request, "triads/list.html", {"triads": triads.my_triads(ctx)})


def _triad_page(
    request: Request,
    ctx: Context,
    triad_id: int,
    problems: list[Problem] | None = None,
    entered: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    triad = triads.get_triad(ctx, triad_id)
    mine = triad.my_feedback
    values = entered or (
        {
            "open_questions": mine.open_questions,
            "listening": mine.listening,
            "try_next": mine.try_next,
        }
        if mine
        else {}
    )
    return render(
        request,
        "triads/triad.html",
        {"triad": triad, "problems": problems or [], "values": values},
        status_code=status_code,
    )


@router.get("/triads/{triad_id}")
def triad_page(request: Request, ctx: CurrentContext, triad_id: PathId) -> Response:
    """Show a triad to one of its members: the round, the roles, the briefs and the feedback."""
    return _triad_page(request, ctx, triad_id)


@router.post("/triads/{triad_id}/feedback")
def record_feedback(
    request: Request,
    ctx: CurrentContext,
    triad_id: PathId,
    open_questions: Feedback = "",
    listening: Feedback = "",
    try_next: Feedback = "",
) -> Response:
    """Record the observer's feedback on the coach's questions in the current round."""
    entered = {"open_questions": open_questions, "listening": listening, "try_next": try_next}
    try:
        triad = triads.record_feedback(ctx, triad_id, open_questions, listening, try_next)
    except InvalidInput as exc:
        return _triad_page(request, ctx, triad_id, problems_of(exc), entered, 422)
    except Conflict as exc:
        return _triad_page(request, ctx, triad_id, [exc.as_problem()], entered, 409)
    said = translator(request, ctx.actor)(
        N_("Your feedback on round %(round)s is recorded; the triad can move on."),
        round=triad.current_round,
    )
    return see_other(request, f"/triads/{triad_id}#feedback", said)


@router.post("/triads/{triad_id}/advance")
def advance_round(
    request: Request, ctx: CurrentContext, triad_id: PathId, from_round: Short = ""
) -> Response:
    """Move the triad on to its next round, once the observer's feedback is in."""
    problems: list[Problem] = []
    number = form_int(from_round, "from_round", problems)
    if number is None:
        return _triad_page(request, ctx, triad_id, problems, status_code=422)
    try:
        state = triads.advance_round(ctx, triad_id, number)
    except Conflict as exc:
        return _triad_page(request, ctx, triad_id, [exc.as_problem()], status_code=409)
    tr = translator(request, ctx.actor)
    message = (
        tr(N_("Every round is played: the practice is complete."))
        if state.status == "finished"
        else tr(
            N_("Round %(round)s begins: look at your new role and brief."),
            round=state.current_round,
        )
    )
    return see_other(request, f"/triads/{triad_id}", message)


def _admin_page(
    request: Request,
    ctx: Context,
    program_id: int,
    problems: list[Problem] | None = None,
    status_code: int = 200,
    notice: str = "",
) -> Response:
    states = triads.program_triads(ctx, program_id)
    return render(
        request,
        "triads/admin.html",
        {
            "program": programs.get_program(ctx, program_id),
            "triads": states,
            "problems": problems or [],
            "notice": notice,
        },
        status_code=status_code,
    )


@router.get("/admin/programs/{program_id}/triads")
def program_triads(request: Request, ctx: CurrentContext, program_id: PathId) -> Response:
    """Show a program's practice triads: members and round numbers, never their feedback."""
    return _admin_page(request, ctx, program_id)


@router.get("/admin/programs/{program_id}/triads/preview")
def preview_triads(request: Request, ctx: CurrentContext, program_id: PathId) -> Response:
    """Show the triads forming would make, for the admin to confirm."""
    try:
        plan = triads.preview_triads(ctx, program_id)
    except InvalidInput as exc:
        # Nothing to form is an answer, not a mistake in what the admin asked.
        return _admin_page(
            request,
            ctx,
            program_id,
            notice=exc.problems[0].translated(translator(request, ctx.actor)),
        )
    return render(request, "triads/preview.html", {"plan": plan, "problems": []})


@router.post("/admin/programs/{program_id}/triads")
def form_triads(
    request: Request,
    ctx: CurrentContext,
    program_id: PathId,
    plan: Annotated[str, Form(max_length=20000)] = "",
) -> Response:
    """Form the previewed triads; a preview gone stale is shown again, changed."""
    try:
        formed = triads.form_triads(ctx, program_id, plan)
    except InvalidInput as exc:
        return _admin_page(request, ctx, program_id, problems_of(exc), 422)
    except Conflict as exc:
        return render(
            request,
            "triads/preview.html",
            {"plan": triads.preview_triads(ctx, program_id), "problems": [exc.as_problem()]},
            status_code=409,
        )
    said = translator(request, ctx.actor).plural(
        "Formed %(n)d practice triad; round 1 begins.",
        "Formed %(n)d practice triads; round 1 begins.",
        len(formed),
    )
    return see_other(request, f"/admin/programs/{program_id}/triads", said)


@router.post("/admin/triads/{triad_id}/advance")
def admin_advance_round(
    request: Request, ctx: CurrentContext, triad_id: PathId, from_round: Short = ""
) -> Response:
    """Move a triad of a program the admin runs on to its next round, feedback or not."""
    tr = translator(request, ctx.actor)
    problems: list[Problem] = []
    number = form_int(from_round, "from_round", problems)
    if number is None:
        return see_other(request, "/admin", tr(N_("Choose the round to move on from.")))
    try:
        state = triads.advance_round(ctx, triad_id, number)
    except Conflict as exc:
        return see_other(request, "/admin", exc.translated(tr))
    said = (
        tr(N_("Triad %(triad)s is now finished."), triad=state.id)
        if state.status == "finished"
        else tr(
            N_("Triad %(triad)s is now in round %(round)s."),
            triad=state.id,
            round=state.current_round,
        )
    )
    return see_other(request, f"/admin/programs/{state.program_id}/triads", said)
