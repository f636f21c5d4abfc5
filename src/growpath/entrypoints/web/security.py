"""Page security: CSRF tokens for form posts, and starting a login session.

A password login to an account with two-step login on is not a login yet: the cookie session
holds only a pending second step (the account's id, when the password was checked, and the
page to go on to), which the code page turns into a login session within
``SECOND_STEP_LIFETIME``. How a session began (password or SSO) is kept on the server, in its
``login_sessions`` row, where the admin pages' two-step rule reads it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import Request

from growpath.domain.accounts import Actor, LoginMethod
from growpath.domain.errors import PermissionDenied
from growpath.entrypoints.http.context import (
    SESSION_EPOCH,
    SESSION_ID,
    SESSION_USER,
    app_of,
    session_cookie,
)
from growpath.entrypoints.http.csrf import CSRF_HEADER, SAFE_METHODS, SESSION_CSRF, token_matches
from growpath.i18n import N_
from growpath.services import accounts

CSRF_FIELD = "csrf"
SECOND_STEP_USER = "second_step_user"
SECOND_STEP_SINCE = "second_step_since"
SECOND_STEP_NEXT = "second_step_next"
# Long enough to open the app and type a code; short, since the password alone got here.
SECOND_STEP_LIFETIME = timedelta(minutes=5)


@dataclass(frozen=True)
class PendingSecondStep:
    """A password accepted for an account that still owes its second step."""

    user_id: int
    next: str


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
        raise PermissionDenied(N_("the form expired or came from elsewhere; reload and try again"))


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


def log_in(request: Request, actor: Actor, *, method: str = LoginMethod.PASSWORD) -> None:
    """Start a login session for the actor (a fresh session stops fixation); ``method`` says
    how the person proved who they are, "password" or "sso": SSO sessions need no two-step
    login here."""
    log_out(request)
    login = accounts.start_session(app_of(request), actor, LoginMethod(method))
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


def await_second_step(request: Request, actor: Actor, next: str) -> None:
    """Hold a password login until its second step: nobody is logged in meanwhile."""
    log_out(request)
    request.session[SECOND_STEP_USER] = actor.user_id
    request.session[SECOND_STEP_SINCE] = app_of(request).clock.now().isoformat()
    request.session[SECOND_STEP_NEXT] = next
    csrf_token(request)


def pending_second_step(request: Request) -> PendingSecondStep | None:
    """Return the second step this browser owes, or None when there is none or it expired."""
    user_id = request.session.get(SECOND_STEP_USER)
    since = request.session.get(SECOND_STEP_SINCE)
    next = request.session.get(SECOND_STEP_NEXT, "")
    if not isinstance(user_id, int) or not isinstance(since, str) or not isinstance(next, str):
        return None
    try:
        started = datetime.fromisoformat(since)
    except ValueError:
        return None
    if app_of(request).clock.now() - started > SECOND_STEP_LIFETIME:
        return None
    return PendingSecondStep(user_id=user_id, next=next)
