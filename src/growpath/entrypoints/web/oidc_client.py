"""The application's one OpenID Connect provider client, and the logout address it gives."""

from __future__ import annotations

from fastapi import Request

from growpath.adapters.openid_provider import OpenIdProvider
from growpath.entrypoints.http.context import app_of
from growpath.settings import Settings

SESSION_ID_TOKEN = "oidc_id_token"  # noqa: S105 - the session key, not a token


def provider_of(settings: Settings) -> OpenIdProvider:
    """Return the provider the settings describe (no network until first used)."""
    secret = settings.oidc_client_secret
    return OpenIdProvider(
        settings.oidc_issuer or "",
        settings.oidc_client_id or "",
        secret.get_secret_value() if secret is not None else None,
        settings.oidc_scopes,
    )


def provider(request: Request) -> OpenIdProvider:
    """Return the application's provider client (callers check that single sign-on is on)."""
    settings = app_of(request).settings
    state = request.app.state
    # One per application, built on first use: discovery and keys are kept between logins.
    found: OpenIdProvider | None = getattr(state, "oidc_provider", None)
    if found is None:
        found = state.oidc_provider = provider_of(settings)
    return found


def provider_logout_url(request: Request) -> str | None:
    """Return the provider's logout address when this session signed in through it."""
    hint = request.session.get(SESSION_ID_TOKEN)
    settings = app_of(request).settings
    if not isinstance(hint, str) or not settings.oidc_offered():
        return None
    return provider(request).end_session_url(hint, settings.page_url("/login"))
