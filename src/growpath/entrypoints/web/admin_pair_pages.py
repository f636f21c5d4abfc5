"""Admins act on a pair from the health board: nudge it, write to it, end it to re-match."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from growpath.domain.errors import InvalidInput, Problem
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.i18n import N_, Translator
from growpath.services import pair_support, programs
from growpath.services.context import Context

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])


def _both(tr: Translator, names: tuple[str, ...]) -> str:
    if len(names) == 2:
        return tr(N_("%(first)s and %(second)s"), first=names[0], second=names[1])
    return tr(N_(" and ")).join(names) or tr(N_("nobody"))


def _refused(
    request: Request,
    ctx: Context,
    engagement_id: int,
    problems: list[Problem],
    typed: dict[str, str],
) -> Response:
    # The pair's actions again, with what was typed and what to correct; nothing was changed.
    pair = pair_support.pair_summary(ctx, engagement_id)
    return render(
        request,
        "admin/pair_actions.html",
        {
            "actor": ctx.actor,
            "program": programs.get_program(ctx, pair.program_id),
            "engagement_id": engagement_id,
            "members": _both(translator(request, ctx.actor), pair.members),
            "problems": problems,
            "typed": typed,
        },
        status_code=422,
    )


@router.post("/admin/engagements/{engagement_id}/nudge")
def nudge(request: Request, ctx: CurrentContext, engagement_id: PathId) -> Response:
    """Send the pair the health nudge of what the board finds about it."""
    done = pair_support.nudge_pair(ctx, engagement_id)
    tr = translator(request, ctx.actor)
    message = (
        tr(N_("Nudged %(members)s by e-mail."), members=_both(tr, done.members))
        if done.reached
        else tr(N_("Nothing sent: they were nudged today already, or turned reminders off."))
    )
    return see_other(request, f"/admin/programs/{done.program_id}/health", message)


@router.post("/admin/engagements/{engagement_id}/message")
def write_to_pair(
    request: Request,
    ctx: CurrentContext,
    engagement_id: PathId,
    message: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Send both members a short message from the admin."""
    try:
        done = pair_support.message_pair(ctx, engagement_id, message)
    except InvalidInput as exc:
        return _refused(request, ctx, engagement_id, problems_of(exc), {"message": message})
    tr = translator(request, ctx.actor)
    said = tr(N_("Your message is on its way to %(members)s."), members=_both(tr, done.members))
    return see_other(request, f"/admin/programs/{done.program_id}/health", said)


@router.post("/admin/engagements/{engagement_id}/rematch")
def rematch(
    request: Request,
    ctx: CurrentContext,
    engagement_id: PathId,
    reason: Annotated[str, Form(max_length=500)] = "",
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """End the engagement so its participant waits for a new match, once confirmed."""
    typed = {"reason": reason}
    tr = translator(request, ctx.actor)
    if confirm != "yes":
        problems = [Problem(tr(N_("tick the box to confirm that the engagement ends")), "confirm")]
        return _refused(request, ctx, engagement_id, problems, typed)
    try:
        done = pair_support.rematch_pair(ctx, engagement_id, reason)
    except InvalidInput as exc:
        return _refused(request, ctx, engagement_id, problems_of(exc), typed)
    said = tr(
        N_("The engagement has ended; %(members)s will be matched again in the next match run."),
        members=_both(tr, done.members),
    )
    return see_other(request, f"/admin/programs/{done.program_id}/health", said)
