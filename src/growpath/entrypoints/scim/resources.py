"""People and groups as SCIM resources, and SCIM resources as what growpath is asked to do."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from scim2_models import Meta

from growpath.domain.provisioning import (
    ProvisionedGroup,
    ProvisionedPerson,
    WantedGroup,
    WantedPerson,
)
from growpath.entrypoints.scim.errors import ENTERPRISE, PREFIX, ScimFailure
from growpath.entrypoints.scim.schema import (
    Email,
    EnterpriseUser,
    GroupMember,
    GroupResource,
    Manager,
    Name,
    UserResource,
)

MAX_EMAILS = 10


def location(request: Request, kind: str, resource_id: int) -> str:
    """Return the absolute address of a resource, under the root path."""
    return f"{str(request.base_url).rstrip('/')}{PREFIX}/{kind}/{resource_id}"


def user_resource(request: Request, person: ProvisionedPerson) -> Any:
    """Return a person as a SCIM User."""
    parts = person.name_parts()
    user = UserResource(
        id=str(person.id),
        external_id=person.external_id,
        user_name=person.user_name,
        name=Name(
            formatted=parts.get("formatted"),
            given_name=parts.get("givenName"),
            family_name=parts.get("familyName"),
        )
        if parts
        else None,
        display_name=person.attributes.get("displayName"),
        title=person.title or None,
        active=person.active,
        emails=[
            Email(value=e.get("value"), type=e.get("type"), primary=e.get("primary"))
            for e in person.emails()
        ],
        meta=Meta(
            resource_type="User",
            created=person.created_at,
            last_modified=person.updated_at,
            location=location(request, "Users", person.id),
        ),
    )
    manager = (
        Manager(
            value=str(person.manager_id),
            ref=location(request, "Users", person.manager_id),
        )
        if person.manager_id is not None
        else None
    )
    if person.employee_number or person.department or manager:
        user[EnterpriseUser] = EnterpriseUser(
            employee_number=person.employee_number,
            department=person.department or None,
            manager=manager,
        )
    return user


def wanted_person(user: Any) -> WantedPerson:
    """Return what a SCIM User asks a person to be."""
    emails = [
        {
            k: v
            for k, v in (("value", e.value), ("type", e.type), ("primary", e.primary))
            if v is not None
        }
        for e in user.emails or []
    ]
    if len(emails) > MAX_EMAILS:
        raise ScimFailure(400, f"emails: at most {MAX_EMAILS} addresses", "invalidValue")
    enterprise = user[EnterpriseUser]
    name = user.name
    return WantedPerson(
        user_name=user.user_name or "",
        emails=emails,
        external_id=user.external_id,
        active=user.active,
        given_name=name.given_name if name else None,
        family_name=name.family_name if name else None,
        formatted_name=name.formatted if name else None,
        display_name=user.display_name,
        title=user.title,
        department=enterprise.department if enterprise else None,
        employee_number=enterprise.employee_number if enterprise else None,
        manager=_manager_value(enterprise.manager if enterprise else None),
    )


def _manager_value(manager: Manager | None) -> str | None:
    if manager is None:
        return None
    if manager.value:
        return manager.value
    # Some providers send only the reference: its last segment is the id.
    return str(manager.ref).rstrip("/").rsplit("/", 1)[-1] if manager.ref else None


def manager_as_sent_by_entra(body: dict[str, Any]) -> dict[str, Any]:
    """Return a User PATCH with Entra ID's bare manager id ("value": "42") as a Manager."""
    operations = body.get("Operations")
    if not isinstance(operations, list):
        return body
    manager_path = f"{ENTERPRISE}:manager".lower()
    fixed = [
        {**op, "value": {"value": op["value"]}}
        if isinstance(op, dict)
        and str(op.get("path", "")).lower() == manager_path
        and isinstance(op.get("value"), str)
        else op
        for op in operations
    ]
    return {**body, "Operations": fixed}


def group_resource(request: Request, group: ProvisionedGroup) -> Any:
    """Return a group as a SCIM Group."""
    return GroupResource(
        id=str(group.id),
        external_id=group.external_id,
        display_name=group.display_name,
        members=[
            GroupMember(value=str(member), ref=location(request, "Users", member))
            for member in group.member_ids
        ]
        or None,
        meta=Meta(
            resource_type="Group",
            created=group.created_at,
            last_modified=group.updated_at,
            location=location(request, "Groups", group.id),
        ),
    )


def wanted_group(group: Any) -> WantedGroup:
    """Return what a SCIM Group asks a group to be."""
    members = [
        m.value or (str(m.ref).rstrip("/").rsplit("/", 1)[-1] if m.ref else "")
        for m in group.members or []
    ]
    return WantedGroup(
        display_name=group.display_name or "",
        external_id=group.external_id,
        member_ids=tuple(members),
    )
