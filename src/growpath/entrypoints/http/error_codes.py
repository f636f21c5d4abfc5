"""The machine-stable codes of error answers, and what a client does about each."""

from __future__ import annotations

# Every code an error body carries, and what a client does about it (the OpenAPI and the
# docs list these, and a test holds them to what the answers send).
ERROR_CODES: dict[str, str] = {
    "invalid_input": "the request broke one or more rules; `problems` names each field",
    "not_found": "nothing with that id exists, or the caller may not see it",
    "dead_link": "an e-mailed link that does not work (any more): ask for a new one",
    "conflict": "the request clashes with the current state (a duplicate, a finished thing)",
    "forbidden": "the caller may not do this",
    "password_change_required": "the account must choose a new password first",
    "totp_setup_required": "an admin must set up two-step login at /account/two-step",
    "authentication_failed": "log in: the credentials were wrong, missing or expired",
    "totp_code_required": "send the two-step login code as well",
    "rate_limited": "too many attempts from one place: wait, then try again",
    "refused": "another rule refused the request; the detail says which",
    "method_not_allowed": "the address does not take this HTTP method",
    "too_large": "the request body is larger than the address accepts",
    "http_error": "another HTTP error; the status says which",
    "unavailable": "the database is unavailable: retry later",
}
