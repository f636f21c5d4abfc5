"""Domain errors; each carries a message a person can act on, and a code a program can.

A message may be a marked constant (N_) with %(name)s values: the error keeps both, so the
answer translates it into the reader's language after the fact; `message` is the English.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass


class Term(str):
    """A value that is itself a marked constant (N_), such as a status: translated with its message.

    It is a str (its English text, values filled in), so the English message reads as before; a
    reader's language gets the term's translation in its place.
    """

    template: str
    values: Mapping[str, object]

    def __new__(cls, template: str, **values: object) -> Term:
        """Keep the marked constant and its values; the str is the English text."""
        term = super().__new__(cls, template % values if values else template)
        term.template, term.values = template, values
        return term

    def translated(self, gettext: Callable[[str], str]) -> str:
        """Return the term through a gettext function, its values filled in afterwards."""
        return filled(gettext(self.template), self.values, gettext) if self.template else ""


def filled(text: str, values: Mapping[str, object], gettext: Callable[[str], str]) -> str:
    """Return a translated message with its values put in, each Term translated too."""
    if not values:
        return text
    return text % {
        k: v.translated(gettext) if isinstance(v, Term) else v for k, v in values.items()
    }


class DomainError(Exception):
    """A rule of the domain refused the request."""

    # Machine-stable: clients branch on it, whatever the wording or language of the message.
    code = "refused"

    def __init__(self, message: str, **values: object) -> None:
        if isinstance(message, Term) and not values:
            # A rule's reason handed on as it came (a Term) keeps its marked constant.
            values = dict(message.values)
            message = message.template
        self.template = message
        self.values: Mapping[str, object] = values
        self.message = message % values if values else message
        super().__init__(self.message)

    def translated(self, gettext: Callable[[str], str]) -> str:
        """Return the message through a gettext function, its values filled in afterwards."""
        if not self.template:
            return self.template
        return filled(gettext(self.template), self.values, gettext)

    def as_problem(self, where: str | None = None) -> Problem:
        """Return the refusal as a problem of one field, its marked constant kept for the page."""
        return Problem.of(self.template, where, None, **self.values)


class BadValue(ValueError):
    """A value that cannot be read, said as a marked constant with values (like Problem.of).

    A parser raises it where it knows what is wrong but not which field it reads; the caller
    turns it into a Problem with Problem.from_error.
    """

    def __init__(self, template: str, **values: object) -> None:
        self.template = template
        self.values: Mapping[str, object] = values
        super().__init__(template % values if values else template)


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the asker)."""

    code = "not_found"


class Conflict(DomainError):
    """The request clashes with the current state, e.g. a duplicate."""

    code = "conflict"


class RaceLost(Conflict):
    """Another use case wrote the same unique thing at the same moment and committed first."""


class PermissionDenied(DomainError):
    """The asker may not do this."""

    code = "forbidden"


class PasswordChangeRequired(PermissionDenied):
    """The account logged in with a one-time password and must replace it before anything else."""

    code = "password_change_required"


class TotpSetupRequired(PermissionDenied):
    """An administrator logged in with only a password must set up two-step login first."""

    code = "totp_setup_required"


class AuthenticationFailed(DomainError):
    """The credentials were wrong, missing or expired."""

    code = "authentication_failed"


class SecondStepRequired(AuthenticationFailed):
    """The password was right, and the account's two-step login asks for a code as well."""

    code = "totp_code_required"


class TooManyAttempts(DomainError):
    """Too many failed attempts from one place; try again later."""

    code = "rate_limited"


@dataclass(frozen=True)
class Problem:
    """One reason an input was refused: where (row, field) and why.

    `reason` is the English text; `template` and `values` keep the marked constant (N_) it was
    built from, so an answer or page translates it into its reader's language.
    """

    reason: str
    field: str | None = None
    line: int | None = None
    template: str = dataclasses.field(default="", compare=False)
    values: Mapping[str, object] = dataclasses.field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.reason, Term) and not self.template:
            # A rule's reason handed on as it came (a Term) keeps its marked constant.
            object.__setattr__(self, "template", self.reason.template)
            object.__setattr__(self, "values", self.reason.values)

    @classmethod
    def of(
        cls, template: str, where: str | None = None, line: int | None = None, **values: object
    ) -> Problem:
        """Build a problem from a marked constant with %(name)s values."""
        reason = template % values if values else template
        return cls(reason, where, line, template, values)

    @classmethod
    def from_error(
        cls, exc: ValueError, where: str | None = None, line: int | None = None
    ) -> Problem:
        """Build a problem from a parser's error, keeping a BadValue's marked constant."""
        if isinstance(exc, BadValue):
            return cls.of(exc.template, where, line, **exc.values)
        return cls(str(exc), where, line)

    def translated(self, gettext: Callable[[str], str]) -> str:
        """Return the reason through a gettext function, its values filled in afterwards."""
        message = self.template or self.reason
        if not message:
            return message
        return filled(gettext(message), self.values, gettext)

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(self.field)
        return f"{', '.join(where)}: {self.reason}" if where else self.reason


class InvalidInput(DomainError):
    """The input broke one or more rules; every problem is listed."""

    code = "invalid_input"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        summary = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{len(problems)} problem(s): {summary}{more}")
