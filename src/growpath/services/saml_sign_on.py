"""SAML single sign-on: start a sign-in, accept the provider's answer, let the browser in.

The answer reaches /auth/saml/acs as a cross-site POST from the provider's page. The session
cookie is SameSite=Lax, so that POST carries none, and it needs no CSRF token (the provider
cannot know it). So the sign-in is kept in the database, not the session: the request id that
the answer's InResponseTo must name, one use only, and the digest of a secret the starting
browser keeps in its session. The ACS checks the answer and stores the identity with the
request; the browser then comes back with an ordinary same-site GET, which does carry the
cookie, and only the browser holding the secret gets in. Someone who posts their own answer
into another person's browser (login CSRF) therefore signs nobody in.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import NoReturn

from growpath.adapters.orm import SamlRequestRow
from growpath.adapters.saml_provider import SamlRefused, VerifiedAssertion, in_response_to
from growpath.domain.accounts import Actor
from growpath.domain.audit import DENIED
from growpath.domain.errors import AuthenticationFailed
from growpath.i18n import N_
from growpath.services.accounts import token_digest
from growpath.services.context import Collaborators as Growpath
from growpath.services.single_sign_on import SsoIdentity, admit
from growpath.settings import Settings

# Time to sign in at the provider (a password, a second factor) and come back.
REQUEST_LIFETIME = timedelta(minutes=10)
EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
MAX_SUBJECT = 255


@dataclass(frozen=True)
class SamlStart:
    """Where to send the browser, and the secret it keeps in its session until it is back."""

    location: str
    browser_secret: str


def start(app: Growpath, next_path: str) -> SamlStart:
    """Send a signed AuthnRequest and remember it, and the browser, until it is answered."""
    now = app.clock.now()
    request_id, location = app.saml.start()
    secret = secrets.token_urlsafe(32)
    with app.uow() as uow:
        uow.saml.remove_expired(now)
        uow.saml.add(
            SamlRequestRow(
                request_id=request_id,
                browser_digest=token_digest(secret),
                next_path=next_path,
                created_at=now,
                expires_at=now + REQUEST_LIFETIME,
            )
        )
        uow.commit()
    return SamlStart(location, secret)


def receive(app: Growpath, saml_response: str, source_address: str) -> None:
    """Check the provider's answer and keep the identity for the browser that asked."""
    now = app.clock.now()
    try:
        request_id = in_response_to(saml_response)
    except SamlRefused as exc:
        _refuse(app, exc.reason, source_address)
    with app.uow() as uow:
        request = uow.saml.by_request_id(request_id)
        if request is None or request.expires_at <= now or request.answered_at is not None:
            _refuse(
                app,
                "the answer does not belong to a sign-in under way: it was used already, or "
                "the sign-in expired",
                source_address,
                request_id,
            )
        try:
            verified = app.saml.verify(saml_response, request_id)
            identity = _identity(verified, app.settings)
        except SamlRefused as exc:
            # The sign-in ends with its refused answer: the person starts again.
            request.answered_at = now
            uow.commit()
            _refuse(app, exc.reason, source_address, request_id)
        if not uow.saml.remember_assertion(verified.assertion_id, verified.expires_at):
            uow.rollback()
            _refuse(app, "this assertion was used already", source_address, request_id)
        request.answered_at = now
        request.identity = {
            "subject": identity.subject,
            "email": identity.email,
            "employee_id": identity.employee_id,
            "groups": sorted(identity.groups),
        }
        uow.audit.record(
            now,
            None,
            "sso.saml.answer",
            "saml_request",
            request_id,
            source_address,
            detail={"subject": identity.subject},
        )
        uow.commit()


def complete(app: Growpath, browser_secret: str, source_address: str) -> tuple[Actor, str]:
    """Admit the person the answer names, for the browser that started the sign-in."""
    now = app.clock.now()
    with app.uow() as uow:
        request = uow.saml.by_browser(token_digest(browser_secret)) if browser_secret else None
        if request is None or request.identity is None or request.expires_at <= now:
            reason = "no SAML sign-in of this browser is waiting: start again"
            _refuse(app, reason, source_address)
        stored, next_path = dict(request.identity), request.next_path
        uow.saml.remove(request)
        uow.commit()
    identity = SsoIdentity(
        provider="saml",
        subject=str(stored["subject"]),
        email=stored.get("email"),
        employee_id=stored.get("employee_id"),
        groups=frozenset(stored.get("groups") or ()),
    )
    return admit(app, identity, source_address), next_path


def _identity(verified: VerifiedAssertion, settings: Settings) -> SsoIdentity:
    if not verified.subject or len(verified.subject) > MAX_SUBJECT:
        raise SamlRefused(f"the assertion's NameID must hold 1 to {MAX_SUBJECT} characters")
    attributes = verified.attributes
    emails = attributes.get(settings.saml_email_attribute) or (
        [verified.subject] if verified.subject_format == EMAIL_FORMAT else []
    )
    employee_ids = attributes.get(settings.saml_employee_id_attribute) or []
    return SsoIdentity(
        provider="saml",
        subject=verified.subject,
        email=emails[0] if emails else None,
        employee_id=employee_ids[0] if employee_ids else None,
        groups=frozenset(attributes.get(settings.saml_groups_attribute) or ()),
    )


def _refuse(app: Growpath, reason: str, source_address: str, request_id: str = "") -> NoReturn:
    with app.uow() as uow:
        uow.audit.record(
            app.clock.now(),
            None,
            "sso.saml.answer",
            "saml_request",
            request_id,
            source_address,
            DENIED,
            {"reason": reason},
        )
        uow.commit()
    raise AuthenticationFailed(N_("SAML sign-in refused: %(reason)s"), reason=reason)
