"""Roles and what an account may do with people data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from growpath.domain.errors import Term
from growpath.i18n import N_


class Role(StrEnum):
    """A role granted to an account; manager is derived from reporting lines, not granted."""

    PARTICIPANT = "participant"
    PROGRAM_ADMIN = "program_admin"
    ORG_ADMIN = "org_admin"


ADMIN_ROLES = frozenset({Role.PROGRAM_ADMIN, Role.ORG_ADMIN})


class LoginMethod(StrEnum):
    """How a login session was started: it decides whether an admin needs two-step login."""

    # A password (and the code, when two-step login is on); a method's name, not a secret.
    PASSWORD = "password"  # noqa: S105
    SSO = "sso"  # the organisation's identity provider vouched for the person


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
    # Two-step login (an authenticator app's codes) is on for the account.
    has_totp: bool = False
    # How this request's session began; API tokens count as password logins.
    login_method: LoginMethod = LoginMethod.PASSWORD
    # The programs a program admin administers (user_roles rows naming a program).
    programs: frozenset[int] = frozenset()
    # The person's own time zone ("" for UTC or an erased profile), read with the account at
    # each request so pages show times without a query of their own; None: not read.
    time_zone: str | None = None
    # Enrolled in a program or a member of a pair (the journal and lessons are theirs).
    takes_part: bool = False
    # A member of a practice triad.
    in_triad: bool = False
    # The language the person chose for pages and mail (a shipped locale); None: not chosen,
    # so the browser's Accept-Language or the organisation's default applies.
    locale: str | None = None

    @property
    def is_admin(self) -> bool:
        """Whether the account administers programs or the organisation."""
        return bool(self.roles & ADMIN_ROLES)

    @property
    def is_org_admin(self) -> bool:
        """Whether the account administers the whole organisation."""
        return Role.ORG_ADMIN in self.roles

    @property
    def must_set_up_totp(self) -> bool:
        """Whether the account administers but logged in with only a password (no SSO)."""
        return self.is_admin and not self.has_totp and self.login_method != LoginMethod.SSO

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


def password_problem(password: str) -> Term | None:
    """Say why a password is too weak, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return Term(N_("a password needs at least %(least)s characters"), least=MIN_PASSWORD_LENGTH)
    if password.isdigit() or password.isalpha():
        return Term(N_("a password needs both letters and other characters"))
    return None
