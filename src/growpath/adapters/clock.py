"""Clocks that hand out UTC-aware datetimes, so time can be injected in tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Source of the current time."""

    def now(self) -> datetime:
        """Return the current UTC-aware time."""
        ...


class SystemClock:
    """The real wall clock."""

    def now(self) -> datetime:
        """Return the current UTC-aware time."""
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that stands still until moved, for tests and simulations."""

    current: datetime

    def __post_init__(self) -> None:
        if self.current.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")

    def now(self) -> datetime:
        """Return the clock's current time."""
        return self.current

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by delta."""
        self.current += delta
