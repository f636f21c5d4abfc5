"""SCIM provisioning of people: create, replace, change, deprovision, as the identity provider.

A provisioned person is a person of the directory, checked by the same rules as an HRIS
import or an admin's edit (services/people.py). ``active=false`` or a DELETE deprovisions:
the person's account (if any) is deactivated and every session, API token and calendar feed
ends, the person's open proposals are withdrawn, and nothing of their history goes. An e-mail
change of a person with an account waits for the new address to confirm it (login_email).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from growpath.adapters.orm import PersonRow, ScimUserRow
from growpath.adapters.scim_filters import InvalidFilter
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import Conflict, InvalidInput, NotFound, Problem
from growpath.domain.provisioning import ProvisionedPerson, WantedPerson
from growpath.i18n import N_
from growpath.services import login_email
from growpath.services.context import Context
from growpath.services.leavers import close_every_way_in
from growpath.services.people import (
    apply_profile,
    check_reporting_line,
    profile_fields,
    validated_profile,
)
from growpath.services.scim_tokens import require_identity_provider

MAX_PAGE = 200
# Past every row any directory holds, and inside what SQLite and PostgreSQL take as an offset.
MAX_OFFSET = 2**31 - 1
MAX_USER_NAME = 320


def list_people(
    ctx: Context, filter_text: str | None, start_index: int, count: int
) -> tuple[int, list[ProvisionedPerson]]:
    """Return how many people match a SCIM filter, and one page of them (1-based start)."""
    require_identity_provider(ctx)
    with ctx.uow() as uow:
        try:
            total, rows = uow.scim.search_people(
                filter_text, page_offset(start_index), max(0, min(count, MAX_PAGE))
            )
        except InvalidFilter as exc:
            raise InvalidInput([Problem(str(exc), "filter")]) from exc
        return total, [_view(person, link) for person, link in rows]


def page_offset(start_index: int) -> int:
    """Return the rows to skip for a 1-based SCIM startIndex: below 1 is 1, far is the end."""
    return min(max(start_index, 1) - 1, MAX_OFFSET)


def get_person(ctx: Context, person_id: int) -> ProvisionedPerson:
    """Return one person as the identity provider sees them."""
    require_identity_provider(ctx)
    with ctx.uow() as uow:
        return _view(*_visible(uow, person_id))


def provision(ctx: Context, wanted: WantedPerson) -> ProvisionedPerson:
    """Create a person (or take up one of the directory with that e-mail) for the provider."""
    actor = require_identity_provider(ctx)
    with ctx.uow() as uow:
        _check_user_name_form(wanted.user_name)
        email = _checked_email(wanted)
        person = uow.people.by_email(email)
        if person is not None:
            link = uow.scim.link(person.id)
            if person.erased_at is not None or (link is not None and link.deleted_at is None):
                raise Conflict(
                    N_("a person with e-mail %(email)s is provisioned already"), email=email
                )
        # The person taken up (of the directory, or deleted before) may keep their user name.
        _check_user_name(uow, wanted.user_name, person.id if person else None)
        person = _write(uow, ctx, person, wanted, actor, "scim.user.create")
        uow.commit()
        return _view(*_visible(uow, person.id))


def replace_person(ctx: Context, person_id: int, wanted: WantedPerson) -> ProvisionedPerson:
    """Make a person what the provider asks (PUT): what it leaves out is cleared."""
    return change_person(ctx, person_id, lambda _: wanted)


def change_person(
    ctx: Context, person_id: int, edit: Callable[[ProvisionedPerson], WantedPerson]
) -> ProvisionedPerson:
    """Change a person by an edit of what the provider sees (PATCH), in one transaction."""
    actor = require_identity_provider(ctx)
    with ctx.uow() as uow:
        person, link = _visible(uow, person_id)
        wanted = edit(_view(person, link))
        _check_user_name(uow, wanted.user_name, person.id)
        _write(uow, ctx, person, wanted, actor, "scim.user.replace")
        uow.commit()
        return _view(*_visible(uow, person.id))


def delete_person(ctx: Context, person_id: int) -> None:
    """Deprovision a person and stop showing them to the provider; their history stays."""
    actor = require_identity_provider(ctx)
    with ctx.uow() as uow:
        person, link = _visible(uow, person_id)
        link = link or _new_link(uow, ctx, person, person.email)
        _deprovision(uow, ctx, person, actor)
        link.active = False
        link.deleted_at = ctx.now
        uow.scim.remove_memberships_of(person.id)
        _audit(uow, ctx, actor, "scim.user.delete", person.id, {})
        uow.commit()


def _visible(uow: UnitOfWork, person_id: int) -> tuple[PersonRow, ScimUserRow | None]:
    found = uow.scim.person(person_id)
    if found is None:
        raise NotFound(N_("no user with id %(id)s"), id=person_id)
    return found


def _view(person: PersonRow, link: ScimUserRow | None) -> ProvisionedPerson:
    return ProvisionedPerson(
        id=person.id,
        user_name=link.user_name if link else person.email,
        email=person.email,
        name=person.name,
        title=person.title,
        department=person.department,
        employee_number=person.employee_id,
        manager_id=person.manager_id,
        external_id=link.external_id if link else None,
        active=link.active if link else None,
        attributes=dict(link.attributes) if link else {},
        created_at=link.created_at if link else person.created_at,
        updated_at=max(person.updated_at, link.updated_at) if link else person.updated_at,
    )


def _check_user_name_form(user_name: str) -> None:
    if not user_name.strip():
        raise InvalidInput([Problem(N_("is missing"), "user_name")])
    if len(user_name) > MAX_USER_NAME or any(ord(c) < 32 for c in user_name):
        raise InvalidInput(
            [
                Problem.of(
                    N_("is one line of at most %(most)s characters"),
                    "user_name",
                    most=MAX_USER_NAME,
                )
            ]
        )


def _check_user_name(uow: UnitOfWork, user_name: str, person_id: int | None) -> None:
    _check_user_name_form(user_name)
    holder = uow.scim.user_name_holder(user_name)
    if holder is not None and holder != person_id:
        raise Conflict(N_("the user name %(name)s is taken"), name=user_name)


def _checked_email(wanted: WantedPerson) -> str:
    email = wanted.login_email()
    if not email:
        raise InvalidInput([Problem(N_("needs at least one e-mail address"), "email")])
    profile = validated_profile({"email": email, "name": "x"})
    return profile.email


def _write(
    uow: UnitOfWork,
    ctx: Context,
    person: PersonRow | None,
    wanted: WantedPerson,
    actor: str,
    action: str,
) -> PersonRow:
    email = _checked_email(wanted)
    fields: dict[str, Any] = profile_fields(person) if person is not None else {}
    fields.update(
        email=email,
        name=wanted.person_name(),
        title=wanted.title or "",
        department=wanted.department or "",
        manager_email=_manager_email(uow, wanted.manager, person),
        employee_id=wanted.employee_number or "",
    )
    profile = validated_profile(fields)
    holder = uow.scim.by_employee_id(profile.employee_id) if profile.employee_id else None
    if holder is not None and (person is None or holder.id != person.id):
        raise Conflict(
            N_("employee number %(number)s belongs to someone else"), number=profile.employee_id
        )
    if person is None:
        check_reporting_line(uow, profile)
        person = PersonRow(email=profile.email, created_at=ctx.now)
        apply_profile(uow, person, profile, ctx)
        uow.people.add(person)
    else:
        if profile.email != person.email:
            other = uow.people.by_email(profile.email)
            if other is not None and other.id != person.id:
                raise Conflict(
                    N_("a person with e-mail %(email)s already exists"), email=profile.email
                )
        # A login address moves only when its new address confirms (services/login_email.py).
        held = login_email.hold_person_email(uow, ctx, person, profile.email)
        profile = replace(profile, email=held)
        check_reporting_line(uow, profile, previous_email=person.email)
        apply_profile(uow, person, profile, ctx)
    person.employee_id = profile.employee_id or None
    link = uow.scim.link(person.id) or _new_link(uow, ctx, person, wanted.user_name)
    was_active = link.active
    revived = link.deleted_at is not None
    # A deleted User the provider creates again is in unless it says otherwise; elsewhere
    # "active" left out (or removed) leaves the account as it is and stops saying anything.
    active = True if wanted.active is None and revived else wanted.active
    link.user_name = wanted.user_name
    link.external_id = wanted.external_id
    link.attributes = wanted.kept_beside()
    link.active = active
    link.deleted_at = None
    link.updated_at = ctx.now
    _audit(uow, ctx, actor, action, person.id, {"user_name": wanted.user_name})
    if active is False and (was_active is not False or revived):
        _deprovision(uow, ctx, person, actor)
    elif active is True and (was_active is False or revived):
        _reactivate(uow, ctx, person, actor)
    return person


def _new_link(uow: UnitOfWork, ctx: Context, person: PersonRow, user_name: str) -> ScimUserRow:
    link = ScimUserRow(
        person_id=person.id,
        user_name=user_name,
        attributes={},
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    uow.scim.add_link(link)
    return link


def _manager_email(uow: UnitOfWork, reference: str | None, person: PersonRow | None) -> str:
    if not reference or not reference.strip():
        return ""
    reference = reference.strip()
    manager = None
    if reference.isdigit() and len(reference) < 19:
        found = uow.scim.person(int(reference))
        manager = found[0] if found else None
    if manager is None:
        manager = uow.scim.by_employee_id(reference)
    if manager is None or manager.erased_at is not None:
        raise InvalidInput(
            [
                Problem.of(
                    N_("no user has the id or employee number '%(reference)s'"),
                    "manager_email",
                    reference=reference,
                )
            ]
        )
    return manager.email


def _deprovision(uow: UnitOfWork, ctx: Context, person: PersonRow, actor: str) -> None:
    """Close every way in for the person and withdraw their open proposals."""
    closed = close_every_way_in(uow, person, ctx.now)
    _audit(
        uow,
        ctx,
        actor,
        "scim.user.deprovision",
        person.id,
        {
            "account": closed.account,
            "tokens_revoked": closed.tokens_revoked,
            "proposals_withdrawn": closed.proposals_withdrawn,
        },
    )


def _reactivate(uow: UnitOfWork, ctx: Context, person: PersonRow, actor: str) -> None:
    user = uow.users.by_person(person.id)
    if user is not None:
        user.is_active = True
    _audit(uow, ctx, actor, "scim.user.reactivate", person.id, {"account": user is not None})


def _audit(
    uow: UnitOfWork, ctx: Context, actor: str, action: str, person_id: int, detail: dict[str, Any]
) -> None:
    uow.audit.record(
        ctx.now,
        None,
        action,
        "person",
        str(person_id),
        ctx.source_address,
        detail={"actor": actor, **detail},
    )
