"""The identity provider's bearer tokens for /scim/v2: made at the command line, shown once.

A SCIM token acts for no account: it provisions people and groups and nothing else, and
nothing else accepts it. Only its SHA-256 digest is stored (like API tokens), so a copy of
the database holds no token that works.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from growpath.adapters.orm import ScimTokenRow
from growpath.domain.accounts import Actor
from growpath.domain.errors import InvalidInput, NotFound, PermissionDenied, Problem
from growpath.i18n import N_
from growpath.services.accounts import token_digest
from growpath.services.context import Collaborators, Context

ACTOR_PREFIX = "scim token "
MAX_LABEL = 120


@dataclass(frozen=True)
class ScimTokenView:
    """A token as the operator lists it: never its secret."""

    id: int
    label: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class IssuedScimToken:
    """A new token: the secret, shown this once, and its id."""

    id: int
    token: str


def create_token(app: Collaborators, label: str = "") -> IssuedScimToken:
    """Create a SCIM bearer token; return its secret, which is never shown again."""
    label = label.strip()
    if len(label) > MAX_LABEL or any(ord(c) < 32 for c in label):
        raise InvalidInput(
            [Problem.of(N_("one line of at most %(most)s characters"), "label", most=MAX_LABEL)]
        )
    token = "scim_" + secrets.token_urlsafe(32)
    now = app.clock.now()
    with app.uow() as uow:
        row = ScimTokenRow(token_digest=token_digest(token), label=label, created_at=now)
        uow.scim.add_token(row)
        uow.audit.record(now, None, "scim.token.create", "scim_token", str(row.id), "cli")
        uow.commit()
        return IssuedScimToken(id=row.id, token=token)


def list_tokens(app: Collaborators) -> list[ScimTokenView]:
    """List every SCIM token, revoked ones too, without their secrets."""
    with app.uow() as uow:
        return [
            ScimTokenView(t.id, t.label, t.created_at, t.last_used_at, t.revoked_at)
            for t in uow.scim.tokens()
        ]


def revoke_token(app: Collaborators, token_id: int) -> bool:
    """Revoke a SCIM token at once; return False when it was revoked already."""
    now = app.clock.now()
    with app.uow() as uow:
        row = uow.scim.token(token_id)
        if row is None:
            raise NotFound(N_("no SCIM token with id %(id)s"), id=token_id)
        if row.revoked_at is not None:
            return False
        row.revoked_at = now
        uow.audit.record(now, None, "scim.token.revoke", "scim_token", str(row.id), "cli")
        uow.commit()
        return True


def scim_context(app: Collaborators, token: str, source_address: str) -> Context | None:
    """Return the context a live SCIM token acts in, or None for any other bearer."""
    now = app.clock.now()
    with app.uow() as uow:
        row = uow.scim.live_token(token_digest(token))
        if row is None:
            return None
        row.last_used_at = now
        uow.commit()
        actor = Actor(user_id=0, email=f"{ACTOR_PREFIX}{row.id}", person_id=None, roles=frozenset())
        return Context(app=app, actor=actor, source_address=source_address)


def require_identity_provider(ctx: Context) -> str:
    """Refuse anyone but a SCIM token; return how the audit trail names it."""
    if ctx.actor.user_id != 0 or not ctx.actor.email.startswith(ACTOR_PREFIX):
        raise PermissionDenied(N_("only the identity provider's SCIM token may provision"))
    return ctx.actor.email
