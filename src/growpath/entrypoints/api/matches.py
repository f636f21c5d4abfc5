"""API routes for enrolment and the match workflow."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.program_schemas import (
    CapacityChange,
    EnrolmentCreate,
    GuideRequest,
    MatchApproval,
    MatchRunCreate,
    ProposalResponse,
)
from growpath.entrypoints.http.schemas import ERRORS, PathId
from growpath.services import enrolment, matching, self_service
from growpath.services.enrolment import EnrolmentView
from growpath.services.matching import ProposalView, RunView
from growpath.services.self_service import Recommendation

router = APIRouter(prefix="/api/v1", tags=["enrolment and matching"], responses=ERRORS)


@router.post("/programs/{program_id}/enrolments", response_model=EnrolmentView, status_code=201)
def enrol(program_id: PathId, body: EnrolmentCreate, ctx: CurrentContext) -> EnrolmentView:
    """Enrol in an open program as mentee, coachee, mentor or coach."""
    fields = body.model_dump(exclude_unset=True, exclude={"role", "person_id"})
    return enrolment.enrol(ctx, program_id, body.role, fields, person_id=body.person_id)


@router.get("/programs/{program_id}/enrolments", response_model=list[EnrolmentView])
def list_program_enrolments(program_id: PathId, ctx: CurrentContext) -> list[EnrolmentView]:
    """List a program's enrolments (administrators)."""
    return list(enrolment.list_enrolments(ctx, program_id))


@router.get("/me/enrolments", response_model=list[EnrolmentView])
def list_my_enrolments(ctx: CurrentContext) -> list[EnrolmentView]:
    """List your own enrolments."""
    return list(enrolment.list_enrolments(ctx, mine=True))


@router.post("/enrolments/{enrolment_id}/withdraw", response_model=EnrolmentView)
def withdraw(enrolment_id: PathId, ctx: CurrentContext) -> EnrolmentView:
    """Withdraw an enrolment; its pending proposals lapse."""
    return enrolment.withdraw(ctx, enrolment_id)


@router.post("/enrolments/{enrolment_id}/capacity", response_model=EnrolmentView)
def change_capacity(
    enrolment_id: PathId, body: CapacityChange, ctx: CurrentContext
) -> EnrolmentView:
    """Change a guide's capacity; never below the seats their running pairs and offers hold."""
    return enrolment.set_capacity(ctx, enrolment_id, body.capacity)


@router.post("/programs/{program_id}/match-runs", response_model=RunView, status_code=201)
def run_matching(program_id: PathId, body: MatchRunCreate, ctx: CurrentContext) -> RunView:
    """Run the optimiser: accepted and pending pairs stay; every new pair is explained."""
    return matching.run_matching(ctx, program_id, body.mode)


@router.get("/match-runs/{run_id}", response_model=RunView)
def read_run(run_id: PathId, ctx: CurrentContext) -> RunView:
    """Return a run with every proposal and its per-factor explanation (administrators)."""
    return matching.get_run(ctx, run_id)


@router.post("/match-runs/{run_id}/approve", response_model=RunView)
def approve(run_id: PathId, body: MatchApproval, ctx: CurrentContext) -> RunView:
    """Approve all or some proposals; each side then has a week to answer."""
    return matching.approve(ctx, run_id, body.proposal_ids)


@router.get("/me/proposals", response_model=list[ProposalView])
def my_proposals(
    ctx: CurrentContext,
    status: Annotated[str | None, Query(max_length=20)] = None,
) -> list[ProposalView]:
    """List the proposals you are part of."""
    return [p for p in matching.my_proposals(ctx) if status is None or p.status == status]


@router.post("/proposals/{proposal_id}/response", response_model=ProposalView)
def respond(proposal_id: PathId, body: ProposalResponse, ctx: CurrentContext) -> ProposalView:
    """Accept or decline a proposal; when both sides accept, the engagement is created."""
    return matching.respond(ctx, proposal_id, body.accept)


@router.get("/programs/{program_id}/recommendations", response_model=list[Recommendation])
def recommendations(
    program_id: PathId,
    ctx: CurrentContext,
    limit: Annotated[int, Query(ge=1, le=self_service.MAX_RECOMMENDATIONS)] = 5,
) -> list[Recommendation]:
    """Your best-fitting guides in a self-service program, each with its reasons."""
    return list(self_service.recommendations(ctx, program_id, limit))


@router.post("/programs/{program_id}/requests", response_model=ProposalView, status_code=201)
def request_guide(program_id: PathId, body: GuideRequest, ctx: CurrentContext) -> ProposalView:
    """Request one guide; a second request while one is pending answers 409."""
    return self_service.request_guide(ctx, program_id, body.mentor_enrolment_id)
