"""Learning pages: the modules due for one's roles, reading and completing one, and the
organisation admins' page to add their own modules and hide shipped ones."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.modules import AUDIENCES, KINDS, MAX_BODY
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.http.learning_schemas import Slug
from growpath.entrypoints.web.form_fields import form_int
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.i18n import N_
from growpath.services import competencies, learning
from growpath.services.context import Context

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
Short = Annotated[str, Form(max_length=1000)]
# Each audience's track, translated where shown.
AUDIENCE_TEXT = {
    "manager": N_("Managers: coaching skills"),
    "mentor": N_("Mentors: onboarding"),
    "coach": N_("Coaches: onboarding"),
    "mentee": N_("Mentees and coachees: onboarding"),
}
# The weekly practice log another part of growpath serves; the manager track links to it.
PRACTICE_PATH = "/practice"


def _theme_names(ctx: Context) -> dict[str, str]:
    # A module is tagged with theme keys; a reader sees each theme by the name the
    # organisation's taxonomy gives it, as sessions and lessons show it.
    return {theme.key: theme.name for theme in competencies.list_themes(ctx)}


@router.get("/learn")
def learn(request: Request, ctx: CurrentContext) -> Response:
    """List the training due for the viewer's roles, every track and the resource library."""
    mine = learning.learning(ctx)
    tracks = [
        (a, AUDIENCE_TEXT[a], [m for m in mine.modules if m.audience == a]) for a in AUDIENCES
    ]
    return render(
        request,
        "learn/index.html",
        {
            "actor": ctx.actor,
            "learning": mine,
            "tracks": tracks,
            "practice_path": PRACTICE_PATH,
            "theme_names": _theme_names(ctx),
        },
    )


@router.get("/learn/{slug}")
def read(request: Request, ctx: CurrentContext, slug: Slug) -> Response:
    """Show one module with its practice prompt, and a button to mark it complete."""
    module = learning.read_module(ctx, slug)
    return render(
        request,
        "learn/module.html",
        {
            "actor": ctx.actor,
            "module": module,
            "track": AUDIENCE_TEXT[module.audience],
            "practice_path": PRACTICE_PATH,
            "theme_names": _theme_names(ctx),
        },
    )


@router.post("/learn/{slug}/complete")
def complete(request: Request, ctx: CurrentContext, slug: Slug) -> Response:
    """Mark the module complete for the viewer and go back to it."""
    module = learning.complete_module(ctx, slug)
    message = translator(request, ctx.actor)(N_("Marked “%(title)s” complete."), title=module.title)
    return see_other(request, f"/learn/{slug}", message)


# The admin form's audiences and kinds, translated where shown.
AUDIENCE_NAMES = {
    "manager": N_("manager"),
    "mentor": N_("mentor"),
    "coach": N_("coach"),
    "mentee": N_("mentee"),
}
KIND_NAMES = {"module": N_("module"), "resource": N_("resource")}


def _admin_page(
    request: Request,
    ctx: Context,
    values: dict[str, str] | None = None,
    problems: list[Problem] | None = None,
    status_code: int = 200,
) -> Response:
    tr = translator(request, ctx.actor)
    return render(
        request,
        "admin/modules.html",
        {
            "actor": ctx.actor,
            "modules": learning.admin_modules(ctx),
            "audiences": [(a, tr(AUDIENCE_NAMES[a])) for a in AUDIENCES],
            "kinds": [(k, tr(KIND_NAMES[k])) for k in KINDS],
            "values": values or {"audience": "manager", "kind": "module", "minutes": "10"},
            "problems": problems or [],
        },
        status_code=status_code,
    )


@router.get("/admin/modules")
def admin_modules(request: Request, ctx: CurrentContext) -> Response:
    """List every module, hidden ones included, with a form to add the organisation's own."""
    return _admin_page(request, ctx)


@router.post("/admin/modules")
def add_module(
    request: Request,
    ctx: CurrentContext,
    slug: Annotated[str, Form(max_length=200)] = "",
    title: Annotated[str, Form(max_length=400)] = "",
    audience: Annotated[str, Form(max_length=20)] = "",
    kind: Annotated[str, Form(max_length=20)] = "",
    themes: Short = "",
    minutes: Annotated[str, Form(max_length=10)] = "",
    practice: Short = "",
    body: Annotated[str, Form(max_length=MAX_BODY)] = "",
) -> Response:
    """Add a module or resource of the organisation's own."""
    values = {
        "slug": slug,
        "title": title,
        "audience": audience,
        "kind": kind,
        "themes": themes,
        "minutes": minutes,
        "practice": practice,
        "body": body,
    }
    problems: list[Problem] = []
    fields: dict[str, object] = {
        "title": title,
        "audience": audience,
        "kind": kind,
        "themes": [t.strip() for t in themes.split(",") if t.strip()],
        "minutes": form_int(minutes, "minutes", problems),
    }
    if practice.strip():
        fields["practice"] = practice
    try:
        if problems:
            raise InvalidInput(problems)
        module = learning.add_module(ctx, slug, fields, body)
    except InvalidInput as exc:
        return _admin_page(request, ctx, values, problems_of(exc), 422)
    said = translator(request, ctx.actor)(N_("Added “%(title)s”."), title=module.title)
    return see_other(request, f"/learn/{module.slug}", said)


@router.post("/admin/modules/{slug}/hide")
def hide(request: Request, ctx: CurrentContext, slug: Slug) -> Response:
    """Hide a module from everyone; it is no longer listed or required."""
    module = learning.hide_module(ctx, slug)
    said = translator(request, ctx.actor)(N_("“%(title)s” is hidden."), title=module.title)
    return see_other(request, "/admin/modules", said)


@router.post("/admin/modules/{slug}/show")
def show(request: Request, ctx: CurrentContext, slug: Slug) -> Response:
    """Show a hidden module again."""
    module = learning.show_module(ctx, slug)
    said = translator(request, ctx.actor)(N_("“%(title)s” is shown again."), title=module.title)
    return see_other(request, "/admin/modules", said)
