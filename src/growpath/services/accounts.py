"""Accounts: the first administrator, logins with lockout, API tokens, the acting actor."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from growpath.adapters.orm import ApiTokenRow, UserRoleRow, UserRow
from growpath.adapters.passwords import DUMMY_HASH, hash_password, verify_password
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.accounts import Actor, Role, password_problem
from growpath.domain.errors import (
    AuthenticationFailed,
    Conflict,
    InvalidInput,
    Problem,
    TooManyAttempts,
)
from growpath.domain.people import normalise_email
from growpath.services.context import Collaborators as Growpath
from growpath.services.context import Context

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
# Guessing across many accounts from one address is slowed down as well as per account.
MAX_FAILURES_PER_ADDRESS = 20
ADDRESS_WINDOW = timedelta(minutes=15)
TOKEN_LIFETIME = timedelta(days=30)


@dataclass(frozen=True)
class IssuedToken:
    """A freshly issued API token; the secret is shown once and only its digest is kept."""

    token: str
    expires_at: datetime


def token_digest(token: str) -> str:
    """Return the stored digest of an API token."""
    return hashlib.sha256(token.encode()).hexdigest()


def checked_email(email: str) -> str:
    """Return the canonical form of an account's e-mail, or refuse it naming the field."""
    try:
        return normalise_email(email)
    except ValueError as exc:
        raise InvalidInput([Problem(str(exc), "email")]) from exc


def _checked_password(password: str) -> str:
    if problem := password_problem(password):
        raise InvalidInput([Problem(problem, "password")])
    return password


def create_account(
    app: Growpath,
    email: str,
    roles: set[Role],
    password: str | None = None,
    must_change_password: bool = False,
) -> str:
    """Create an account (linked to the person with this e-mail, if any); return its password."""
    email = checked_email(email)
    password = _checked_password(password) if password else secrets.token_urlsafe(15)
    now = app.clock.now()
    with app.uow() as uow:
        if uow.users.by_email(email) is not None:
            raise Conflict(f"an account for {email} already exists")
        person = uow.people.by_email(email)
        user = UserRow(
            email=email,
            person_id=person.id if person else None,
            password_hash=hash_password(password),
            must_change_password=must_change_password,
            created_at=now,
            roles=[UserRoleRow(role=role.value) for role in sorted(roles)],
        )
        uow.users.add(user)
        uow.audit.record(
            now,
            None,
            "account.create",
            "user",
            str(user.id),
            "cli",
            detail={"roles": sorted(r.value for r in roles)},
        )
        uow.commit()
    return password


def invite_account(ctx: Context, email: str, roles: set[Role]) -> str:
    """Create an account for a person (organisation admins); return its one-time password."""
    ctx.require_org_admin("create accounts")
    password = create_account(
        ctx.app, email, roles or {Role.PARTICIPANT}, must_change_password=True
    )
    with ctx.uow() as uow:
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "account.invite",
            "user",
            email,
            ctx.source_address,
            detail={"roles": sorted(r.value for r in roles)},
        )
        uow.commit()
    return password


def init_admin(app: Growpath, email: str) -> str:
    """Create the first organisation administrator and return a one-time password."""
    with app.uow() as uow:
        if uow.users.count() > 0:
            raise Conflict("growpath is already initialised: accounts exist")
    return create_account(app, email, {Role.ORG_ADMIN, Role.PARTICIPANT}, must_change_password=True)


def authenticate(app: Growpath, email: str, password: str, source_address: str = "") -> Actor:
    """Check a login; lock the account for a while after repeated failures."""
    now = app.clock.now()
    refused = AuthenticationFailed("wrong e-mail or password")
    try:
        email = normalise_email(email)
    except ValueError:
        verify_password(DUMMY_HASH, password)
        raise refused from None
    with app.uow() as uow:
        if (
            source_address
            and uow.audit.count_denied_logins(source_address, now - ADDRESS_WINDOW)
            >= MAX_FAILURES_PER_ADDRESS
        ):
            raise TooManyAttempts("too many failed logins from your address; wait 15 minutes")
        user = uow.users.by_email(email)
        if user is None or not user.is_active:
            verify_password(DUMMY_HASH, password)  # same time as a real check
            uow.audit.record(now, None, "login", "user", email, source_address, "denied")
            uow.commit()
            raise refused
        if user.locked_until is not None and user.locked_until > now:
            uow.audit.record(
                now,
                user.id,
                "login",
                "user",
                str(user.id),
                source_address,
                "denied",
                {"reason": "locked"},
            )
            uow.commit()
            raise AuthenticationFailed(
                "this account is locked after repeated failed logins; try again later"
            )
        if not verify_password(user.password_hash, password):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.locked_until = now + LOCKOUT
                user.failed_logins = 0
            uow.audit.record(now, user.id, "login", "user", str(user.id), source_address, "denied")
            uow.commit()
            raise refused
        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = now
        uow.audit.record(now, user.id, "login", "user", str(user.id), source_address)
        actor = _actor(uow, user)
        uow.commit()
    return actor


def change_password(ctx: Context, current_password: str, new_password: str) -> Actor:
    """Replace the actor's password; every other login session of the account ends."""
    problems = []
    if policy := password_problem(new_password):
        problems.append(Problem(policy, "new_password"))
    if new_password == current_password:
        problems.append(Problem("must differ from the current password", "new_password"))
    with ctx.uow() as uow:
        user = uow.users.get(ctx.actor.user_id)
        if user is None:
            raise AuthenticationFailed("log in first")
        if not verify_password(user.password_hash, current_password):
            problems = [Problem("is not your current password", "current_password"), *problems]
        if problems:
            raise InvalidInput(problems)
        user.password_hash = hash_password(new_password)
        user.must_change_password = False
        user.session_epoch += 1
        uow.audit.record(
            ctx.now, user.id, "account.password_change", "user", str(user.id), ctx.source_address
        )
        actor = _actor(uow, user)
        uow.commit()
    return actor


def logout_everywhere(ctx: Context) -> int:
    """End every login session and revoke every API token of the actor; return tokens revoked."""
    with ctx.uow() as uow:
        user = uow.users.get(ctx.actor.user_id)
        if user is None:
            raise AuthenticationFailed("log in first")
        user.session_epoch += 1
        revoked = uow.users.revoke_tokens(user.id, ctx.now)
        uow.audit.record(
            ctx.now, user.id, "account.logout_everywhere", "user", str(user.id), ctx.source_address
        )
        uow.commit()
        return revoked


def issue_token(app: Growpath, actor: Actor, label: str = "") -> IssuedToken:
    """Issue an API bearer token for the actor."""
    token = secrets.token_urlsafe(32)
    now = app.clock.now()
    expires_at = now + TOKEN_LIFETIME
    with app.uow() as uow:
        uow.users.add_token(
            ApiTokenRow(
                user_id=actor.user_id,
                token_digest=token_digest(token),
                label=label,
                created_at=now,
                expires_at=expires_at,
            )
        )
        uow.commit()
    return IssuedToken(token=token, expires_at=expires_at)


def actor_for_token(app: Growpath, token: str) -> Actor | None:
    """Return the actor a bearer token stands for, or None when it is unknown or expired."""
    with app.uow() as uow:
        found = uow.users.acting_by_token_digest(token_digest(token), app.clock.now())
        return _actor(uow, *found) if found is not None and found[0].is_active else None


def actor_for_session(app: Growpath, user_id: int, epoch: int) -> Actor | None:
    """Return the actor of a login session, or None if the account was logged out everywhere."""
    with app.uow() as uow:
        found = uow.users.acting(user_id)
        if found is None or not found[0].is_active or found[0].session_epoch != epoch:
            return None
        return _actor(uow, *found)


def session_epoch(app: Growpath, user_id: int) -> int:
    """Return the account's current session epoch, stored in its login cookie."""
    with app.uow() as uow:
        user = uow.users.get(user_id)
        return user.session_epoch if user else -1


def _actor(uow: UnitOfWork, user: UserRow, has_reports: bool | None = None) -> Actor:
    roles = frozenset(Role(r.role) for r in user.roles if r.role in Role.__members__.values())
    if has_reports is None:
        has_reports = user.person_id is not None and uow.people.has_reports(user.person_id)
    is_manager = user.person_id is not None and has_reports
    return Actor(
        user_id=user.id,
        email=user.email,
        person_id=user.person_id,
        roles=roles,
        is_manager=is_manager,
        must_change_password=user.must_change_password,
    )
