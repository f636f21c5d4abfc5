"""The audit trail's outcomes: a request was carried out, or refused."""

from __future__ import annotations

ALLOWED, DENIED = "allowed", "denied"
OUTCOMES = (ALLOWED, DENIED)
