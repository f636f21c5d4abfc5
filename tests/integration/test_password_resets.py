"""Forgot password on SQLite and PostgreSQL: a single-use, short-lived link to the login only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath
from growpath.domain.emailed_links import LIFETIMES, DeadLink, LinkPurpose
from growpath.domain.errors import AuthenticationFailed, TooManyAttempts
from growpath.services import accounts, password_resets
from tests.conftest import PASSWORD, make_account
from tests.mailbox import mail_to, mailed_token

OWNER = "a@example.com"
NEW = "a-new-password-after-reset-1"


def test_a_reset_link_goes_only_to_the_login_and_works_once(app: Growpath) -> None:
    make_account(app, OWNER)
    password_resets.request_reset(app, OWNER, "203.0.113.9")
    token = mailed_token(app, OWNER, "/password-reset")
    assert password_resets.reset_password(app, token, NEW).email == OWNER
    assert accounts.authenticate(app, OWNER, NEW).email == OWNER
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(app, OWNER, PASSWORD)
    with pytest.raises(DeadLink):
        password_resets.reset_password(app, token, "and-again-a-third-3")


def test_asking_for_a_reset_tells_nothing_about_whether_an_account_exists(
    app: Growpath,
) -> None:
    make_account(app, OWNER)
    for email in ("nobody@example.com", "not an address", OWNER):
        password_resets.request_reset(app, email)  # no answer to compare: nothing to tell
    assert mail_to(app, "nobody@example.com") == []
    assert len(mail_to(app, OWNER)) == 1


def test_reset_requests_cannot_flood_a_mailbox_or_be_asked_without_end(app: Growpath) -> None:
    make_account(app, OWNER)
    for _ in range(password_resets.RESETS_PER_ACCOUNT + 3):
        password_resets.request_reset(app, OWNER)
    assert len(mail_to(app, OWNER)) == password_resets.RESETS_PER_ACCOUNT
    for n in range(password_resets.ASKS_PER_ADDRESS):
        password_resets.request_reset(app, f"guess{n}@example.com", "198.51.100.7")
    with pytest.raises(TooManyAttempts):
        password_resets.request_reset(app, OWNER, "198.51.100.7")


def test_a_newer_reset_link_kills_the_older_and_a_link_expires(
    app: Growpath, clock: FixedClock
) -> None:
    make_account(app, OWNER)
    password_resets.request_reset(app, OWNER)
    first = mailed_token(app, OWNER, "/password-reset")
    password_resets.request_reset(app, OWNER)
    second = mailed_token(app, OWNER, "/password-reset")
    with pytest.raises(DeadLink):
        password_resets.reset_password(app, first, NEW)
    clock.advance(LIFETIMES[LinkPurpose.PASSWORD_RESET] + timedelta(seconds=1))
    with pytest.raises(DeadLink):
        password_resets.reset_password(app, second, NEW)


def test_a_reset_ends_every_session_and_token_of_the_account(app: Growpath) -> None:
    owner = make_account(app, OWNER)
    issued = accounts.issue_token(app, owner.actor)
    login = accounts.start_session(app, owner.actor)
    password_resets.request_reset(app, OWNER)
    password_resets.reset_password(app, mailed_token(app, OWNER, "/password-reset"), NEW)
    assert accounts.actor_for_token(app, issued.token) is None
    assert accounts.actor_for_session(app, *login.cookie_values()) is None
