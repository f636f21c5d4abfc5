"""Links e-mailed to one address that act once: invitations, password resets, e-mail changes.

Whoever holds such a link can set a password or move a login, so it is a credential: it goes
only to the address it names, is stored as a digest, works once and expires.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from enum import StrEnum

from growpath.domain.errors import NotFound
from growpath.i18n import N_


class LinkPurpose(StrEnum):
    """What opening an e-mailed link does."""

    INVITATION = "invitation"  # create the account and choose its password
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a purpose, not a secret; choose a new password for the account
    EMAIL_CHANGE = "email_change"  # move the account's login to the address the link went to


class LinkState(StrEnum):
    """Where an e-mailed link stands."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    EXPIRED = "expired"
    REVOKED = "revoked"


LIFETIMES: dict[LinkPurpose, timedelta] = {
    LinkPurpose.INVITATION: timedelta(days=7),
    # A reset link is the most exposed (anyone may ask for one): short-lived.
    LinkPurpose.PASSWORD_RESET: timedelta(hours=1),
    LinkPurpose.EMAIL_CHANGE: timedelta(days=2),
}

# One answer for every link that does not work, so a page never tells which case it was,
# nor whether an account exists behind it.
DEAD_LINK = N_(
    "This link does not work (any more): it was used, replaced by a newer one, withdrawn or "
    "it expired. Ask for a new one."
)


class DeadLink(NotFound):
    """A link that does not work (any more); answered 410 Gone, one way for every cause."""

    code = "dead_link"

    def __init__(self) -> None:
        super().__init__(DEAD_LINK)


# The pages behind e-mailed links, and calendar feeds, carry the token in their path.
_TOKEN_IN_PATH = re.compile(
    r"(/(?:invitations|password-reset|account/email|calendar)/)[A-Za-z0-9_-]{20,}"
)


def without_link_tokens(text: str) -> str:
    """Return text (a path, a log line) with the token of any e-mailed link replaced."""
    return _TOKEN_IN_PATH.sub(r"\1[token]", text)


def link_state(
    now: datetime,
    expires_at: datetime,
    used_at: datetime | None,
    revoked_at: datetime | None,
) -> LinkState:
    """Return the state of a link from its moments."""
    if used_at is not None:
        return LinkState.ACCEPTED
    if revoked_at is not None:
        return LinkState.REVOKED
    if expires_at <= now:
        return LinkState.EXPIRED
    return LinkState.PENDING
