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
