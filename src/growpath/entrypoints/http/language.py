"""Which language a request is answered in: the person's choice, the browser's, the default."""

from __future__ import annotations

from fastapi import Request

from growpath.domain.accounts import Actor
from growpath.entrypoints.http.context import app_of
from growpath.i18n import Translator, negotiate, supported

# What the language switcher leaves in a browser: the choice of a visitor not logged in (the
# login page), and of a person after they log out.
LOCALE_COOKIE = "growpath_locale"


def request_locale(request: Request, actor: Actor | None) -> str:
    """Return the locale to answer in: the actor's preference, else the switcher's cookie,
    else Accept-Language, else the organisation's default (GROWPATH_DEFAULT_LOCALE)."""
    cached = getattr(request.state, "locale", None)
    if isinstance(cached, str):
        return cached
    chosen = supported(actor.locale) if actor is not None and actor.locale else None
    switched = supported(request.cookies.get(LOCALE_COOKIE, ""))
    locale = (
        chosen
        or switched
        or negotiate(request.headers.get("accept-language", ""))
        or app_of(request).settings.default_locale
    )
    request.state.locale = locale
    return locale


def translator(request: Request, actor: Actor | None) -> Translator:
    """Return the request's messages, in the language request_locale picks."""
    return Translator(request_locale(request, actor))
