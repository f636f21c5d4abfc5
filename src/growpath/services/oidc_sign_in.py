"""Signing in through an OpenID Connect provider: authorization code flow with PKCE.

``start`` draws the state, nonce and PKCE verifier the browser's session keeps and returns
where to send the browser; ``finish`` checks the state the provider sent back, exchanges the
code, verifies the ID token and lets ``single_sign_on.admit`` decide who comes in. Every
refusal is audited (provider, subject when known, reason; never a code or token).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from growpath.adapters.openid_provider import (
    OpenIdProvider,
    ProviderRefused,
    ProviderUnavailable,
    VerifiedLogin,
)
from growpath.domain.accounts import Actor
from growpath.domain.errors import AuthenticationFailed
from growpath.domain.single_sign_on import SsoProvider
from growpath.i18n import N_
from growpath.services.context import Collaborators as Growpath
from growpath.services.single_sign_on import SsoIdentity, admit, record_refusal

PROVIDER = SsoProvider.OIDC.value
STALE = N_("this sign-in was started elsewhere or has expired; start again from the login page")


@dataclass(frozen=True)
class PendingSignIn:
    """What the browser's session keeps between leaving for the provider and coming back."""

    state: str
    nonce: str
    verifier: str
    next: str

    def stored(self) -> dict[str, str]:
        """Return the values to keep in the session."""
        return asdict(self)

    @classmethod
    def from_stored(cls, stored: object) -> PendingSignIn | None:
        """Return the pending sign-in a session kept, or None when there is none."""
        if not isinstance(stored, dict):
            return None
        try:
            return cls(**{k: str(stored[k]) for k in ("state", "nonce", "verifier", "next")})
        except KeyError:
            return None


@dataclass(frozen=True)
class SignedIn:
    """Who signed in, and the ID token kept as the hint of a later provider logout."""

    actor: Actor
    id_token: str
    next: str


def start(provider: OpenIdProvider, redirect_uri: str, next: str) -> tuple[str, PendingSignIn]:
    """Return the provider's sign-in address and what the session must keep until the return."""
    pending = PendingSignIn(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        # RFC 7636: 43 to 128 characters; 64 random bytes give 86.
        verifier=secrets.token_urlsafe(64),
        next=next,
    )
    url = provider.authorization_url(redirect_uri, pending.state, pending.nonce, pending.verifier)
    return url, pending


def finish(
    app: Growpath,
    provider: OpenIdProvider,
    pending: PendingSignIn | None,
    answer: Mapping[str, str],
    redirect_uri: str,
    source_address: str,
) -> SignedIn:
    """Check the provider's answer and return who signed in, or refuse (audited)."""
    try:
        kept, verified = _verified(app, provider, pending, answer, redirect_uri)
    except AuthenticationFailed as exc:
        record_refusal(app, PROVIDER, "", exc.message, source_address)
        raise
    actor = admit(app, _identity(app, verified.claims), source_address)
    return SignedIn(actor, verified.id_token, kept.next)


def _verified(
    app: Growpath,
    provider: OpenIdProvider,
    pending: PendingSignIn | None,
    answer: Mapping[str, str],
    redirect_uri: str,
) -> tuple[PendingSignIn, VerifiedLogin]:
    if error := answer.get("error"):
        raise AuthenticationFailed(
            N_("the identity provider did not sign you in (%(error)s); start again"),
            error=error[:100],
        )
    state = answer.get("state", "")
    if pending is None or not hmac.compare_digest(state.encode(), pending.state.encode()):
        raise AuthenticationFailed(STALE)
    code = answer.get("code", "")
    if not code:
        raise AuthenticationFailed(N_("the identity provider sent no sign-in code; start again"))
    try:
        tokens = provider.exchange(code, redirect_uri, pending.verifier)
        return pending, provider.verify(tokens, pending.nonce, app.clock.now())
    except ProviderRefused as exc:
        raise AuthenticationFailed(str(exc)) from None
    except ProviderUnavailable as exc:
        raise AuthenticationFailed(N_("%(error)s; try again in a moment"), error=str(exc)) from None


def _identity(app: Growpath, claims: Mapping[str, Any]) -> SsoIdentity:
    settings = app.settings
    email = claims.get(settings.oidc_email_claim)
    # An address the provider itself says it has not verified does not match anyone.
    if claims.get("email_verified") is False:
        email = None
    employee_id = (
        claims.get(settings.oidc_employee_id_claim) if settings.oidc_employee_id_claim else None
    )
    groups = claims.get(settings.oidc_groups_claim, [])
    if isinstance(groups, str):
        groups = [groups]
    name = claims.get("name")
    return SsoIdentity(
        provider=PROVIDER,
        subject=str(claims["sub"]),
        email=email if isinstance(email, str) else None,
        employee_id=str(employee_id) if isinstance(employee_id, str | int) else None,
        groups=frozenset(g for g in groups if isinstance(g, str))
        if isinstance(groups, list)
        else frozenset(),
        name=name if isinstance(name, str) else None,
    )
