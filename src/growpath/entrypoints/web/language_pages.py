"""The language switcher in every page's footer: a person's choice, or a visitor's cookie."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from growpath.entrypoints.http.context import app_of, client_address, optional_actor
from growpath.entrypoints.http.forms import LanguageFields
from growpath.entrypoints.http.language import LOCALE_COOKIE
from growpath.entrypoints.http.proxy import app_url
from growpath.entrypoints.web.pages import safe_next
from growpath.entrypoints.web.security import csrf_protected
from growpath.services import languages
from growpath.services.context import Context

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
# A visitor's choice outlives a login session: a year, like the browser setting it stands for.
COOKIE_SECONDS = 365 * 24 * 3600


@router.post("/language")
def switch_language(request: Request, form: LanguageFields) -> Response:
    """Answer in the chosen language from now on, and show the page the switcher was on."""
    locale = languages.checked_locale(form.locale)
    actor = optional_actor(request)
    if actor is not None:
        ctx = Context(app=app_of(request), actor=actor, source_address=client_address(request))
        languages.choose_locale(ctx, locale)
    # A backslash reads as a slash to some browsers: "/\\evil.example" would leave the site.
    back = safe_next(form.back) if "\\" not in form.back else ""
    answer = RedirectResponse(app_url(request, back or "/"), status_code=303)
    # Kept for a person too: the login page after they log out speaks their language.
    settings = app_of(request).settings
    cookie_path = settings.root_path or "/"
    if locale is None:
        answer.delete_cookie(LOCALE_COOKIE, path=cookie_path)
    else:
        answer.set_cookie(
            LOCALE_COOKIE,
            locale,
            max_age=COOKIE_SECONDS,
            path=cookie_path,
            secure=settings.environment == "production",
            httponly=True,
            samesite="lax",
        )
    return answer
