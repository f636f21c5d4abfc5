"""Jinja2 rendering of pages, with the security context every page needs."""

from __future__ import annotations

from collections.abc import MutableMapping
from functools import cache
from pathlib import Path
from threading import Lock
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from starlette.responses import Response

from growpath.domain.accounts import Actor
from growpath.domain.errors import DomainError, InvalidInput, Problem
from growpath.entrypoints.http.context import app_of, optional_actor
from growpath.entrypoints.http.error_answers import detail_of
from growpath.entrypoints.http.language import request_locale, translator
from growpath.entrypoints.http.proxy import app_url
from growpath.entrypoints.web.form_fields import translated_field_label, translated_reason
from growpath.entrypoints.web.numberfmt import register as register_number_formats
from growpath.entrypoints.web.profile_form import time_zone_datalist
from growpath.entrypoints.web.security import csrf_token
from growpath.entrypoints.web.timefmt import register as register_time_formats
from growpath.template_gettext import install_gettext

TEMPLATES = Path(__file__).parent / "templates"
SESSION_FLASHES = "flashes"


class CompiledOnce(FileSystemLoader):
    """Templates from a folder, each compiled once however many requests first ask at once."""

    # Jinja compiles a template its cache lacks in whichever thread asks, with no lock: a
    # worker that has just started, meeting forty requests for one page, compiled it forty
    # times (tens of milliseconds of CPU each). Compiling under a lock, and keeping what was
    # compiled, makes the others wait for the first. Overriding load is safe here: no loader
    # that combines other loaders (which would call get_source instead) wraps this one.
    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self._compiled: dict[str, Template] = {}
        self._compiling = Lock()

    def load(
        self,
        environment: Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,  # noqa: A002 - Jinja's own name
    ) -> Template:
        """Return the named template, compiled by the first request that needed it."""
        with self._compiling:
            template = self._compiled.get(name)
            if template is None:
                template = self._compiled[name] = super().load(environment, name, globals)
            return template


@cache
def _templates(reload: bool, locale: str) -> Jinja2Templates:
    # Outside development the templates do not change under a running app: without the
    # reload check, a page and each of its includes skip a stat of their file per render,
    # and each is compiled once. In development an edited template is read again.
    # One environment per locale: its templates are compiled with their messages translated.
    loader = FileSystemLoader(TEMPLATES) if reload else CompiledOnce(TEMPLATES)
    environment = Environment(loader=loader, autoescape=select_autoescape(), auto_reload=reload)
    templates = Jinja2Templates(env=environment)
    register_time_formats(templates.env)
    register_number_formats(templates.env)
    install_gettext(templates.env, locale)
    templates.env.filters["field_label"] = translated_field_label
    templates.env.filters["reason"] = translated_reason
    templates.env.filters["upper_first"] = upper_first
    # Every form with a time zone suggests the same list (templates/_time_zones.html).
    templates.env.globals["time_zone_datalist"] = time_zone_datalist
    return templates


def upper_first(text: str) -> str:
    """Return text with its first letter upper-cased and every other letter as written."""
    # Jinja's |capitalize lower-cases the rest too, which misspells German nouns and names.
    return text[:1].upper() + text[1:]


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    """Render a page template with the actor, CSRF token and pending messages available."""
    actor = context.pop("actor", None) or optional_actor(request)
    # The templates' gettext reads it: each page in its reader's language.
    locale = request_locale(request, actor)
    full = {
        "actor": actor,
        "csrf_token": csrf_token(request),
        "flashes": request.session.pop(SESSION_FLASHES, []),
        # Every link and form in the templates starts with it, so pages work under a prefix.
        "root": request.scope.get("root_path", ""),
        **context,
        # Last: the environment's templates were compiled in this locale, so `_` says the
        # messages with values in it too.
        "locale": locale,
    }
    reload = app_of(request).settings.environment == "development"
    templates = _templates(reload, locale)
    return templates.TemplateResponse(request, name, full, status_code=status_code)


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
    return list(exc.problems) or [exc.as_problem()]


def refusal_text(request: Request, exc: DomainError, actor: Actor | None = None) -> str:
    """Return a refusal's message in the page's language, its values filled in."""
    return detail_of(exc, translator(request, actor))
