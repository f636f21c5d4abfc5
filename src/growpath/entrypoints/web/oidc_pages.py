"""OpenID Connect single sign-on: leave for the provider, come back signed in, log out there.

The state, nonce and PKCE verifier live in the signed session cookie (HttpOnly, SameSite=Lax,
so it comes back with the provider's top-level redirect) and are used once.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from growpath.adapters.openid_provider import ProviderUnavailable
from growpath.domain.errors import AuthenticationFailed
from growpath.entrypoints.http.context import app_of, client_address
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.http.proxy import app_url
from growpath.entrypoints.web import oidc_client
from growpath.entrypoints.web.pages import landing_path, safe_next
from growpath.entrypoints.web.rendering import refusal_text, render, see_other
from growpath.entrypoints.web.security import log_in
from growpath.services import oidc_sign_in
from growpath.services.single_sign_on import record_refusal

router = APIRouter(include_in_schema=False)
SESSION_PENDING = "oidc_pending"
CALLBACK = "/auth/oidc/callback"


def _refused(request: Request, message: str, status_code: int) -> Response:
    return render(
        request, "account/sign_in_refused.html", {"message": message}, status_code=status_code
    )


def _not_offered(request: Request) -> Response:
    # A stale bookmark or a link from before GROWPATH_AUTH changed: the login page says why.
    tr = translator(request, None)
    return see_other(request, "/login", tr("Single sign-on is not turned on here."))


@router.get("/auth/oidc/login")
def oidc_login(request: Request, next: str = "") -> Response:
    """Send the browser to the identity provider to sign in."""
    app = app_of(request)
    if not app.settings.oidc_offered():
        return _not_offered(request)
    provider = oidc_client.provider(request)
    try:
        url, pending = oidc_sign_in.start(
            provider, app.settings.page_url(CALLBACK), safe_next(next)
        )
    except ProviderUnavailable as exc:
        message = f"{exc}; try again in a moment"
        record_refusal(app, oidc_sign_in.PROVIDER, "", message, client_address(request))
        return _refused(request, message, 503)
    request.session[SESSION_PENDING] = pending.stored()
    return RedirectResponse(url, status_code=303)


@router.get(CALLBACK)
def oidc_callback(request: Request) -> Response:
    """Come back from the identity provider: check everything, then log in."""
    app = app_of(request)
    if not app.settings.oidc_offered():
        return _not_offered(request)
    provider = oidc_client.provider(request)
    # Used once, whatever happens next: a replayed answer meets no pending sign-in.
    pending = oidc_sign_in.PendingSignIn.from_stored(request.session.pop(SESSION_PENDING, None))
    try:
        signed_in = oidc_sign_in.finish(
            app,
            provider,
            pending,
            dict(request.query_params),
            app.settings.page_url(CALLBACK),
            client_address(request),
        )
    except AuthenticationFailed as exc:
        return _refused(request, refusal_text(request, exc), 401)
    log_in(request, signed_in.actor, method="sso")
    request.session[oidc_client.SESSION_ID_TOKEN] = signed_in.id_token
    target = signed_in.next or landing_path(signed_in.actor)
    return RedirectResponse(app_url(request, target), status_code=303)
