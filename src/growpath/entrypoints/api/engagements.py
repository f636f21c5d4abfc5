"""API routes for engagements and their lifecycle."""

from __future__ import annotations

from fastapi import APIRouter

from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.program_schemas import EngagementChange
from growpath.entrypoints.http.question_schemas import CheckInAnswers
from growpath.entrypoints.http.schemas import ERRORS, PathId
from growpath.services import checkins, engagements, health
from growpath.services.checkins import CheckInView
from growpath.services.engagements import EngagementView
from growpath.services.health import PairHealth

router = APIRouter(prefix="/api/v1", tags=["engagements"], responses=ERRORS)


@router.get("/me/engagements", response_model=list[EngagementView])
def my_engagements(ctx: CurrentContext) -> list[EngagementView]:
    """List the engagements you are part of."""
    return list(engagements.my_engagements(ctx))


@router.get("/engagements/{engagement_id}", response_model=EngagementView)
def read_engagement(engagement_id: PathId, ctx: CurrentContext) -> EngagementView:
    """Return one engagement you are part of."""
    return engagements.get_engagement(ctx, engagement_id)


@router.post("/engagements/{engagement_id}/transitions", response_model=EngagementView)
def change_engagement(
    engagement_id: PathId, body: EngagementChange, ctx: CurrentContext
) -> EngagementView:
    """Start, pause, resume, complete, end early or renew; an invalid move answers 409."""
    return engagements.change_engagement(
        ctx, engagement_id, body.action, reason=body.reason, end_on=body.end_on
    )


@router.get("/programs/{program_id}/health", response_model=list[PairHealth])
def program_health(program_id: PathId, ctx: CurrentContext) -> list[PairHealth]:
    """Every pair of a program with its health (healthy, at risk, stalled) and the reasons."""
    return list(health.program_health(ctx, program_id))


@router.get("/me/checkins", response_model=list[CheckInView])
def my_checkins(ctx: CurrentContext) -> list[CheckInView]:
    """List your check-ins, unanswered first."""
    return list(checkins.my_checkins(ctx))


@router.post("/checkins/{checkin_id}/answer", response_model=CheckInView)
def answer_checkin(checkin_id: PathId, body: CheckInAnswers, ctx: CurrentContext) -> CheckInView:
    """Answer one of your check-ins, the program's own questions by id (see its questions)."""
    return checkins.answer_checkin(
        ctx,
        checkin_id,
        body.met_since_last,
        body.satisfaction,
        body.progress,
        body.comment,
        dict(body.answers),
    )
