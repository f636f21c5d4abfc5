"""API routes for programs, track templates, triage and the competency framework."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from growpath.domain.programs import track_templates
from growpath.domain.triage import questionnaire
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.program_schemas import (
    ProgramAdminsSet,
    ProgramCreate,
    ProgramStatusChange,
    ProgramUpdate,
    TriageAnswers,
)
from growpath.entrypoints.http.schemas import ERRORS, PathId
from growpath.services import competencies, program_admins, programs, triage
from growpath.services.competencies import CompetencyView
from growpath.services.program_admins import ProgramAdminView
from growpath.services.programs import ProgramView

router = APIRouter(prefix="/api/v1", tags=["programs"], responses=ERRORS)


@router.get("/tracks")
def list_tracks(ctx: CurrentContext) -> list[dict[str, Any]]:
    """List the shipped track templates, their names and purposes in the caller's language."""
    return track_templates(ctx.locale)


@router.get("/programs", response_model=list[ProgramView])
def list_programs(
    ctx: CurrentContext,
    status: Annotated[str | None, Query(description="draft, open or closed (admins)")] = None,
) -> list[ProgramView]:
    """List the open programs, and every program you administer."""
    return list(programs.list_programs(ctx, status))


@router.post("/programs", response_model=ProgramView, status_code=201)
def create_program(body: ProgramCreate, ctx: CurrentContext) -> ProgramView:
    """Create a program in draft, from scratch or from a track template."""
    fields = body.model_dump(exclude_unset=True, exclude={"template"})
    if body.template:
        return programs.create_from_template(ctx, body.template, overrides=fields)
    return programs.create_program(ctx, fields)


@router.get("/programs/{program_id}", response_model=ProgramView)
def read_program(program_id: PathId, ctx: CurrentContext) -> ProgramView:
    """Return one program."""
    return programs.get_program(ctx, program_id)


@router.patch("/programs/{program_id}", response_model=ProgramView)
def update_program(program_id: PathId, body: ProgramUpdate, ctx: CurrentContext) -> ProgramView:
    """Change some fields of a program."""
    return programs.update_program(ctx, program_id, body.model_dump(exclude_unset=True))


@router.post("/programs/{program_id}/status", response_model=ProgramView)
def change_status(
    program_id: PathId, body: ProgramStatusChange, ctx: CurrentContext
) -> ProgramView:
    """Open a program for enrolment, or close it."""
    return programs.set_status(ctx, program_id, body.status)


@router.get("/programs/{program_id}/admins", response_model=list[ProgramAdminView])
def list_program_admins(program_id: PathId, ctx: CurrentContext) -> list[ProgramAdminView]:
    """List the accounts administering a program (its administrators and org admins)."""
    return list(program_admins.list_program_admins(ctx, program_id))


@router.put("/programs/{program_id}/admins", response_model=list[ProgramAdminView])
def set_program_admins(
    program_id: PathId, body: ProgramAdminsSet, ctx: CurrentContext
) -> list[ProgramAdminView]:
    """Name exactly the accounts that administer a program (organisation admins)."""
    return list(program_admins.set_program_admins(ctx, program_id, body.emails))


@router.get("/triage")
def read_questionnaire(ctx: CurrentContext) -> dict[str, Any]:
    """Return the triage questionnaire in the caller's language (Accept-Language)."""
    return questionnaire(ctx.locale)


@router.post("/triage")
def take_triage(body: TriageAnswers, ctx: CurrentContext) -> dict[str, Any]:
    """Answer the questionnaire: coaching, mentoring or both, why, and the programs that fit."""
    outcome = triage.take_triage(ctx, body.answers)
    result = outcome.result
    return {
        "recommendation": result.recommendation,
        "coaching_score": result.coaching_score,
        "mentoring_score": result.mentoring_score,
        "reasons": list(result.reasons),
        "programs": [
            {"id": p.id, "name": p.name, "kind": p.kind, "format": p.format, "purpose": p.purpose}
            for p in outcome.programs
        ],
    }


@router.get("/competencies", response_model=list[CompetencyView])
def list_competencies(ctx: CurrentContext) -> list[CompetencyView]:
    """Return the competency framework."""
    return list(competencies.list_competencies(ctx))


@router.patch("/competencies/{key}", response_model=CompetencyView)
def update_competency(key: str, body: dict[str, Any], ctx: CurrentContext) -> CompetencyView:
    """Edit a competency (administrators)."""
    return competencies.update_competency(ctx, key, body)
