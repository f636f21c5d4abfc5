"""Single sign-on: who an identity provider may let in, and which roles its groups grant."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from growpath.domain.errors import Term
from growpath.i18n import N_


class SsoProvider(StrEnum):
    """The protocols through which an identity provider vouches for a person."""

    OIDC = "oidc"
    SAML = "saml"


MAX_SUBJECT_LENGTH = 255  # OIDC's `sub` is at most 255 ASCII characters (Core 1.0, 2)


def group_names(setting: str) -> frozenset[str]:
    """Return the group names of a comma-separated setting, blanks left out."""
    return frozenset(name.strip() for name in setting.split(",") if name.strip())


def grants_org_admin(groups: Iterable[str], admin_groups: frozenset[str]) -> bool:
    """Whether the identity provider's groups make this person an organisation admin."""
    return bool(admin_groups & set(groups))


def refusal(*, is_active: bool, leave_date: date | None, erased: bool, today: date) -> Term | None:
    """Say why someone the directory knows may not come in, or None when they may."""
    if erased:
        return Term(N_("this person's data was erased from growpath"))
    if not is_active:
        return Term(N_("this account is deactivated; ask an organisation admin"))
    if leave_date is not None and leave_date <= today:
        return Term(N_("the directory says this person has left the organisation"))
    return None
