"""Organisation admins list accounts and deactivate or reactivate them.

Deactivating ends every login session, API token and calendar feed of the account at once;
its person's data and history stay. It is an organisation admin's legitimate power, audited
(THREAT_MODEL 8): it refuses the admin's own account and the last active organisation admin,
so nobody locks the organisation out of its own administration.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from growpath.adapters.orm import UserRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.accounts import Role
from growpath.domain.errors import Conflict, NotFound
from growpath.i18n import N_
from growpath.services.accounts import end_every_credential, refuse_deprovisioned
from growpath.services.context import Context

MAX_LISTED = 200


@dataclass(frozen=True)
class AccountView:
    """An account as organisation admins see it: who, which roles, whether it can log in."""

    id: int
    email: str
    name: str | None
    roles: list[str]
    last_login_at: datetime | None
    is_active: bool

    @classmethod
    def of(cls, user: UserRow) -> AccountView:
        """Describe a stored account."""
        return cls(
            id=user.id,
            email=user.email,
            name=user.person.name if user.person is not None else None,
            roles=sorted({role.role for role in user.roles}),
            last_login_at=user.last_login_at,
            is_active=user.is_active,
        )


@dataclass(frozen=True)
class AccountChange:
    """What a deactivation or reactivation did: the account, and whether anything changed."""

    account: AccountView
    changed: bool

    @property
    def summary(self) -> str:
        """Say in one sentence where the account now stands."""
        email = self.account.email
        if self.account.is_active:
            if self.changed:
                return f"{email} is active again and can log in."
            return f"{email} is already active; nothing changed."
        if self.changed:
            return f"{email} is deactivated: every login, API token and calendar feed ended."
        return f"{email} is already deactivated; nothing changed."


def list_accounts(ctx: Context, email_contains: str = "") -> list[AccountView]:
    """List accounts by e-mail, at most ``MAX_LISTED``, optionally filtered (org admins)."""
    ctx.require_org_admin(N_("only an organisation administrator may list accounts"))
    with ctx.uow() as uow:
        return [AccountView.of(u) for u in uow.users.listed(email_contains.strip(), MAX_LISTED)]


def preview_deactivation(ctx: Context, user_id: int) -> AccountView:
    """Return the account a deactivation would end, or refuse it as deactivating would."""
    ctx.require_org_admin(N_("only an organisation administrator may deactivate accounts"))
    with ctx.uow() as uow:
        user = _account(uow, user_id)
        if user.is_active:
            _refuse_lockout(uow, ctx, user)
        return AccountView.of(user)


def deactivate(ctx: Context, user_id: int) -> AccountChange:
    """End every credential of an account and keep it from logging in (org admins)."""
    ctx.require_org_admin(N_("only an organisation administrator may deactivate accounts"))
    with ctx.uow() as uow:
        # Locked before reading: two admins deactivating each other at once are taken in turn,
        # and the second counts the admins the first left.
        uow.users.lock_org_admins()
        user = _account(uow, user_id)
        if not user.is_active:
            return AccountChange(AccountView.of(user), changed=False)
        _refuse_lockout(uow, ctx, user)
        user.is_active = False
        revoked = end_every_credential(uow, user, ctx.now)
        _audit(uow, ctx, "account.deactivate", user, {"tokens_revoked": revoked})
        uow.commit()
        return AccountChange(AccountView.of(user), changed=True)


def reactivate(ctx: Context, user_id: int) -> AccountChange:
    """Let a deactivated account log in again with its own password (org admins)."""
    ctx.require_org_admin(N_("only an organisation administrator may reactivate accounts"))
    with ctx.uow() as uow:
        user = _account(uow, user_id)
        if user.is_active:
            return AccountChange(AccountView.of(user), changed=False)
        # The identity provider deprovisioned this person: only it brings them back.
        refuse_deprovisioned(uow, user.person_id, "reactivate the account", user.email)
        user.is_active = True
        _audit(uow, ctx, "account.reactivate", user, None)
        uow.commit()
        return AccountChange(AccountView.of(user), changed=True)


def account_id_by_email(ctx: Context, email: str) -> int:
    """Return the id of the account with this e-mail (org admins; the CLI names accounts so)."""
    ctx.require_org_admin(N_("only an organisation administrator may find accounts"))
    with ctx.uow() as uow:
        user = uow.users.by_email(email.strip().lower())
        if user is None or _erased(user):
            raise NotFound(N_("no account has the e-mail %(email)s"), email=email)
        return user.id


def _account(uow: UnitOfWork, user_id: int) -> UserRow:
    user = uow.users.get(user_id)
    # An erased person's account is closed for good: it is not listed, found or reopened.
    if user is None or _erased(user):
        raise NotFound(N_("no such account"))
    return user


def _erased(user: UserRow) -> bool:
    return user.person is not None and user.person.erased_at is not None


def _refuse_lockout(uow: UnitOfWork, ctx: Context, user: UserRow) -> None:
    if user.id == ctx.actor_user_id:
        raise Conflict(N_("you cannot deactivate your own account; ask another organisation admin"))
    keep_an_org_admin(uow, user)


def keep_an_org_admin(uow: UnitOfWork, user: UserRow) -> None:
    """Refuse to take away the last active organisation admin (call after lock_org_admins)."""
    is_org_admin = any(r.role == Role.ORG_ADMIN.value for r in user.roles)
    if is_org_admin and user.is_active and uow.users.count_active_org_admins() <= 1:
        raise Conflict(
            N_(
                "%(email)s is the last active organisation admin; the organisation needs "
                "another active organisation admin first"
            ),
            email=user.email,
        )


def _audit(
    uow: UnitOfWork, ctx: Context, action: str, user: UserRow, detail: dict[str, int] | None
) -> None:
    uow.audit.record(
        ctx.now,
        ctx.actor_user_id,
        action,
        "user",
        str(user.id),
        ctx.source_address,
        detail=detail,
    )
