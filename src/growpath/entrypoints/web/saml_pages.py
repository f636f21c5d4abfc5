"""SAML 2.0 single sign-on: start at the identity provider, receive its answer, come back in.

No CSRF dependency: the provider's page posts the answer to /auth/saml/acs from another site,
without the session cookie or its token. What protects the ACS is the answer itself (signed,
for growpath, current, answering a request growpath sent and has not seen answered) and the
browser secret checked when the browser returns (services/saml_sign_on.py explains it).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from growpath.adapters.saml_provider import SamlUnavailable
from growpath.domain.errors import DomainError
from growpath.entrypoints.http.context import app_of, client_address
from growpath.entrypoints.http.proxy import app_url
from growpath.entrypoints.web.pages import landing_path, login_page, safe_next
from growpath.entrypoints.web.rendering import refusal_text, see_other
from growpath.entrypoints.web.security import log_in
from growpath.services import saml_sign_on

router = APIRouter(include_in_schema=False)
SESSION_SAML = "saml_browser"
# A signed answer with a few dozen groups is some tens of kilobytes.
MAX_ANSWER = 500_000


def _unavailable(request: Request, exc: SamlUnavailable) -> Response:
    return login_page(request, "", str(exc), status_code=503)


def _saml_off(request: Request) -> Response | None:
    # Without SAML the addresses still answer, back to the login page with the reason.
    if app_of(request).settings.saml_offered():
        return None
    return see_other(request, "/login", "SAML sign-in is not set up here.")


@router.get("/auth/saml/login")
def saml_login(request: Request, next: str = "") -> Response:
    """Send the browser to the identity provider with a signed AuthnRequest."""
    if (off := _saml_off(request)) is not None:
        return off
    try:
        started = saml_sign_on.start(app_of(request), safe_next(next))
    except SamlUnavailable as exc:
        return _unavailable(request, exc)
    request.session[SESSION_SAML] = started.browser_secret
    return RedirectResponse(started.location, status_code=303)


@router.get("/auth/saml/metadata")
def saml_metadata(request: Request) -> Response:
    """Publish growpath's service provider metadata for the identity provider."""
    if (off := _saml_off(request)) is not None:
        return off
    try:
        metadata = app_of(request).saml.metadata()
    except SamlUnavailable as exc:
        return _unavailable(request, exc)
    return Response(metadata, media_type="application/samlmetadata+xml")


@router.post("/auth/saml/acs")
def saml_answer(
    request: Request,
    saml_response: Annotated[str, Form(alias="SAMLResponse", max_length=MAX_ANSWER)],
) -> Response:
    """Check the provider's answer, then bring the browser back with its own cookie."""
    if (off := _saml_off(request)) is not None:
        return off
    cookieless = not request.session
    try:
        saml_sign_on.receive(app_of(request), saml_response, client_address(request))
    except (DomainError, SamlUnavailable) as exc:
        page = (
            _unavailable(request, exc)
            if isinstance(exc, SamlUnavailable)
            else login_page(request, "", refusal_text(request, exc), status_code=401)
        )
        if cookieless:
            # The cross-site post brought no cookie: a fresh one sent back (the page's CSRF
            # token) would replace the browser's own session, and with it a login or a
            # sign-in under way, so anyone could log a visitor out by posting garbage here.
            request.session.clear()
        return page
    return RedirectResponse(app_url(request, "/auth/saml/acs"), status_code=303)


@router.get("/auth/saml/acs")
def saml_arrival(request: Request) -> Response:
    """Log in the person the answer named, if this browser started the sign-in."""
    if (off := _saml_off(request)) is not None:
        return off
    secret = request.session.pop(SESSION_SAML, "")
    try:
        actor, next_path = saml_sign_on.complete(
            app_of(request), secret if isinstance(secret, str) else "", client_address(request)
        )
    except DomainError as exc:
        return login_page(request, "", refusal_text(request, exc), status_code=401)
    log_in(request, actor, method="sso")
    return RedirectResponse(
        app_url(request, safe_next(next_path) or landing_path(actor)), status_code=303
    )
