"""Roles and what an account may do with people data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """A role granted to an account; manager is derived from reporting lines, not granted."""

    PARTICIPANT = "participant"
    PROGRAM_ADMIN = "program_admin"
    ORG_ADMIN = "org_admin"


ADMIN_ROLES = frozenset({Role.PROGRAM_ADMIN, Role.ORG_ADMIN})


@dataclass(frozen=True)
class Actor:
    """The logged-in account a request acts for."""

    user_id: int
    email: str
    person_id: int | None
    roles: frozenset[Role]
    is_manager: bool = False
    # Guides a pair, or is enrolled as a mentor or coach: the caseload is theirs to use.
    is_guide: bool = False
    must_change_password: bool = False
    # The programs a program admin administers (user_roles rows naming a program).
    programs: frozenset[int] = frozenset()

    @property
    def is_admin(self) -> bool:
        """Whether the account administers programs or the organisation."""
        return bool(self.roles & ADMIN_ROLES)

    @property
    def is_org_admin(self) -> bool:
        """Whether the account administers the whole organisation."""
        return Role.ORG_ADMIN in self.roles

    def administers(self, program_id: int) -> bool:
        """Whether the account administers this program (an org admin administers all)."""
        return self.is_org_admin or (
            Role.PROGRAM_ADMIN in self.roles and program_id in self.programs
        )

    @property
    def role_names(self) -> list[str]:
        """Every role of the account, the derived manager role included, sorted."""
        names = {role.value for role in self.roles}
        if self.is_manager:
            names.add("manager")
        return sorted(names)


MIN_PASSWORD_LENGTH = 12


def password_problem(password: str) -> str | None:
    """Say why a password is too weak, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"a password needs at least {MIN_PASSWORD_LENGTH} characters"
    if password.isdigit() or password.isalpha():
        return "a password needs both letters and other characters"
    return None
