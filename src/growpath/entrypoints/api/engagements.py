"""API routes for engagements and their lifecycle."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from growpath.entrypoints.api.program_schemas import EngagementChange
from growpath.entrypoints.api.schemas import ERRORS
from growpath.entrypoints.web.security import request_context
from growpath.services import engagements, health
from growpath.services.context import Context
from growpath.services.engagements import EngagementView
from growpath.services.health import PairHealth

router = APIRouter(prefix="/api/v1", tags=["engagements"], responses=ERRORS)


@router.get("/me/engagements", response_model=list[EngagementView])
def my_engagements(ctx: Context = Depends(request_context)) -> list[EngagementView]:
    """List the engagements you are part of."""
    return list(engagements.my_engagements(ctx))


@router.get("/engagements/{engagement_id}", response_model=EngagementView)
def read_engagement(engagement_id: int, ctx: Context = Depends(request_context)) -> EngagementView:
    """Return one engagement you are part of."""
    return engagements.get_engagement(ctx, engagement_id)


@router.post("/engagements/{engagement_id}/transitions", response_model=EngagementView)
def change_engagement(
    engagement_id: int, body: EngagementChange, ctx: Context = Depends(request_context)
) -> EngagementView:
    """Start, pause, resume, complete, end early or renew; an invalid move answers 409."""
    return engagements.change_engagement(
        ctx, engagement_id, body.action, reason=body.reason, end_on=body.end_on
    )


@router.get("/programs/{program_id}/health", response_model=list[PairHealth])
def program_health(program_id: int, ctx: Context = Depends(request_context)) -> list[PairHealth]:
    """Every pair of a program with its health (healthy, at risk, stalled) and the reasons."""
    return list(health.program_health(ctx, program_id))
