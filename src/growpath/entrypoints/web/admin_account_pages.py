"""Organisation admins give people a login (a one-time password, shown once) or erase them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from growpath.domain.accounts import Role
from growpath.domain.errors import Conflict, InvalidInput, Problem
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.services import accounts, people, personal_data

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
ROLE_CHOICES = [
    (Role.PARTICIPANT.value, "Participant: enrols, is matched, takes part (everyone)"),
    (
        Role.PROGRAM_ADMIN.value,
        "Program admin: runs the programs named for them on each program's page, and those "
        "they create",
    ),
    (Role.ORG_ADMIN.value, "Organisation admin: also accounts, the audit trail and erasure"),
]


def _page(request: Request, values: dict[str, Any], **extra: Any) -> Response:
    status = 422 if extra.get("problems") else 200
    context = {"values": values, "choices": ROLE_CHOICES, "problems": [], "created": None}
    return render(request, "admin/accounts.html", {**context, **extra}, status_code=status)


@router.get("/admin/accounts")
def account_form(
    request: Request, ctx: CurrentContext, email: Annotated[str, Query(max_length=320)] = ""
) -> Response:
    """Show the form that gives a person from the directory a login."""
    ctx.require_org_admin("create accounts")
    return _page(request, {"email": email, "roles": [Role.PARTICIPANT.value]})


@router.post("/admin/accounts")
def create_account(
    request: Request,
    ctx: CurrentContext,
    email: Annotated[str, Form(max_length=320)] = "",
    roles: Annotated[list[str] | None, Form(max_length=40)] = None,
) -> Response:
    """Create the login and show its one-time password once, to be passed on in person."""
    chosen = roles or []
    values = {"email": email, "roles": chosen}
    known = {value for value, _ in ROLE_CHOICES}
    unknown = [r for r in chosen if r not in known]
    if unknown:
        problem = Problem(f"unknown role {', '.join(unknown)}", "roles")
        return _page(request, values, problems=[problem])
    try:
        password = accounts.invite_account(ctx, email, {Role(r) for r in chosen})
    except InvalidInput as exc:
        return _page(request, values, problems=problems_of(exc))
    except Conflict as exc:
        return _page(request, values, problems=[Problem(exc.message, "email")])
    created = {"email": email.strip().lower(), "password": password}
    return _page(request, {"email": "", "roles": [Role.PARTICIPANT.value]}, created=created)


@router.post("/people/{person_id}/erase")
def erase_person(
    request: Request,
    ctx: CurrentContext,
    person_id: PathId,
    confirm_email: Annotated[str, Form(max_length=320)] = "",
) -> Response:
    """Erase a person's personal data once the admin has typed their e-mail to confirm."""
    ctx.require_org_admin("erase people")
    person = people.get_person(ctx, person_id)
    if confirm_email.strip().lower() != person.email.lower():
        problem = Problem("type the person's e-mail exactly to confirm", "confirm_email")
        context = {"person": person, "erase_problems": [problem]}
        return render(request, "person.html", context, status_code=422)
    erased = personal_data.erase_person(ctx, person_id)
    return see_other(
        request,
        "/people",
        f"{person.name}'s personal data is erased: {erased['data_keys_shredded']} note "
        "key(s) destroyed, the profile anonymised; counts in reports remain.",
    )
