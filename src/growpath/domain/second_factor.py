"""Two-step login: what a typed code is, and the rules for time steps and recovery codes.

Codes come from an authenticator app (RFC 6238: six digits, a new one every 30 seconds) or
from the list of recovery codes shown once at set-up. A password can never be six digits
(``password_problem`` refuses all-digit passwords), so one field can take either a current
code or the password where a page asks for proof.
"""

from __future__ import annotations

import re

CODE_DIGITS = 6
STEP_SECONDS = 30
# Steps either side of now that are still accepted: a code typed as it turns over, or a
# phone clock a little off (RFC 6238 section 5.2 advises at most one step of delay).
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
# Ten lower-case letters and digits in two groups of five: 50 bits, typed once in a lifetime.
RECOVERY_CODE_PATTERN = re.compile(r"^[a-z2-7]{5}-?[a-z2-7]{5}$")
_SEPARATORS = re.compile(r"[\s-]+")


def typed_code(text: str) -> str:
    """Return a typed code without the spaces an app shows or a person types ("123 456")."""
    return _SEPARATORS.sub("", text).lower()


def is_app_code(text: str) -> bool:
    """Whether typed text is an authenticator app's code (six digits, spaces allowed)."""
    code = typed_code(text)
    return len(code) == CODE_DIGITS and code.isascii() and code.isdigit()


def is_recovery_code(text: str) -> bool:
    """Whether typed text has the form of a recovery code."""
    return RECOVERY_CODE_PATTERN.match(text.strip().lower()) is not None


def recovery_code_key(text: str) -> str:
    """Return the canonical form of a recovery code (its digest is what the database keeps)."""
    return typed_code(text)


def steps_to_try(now_step: int, last_used_step: int | None) -> list[int]:
    """Return the time steps a code may match now, leaving out any at or before the last one
    used: a code, once accepted, never works again (RFC 6238 section 5.2)."""
    steps = range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1)
    return [step for step in steps if last_used_step is None or step > last_used_step]
