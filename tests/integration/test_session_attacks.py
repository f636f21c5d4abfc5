"""Session abuse (threat model attack 8) on SQLite and PostgreSQL: reused one-time secrets,
tokens and sessions surviving a password change, lockout used to enumerate or lock people out."""

from __future__ import annotations

from datetime import timedelta

import pytest

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import AuthenticationFailed
from growpath.services import accounts
from growpath.services.context import Context
from growpath.services.nudges import deliver_due_nudges
from tests.conftest import PASSWORD, make_account
from tests.factories import RecordingMailer, plain_text

ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"
WRONG = "wrong-password-123"


def _refusal(app: Growpath, email: str, password: str, address: str) -> str:
    with pytest.raises(AuthenticationFailed) as refused:
        accounts.authenticate(app, email, password, address)
    return refused.value.message


def test_a_one_time_password_logs_in_only_once(app: Growpath) -> None:
    one_time = accounts.init_admin(app, "admin@example.com")
    first = accounts.authenticate(app, "admin@example.com", one_time, OWNER)
    assert first.must_change_password
    assert _refusal(app, "admin@example.com", one_time, OWNER) == _refusal(
        app, "nobody@example.com", one_time, OWNER
    )


def test_a_one_time_password_expires_unused(app: Growpath, clock: FixedClock) -> None:
    one_time = accounts.init_admin(app, "admin@example.com")
    clock.advance(accounts.ONE_TIME_PASSWORD_LIFETIME + timedelta(seconds=1))
    _refusal(app, "admin@example.com", one_time, OWNER)


def test_the_session_of_a_one_time_login_can_still_replace_the_password(app: Growpath) -> None:
    one_time = accounts.init_admin(app, "admin@example.com")
    actor = accounts.authenticate(app, "admin@example.com", one_time, OWNER)
    changed = accounts.change_password(Context(app=app, actor=actor), one_time, PASSWORD)
    assert not changed.must_change_password
    assert accounts.authenticate(app, "admin@example.com", PASSWORD, OWNER).email


def test_a_password_change_revokes_every_api_token(app: Growpath) -> None:
    ctx = make_account(app, "a@example.com")
    token = accounts.issue_token(app, ctx.actor).token
    assert accounts.actor_for_token(app, token) is not None
    accounts.change_password(ctx, PASSWORD, "another-good-pass-2")
    assert accounts.actor_for_token(app, token) is None


def test_a_session_copied_before_logout_stops_working(app: Growpath) -> None:
    ctx = make_account(app, "a@example.com")
    login = accounts.start_session(app, ctx.actor)
    kept = accounts.start_session(app, ctx.actor)  # the same person on another device
    assert accounts.actor_for_session(app, *login.cookie_values()) is not None
    accounts.end_session(app, login.user_id, login.session_id)
    assert accounts.actor_for_session(app, *login.cookie_values()) is None
    assert accounts.actor_for_session(app, *kept.cookie_values()) is not None


def test_a_password_change_ends_every_other_session(app: Growpath) -> None:
    ctx = make_account(app, "a@example.com")
    other = accounts.start_session(app, ctx.actor)
    accounts.change_password(ctx, PASSWORD, "another-good-pass-2")
    assert accounts.actor_for_session(app, *other.cookie_values()) is None


def test_a_locked_account_answers_like_a_wrong_password(app: Growpath) -> None:
    make_account(app, "real@example.com")
    wrong = _refusal(app, "real@example.com", WRONG, ATTACKER)
    for _ in range(accounts.MAX_FAILED_LOGINS + 2):
        assert _refusal(app, "real@example.com", WRONG, ATTACKER) == wrong
    # Even the right password now gets the wrong-password answer from the guessing address.
    assert _refusal(app, "real@example.com", PASSWORD, ATTACKER) == wrong
    assert "lock" not in wrong


def test_an_outsider_cannot_lock_the_owner_out(app: Growpath, clock: FixedClock) -> None:
    make_account(app, "real@example.com")
    for _ in range(accounts.MAX_FAILED_LOGINS * 3):
        _refusal(app, "real@example.com", WRONG, ATTACKER)
        clock.advance(timedelta(seconds=10))
    assert accounts.authenticate(app, "real@example.com", PASSWORD, OWNER).email


def test_guessing_from_one_address_stays_throttled_for_a_while(
    app: Growpath, clock: FixedClock
) -> None:
    make_account(app, "real@example.com")
    for _ in range(accounts.MAX_FAILED_LOGINS):
        _refusal(app, "real@example.com", WRONG, ATTACKER)
    _refusal(app, "real@example.com", PASSWORD, ATTACKER)
    clock.advance(accounts.LOCKOUT + timedelta(seconds=1))
    assert accounts.authenticate(app, "real@example.com", PASSWORD, ATTACKER).email


def test_the_owner_is_told_by_email_when_guessing_is_throttled(
    app: Growpath, mailer: RecordingMailer
) -> None:
    make_account(app, "real@example.com")
    for _ in range(accounts.MAX_FAILED_LOGINS * 2):
        _refusal(app, "real@example.com", WRONG, ATTACKER)
    deliver_due_nudges(app)
    told = [m for m in mailer.sent if m["To"] == "real@example.com"]
    assert len(told) == 1, "one message per throttled address and window, not one per guess"
    assert ATTACKER in plain_text(told[0])


def test_an_unknown_email_is_throttled_the_same_way(app: Growpath) -> None:
    make_account(app, "real@example.com", Role.PARTICIPANT)
    answers = {_refusal(app, "ghost@example.com", WRONG, ATTACKER) for _ in range(7)}
    answers |= {_refusal(app, "real@example.com", WRONG, ATTACKER) for _ in range(7)}
    assert len(answers) == 1
