"""Find a time: a pair's free slots, proposing one, and the other person's answer."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from growpath.domain.errors import Conflict, InvalidInput, Problem
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
from growpath.services import engagements, find_time
from growpath.services.context import Context
from growpath.services.find_time import ProposalView

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
Short = Annotated[str, Form(max_length=200)]
LENGTHS = (30, 45, 60, 90)
SCHEDULED = N_("Session scheduled for %(when)s. The invites are on their way by e-mail.")


def _page(
    request: Request,
    ctx: Context,
    engagement_id: int,
    minutes: int = find_time.DEFAULT_MINUTES,
    problems: list[Problem] | None = None,
    status_code: int = 200,
) -> Response:
    engagement = engagements.get_engagement(ctx, engagement_id)
    others = [m.name for m in engagement.members if m.person_id != ctx.actor.person_id]
    _ = translator(request, ctx.actor)
    context = {
        "engagement": engagement,
        "others": _(" and ").join(others),
        "lengths": LENGTHS,
        "minutes": minutes,
        "problems": problems or [],
        "found": None,
        "notice": "",
    }
    try:
        context["found"] = find_time.find_slots(ctx, engagement_id, minutes)
    except Conflict as exc:
        # A paused or finished engagement: nothing to schedule, said on the page.
        context["notice"] = exc.translated(_)
    except InvalidInput as exc:
        context["problems"] = [*(problems or []), *problems_of(exc)]
        status_code = 422
    return render(request, "engagement/find_a_time.html", context, status_code=status_code)


@router.get("/engagements/{engagement_id}/find-a-time")
def find_a_time(
    request: Request,
    ctx: CurrentContext,
    engagement_id: PathId,
    duration_minutes: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    """Read both people's calendars afresh and show the free slots, in the viewer's zone."""
    problems: list[Problem] = []
    minutes = form_int(duration_minutes, "duration_minutes", problems) if duration_minutes else None
    return _page(
        request,
        ctx,
        engagement_id,
        minutes or find_time.DEFAULT_MINUTES,
        problems,
        422 if problems else 200,
    )


@router.post("/engagements/{engagement_id}/find-a-time")
def propose(
    request: Request,
    ctx: CurrentContext,
    engagement_id: PathId,
    starts_at: Short = "",
    duration_minutes: Short = "",
) -> Response:
    """Propose the chosen slot to the other person (or schedule it, where the program says)."""
    problems: list[Problem] = []
    minutes = form_int(duration_minutes, "duration_minutes", problems) or 60
    start = _moment(starts_at, problems)
    if start is None:
        return _page(request, ctx, engagement_id, minutes, problems, 422)
    try:
        proposal = find_time.propose_slot(ctx, engagement_id, start, minutes)
    except Conflict as exc:
        return _page(request, ctx, engagement_id, minutes, [exc.as_problem("starts_at")], 409)
    except InvalidInput as exc:
        return _page(request, ctx, engagement_id, minutes, problems_of(exc), 422)
    _ = translator(request, ctx.actor)
    if proposal.session_id is not None:
        return see_other(
            request,
            f"/engagements/{engagement_id}#session-{proposal.session_id}",
            _(SCHEDULED, when=proposal.local),
        )
    return see_other(
        request,
        f"/engagements/{engagement_id}/find-a-time",
        _(
            "You proposed %(when)s. The other person is asked by e-mail to confirm it.",
            when=proposal.local,
        ),
    )


def _answered_meanwhile(
    request: Request, ctx: Context, proposal: ProposalView, exc: Conflict
) -> Response:
    # Taken meanwhile, answered, withdrawn or replaced: say so, beside fresh slots.
    return _page(
        request,
        ctx,
        proposal.engagement_id,
        proposal.duration_minutes,
        [exc.as_problem("starts_at")],
        409,
    )


@router.post("/slot-proposals/{slot_proposal_id}/confirm")
def confirm(request: Request, ctx: CurrentContext, slot_proposal_id: PathId) -> Response:
    """Confirm the other person's proposed slot: the session is scheduled, invites go out."""
    proposal = find_time.get_proposal(ctx, slot_proposal_id)
    try:
        confirmed = find_time.confirm_slot(ctx, slot_proposal_id)
    except Conflict as exc:
        return _answered_meanwhile(request, ctx, proposal, exc)
    return see_other(
        request,
        f"/engagements/{proposal.engagement_id}#session-{confirmed.session_id}",
        translator(request, ctx.actor)(SCHEDULED, when=confirmed.local),
    )


@router.post("/slot-proposals/{slot_proposal_id}/decline")
def decline(request: Request, ctx: CurrentContext, slot_proposal_id: PathId) -> Response:
    """Decline the other person's proposed slot; choosing another is on the same page."""
    proposal = find_time.get_proposal(ctx, slot_proposal_id)
    try:
        find_time.decline_slot(ctx, slot_proposal_id)
    except Conflict as exc:
        return _answered_meanwhile(request, ctx, proposal, exc)
    _ = translator(request, ctx.actor)
    return see_other(
        request,
        f"/engagements/{proposal.engagement_id}/find-a-time",
        _("You declined that time. Propose one that suits you below."),
    )


@router.post("/slot-proposals/{slot_proposal_id}/withdraw")
def withdraw(request: Request, ctx: CurrentContext, slot_proposal_id: PathId) -> Response:
    """Withdraw one's own proposed slot before the other person answers it."""
    proposal = find_time.get_proposal(ctx, slot_proposal_id)
    try:
        find_time.withdraw_slot(ctx, slot_proposal_id)
    except Conflict as exc:
        return _answered_meanwhile(request, ctx, proposal, exc)
    _ = translator(request, ctx.actor)
    return see_other(
        request,
        f"/engagements/{proposal.engagement_id}",
        _("You withdrew the time you proposed (%(when)s).", when=proposal.local),
    )


def _moment(raw: str, problems: list[Problem]) -> datetime | None:
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        problems.append(Problem.of(N_("choose one of the free slots"), "starts_at"))
        return None
    return moment
