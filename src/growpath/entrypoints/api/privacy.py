"""API routes for consent, a manager's view of consenting reports, and logging out everywhere."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.schemas import ERRORS, PathId
from growpath.services import accounts, consents, digests, layering, trajectory
from growpath.services.consents import ConsentView
from growpath.services.layering import FocusAreas
from growpath.services.trajectory import Trajectory

router = APIRouter(prefix="/api/v1", tags=["privacy"], responses=ERRORS)


class ConsentChange(BaseModel):
    """Give (true) or withdraw (false) a consent."""

    granted: bool


@router.get("/me/consents", response_model=list[ConsentView])
def my_consents(ctx: CurrentContext) -> list[ConsentView]:
    """List what you share, and with whom."""
    return list(consents.my_consents(ctx))


@router.put("/me/consents/{kind}", response_model=list[ConsentView])
def set_consent(kind: str, body: ConsentChange, ctx: CurrentContext) -> list[ConsentView]:
    """Give or withdraw one consent (manager_trajectory or layering)."""
    return list(consents.set_consent(ctx, kind, body.granted))


@router.get("/me/reports")
def my_reports(ctx: CurrentContext) -> list[dict[str, Any]]:
    """List your direct reports and whether each shares their trajectory with you."""
    return [
        {"person_id": pid, "name": name, "shares_trajectory": shares}
        for pid, name, shares in trajectory.my_reports(ctx)
    ]


@router.get("/people/{person_id}/trajectory", response_model=Trajectory)
def report_trajectory(person_id: PathId, ctx: CurrentContext) -> Trajectory:
    """A direct report's trajectory (sessions held, goals met, growth) if they consented."""
    return trajectory.report_trajectory(ctx, person_id)


@router.post("/me/logout-everywhere")
def logout_everywhere(ctx: CurrentContext) -> dict[str, int]:
    """End all your login sessions and revoke all your API tokens."""
    return {"tokens_revoked": accounts.logout_everywhere(ctx)}


@router.get("/engagements/{engagement_id}/layering", response_model=list[FocusAreas])
def layered_focus(engagement_id: PathId, ctx: CurrentContext) -> list[FocusAreas]:
    """The participant's other engagements' focus areas (goals, competencies), with consent."""
    return list(layering.layered_focus(ctx, engagement_id))


class DigestChange(BaseModel):
    """Turn the weekly digest e-mail off (true) or on (false)."""

    opt_out: bool


@router.put("/me/digest")
def set_digest(body: DigestChange, ctx: CurrentContext) -> dict[str, bool]:
    """Turn your weekly digest e-mail off or on."""
    return {"opt_out": digests.set_digest(ctx, body.opt_out)}
