"""Two-step login rules: what a typed code is, which time steps a code may match, replays,
and who must set it up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from growpath.adapters import totp
from growpath.domain.accounts import Actor, LoginMethod, Role
from growpath.domain.second_factor import (
    RECOVERY_CODE_COUNT,
    is_app_code,
    is_recovery_code,
    recovery_code_key,
    steps_to_try,
)

NOW = datetime(2026, 1, 5, 9, 0, 10, tzinfo=UTC)
SECRET = "MAVVFMQM2RPOJXEKWHHEW7MPL73O5V5O"


@pytest.mark.parametrize("typed", ["123456", "123 456", " 123-456 "])
def test_an_app_code_is_six_digits_whatever_the_spaces(typed: str) -> None:
    assert is_app_code(typed)


@pytest.mark.parametrize("typed", ["12345", "1234567", "12345a", "１２３４５６", "", "password-12"])
def test_anything_else_is_not_an_app_code(typed: str) -> None:
    assert not is_app_code(typed)


def test_recovery_codes_are_ten_distinct_codes_of_their_own_form() -> None:
    codes = totp.new_recovery_codes()
    assert len(set(codes)) == RECOVERY_CODE_COUNT
    assert all(is_recovery_code(code) and not is_app_code(code) for code in codes)
    # Typed without the hyphen or in capitals, a code is the same code.
    assert recovery_code_key(codes[0].upper().replace("-", "")) == recovery_code_key(codes[0])


def test_a_code_matches_its_own_step_and_the_neighbours_only() -> None:
    step = totp.time_step(NOW)
    app = pyotp.TOTP(SECRET)
    assert totp.matching_step(SECRET, app.at(NOW), NOW, None) == step
    assert totp.matching_step(SECRET, app.at(NOW - timedelta(seconds=30)), NOW, None) == step - 1
    assert totp.matching_step(SECRET, app.at(NOW + timedelta(seconds=30)), NOW, None) == step + 1
    assert totp.matching_step(SECRET, app.at(NOW - timedelta(seconds=60)), NOW, None) is None
    wrong = f"{(int(app.at(NOW)) + 1) % 1_000_000:06d}"
    assert totp.matching_step(SECRET, wrong, NOW, None) is None


def test_a_code_once_accepted_never_matches_again_nor_does_an_older_one() -> None:
    step = totp.time_step(NOW)
    code = pyotp.TOTP(SECRET).at(NOW)
    assert totp.matching_step(SECRET, code, NOW, last_used_step=step) is None
    earlier = pyotp.TOTP(SECRET).at(NOW - timedelta(seconds=30))
    assert totp.matching_step(SECRET, earlier, NOW, last_used_step=step) is None
    assert steps_to_try(step, last_used_step=step) == [step + 1]
    assert steps_to_try(step, last_used_step=step + 1) == []


def test_a_secret_is_new_each_time_and_its_uri_names_growpath_and_the_account() -> None:
    secret = totp.new_secret()
    assert secret != totp.new_secret()
    assert len(secret) == 32
    uri = totp.setup_uri(secret, "ada@example.com")
    assert uri.startswith("otpauth://totp/growpath:ada%40example.com?")
    assert f"secret={secret}" in uri


def _admin(has_totp: bool = False, login_method: LoginMethod = LoginMethod.PASSWORD) -> Actor:
    roles = frozenset({Role.PROGRAM_ADMIN})
    return Actor(1, "a@example.com", 1, roles, has_totp=has_totp, login_method=login_method)


def test_an_admin_on_a_password_without_an_authenticator_must_set_one_up() -> None:
    assert _admin().must_set_up_totp
    assert not _admin(has_totp=True).must_set_up_totp


def test_an_admin_whose_session_came_from_single_sign_on_need_not() -> None:
    assert not _admin(login_method=LoginMethod.SSO).must_set_up_totp


def test_a_participant_may_keep_passwords_alone() -> None:
    participant = Actor(2, "p@example.com", 2, frozenset({Role.PARTICIPANT}))
    assert not participant.must_set_up_totp
