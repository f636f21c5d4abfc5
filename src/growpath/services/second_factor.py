"""Two-step login for local accounts: an authenticator app's codes and recovery codes.

Set-up shows a fresh secret (kept sealed under the notes key) and waits for a first code; on
that code it turns on, ten recovery codes are shown once (only their digests are kept), and
every other session and API token of the account ends, since they were started with the
password alone. A code is accepted once: the time step of the last accepted code is kept and
that code, or an older one, is refused (RFC 6238 section 5.2). Wrong codes are throttled per
account, wherever they come from: whoever types them already knows the password, so after
``MAX_WRONG_CODES`` within ``CODE_LOCKOUT`` every code is refused until the account has had a
quiet ``CODE_LOCKOUT``, and its owner is told by e-mail.

Organisation and program admins must have it on unless their session came from single
sign-on (``require_second_factor``); see docs/identity.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from growpath.adapters import totp
from growpath.adapters.orm import TotpCredentialRow, UserRow
from growpath.adapters.passwords import verify_password
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.accounts import Actor
from growpath.domain.audit import DENIED
from growpath.domain.errors import (
    AuthenticationFailed,
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Problem,
    TooManyAttempts,
    TotpSetupRequired,
)
from growpath.domain.second_factor import is_app_code, is_recovery_code, recovery_code_key
from growpath.i18n import N_
from growpath.services.accounts import acting_as, checked_email, token_digest
from growpath.services.context import Collaborators as Growpath
from growpath.services.context import Context
from growpath.services.mail_language import mail_translator
from growpath.services.nudges import queue_nudge

MAX_WRONG_CODES = 5  # wrong codes for one account before every code is refused for a while
CODE_LOCKOUT = timedelta(minutes=15)
WRONG_CODE = N_(
    "that code is wrong or was used already: type the code your app shows now, "
    "or one of your recovery codes"
)
WRONG_PROOF = N_("is neither a current code of your authenticator app nor your password")
SETUP_PAGE = "/account/two-step"


@dataclass(frozen=True)
class TotpSetup:
    """A secret waiting for its first code: as text to type, and as the URI the QR code holds."""

    secret: str
    uri: str


@dataclass(frozen=True)
class TwoStepStatus:
    """Where an account's two-step login stands."""

    on: bool
    setup: TotpSetup | None
    recovery_codes_left: int


@dataclass(frozen=True)
class TurnedOn:
    """Two-step login is on: the actor as it now is, and the recovery codes to show once."""

    actor: Actor
    recovery_codes: list[str]


def require_second_factor(actor: Actor) -> None:
    """Refuse an admin who logged in with only a password until two-step login is on."""
    if actor.must_set_up_totp:
        raise TotpSetupRequired(
            N_(
                "administrators log in with two steps: set up an authenticator app first, on "
                "the page %(page)s; then log in again for an API token"
            ),
            page=SETUP_PAGE,
        )


def status(ctx: Context) -> TwoStepStatus:
    """Return whether two-step login is on, the set-up in progress, and the codes left."""
    with ctx.uow() as uow:
        credential = uow.second_factors.totp_of(ctx.actor.user_id)
        on = credential is not None and credential.confirmed_at is not None
        setup = (
            _setup(credential.secret, ctx.actor.email)
            if credential is not None and not on
            else None
        )
        left = uow.second_factors.unused_recovery_codes(ctx.actor.user_id) if on else 0
        return TwoStepStatus(on=on, setup=setup, recovery_codes_left=left)


def begin_setup(ctx: Context) -> TotpSetup:
    """Draw a fresh secret for the actor's authenticator app; it counts once confirmed."""
    with ctx.uow() as uow:
        credential = uow.second_factors.totp_of(ctx.actor.user_id)
        if credential is not None and credential.confirmed_at is not None:
            raise Conflict(N_("two-step login is already on; turn it off first to use another app"))
        secret = totp.new_secret()
        if credential is None:
            uow.second_factors.add_totp(
                TotpCredentialRow(user_id=ctx.actor.user_id, secret=secret, created_at=ctx.now)
            )
        else:
            credential.secret = secret
            credential.created_at = ctx.now
        uow.commit()
    return _setup(secret, ctx.actor.email)


def confirm_setup(ctx: Context, code: str) -> TurnedOn:
    """Turn two-step login on with a first code; every other session and API token ends."""
    with ctx.uow() as uow:
        user = _user(uow, ctx.actor.user_id)
        credential = uow.second_factors.totp_of(user.id)
        if credential is None or credential.confirmed_at is not None:
            raise Conflict(N_("no set-up is waiting for a code: start setting up two-step login"))
        _refuse_while_throttled(uow, user.id, ctx.now, ctx.source_address)
        step = totp.matching_step(credential.secret, code, ctx.now, None)
        if step is None or not is_app_code(code):
            _refuse(ctx.app, uow, user, ctx.now, ctx.source_address, "wrong code", "set-up")
            uow.commit()
            raise InvalidInput([Problem(N_("is not the code your app shows now"), "code")])
        credential.confirmed_at = ctx.now
        credential.last_used_step = step
        codes = _new_recovery_codes(uow, user.id, ctx.now)
        # Sessions and tokens begun with the password alone must not outlive the second step.
        user.session_epoch += 1
        uow.users.end_sessions(user.id, ctx.now)
        ended_tokens = uow.users.revoke_tokens(user.id, ctx.now)
        uow.audit.record(
            ctx.now,
            user.id,
            "mfa.totp_on",
            "user",
            str(user.id),
            ctx.source_address,
            detail={"tokens_revoked": ended_tokens},
        )
        actor = acting_as(uow, user)
        uow.commit()
    return TurnedOn(actor=actor, recovery_codes=codes)


def regenerate_recovery_codes(ctx: Context, proof: str) -> list[str]:
    """Replace every recovery code, used or not, after a current code or the password."""
    with ctx.uow() as uow:
        user = _user(uow, ctx.actor.user_id)
        credential = _confirmed(uow, user.id)
        _check_proof(ctx, uow, user, credential, proof, "new recovery codes")
        codes = _new_recovery_codes(uow, user.id, ctx.now)
        uow.audit.record(
            ctx.now,
            user.id,
            "mfa.recovery_codes_regenerated",
            "user",
            str(user.id),
            ctx.source_address,
        )
        uow.commit()
    return codes


def turn_off(ctx: Context, proof: str) -> None:
    """Turn two-step login off after a current code or the password (an admin must then set
    it up again before any admin page)."""
    with ctx.uow() as uow:
        user = _user(uow, ctx.actor.user_id)
        credential = _confirmed(uow, user.id)
        _check_proof(ctx, uow, user, credential, proof, "turn off")
        uow.second_factors.remove_all(user.id)
        uow.audit.record(ctx.now, user.id, "mfa.totp_off", "user", str(user.id), ctx.source_address)
        uow.commit()


def prove_second_step(app: Growpath, user_id: int, code: str, source_address: str = "") -> Actor:
    """Check the second step of a login (an app's code or a recovery code) and return the
    actor; throttled per account (see module doc)."""
    now = app.clock.now()
    with app.uow() as uow:
        user = uow.users.get(user_id)
        if user is None or not user.is_active:
            raise AuthenticationFailed(N_("log in again: this login has ended"))
        credential = _confirmed_or_none(uow, user.id)
        if credential is None:  # turned off meanwhile: the password was all it needed
            return acting_as(uow, user)
        _refuse_while_throttled(uow, user.id, now, source_address)
        if is_recovery_code(code):
            digest = token_digest(recovery_code_key(code))
            if uow.second_factors.use_recovery_code(user.id, digest, now):
                left = uow.second_factors.unused_recovery_codes(user.id)
                uow.audit.record(
                    now,
                    user.id,
                    "mfa.recovery_code_used",
                    "user",
                    str(user.id),
                    source_address,
                    detail={"left": left},
                )
                actor = acting_as(uow, user)
                uow.commit()
                return actor
            reason = "wrong or used recovery code"
        else:
            reason = _app_code_refusal(uow, credential, code, now)
            if not reason:
                uow.audit.record(now, user.id, "mfa.code", "user", str(user.id), source_address)
                actor = acting_as(uow, user)
                uow.commit()
                return actor
        _refuse(app, uow, user, now, source_address, reason, "login")
        uow.commit()
    raise AuthenticationFailed(WRONG_CODE)


def turn_off_for_account(ctx: Context, email: str) -> bool:
    """Turn off the two-step login of someone who lost their phone and their recovery codes
    (the operator at the command line only); every session and API token of theirs ends.
    Return False when it was not on."""
    if ctx.actor_user_id is not None:
        raise PermissionDenied(
            N_("only the operator, at the command line, turns off someone else's two-step login")
        )
    with ctx.uow() as uow:
        user = uow.users.by_email(checked_email(email))
        if user is None:
            raise NotFound(N_("no account has the e-mail %(email)s"), email=email)
        if not uow.second_factors.is_on(user.id):
            return False
        uow.second_factors.remove_all(user.id)
        # Whoever holds the lost phone keeps no session the second step let in.
        user.session_epoch += 1
        uow.users.end_sessions(user.id, ctx.now)
        revoked = uow.users.revoke_tokens(user.id, ctx.now)
        uow.audit.record(
            ctx.now,
            None,
            "mfa.totp_off",
            "user",
            str(user.id),
            "cli",
            detail={"by": "operator", "tokens_revoked": revoked},
        )
        uow.commit()
    return True


def set_up_with_secret(app: Growpath, email: str, secret: str) -> bool:
    """Turn two-step login on with a secret the operator chose (the demo's published one);
    return False when it was on already. Refused in production."""
    if app.settings.environment == "production":
        raise Conflict(N_("a published authenticator secret is for the demo, never production"))
    now = app.clock.now()
    with app.uow() as uow:
        user = uow.users.by_email(email)
        if user is None:
            raise Conflict(N_("there is no account for %(email)s"), email=email)
        if uow.second_factors.is_on(user.id):
            return False
        uow.second_factors.remove_all(user.id)
        uow.second_factors.add_totp(
            TotpCredentialRow(user_id=user.id, secret=secret, created_at=now, confirmed_at=now)
        )
        uow.audit.record(now, None, "mfa.totp_on", "user", str(user.id), "cli")
        uow.commit()
    return True


def _setup(secret: str, email: str) -> TotpSetup:
    return TotpSetup(secret=secret, uri=totp.setup_uri(secret, email))


def _user(uow: UnitOfWork, user_id: int) -> UserRow:
    user = uow.users.get(user_id)
    if user is None:
        raise AuthenticationFailed(N_("log in first"))
    return user


def _confirmed_or_none(uow: UnitOfWork, user_id: int) -> TotpCredentialRow | None:
    credential = uow.second_factors.totp_of(user_id)
    return credential if credential is not None and credential.confirmed_at is not None else None


def _confirmed(uow: UnitOfWork, user_id: int) -> TotpCredentialRow:
    credential = _confirmed_or_none(uow, user_id)
    if credential is None:
        raise Conflict(N_("two-step login is not on for your account"))
    return credential


def _new_recovery_codes(uow: UnitOfWork, user_id: int, now: datetime) -> list[str]:
    codes = totp.new_recovery_codes()
    digests = [token_digest(recovery_code_key(code)) for code in codes]
    uow.second_factors.replace_recovery_codes(user_id, digests, now)
    return codes


def _app_code_refusal(
    uow: UnitOfWork, credential: TotpCredentialRow, code: str, now: datetime
) -> str:
    # "" when the code is accepted (and its step recorded); else why it was refused.
    if not is_app_code(code):
        return "not a code"
    step = totp.matching_step(credential.secret, code, now, credential.last_used_step)
    if step is not None and uow.second_factors.accept_step(credential.id, step):
        return ""
    if totp.matching_step(credential.secret, code, now, None) is not None:
        return "code used before"
    return "wrong code"


def _check_proof(
    ctx: Context,
    uow: UnitOfWork,
    user: UserRow,
    credential: TotpCredentialRow,
    proof: str,
    where: str,
) -> None:
    # A current code or the password; a password is never six digits, so one field takes both.
    _refuse_while_throttled(uow, user.id, ctx.now, ctx.source_address)
    if is_app_code(proof):
        reason = _app_code_refusal(uow, credential, proof, ctx.now)
    else:
        reason = "" if verify_password(user.password_hash, proof) else "wrong password"
    if reason:
        _refuse(ctx.app, uow, user, ctx.now, ctx.source_address, reason, where)
        uow.commit()
        raise InvalidInput([Problem(WRONG_PROOF, "proof")])


def _wrong_codes(uow: UnitOfWork, user_id: int, now: datetime) -> int:
    return uow.audit.count_denied_since("mfa.code", str(user_id), now - CODE_LOCKOUT)


def _refuse_while_throttled(
    uow: UnitOfWork, user_id: int, now: datetime, source_address: str
) -> None:
    # Recorded under its own action, so waiting out the lockout is enough to end it.
    if _wrong_codes(uow, user_id, now) >= MAX_WRONG_CODES:
        uow.audit.record(
            now, user_id, "mfa.throttled", "user", str(user_id), source_address, DENIED
        )
        uow.commit()
        raise TooManyAttempts(
            "too many wrong codes for this account: wait 15 minutes, then try again"
        )


def _refuse(
    app: Growpath,
    uow: UnitOfWork,
    user: UserRow,
    now: datetime,
    source_address: str,
    reason: str,
    where: str,
) -> None:
    earlier = _wrong_codes(uow, user.id, now)
    uow.audit.record(
        now,
        user.id,
        "mfa.code",
        "user",
        str(user.id),
        source_address,
        DENIED,
        {"reason": reason, "where": where},
    )
    if earlier + 1 == MAX_WRONG_CODES:
        _tell_owner(app, uow, user, source_address, now)


def _tell_owner(
    app: Growpath, uow: UnitOfWork, user: UserRow, source_address: str, now: datetime
) -> None:
    _ = mail_translator(uow, app.settings, user.email)
    where = (
        _("the address %(address)s", address=source_address) if source_address else _("one place")
    )
    queue_nudge(
        uow,
        dedupe_key=f"codes-throttled:{user.id}:{now.isoformat()}"[:200],
        kind="login_throttled",
        recipient_email=user.email,
        subject=_("Wrong two-step codes for your growpath account"),
        body=(
            _(
                "Someone typed %(times)s wrong two-step login codes for your growpath account "
                "(%(email)s) from %(where)s. They knew your password.",
                times=MAX_WRONG_CODES,
                email=user.email,
                where=where,
            )
            + "\n\n"
            + _(
                "Codes for your account are refused for 15 minutes. If this was not you, "
                "change your password now: %(link)s",
                link=app.settings.page_url("/account/password"),
            )
            + "\n"
        ),
        due_at=now,
        now=now,
    )
