"""Pulse check-ins: the scale their satisfaction and progress answers are given on."""

from __future__ import annotations

MIN_ANSWER, MAX_ANSWER = 1, 5
