"""API routes for practice triads: your triads, the observer's feedback, moving a round on, and
(for a program's admins) forming triads and seeing their states."""

from __future__ import annotations

from fastapi import APIRouter

from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.schemas import ERRORS, PathId
from growpath.entrypoints.http.triad_schemas import (
    TriadAdvance,
    TriadFeedbackCreate,
    TriadFormation,
)
from growpath.services import triads
from growpath.services.triads import TriadPlan, TriadState, TriadSummary, TriadView

router = APIRouter(prefix="/api/v1", tags=["practice triads"], responses=ERRORS)


@router.get("/me/triads", response_model=list[TriadSummary])
def my_triads(ctx: CurrentContext) -> list[TriadSummary]:
    """List your practice triads and the role you play in each one's current round."""
    return triads.my_triads(ctx)


@router.get("/triads/{triad_id}", response_model=TriadView)
def get_triad(triad_id: PathId, ctx: CurrentContext) -> TriadView:
    """Show a triad you are in: its rounds, roles, scenario briefs and feedback (members only)."""
    return triads.get_triad(ctx, triad_id)


@router.post("/triads/{triad_id}/feedback", response_model=TriadView)
def record_feedback(triad_id: PathId, body: TriadFeedbackCreate, ctx: CurrentContext) -> TriadView:
    """Record or revise your feedback as the current round's observer (409 for other roles)."""
    return triads.record_feedback(ctx, triad_id, body.open_questions, body.listening, body.try_next)


@router.post("/triads/{triad_id}/advance", response_model=TriadState)
def advance_round(triad_id: PathId, body: TriadAdvance, ctx: CurrentContext) -> TriadState:
    """Move the triad on from from_round: a member once its feedback is in, or an admin.

    409 if the round already moved on (someone else was first) or has no feedback yet.
    """
    return triads.advance_round(ctx, triad_id, body.from_round)


@router.get("/programs/{program_id}/triads", response_model=list[TriadState])
def program_triads(program_id: PathId, ctx: CurrentContext) -> list[TriadState]:
    """List a program's triads: members and round numbers, never feedback (its admins)."""
    return triads.program_triads(ctx, program_id)


@router.get("/programs/{program_id}/triads/preview", response_model=TriadPlan)
def preview_triads(program_id: PathId, ctx: CurrentContext) -> TriadPlan:
    """Show the triads forming would make of the enrolled people not yet practising."""
    return triads.preview_triads(ctx, program_id)


@router.post("/programs/{program_id}/triads", response_model=list[TriadState], status_code=201)
def form_triads(program_id: PathId, body: TriadFormation, ctx: CurrentContext) -> list[TriadState]:
    """Form the program's triads; with a preview's plan, 409 if the enrolments changed since."""
    return triads.form_triads(ctx, program_id, body.plan)
