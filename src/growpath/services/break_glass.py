"""The break-glass way in when only single sign-on is on (GROWPATH_AUTH=sso).

When the identity provider is down or misconfigured, the operator at the server's command line
gives an organisation admin a one-time password: it logs in once within an hour, must be
replaced before anything else, ends every other session and token of the account, and is
audited as ``account.break_glass``. Only the operator can do this, as with `growpath init`:
they already hold the database, so it gives nobody a power they lack (THREAT_MODEL 1).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from growpath.adapters.passwords import hash_password
from growpath.domain.accounts import Role, password_problem
from growpath.domain.errors import Conflict, NotFound
from growpath.i18n import N_
from growpath.services.accounts import end_every_credential
from growpath.services.context import Collaborators

BREAK_GLASS_LIFETIME = timedelta(hours=1)


def break_glass(app: Collaborators, email: str) -> str:
    """Give an organisation admin a one-time password valid for an hour; return it (operator)."""
    now = app.clock.now()
    password = secrets.token_urlsafe(15)
    while password_problem(password):  # a random draw can be all letters (about 1 in 60)
        password = secrets.token_urlsafe(15)
    with app.uow() as uow:
        user = uow.users.by_email(email.strip().lower())
        if user is None or (user.person is not None and user.person.erased_at is not None):
            raise NotFound(N_("no account has the e-mail %(email)s"), email=email)
        if not user.is_active:
            raise Conflict(N_("%(email)s is deactivated; reactivate it first"), email=user.email)
        if not any(r.role == Role.ORG_ADMIN.value for r in user.roles):
            raise Conflict(
                N_("%(email)s is not an organisation admin; break-glass is for them"),
                email=user.email,
            )
        user.password_hash = hash_password(password)
        user.must_change_password = True
        user.one_time_password_expires_at = now + BREAK_GLASS_LIFETIME
        user.one_time_password_used_at = None
        end_every_credential(uow, user, now)
        uow.audit.record(
            now,
            None,
            "account.break_glass",
            "user",
            str(user.id),
            "cli",
            detail={"expires_at": (now + BREAK_GLASS_LIFETIME).isoformat()},
        )
        uow.commit()
    return password
