"""People and groups as an identity provider provisions them (SCIM 2.0), in growpath's words.

The provider names a person by a user name and e-mails, a name in parts, a title, an
employee number, a department and a manager; growpath keeps the e-mail, the name, the title,
the employee id, the department and the manager on the person (they are the HR record) and
the rest beside it, so that what the provider wrote reads back as it wrote it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from growpath.domain.errors import Conflict
from growpath.domain.people import normalise_email


class Deprovisioned(Conflict):
    """The identity provider deprovisioned the person: nobody in growpath lets them back in."""

    def __init__(self, doing: str, email: str) -> None:
        super().__init__(
            f"cannot {doing} for {email}: the person was deprovisioned by the identity "
            "provider (SCIM); only the provider can let them in again"
        )


# What an e-mail entry holds: value, and optionally type and primary.
EmailEntry = Mapping[str, Any]


@dataclass(frozen=True)
class WantedPerson:
    """What the identity provider asks a person to be (a POST or PUT, or a PATCH's result)."""

    user_name: str
    emails: Sequence[EmailEntry] = ()
    external_id: str | None = None
    active: bool | None = None
    given_name: str | None = None
    family_name: str | None = None
    formatted_name: str | None = None
    display_name: str | None = None
    title: str | None = None
    department: str | None = None
    employee_number: str | None = None
    # The manager's SCIM id (the person's id) or employee id, as the provider wrote it.
    manager: str | None = None

    def login_email(self) -> str:
        """Return the e-mail growpath writes to: the primary entry's, else the first, else
        the user name when it is an address; "" when there is none."""
        entries = sorted(self.emails, key=lambda e: not e.get("primary"))
        for entry in entries:
            if value := str(entry.get("value") or "").strip():
                return value
        try:
            return normalise_email(self.user_name)
        except ValueError:
            return ""

    def person_name(self) -> str:
        """Return the one name the directory keeps, from the most complete part given."""
        parts = " ".join(p.strip() for p in (self.given_name, self.family_name) if p and p.strip())
        for candidate in (self.formatted_name, parts, self.display_name, self.user_name):
            if candidate and candidate.strip():
                return candidate.strip()
        return ""

    def kept_beside(self) -> dict[str, Any]:
        """Return what growpath keeps beside the person, to give back as it was written."""
        name = {
            key: value
            for key, value in (
                ("givenName", self.given_name),
                ("familyName", self.family_name),
                ("formatted", self.formatted_name),
            )
            if value is not None
        }
        kept: dict[str, Any] = {"emails": [dict(e) for e in self.emails]}
        if name:
            kept["name"] = name
        if self.display_name is not None:
            kept["displayName"] = self.display_name
        return kept


@dataclass(frozen=True)
class ProvisionedPerson:
    """A person as the identity provider sees them: the directory's fields and what it keeps."""

    id: int
    user_name: str
    email: str
    name: str
    title: str
    department: str
    employee_number: str | None
    manager_id: int | None
    external_id: str | None
    active: bool | None
    attributes: Mapping[str, Any]
    created_at: datetime
    updated_at: datetime

    def emails(self) -> list[dict[str, Any]]:
        """Return the e-mail entries, the login e-mail standing in the primary (or first) one."""
        entries = [dict(e) for e in self.attributes.get("emails", [])]
        if not entries:
            return [{"value": self.email, "primary": True}]
        index = next((i for i, e in enumerate(entries) if e.get("primary")), 0)
        # The directory's e-mail wins: it moves only once a new address is confirmed.
        if normalise_or_same(str(entries[index].get("value", ""))) != self.email:
            entries[index]["value"] = self.email
        return entries

    def name_parts(self) -> dict[str, str]:
        """Return the name as the provider wrote it, the directory's name as the formatted one."""
        parts = dict(self.attributes.get("name", {}))
        if "formatted" in parts:
            parts["formatted"] = self.name
        return parts

    def wanted(self) -> WantedPerson:
        """Return the person as a request that would leave them as they are (PATCH's start)."""
        parts = self.name_parts()
        return WantedPerson(
            user_name=self.user_name,
            emails=self.emails(),
            external_id=self.external_id,
            active=self.active,
            given_name=parts.get("givenName"),
            family_name=parts.get("familyName"),
            formatted_name=parts.get("formatted"),
            display_name=self.attributes.get("displayName"),
            title=self.title or None,
            department=self.department or None,
            employee_number=self.employee_number,
            manager=str(self.manager_id) if self.manager_id is not None else None,
        )


def normalise_or_same(email: str) -> str:
    """Return an address in canonical form, or as it is when it is none."""
    try:
        return normalise_email(email)
    except ValueError:
        return email


@dataclass(frozen=True)
class WantedGroup:
    """What the identity provider asks a group to be: a name and members (people's ids)."""

    display_name: str
    external_id: str | None = None
    member_ids: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class ProvisionedGroup:
    """A group as stored: its name and its members' person ids."""

    id: int
    display_name: str
    external_id: str | None
    member_ids: tuple[int, ...]
    created_at: datetime
    updated_at: datetime
