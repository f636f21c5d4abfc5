"""Admins' matching pages: run the optimiser, review each proposal's explanation, approve."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from growpath.domain.errors import Conflict, InvalidInput, Problem
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.admin_program_pages import program_page_with
from growpath.entrypoints.web.rendering import problems_of, refusal_problem, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.i18n import N_
from growpath.services import match_runs, matching, programs, training
from growpath.services.context import Context

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
MODE_TEXT = {
    "optimal": N_("optimal (highest total score)"),
    "max_matched": N_("most matched"),
    "stable": N_("stable (no pair would rather swap)"),
}


@router.post("/admin/programs/{program_id}/match-runs")
def run_matching(
    request: Request,
    ctx: CurrentContext,
    program_id: PathId,
    mode: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Run the optimiser on a program and show the run for review."""
    try:
        run = matching.run_matching(ctx, program_id, mode or None)
    except (Conflict, InvalidInput) as exc:
        # Shown where the admin pressed the button, so a reload does not re-post elsewhere.
        problems = problems_of(exc) if isinstance(exc, InvalidInput) else [refusal_problem(exc)]
        return program_page_with(request, ctx, program_id, match_problems=problems)
    said = translator(request, ctx.actor).plural(
        "Matching proposed %(n)d new pair; review and approve them.",
        "Matching proposed %(n)d new pairs; review and approve them.",
        len(run.proposals),
    )
    return see_other(request, f"/admin/match-runs/{run.id}", said)


def _run_page(
    request: Request, ctx: Context, run_id: int, problems: list[Problem] | None = None
) -> Response:
    run = matching.get_run(ctx, run_id)
    tr = translator(request, ctx.actor)
    return render(
        request,
        "admin/run.html",
        {
            "actor": ctx.actor,
            "run": run,
            "program": programs.get_program(ctx, run.program_id),
            "unmatched": match_runs.unmatched_people(ctx, run.stats.get("unmatched") or []),
            "mode_text": tr(MODE_TEXT[run.mode]) if run.mode in MODE_TEXT else run.mode,
            "training": training.program_training(ctx, run.program_id),
            "problems": problems or [],
        },
        status_code=422 if problems else 200,
    )


@router.get("/admin/match-runs/{run_id}")
def review_run(request: Request, ctx: CurrentContext, run_id: PathId) -> Response:
    """Show a run's totals and every proposal with its score and per-factor explanation."""
    return _run_page(request, ctx, run_id)


@router.post("/admin/match-runs/{run_id}/approve")
def approve_run(
    request: Request,
    ctx: CurrentContext,
    run_id: PathId,
    scope: Annotated[str, Form(max_length=20)] = "all",
    proposal_ids: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Approve all proposals of a run, or the ones ticked; each side then has time to answer."""
    tr = translator(request, ctx.actor)
    chosen: list[int] | None = None
    if scope == "selected":
        chosen = [int(pid) for pid in proposal_ids or [] if pid.isdigit()]
        if not chosen:
            reason = tr(N_("tick at least one proposal, or approve them all"))
            problems = [Problem(reason, "proposal_ids")]
            return _run_page(request, ctx, run_id, problems)
    try:
        run = matching.approve(ctx, run_id, chosen)
    except InvalidInput as exc:
        return _run_page(request, ctx, run_id, problems_of(exc))
    approved = sum(1 for p in run.proposals if p.status == "approved")
    said = tr.plural(
        "Approved: %(n)d pair now waits for both sides' answer.",
        "Approved: %(n)d pairs now wait for both sides' answer.",
        approved,
    )
    return see_other(request, f"/admin/match-runs/{run_id}", said)
