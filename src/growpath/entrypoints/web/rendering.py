"""Jinja2 rendering of pages, with the security context every page needs."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from growpath.entrypoints.web.security import csrf_token, optional_actor

TEMPLATES = Path(__file__).parent / "templates"


@cache
def _templates() -> Jinja2Templates:
    return Jinja2Templates(directory=TEMPLATES)


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    """Render a page template with the actor and CSRF token available to it."""
    full = {
        "actor": context.pop("actor", None) or optional_actor(request),
        "csrf_token": csrf_token(request),
        **context,
    }
    return _templates().TemplateResponse(request, name, full, status_code=status_code)
