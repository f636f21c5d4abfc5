"""GROWPATH_AUTH: which ways in are open, and the one break-glass way when only SSO is.

With ``GROWPATH_AUTH=sso`` the identity provider alone vouches for people: password logins,
password resets and invitations are off, so nobody inside growpath can mint a login
(THREAT_MODEL 1). When the provider is down or misconfigured, the operator at the server's
command line gives an organisation admin a one-time password (``growpath users break-glass``,
services/break_glass.py): it logs in once within an hour, must be replaced at once, audited.
"""

from __future__ import annotations

from growpath.adapters.orm import UserRow
from growpath.domain.accounts import Role
from growpath.domain.errors import Conflict, PermissionDenied
from growpath.i18n import N_
from growpath.settings import Settings

PASSWORDS_OFF = N_(
    "password login is off here: sign in with single sign-on (an organisation admin's "
    "break-glass one-time password from the operator still works)"
)


def password_login_refused(settings: Settings, user: UserRow) -> bool:
    """Whether a correct password must still be refused because only single sign-on is on."""
    return not settings.passwords_offered() and not holds_operator_password(user)


def holds_operator_password(user: UserRow) -> bool:
    """Whether an organisation admin's account holds a one-time password from the operator
    (break-glass, or the first admin of `growpath init`); its expiry is checked at login."""
    return (
        user.must_change_password
        and user.one_time_password_expires_at is not None
        and any(r.role == Role.ORG_ADMIN.value for r in user.roles)
    )


def require_password_resets(settings: Settings) -> None:
    """Refuse a password reset when only single sign-on is on."""
    if not settings.passwords_offered():
        raise PermissionDenied(
            N_(
                "resetting a password is off here: people sign in with single sign-on "
                "(GROWPATH_AUTH=sso)"
            )
        )


def require_invitations(settings: Settings) -> None:
    """Refuse invitations when only single sign-on is on: the directory decides who comes in."""
    if not settings.passwords_offered():
        raise Conflict(
            N_(
                "invitations are off here: people come in through single sign-on and are matched "
                "to the directory (GROWPATH_AUTH=sso)"
            )
        )
