"""Nudges in the outbox: their states."""

from __future__ import annotations

from enum import StrEnum

from growpath.i18n import N_


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
REMINDER_KINDS = frozenset(
    {"checkin", "incomplete_profile", "invitation", "practice", "reflection"}
)
# Translated where shown: in the reader's language.
CATEGORY_TEXT = {
    MailCategory.DIGEST: N_("the weekly digest"),
    MailCategory.REMINDERS: N_(
        "reminders (check-ins, unanswered proposals, profile and pair health nudges, the "
        "weekly coaching conversation, reflection prompts)"
    ),
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
