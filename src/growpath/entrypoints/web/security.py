"""Who is asking: bearer tokens and session cookies, CSRF tokens for forms."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Actor
from growpath.domain.errors import AuthenticationFailed, PermissionDenied
from growpath.services import accounts
from growpath.services.context import Context

SESSION_USER = "user_id"
SESSION_EPOCH = "epoch"
SESSION_CSRF = "csrf"


def app_of(request: Request) -> Growpath:
    """Return the growpath application serving this request."""
    app: Growpath = request.app.state.growpath
    return app


def client_address(request: Request) -> str:
    """Return the caller's address, for the audit trail."""
    return request.client.host if request.client else ""


def optional_actor(request: Request) -> Actor | None:
    """Return the logged-in actor from a bearer token or the session cookie, if any."""
    app = app_of(request)
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token:
        return accounts.actor_for_token(app, token.strip())
    user_id = request.session.get(SESSION_USER)
    epoch = request.session.get(SESSION_EPOCH)
    if isinstance(user_id, int) and isinstance(epoch, int):
        return accounts.actor_for_session(app, user_id, epoch)
    return None


def request_context(request: Request) -> Context:
    """Dependency for API routes and pages: the caller's context, or 401."""
    actor = optional_actor(request)
    if actor is None:
        raise AuthenticationFailed("log in first: send a bearer token or a session cookie")
    return Context(app=app_of(request), actor=actor, source_address=client_address(request))


def csrf_token(request: Request) -> str:
    """Return the session's CSRF token, creating it when missing."""
    token = request.session.get(SESSION_CSRF)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(24)
        request.session[SESSION_CSRF] = token
    return token


def check_csrf(request: Request, submitted: str) -> None:
    """Refuse a form post whose CSRF token does not match the session's."""
    expected = request.session.get(SESSION_CSRF)
    if not isinstance(expected, str) or not hmac.compare_digest(expected, submitted):
        raise PermissionDenied("the form expired or came from elsewhere; reload and try again")


def log_in(request: Request, actor: Actor) -> None:
    """Start a login session for the actor (a fresh session stops fixation)."""
    request.session.clear()
    request.session[SESSION_USER] = actor.user_id
    request.session[SESSION_EPOCH] = accounts.session_epoch(app_of(request), actor.user_id)
    csrf_token(request)
