"""Nudges in the outbox: their states."""

from __future__ import annotations

from enum import StrEnum


class NudgeStatus(StrEnum):
    """Where a nudge stands in the outbox: never sent twice, retried, failed for good."""

    PENDING = "pending"
    SENDING = "sending"
    RETRYING = "retrying"
    SENT = "sent"
    FAILED = "failed"
    # A worker died between sending and recording it: never retried, so never sent twice.
    UNCONFIRMED = "unconfirmed"


class MailCategory(StrEnum):
    """A kind of optional mail a person may turn off; essential mail has none."""

    DIGEST = "digest"
    REMINDERS = "reminders"


# Reminders a person can do without: the work they remind of is on their pages anyway.
REMINDER_KINDS = frozenset({"checkin", "incomplete_profile", "invitation"})
CATEGORY_TEXT = {
    MailCategory.DIGEST: "the weekly digest",
    MailCategory.REMINDERS: "reminders (check-ins, unanswered proposals, profile and pair "
    "health nudges)",
}


def category_of(kind: str) -> MailCategory | None:
    """Return the category a kind of nudge can be turned off by, or None if it is essential.

    Anything not named here is essential, so a new kind (a security notice, an account
    invitation, a password reset) never carries an unsubscribe link by accident.
    """
    if kind == "digest":
        return MailCategory.DIGEST
    if kind in REMINDER_KINDS or kind.startswith("health."):
        return MailCategory.REMINDERS
    return None
