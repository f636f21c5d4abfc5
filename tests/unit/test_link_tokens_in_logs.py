"""A log reader never gets a working e-mailed link: the access log's paths lose their tokens."""

from __future__ import annotations

import logging

from growpath.adapters.logs import LinkTokenRedactor

TOKEN = "Zk3q9v1Lw0bXy7tP2mNaR5sUe8cVh4dJgQ6iWoYfKlE"


def _logged(*args: object) -> str:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d', args, None
    )
    LinkTokenRedactor().filter(record)
    return record.getMessage()


def test_a_log_reader_never_sees_an_invitation_reset_or_email_change_token() -> None:
    for page in ("/invitations/", "/password-reset/", "/account/email/"):
        line = _logged("203.0.113.9:5000", "GET", page + TOKEN, "1.1", 200)
        assert TOKEN not in line
        assert page + "[token]" in line


def test_other_paths_are_logged_as_they_are() -> None:
    line = _logged("203.0.113.9:5000", "POST", "/invitations/accept", "1.1", 303)
    assert "/invitations/accept" in line
