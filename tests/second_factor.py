"""Two-step login in tests: admin accounts get an authenticator, and login helpers type its
codes as a person would, computed with pyotp at the app's own clock."""

from __future__ import annotations

from datetime import timedelta

import pyotp

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath
from growpath.domain.second_factor import STEP_SECONDS, steps_to_try
from growpath.services import second_factor

# The secret every test admin's authenticator holds (a test's own, not the demo's).
TEST_TOTP_SECRET = "MAVVFMQM2RPOJXEKWHHEW7MPL73O5V5O"


def set_up_totp(app: Growpath, email: str, secret: str = TEST_TOTP_SECRET) -> None:
    """Turn two-step login on for an account, as its owner would with this secret."""
    second_factor.set_up_with_secret(app, email, secret)


def has_totp(app: Growpath, email: str) -> bool:
    """Whether the account with this e-mail logs in with two steps."""
    with app.uow() as uow:
        user = uow.users.by_email(email.strip().lower())
        return user is not None and uow.second_factors.is_on(user.id)


def next_code(app: Growpath, email: str) -> str:
    """Return the code the account's authenticator shows next that growpath still accepts.

    A code works once: after three logins in one 30-second step (its neighbours are accepted
    too), a standing test clock moves on by one step, as real time would.
    """
    with app.uow() as uow:
        user = uow.users.by_email(email.strip().lower())
        credential = uow.second_factors.totp_of(user.id) if user else None
        assert credential is not None, f"{email} has no authenticator"
        secret, last = credential.secret, credential.last_used_step
    totp = pyotp.TOTP(secret)
    while not (steps := steps_to_try(totp.timecode(app.clock.now()), last)):
        assert isinstance(app.clock, FixedClock), "only a test clock can be moved on"
        app.clock.advance(timedelta(seconds=STEP_SECONDS))
    return totp.at(steps[0] * STEP_SECONDS)
