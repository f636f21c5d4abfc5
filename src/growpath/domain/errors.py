"""Domain errors; each carries a message a person can act on."""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    """A rule of the domain refused the request."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the asker)."""


class Conflict(DomainError):
    """The request clashes with the current state, e.g. a duplicate."""


class PermissionDenied(DomainError):
    """The asker may not do this."""


class PasswordChangeRequired(PermissionDenied):
    """The account logged in with a one-time password and must replace it before anything else."""


class AuthenticationFailed(DomainError):
    """The credentials were wrong, missing or expired."""


class TooManyAttempts(DomainError):
    """Too many failed attempts from one place; try again later."""


@dataclass(frozen=True)
class Problem:
    """One reason an input was refused: where (row, field) and why."""

    reason: str
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(self.field)
        return f"{', '.join(where)}: {self.reason}" if where else self.reason


class InvalidInput(DomainError):
    """The input broke one or more rules; every problem is listed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        summary = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{len(problems)} problem(s): {summary}{more}")
