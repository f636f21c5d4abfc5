"""Jinja2 rendering of pages, with the security context every page needs."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from growpath.domain.errors import InvalidInput, Problem
from growpath.entrypoints.http.context import optional_actor
from growpath.entrypoints.http.proxy import app_url
from growpath.entrypoints.web.form_fields import field_label
from growpath.entrypoints.web.profile_form import time_zones
from growpath.entrypoints.web.security import csrf_token
from growpath.entrypoints.web.timefmt import register as register_time_formats

TEMPLATES = Path(__file__).parent / "templates"
SESSION_FLASHES = "flashes"


@cache
def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATES)
    register_time_formats(templates.env)
    templates.env.filters["field_label"] = field_label
    # Every form with a time zone suggests the same list (templates/_time_zones.html).
    templates.env.globals["time_zones"] = time_zones
    return templates


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    """Render a page template with the actor, CSRF token and pending messages available."""
    full = {
        "actor": context.pop("actor", None) or optional_actor(request),
        "csrf_token": csrf_token(request),
        "flashes": request.session.pop(SESSION_FLASHES, []),
        # Every link and form in the templates starts with it, so pages work under a prefix.
        "root": request.scope.get("root_path", ""),
        **context,
    }
    return _templates().TemplateResponse(request, name, full, status_code=status_code)


def flash(request: Request, message: str) -> None:
    """Keep a message to show on the next page the visitor sees (after a redirect)."""
    request.session[SESSION_FLASHES] = [*request.session.get(SESSION_FLASHES, []), message]


def see_other(request: Request, url: str, message: str = "") -> RedirectResponse:
    """Finish a form post: remember the message and redirect (post/redirect/get) to a path."""
    if message:
        flash(request, message)
    return RedirectResponse(app_url(request, url), status_code=303)


def problems_of(exc: InvalidInput) -> list[Problem]:
    """Return the problems of an invalid input, or its message as one problem."""
    return list(exc.problems) or [Problem(reason=exc.message)]
