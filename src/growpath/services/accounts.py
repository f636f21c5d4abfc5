"""Accounts: the first administrator, logins with throttling, sessions, tokens, the actor.

Guessing is throttled per source address and account (the scheme of django-axes'
``LOCKOUT_PARAMETERS = [["ip_address", "username"]]`` and OWASP's advice against account
lockout that an outsider can trigger): after ``MAX_FAILED_LOGINS`` refusals for one account
from one address within ``LOCKOUT``, that address gets the wrong-password answer for that
account, whatever it sends, until it stops guessing for ``LOCKOUT``; the owner, from anywhere
else, logs in as usual and is told by e-mail. Every answer runs the password hash, so neither
the wording, the status nor the time tells a throttled account from a wrong password or an
unknown e-mail. ``MAX_FAILURES_PER_ADDRESS`` slows one address guessing across accounts.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from growpath.adapters.orm import ApiTokenRow, LoginSessionRow, UserRoleRow, UserRow
from growpath.adapters.passwords import dummy_hash, hash_password, verify_password
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.accounts import Actor, LoginMethod, Role, password_problem
from growpath.domain.audit import DENIED
from growpath.domain.errors import (
    AuthenticationFailed,
    Conflict,
    DomainError,
    InvalidInput,
    PasswordChangeRequired,
    PermissionDenied,
    Problem,
    TooManyAttempts,
)
from growpath.domain.people import normalise_email
from growpath.domain.provisioning import Deprovisioned
from growpath.i18n import N_
from growpath.services.context import Collaborators as Growpath
from growpath.services.context import Context
from growpath.services.mail_language import mail_translator
from growpath.services.nudges import queue_nudge
from growpath.services.sign_in_methods import PASSWORDS_OFF, password_login_refused

MAX_FAILED_LOGINS = 5  # refusals per address and account before that pair is throttled
LOCKOUT = timedelta(minutes=15)  # how long an address must stop guessing an account
ONE_TIME_PASSWORD_LIFETIME = timedelta(hours=72)
WRONG_LOGIN = N_("wrong e-mail or password")
# Guessing across many accounts from one address is slowed down as well as per account.
MAX_FAILURES_PER_ADDRESS = 20
ADDRESS_WINDOW = timedelta(minutes=15)
TOKEN_LIFETIME = timedelta(days=30)


@dataclass(frozen=True)
class LoginSession:
    """A started login session: what its cookie carries (the id is shown once, kept hashed)."""

    user_id: int
    epoch: int
    session_id: str

    def cookie_values(self) -> tuple[int, int, str]:
        """Return user id, epoch and session id, as stored in the cookie."""
        return self.user_id, self.epoch, self.session_id


@dataclass(frozen=True)
class IssuedToken:
    """A freshly issued API token; the secret is shown once and only its digest is kept."""

    token: str
    expires_at: datetime


def token_digest(token: str) -> str:
    """Return the stored digest of an API token."""
    return hashlib.sha256(token.encode()).hexdigest()


def checked_email(email: str, field: str = "email") -> str:
    """Return the canonical form of an account's e-mail, or refuse it naming the field."""
    try:
        return normalise_email(email)
    except ValueError as exc:
        raise InvalidInput([Problem(str(exc), field)]) from exc


def checked_password(password: str, field: str = "password") -> str:
    """Return a password that meets the policy, or refuse it naming the field."""
    if problem := password_problem(password):
        raise InvalidInput([Problem(problem, field)])
    return password


def add_account(
    uow: UnitOfWork,
    email: str,
    roles: set[Role],
    password: str,
    now: datetime,
    must_change_password: bool = False,
) -> UserRow:
    """Store an account (linked to the person with this e-mail, if any) inside a use case."""
    person = uow.people.by_email(email)
    refuse_deprovisioned(uow, person.id if person else None, "create an account", email)
    if uow.users.by_email(email) is not None:
        raise Conflict(N_("an account for %(email)s already exists"), email=email)
    user = UserRow(
        email=email,
        person_id=person.id if person else None,
        password_hash=hash_password(password),
        must_change_password=must_change_password,
        one_time_password_expires_at=(
            now + ONE_TIME_PASSWORD_LIFETIME if must_change_password else None
        ),
        created_at=now,
        roles=[UserRoleRow(role=role.value) for role in sorted(roles)],
    )
    uow.users.add(user)
    return user


def refuse_deprovisioned(uow: UnitOfWork, person_id: int | None, doing: str, email: str) -> None:
    """Refuse a way in for a person the identity provider deprovisioned: it alone decides."""
    if person_id is not None and uow.scim.is_deprovisioned(person_id):
        raise Deprovisioned(doing, email)


def create_account(
    app: Growpath,
    email: str,
    roles: set[Role],
    password: str,
    must_change_password: bool = False,
) -> int:
    """Create an account whose password the operator holds (demo, bootstrap); return its id.

    People get their accounts by invitation (services/invitations.py), never from here.
    """
    email = checked_email(email)
    password = checked_password(password)
    now = app.clock.now()
    with app.uow() as uow:
        user = add_account(uow, email, roles, password, now, must_change_password)
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
        return user.id


def init_admin(app: Growpath, email: str) -> str:
    """Create the first organisation administrator and return a one-time password.

    The one exception to "no password for someone else": on a fresh install the operator, who
    already holds the database, bootstraps their own first login at the command line, where
    mail may not be set up yet. The password logs in once, within 72 hours, and must be
    replaced before anything else.
    """
    with app.uow() as uow:
        if uow.users.count() > 0:
            raise Conflict(N_("growpath is already initialised: accounts exist"))
    password = secrets.token_urlsafe(15)
    while password_problem(password):  # a random draw can be all letters (about 1 in 60)
        password = secrets.token_urlsafe(15)
    create_account(
        app, email, {Role.ORG_ADMIN, Role.PARTICIPANT}, password, must_change_password=True
    )
    return password


def authenticate(app: Growpath, email: str, password: str, source_address: str = "") -> Actor:
    """Check a login; throttle guessing from one address at one account (see module doc)."""
    now = app.clock.now()
    refused: DomainError = (
        AuthenticationFailed(WRONG_LOGIN)
        if app.settings.passwords_offered()
        else PermissionDenied(PASSWORDS_OFF)
    )
    try:
        email = normalise_email(email)
    except ValueError:
        verify_password(dummy_hash(), password)
        raise refused from None
    with app.uow() as uow:
        if (
            source_address
            and uow.audit.count_denied_logins(source_address, now - ADDRESS_WINDOW)
            >= MAX_FAILURES_PER_ADDRESS
        ):
            raise TooManyAttempts(N_("too many failed logins from your address; wait 15 minutes"))
        found = uow.users.by_email(email)
        user = found if found is not None and found.is_active else None
        target = str(user.id) if user is not None else email
        guesses = _recent_guesses(uow, source_address, target, now)
        # Always one hash check, on the real hash when there is one: the same time every answer.
        correct = verify_password(user.password_hash if user else dummy_hash(), password)
        reason = _refusal_reason(user, correct, guesses, now)
        if user is not None and not reason and password_login_refused(app.settings, user):
            reason = "password login off"
        if user is None or reason:
            detail = {"reason": reason} if reason and user is not None else None
            uow.audit.record(
                now,
                user.id if user else None,
                "login",
                "user",
                target,
                source_address,
                DENIED,
                detail,
            )
            if user is not None and guesses + 1 == MAX_FAILED_LOGINS:
                _tell_owner_of_guessing(app, uow, user, source_address, now)
            uow.commit()
            raise refused
        if user.must_change_password:
            user.one_time_password_used_at = now
        user.last_login_at = now
        uow.audit.record(now, user.id, "login", "user", target, source_address)
        actor = _actor(uow, user)
        uow.commit()
    return actor


def _recent_guesses(uow: UnitOfWork, source_address: str, target: str, now: datetime) -> int:
    # Refusals within the window, counted from this address's last good login to the account.
    since = now - LOCKOUT
    last_login = uow.audit.last_login_at(source_address, target)
    if last_login is not None and last_login > since:
        since = last_login
    return uow.audit.count_denied_logins(source_address, since, target)


def _refusal_reason(user: UserRow | None, correct: bool, guesses: int, now: datetime) -> str:
    if user is None:
        return "unknown"
    if guesses >= MAX_FAILED_LOGINS:
        return "throttled"
    if not correct:
        return "wrong password"
    if user.must_change_password:
        if user.one_time_password_used_at is not None:
            return "one-time password used"
        expires = user.one_time_password_expires_at
        if expires is not None and expires <= now:
            return "one-time password expired"
    return ""


def _tell_owner_of_guessing(
    app: Growpath, uow: UnitOfWork, user: UserRow, source_address: str, now: datetime
) -> None:
    _ = mail_translator(uow, app.settings, user.email)
    where = (
        _("the address %(address)s", address=source_address) if source_address else _("one place")
    )
    minutes = int(LOCKOUT.total_seconds() // 60)
    queue_nudge(
        uow,
        dedupe_key=f"login-throttled:{user.id}:{source_address}:{now.isoformat()}"[:200],
        kind="login_throttled",
        recipient_email=user.email,
        subject=_("Failed logins to your growpath account"),
        body=(
            _(
                "Someone tried to log in to your growpath account (%(email)s) with a wrong "
                "password %(times)s times from %(where)s.",
                email=user.email,
                times=MAX_FAILED_LOGINS,
                where=where,
            )
            + "\n\n"
            + _(
                "Logins to your account from that address are paused until it stops trying "
                "for %(minutes)s minutes. From anywhere else you log in as usual.",
                minutes=minutes,
            )
            + "\n\n"
            + _(
                "If this was not you, change your password and log out everywhere: %(link)s",
                link=app.settings.page_url("/account/password"),
            )
            + "\n"
        ),
        due_at=now,
        now=now,
    )


def start_over_with_password(uow: UnitOfWork, user: UserRow, password: str, now: datetime) -> None:
    """Give an account a new password; every session and token it had ends."""
    user.password_hash = hash_password(password)
    user.must_change_password = False
    user.one_time_password_expires_at = None
    # Whoever else held the old password keeps nothing: every session and token ends.
    end_every_credential(uow, user, now)


def end_every_credential(uow: UnitOfWork, user: UserRow, now: datetime) -> int:
    """End every login session, API token and calendar feed of an account; return the tokens.

    A feed URL is a bearer token too (THREAT_MODEL 8): it must not outlive a new password or
    a "log out everywhere"; its owner makes a new one.
    """
    user.session_epoch += 1
    uow.users.end_sessions(user.id, now)
    if user.person_id is not None:
        uow.calendar_feeds.remove_of(user.person_id)
    return uow.users.revoke_tokens(user.id, now)


def acting_as(uow: UnitOfWork, user: UserRow) -> Actor:
    """Return the actor an account stands for, inside a use case."""
    return _actor(uow, user)


def require_password_settled(actor: Actor) -> None:
    """Refuse anything but the password change while a one-time password stands."""
    if actor.must_change_password:
        raise PasswordChangeRequired(
            N_(
                "replace your one-time password first: POST /api/v1/me/password, "
                "or the form at /account/password"
            )
        )


def change_password(ctx: Context, current_password: str, new_password: str) -> Actor:
    """Replace the actor's password; every other login session of the account ends."""
    problems = []
    if policy := password_problem(new_password):
        problems.append(Problem(policy, "new_password"))
    if new_password == current_password:
        problems.append(Problem(N_("must differ from the current password"), "new_password"))
    with ctx.uow() as uow:
        user = uow.users.get(ctx.actor.user_id)
        if user is None:
            raise AuthenticationFailed(N_("log in first"))
        if not verify_password(user.password_hash, current_password):
            problems = [Problem(N_("is not your current password"), "current_password"), *problems]
        if problems:
            raise InvalidInput(problems)
        start_over_with_password(uow, user, new_password, ctx.now)
        uow.audit.record(
            ctx.now, user.id, "account.password_change", "user", str(user.id), ctx.source_address
        )
        actor = _actor(uow, user)
        uow.commit()
    return actor


def logout_everywhere(ctx: Context) -> int:
    """End every login session, API token and calendar feed of the actor; return tokens revoked."""
    with ctx.uow() as uow:
        user = uow.users.get(ctx.actor.user_id)
        if user is None:
            raise AuthenticationFailed(N_("log in first"))
        revoked = end_every_credential(uow, user, ctx.now)
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
        return actor_for_token_in(uow, app, token)


def actor_for_token_in(uow: UnitOfWork, app: Growpath, token: str) -> Actor | None:
    """Return the actor a bearer token stands for, reading in a unit of work the caller holds."""
    found = uow.users.acting_by_token_digest(token_digest(token), app.clock.now())
    return _actor(uow, *found) if found is not None and found[0].is_active else None


def start_session(
    app: Growpath, actor: Actor, method: LoginMethod = LoginMethod.PASSWORD
) -> LoginSession:
    """Start a server-side login session for the actor; its id goes into the cookie, how it
    began (password or SSO) stays on the server."""
    session_id = secrets.token_urlsafe(32)
    now = app.clock.now()
    with app.uow() as uow:
        user = uow.users.get(actor.user_id)
        if user is None or not user.is_active:
            raise AuthenticationFailed(N_("log in first"))
        uow.users.add_session(
            LoginSessionRow(
                user_id=user.id,
                session_digest=token_digest(session_id),
                created_at=now,
                method=method.value,
            )
        )
        uow.users.prune_sessions(user.id, now - _session_lifetime(app))
        epoch = user.session_epoch
        uow.commit()
    return LoginSession(user_id=actor.user_id, epoch=epoch, session_id=session_id)


def end_session(app: Growpath, user_id: int, session_id: str) -> None:
    """End one login session (logout): a copy of its cookie stops working."""
    with app.uow() as uow:
        uow.users.end_session(user_id, token_digest(session_id), app.clock.now())
        uow.commit()


def actor_for_session(app: Growpath, user_id: int, epoch: int, session_id: str) -> Actor | None:
    """Return the actor of a live login session, or None when it ended, expired or was
    logged out everywhere."""
    with app.uow() as uow:
        return actor_for_session_in(uow, app, user_id, epoch, session_id)


def actor_for_session_in(
    uow: UnitOfWork, app: Growpath, user_id: int, epoch: int, session_id: str
) -> Actor | None:
    """Return the actor of a live login session, as actor_for_session does, reading in a
    unit of work the caller holds."""
    started_after = app.clock.now() - _session_lifetime(app)
    found = uow.users.acting_by_session(user_id, epoch, token_digest(session_id), started_after)
    if found is None or not found[0].is_active:
        return None
    return _actor(uow, *found)


def _session_lifetime(app: Growpath) -> timedelta:
    return timedelta(seconds=app.settings.session_max_age_seconds)


class _RoleFields(Protocol):
    """A role of an account: a stored role or one read with the account."""

    @property
    def role(self) -> str: ...
    @property
    def program_id(self) -> int | None: ...


class _AccountFields(Protocol):
    """What an actor is made of: a stored account or the columns a request reads of it."""

    @property
    def id(self) -> int: ...
    @property
    def email(self) -> str: ...
    @property
    def person_id(self) -> int | None: ...
    @property
    def must_change_password(self) -> bool: ...
    @property
    def locale(self) -> str | None: ...
    @property
    def roles(self) -> Sequence[_RoleFields]: ...


def _actor(
    uow: UnitOfWork,
    user: _AccountFields,
    has_reports: bool | None = None,
    guides: bool | None = None,
    has_totp: bool | None = None,
    method: LoginMethod = LoginMethod.PASSWORD,
    time_zone: str | None = None,
    takes_part: bool | None = None,
    in_triad: bool | None = None,
) -> Actor:
    roles = frozenset(Role(r.role) for r in user.roles if r.role in Role.__members__.values())
    if has_reports is None:
        has_reports = user.person_id is not None and uow.people.has_reports(user.person_id)
    if guides is None:
        guides = user.person_id is not None and uow.users.guides(user.person_id)
    is_manager = user.person_id is not None and has_reports
    if takes_part is None or in_triad is None:
        takes_part, in_triad = (
            uow.users.takes_part(user.person_id) if user.person_id is not None else (False, False)
        )
    if has_totp is None:
        has_totp = uow.second_factors.is_on(user.id)
    return Actor(
        user_id=user.id,
        email=user.email,
        person_id=user.person_id,
        roles=roles,
        is_manager=is_manager,
        is_guide=user.person_id is not None and guides,
        must_change_password=user.must_change_password,
        has_totp=has_totp,
        login_method=method,
        programs=frozenset(
            r.program_id
            for r in user.roles
            if r.role == Role.PROGRAM_ADMIN and r.program_id is not None
        ),
        time_zone=time_zone,
        takes_part=takes_part,
        in_triad=in_triad,
        # A column of the account row itself: read with it, no query of its own.
        locale=user.locale,
    )
