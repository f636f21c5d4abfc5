"""Who is asking: the caller's context from a bearer token or the session cookie."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Actor
from growpath.domain.errors import AuthenticationFailed
from growpath.i18n import N_
from growpath.services import accounts, second_factor
from growpath.services.context import Context

SESSION_USER = "user_id"
SESSION_EPOCH = "epoch"
SESSION_ID = "sid"


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
    cookie = session_cookie(request)
    return accounts.actor_for_session(app, *cookie) if cookie else None


def session_cookie(request: Request) -> tuple[int, int, str] | None:
    """Return the user id, epoch and session id the session cookie carries, if any."""
    user_id = request.session.get(SESSION_USER)
    epoch = request.session.get(SESSION_EPOCH)
    session_id = request.session.get(SESSION_ID)
    if isinstance(user_id, int) and isinstance(epoch, int) and isinstance(session_id, str):
        return user_id, epoch, session_id
    return None


def _logged_in(request: Request) -> Context:
    actor = optional_actor(request)
    if actor is None:
        raise AuthenticationFailed(N_("log in first: send a bearer token or a session cookie"))
    # Imported here: language.py reads app_of from this module.
    from growpath.entrypoints.http.language import request_locale

    return Context(
        app=app_of(request),
        actor=actor,
        source_address=client_address(request),
        locale=request_locale(request, actor),
    )


def request_context(request: Request) -> Context:
    """Dependency for API routes and pages: the caller's context, or 401; while a one-time
    password stands, 403 (pages: the password form) for everything but the password change;
    for an admin without two-step login (and not on SSO), 403 (pages: its set-up page)."""
    ctx = two_step_setup_context(request)
    second_factor.require_second_factor(ctx.actor)
    return ctx


def two_step_setup_context(request: Request) -> Context:
    """Dependency for the two-step login pages: the caller's context, or 401; 403 while a
    one-time password stands."""
    ctx = _logged_in(request)
    accounts.require_password_settled(ctx.actor)
    return ctx


def password_change_context(request: Request) -> Context:
    """Dependency for the password change itself: the caller's context, or 401."""
    return _logged_in(request)


# A handler parameter: the logged-in caller's context (anonymous callers get 401 or the login page).
CurrentContext = Annotated[Context, Depends(request_context)]
# The same, also for an admin who must still set up two-step login.
TwoStepSetupContext = Annotated[Context, Depends(two_step_setup_context)]
# The same, also for an account that must still replace its one-time password.
PasswordChangeContext = Annotated[Context, Depends(password_change_context)]
# A handler parameter: the logged-in actor, or None for an anonymous visitor.
OptionalActor = Annotated[Actor | None, Depends(optional_actor)]
