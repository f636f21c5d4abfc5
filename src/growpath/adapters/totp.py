"""Time-based one-time codes (RFC 6238) through pyotp, and recovery codes to print."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime

import pyotp

from growpath.domain.second_factor import (
    CODE_DIGITS,
    RECOVERY_CODE_COUNT,
    STEP_SECONDS,
    steps_to_try,
    typed_code,
)

ISSUER = "growpath"
_RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


def new_secret() -> str:
    """Return a fresh shared secret: 160 random bits in base32, as RFC 4226 recommends."""
    return pyotp.random_base32(32)


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=CODE_DIGITS, interval=STEP_SECONDS)


def setup_uri(secret: str, email: str) -> str:
    """Return the otpauth:// URI an authenticator app reads from the QR code."""
    return _totp(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def time_step(now: datetime) -> int:
    """Return the number of the 30-second step a moment falls in."""
    return int(now.timestamp()) // STEP_SECONDS


def code_at_step(secret: str, step: int) -> str:
    """Return the code of a time step (what the app shows during it)."""
    return _totp(secret).generate_otp(step)


def matching_step(secret: str, code: str, now: datetime, last_used_step: int | None) -> int | None:
    """Return the time step a typed code belongs to, or None when it matches no step still
    allowed (wrong, too old, or at or before the last step used)."""
    typed = typed_code(code)
    found = None
    # Every allowed step is compared, in constant time, so timing tells nothing.
    for step in steps_to_try(time_step(now), last_used_step):
        if hmac.compare_digest(code_at_step(secret, step), typed) and found is None:
            found = step
    return found


def new_recovery_codes() -> list[str]:
    """Return fresh recovery codes, as shown to the person: "abcde-fghij"."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        letters = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{letters[:5]}-{letters[5:]}")
    return codes
