"""Reflection pages: the private journal with its prompts, sharing an entry with the guide,
and preparing the pair's next session."""

from __future__ import annotations

from functools import reduce
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from growpath.domain.engagements import PARTICIPANT
from growpath.domain.errors import Conflict, InvalidInput, Problem
from growpath.domain.reflection import MAX_ENTRY_CHARS
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.form_fields import form_int
from growpath.entrypoints.web.rendering import problems_of, refusal_problem, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.i18n import N_, Translator
from growpath.services import engagements, reflection
from growpath.services.context import Context

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
Short = Annotated[str, Form(max_length=20)]
Text = Annotated[str, Form(max_length=2 * MAX_ENTRY_CHARS)]


def _journal(
    request: Request,
    ctx: Context,
    chosen_prompt: int | None = None,
    values: dict[str, str] | None = None,
    problems: list[Problem] | None = None,
    status_code: int = 200,
) -> Response:
    mine = [
        e
        for e in engagements.my_engagements(ctx)
        if any(m.person_id == ctx.actor.person_id and m.role == PARTICIPANT for m in e.members)
    ]
    prompts = reflection.my_prompts(ctx)
    tr = translator(request, ctx.actor)
    guides = {e.id: _and(tr, [m.name for m in e.members if m.role != PARTICIPANT]) for e in mine}
    return render(
        request,
        "participant/journal.html",
        {
            "prompts": prompts,
            "chosen": chosen_prompt,
            "entries": reflection.my_journal(ctx),
            "engagements": mine,
            "programs": {e.id: e.program_name for e in mine},
            "engagement_options": [
                (
                    e.id,
                    tr(
                        N_("%(program)s with %(guides)s"),
                        program=e.program_name,
                        guides=guides[e.id],
                    ),
                )
                for e in mine
            ],
            "guides": guides,
            "values": values or {},
            "problems": problems or [],
        },
        status_code=status_code,
    )


def _and(tr: Translator, names: list[str]) -> str:
    # "A and B", as the reader's language joins the guides of a pair.
    if not names:
        return ""
    return reduce(
        lambda items, last: tr(N_("%(items)s and %(last)s"), items=items, last=last), names
    )


@router.get("/journal")
def journal(
    request: Request,
    ctx: CurrentContext,
    prompt: Annotated[str, Query(max_length=12)] = "",
) -> Response:
    """Show your reflection prompts, a form to write, and your own journal entries."""
    problems: list[Problem] = []
    chosen = form_int(prompt, "prompt", problems) if prompt else None
    return _journal(request, ctx, chosen, problems=problems, status_code=422 if problems else 200)


@router.post("/journal")
def write(
    request: Request,
    ctx: CurrentContext,
    engagement_id: Short = "",
    text: Text = "",
    prompt_id: Short = "",
    shared: Short = "",
) -> Response:
    """Add an entry to your journal, sealed; shared with your guide if you ticked the box."""
    problems: list[Problem] = []
    engagement = form_int(engagement_id, "engagement_id", problems)
    prompt = form_int(prompt_id, "prompt_id", problems) if prompt_id else None
    values = {"engagement_id": engagement_id, "text": text, "shared": shared}
    if engagement is None and not problems:
        reason = translator(request, ctx.actor)(N_("choose the engagement this entry is about"))
        problems.append(Problem(reason, "engagement_id"))
    if problems or engagement is None:
        return _journal(request, ctx, prompt, values, problems, 422)
    try:
        reflection.write_entry(ctx, engagement, text, prompt_id=prompt, shared=shared == "on")
    except InvalidInput as exc:
        return _journal(request, ctx, prompt, values, problems_of(exc), 422)
    except Conflict as exc:
        return _journal(request, ctx, prompt, values, [refusal_problem(exc, "text")], 409)
    tr = translator(request, ctx.actor)
    message = (
        tr(N_("Your reflection is saved and shared with your guide."))
        if shared == "on"
        else tr(N_("Your reflection is saved: only you can read it."))
    )
    return see_other(request, "/journal", message)


@router.post("/journal-entries/{journal_entry_id}/share")
def share(request: Request, ctx: CurrentContext, journal_entry_id: PathId) -> Response:
    """Share one of your entries with your guide."""
    reflection.share_entry(ctx, journal_entry_id, shared=True)
    message = translator(request, ctx.actor)(
        N_("Shared: your guide sees this entry when preparing.")
    )
    return see_other(request, "/journal", message)


@router.post("/journal-entries/{journal_entry_id}/unshare")
def unshare(request: Request, ctx: CurrentContext, journal_entry_id: PathId) -> Response:
    """Stop sharing one of your entries with your guide."""
    reflection.share_entry(ctx, journal_entry_id, shared=False)
    message = translator(request, ctx.actor)(N_("No longer shared: only you can read this entry."))
    return see_other(request, "/journal", message)


@router.get("/engagements/{engagement_id}/prepare")
def prepare(request: Request, ctx: CurrentContext, engagement_id: PathId) -> Response:
    """Show what prepares the pair's next session (its two people only)."""
    return render(
        request,
        "engagement/prepare.html",
        {"view": reflection.prepare(ctx, engagement_id)},
    )
