"""API routes for learning modules: read, complete, the organisation's own, a program's
onboarding completion, and the resources suggested to a pair."""

from __future__ import annotations

from fastapi import APIRouter

from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.learning_schemas import ModuleCreate, Slug
from growpath.entrypoints.http.schemas import ERRORS, PathId
from growpath.services import learning, resources, training
from growpath.services.learning import AdminModule, Learning, ModuleView
from growpath.services.resources import ResourceSuggestion
from growpath.services.training import ProgramTraining

router = APIRouter(prefix="/api/v1", tags=["learning"], responses=ERRORS)


@router.get("/modules", response_model=Learning)
def list_modules(ctx: CurrentContext) -> Learning:
    """List the training due for your roles, every module and every resource."""
    return learning.learning(ctx)


@router.get("/modules/{slug}", response_model=ModuleView)
def read_module(slug: Slug, ctx: CurrentContext) -> ModuleView:
    """Read one module: its Markdown, its safe HTML, its practice prompt and your completion."""
    return learning.read_module(ctx, slug)


@router.post("/modules/{slug}/complete", response_model=ModuleView)
def complete_module(slug: Slug, ctx: CurrentContext) -> ModuleView:
    """Mark a module complete for yourself (again: no change)."""
    return learning.complete_module(ctx, slug)


@router.get("/admin/modules", response_model=list[AdminModule])
def admin_modules(ctx: CurrentContext) -> list[AdminModule]:
    """List every module, hidden ones included (organisation admins)."""
    return learning.admin_modules(ctx)


@router.post("/admin/modules", response_model=ModuleView, status_code=201)
def add_module(body: ModuleCreate, ctx: CurrentContext) -> ModuleView:
    """Add a module or resource of the organisation's own (organisation admins)."""
    return learning.add_module(ctx, body.slug, body.fields(), body.body)


@router.post("/admin/modules/{slug}/hide", response_model=AdminModule)
def hide_module(slug: Slug, ctx: CurrentContext) -> AdminModule:
    """Hide a module from everyone; it is no longer listed or required (organisation admins)."""
    return learning.hide_module(ctx, slug)


@router.post("/admin/modules/{slug}/show", response_model=AdminModule)
def show_module(slug: Slug, ctx: CurrentContext) -> AdminModule:
    """Show a hidden module again (organisation admins)."""
    return learning.show_module(ctx, slug)


@router.get("/programs/{program_id}/training", response_model=ProgramTraining)
def program_training(program_id: PathId, ctx: CurrentContext) -> ProgramTraining:
    """Show a program's onboarding requirement, completion per role and who still waits."""
    return training.program_training(ctx, program_id)


@router.get("/engagements/{engagement_id}/resources", response_model=list[ResourceSuggestion])
def engagement_resources(engagement_id: PathId, ctx: CurrentContext) -> list[ResourceSuggestion]:
    """Suggest resources from the library that fit the pair's goals (the pair only)."""
    return resources.suggested_resources(ctx, engagement_id)
