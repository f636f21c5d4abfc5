"""Page security: CSRF tokens for form posts, and starting a login session."""

from __future__ import annotations

import secrets

from fastapi import Request

from growpath.domain.accounts import Actor
from growpath.domain.errors import PermissionDenied
from growpath.entrypoints.http.context import (
    SESSION_EPOCH,
    SESSION_ID,
    SESSION_USER,
    app_of,
    session_cookie,
)
from growpath.entrypoints.http.csrf import CSRF_HEADER, SAFE_METHODS, SESSION_CSRF, token_matches
from growpath.services import accounts

CSRF_FIELD = "csrf"


def csrf_token(request: Request) -> str:
    """Return the session's CSRF token, creating it when missing."""
    token = request.session.get(SESSION_CSRF)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(24)
        request.session[SESSION_CSRF] = token
    return token


def check_csrf(request: Request, submitted: str) -> None:
    """Refuse a form post whose CSRF token does not match the session's."""
    if not token_matches(request, submitted):
        raise PermissionDenied("the form expired or came from elsewhere; reload and try again")


async def csrf_protected(request: Request) -> None:
    """Router dependency: refuse a page's write without the session's CSRF token.

    The token comes in the form's ``csrf`` field, or in an ``X-CSRF-Token`` header (htmx).
    Starlette keeps the parsed form on the request, so the handler reads it again for free.
    """
    if request.method in SAFE_METHODS:
        return
    submitted = request.headers.get(CSRF_HEADER)
    if submitted is None:
        field = (await request.form()).get(CSRF_FIELD)
        submitted = field if isinstance(field, str) else ""
    check_csrf(request, submitted)


def log_in(request: Request, actor: Actor) -> None:
    """Start a login session for the actor (a fresh session stops fixation)."""
    log_out(request)
    login = accounts.start_session(app_of(request), actor)
    request.session[SESSION_USER] = login.user_id
    request.session[SESSION_EPOCH] = login.epoch
    request.session[SESSION_ID] = login.session_id
    csrf_token(request)


def log_out(request: Request) -> None:
    """End the login session on the server too, so a copy of the cookie stops working."""
    cookie = session_cookie(request)
    if cookie is not None:
        user_id, _, session_id = cookie
        accounts.end_session(app_of(request), user_id, session_id)
    request.session.clear()
