"""Organisation admins invite people by e-mailed link (never seeing it), deactivate or
reactivate their accounts, or erase them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from growpath.domain.accounts import Role
from growpath.domain.errors import Conflict, InvalidInput, Problem
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.confirmation import Confirmation, TypedCheck, ask, is_confirmed
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.services import account_admin, invitations, people, personal_data
from growpath.services.context import Context

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


def _page(
    request: Request, ctx: Context, values: dict[str, Any], account_email: str = "", **extra: Any
) -> Response:
    status = extra.pop("status", 422 if extra.get("problems") else 200)
    context = {
        "values": values,
        "choices": ROLE_CHOICES,
        "problems": [],
        "invitations": invitations.list_invitations(ctx),
        "accounts": account_admin.list_accounts(ctx, account_email),
        "account_email": account_email,
        "most_listed": account_admin.MAX_LISTED,
        "me": ctx.actor_user_id,
    }
    return render(request, "admin/accounts.html", {**context, **extra}, status_code=status)


@router.get("/admin/accounts")
def account_form(
    request: Request,
    ctx: CurrentContext,
    email: Annotated[str, Query(max_length=320)] = "",
    account_email: Annotated[str, Query(max_length=320)] = "",
) -> Response:
    """Show the invitation form, where each invitation stands and the accounts."""
    ctx.require_org_admin("invite people")
    values = {"email": email, "roles": [Role.PARTICIPANT.value]}
    return _page(request, ctx, values, account_email=account_email)


@router.post("/admin/accounts")
def invite(
    request: Request,
    ctx: CurrentContext,
    email: Annotated[str, Form(max_length=320)] = "",
    roles: Annotated[list[str] | None, Form(max_length=40)] = None,
) -> Response:
    """E-mail the person an invitation link; the admin sees that it went, never the link."""
    ctx.require_org_admin("invite people")
    chosen = roles or []
    values = {"email": email, "roles": chosen}
    known = {value for value, _ in ROLE_CHOICES}
    unknown = [r for r in chosen if r not in known]
    if unknown:
        problem = Problem(f"unknown role {', '.join(unknown)}", "roles")
        return _page(request, ctx, values, problems=[problem])
    try:
        sent = invitations.invite(ctx, email, {Role(r) for r in chosen})
    except InvalidInput as exc:
        return _page(request, ctx, values, problems=problems_of(exc))
    except Conflict as exc:
        return _page(request, ctx, values, problems=[Problem(exc.message, "email")], status=409)
    return see_other(request, "/admin/accounts", f"Invitation sent to {sent.email}.")


@router.post("/admin/invitations/{invitation_id}/resend")
def resend(request: Request, ctx: CurrentContext, invitation_id: PathId) -> Response:
    """Send an invitation again with a new link; the old one stops working."""
    sent = invitations.resend(ctx, invitation_id)
    return see_other(request, "/admin/accounts", f"Invitation sent again to {sent.email}.")


@router.post("/admin/invitations/{invitation_id}/revoke")
def revoke(request: Request, ctx: CurrentContext, invitation_id: PathId) -> Response:
    """Withdraw an invitation: its link stops working."""
    revoked = invitations.revoke(ctx, invitation_id)
    return see_other(request, "/admin/accounts", f"Invitation to {revoked.email} withdrawn.")


def _erasing(ctx: Context, person_id: int) -> Confirmation:
    preview = personal_data.preview_erasure(ctx, person_id)
    name = preview.name
    return Confirmation(
        title=f"Erase {name}'s personal data?",
        consequences=[
            f"{name}'s profile is anonymised"
            + (" and their login stops working for good." if preview.has_account else "."),
            f"The notes and check-in comments of their {preview.engagements} engagement(s) "
            f"can never be read again, by anyone: their {preview.partners} partner(s) lose "
            "the shared notes too.",
            f"Their {preview.active_enrolments} active enrolment(s) are withdrawn.",
            "Department and level stay, so aggregate reports keep their counts.",
        ],
        action=f"/people/{person_id}/erase",
        button="Erase for good",
        back=f"/people/{person_id}",
        back_label=f"Keep {name}",
        typed=TypedCheck("confirm_email", f"Type {preview.email} to confirm"),
    )


@router.get("/people/{person_id}/erase")
def confirm_erase(request: Request, ctx: CurrentContext, person_id: PathId) -> Response:
    """Ask before erasing a person, with what the erasure reaches."""
    return ask(request, _erasing(ctx, person_id))


@router.post("/people/{person_id}/erase")
def erase_person(
    request: Request,
    ctx: CurrentContext,
    person_id: PathId,
    confirm: Annotated[str, Form(max_length=10)] = "",
    confirm_email: Annotated[str, Form(max_length=320)] = "",
) -> Response:
    """Erase a person's personal data once the admin has confirmed and typed their e-mail."""
    asking = _erasing(ctx, person_id)
    if not is_confirmed(confirm):
        return ask(request, asking)
    person = people.get_person(ctx, person_id)
    if confirm_email.strip().lower() != person.email.lower():
        problem = Problem("type the person's e-mail exactly to confirm", "confirm_email")
        return ask(request, asking, [problem])
    erased = personal_data.erase_person(ctx, person_id)
    return see_other(
        request,
        "/people",
        f"{person.name}'s personal data is erased: {erased['data_keys_shredded']} note "
        "key(s) destroyed, the profile anonymised; counts in reports remain.",
    )


def _deactivating(ctx: Context, user_id: int) -> Confirmation:
    account = account_admin.preview_deactivation(ctx, user_id)
    return Confirmation(
        title=f"Deactivate {account.email}?",
        consequences=[
            f"Deactivating {account.email} ends every login of the account at once and "
            "revokes its API tokens and calendar feed.",
            "They cannot log in until an organisation admin reactivates the account.",
            "Their data and history stay.",
        ],
        action=f"/admin/accounts/{user_id}/deactivate",
        button="Deactivate",
        back="/admin/accounts#accounts-heading",
        back_label="Keep it active",
        undoable=True,
    )


@router.get("/admin/accounts/{user_id}/deactivate")
def confirm_deactivate(request: Request, ctx: CurrentContext, user_id: PathId) -> Response:
    """Ask before deactivating an account, with what deactivation ends."""
    return ask(request, _deactivating(ctx, user_id))


@router.post("/admin/accounts/{user_id}/deactivate")
def deactivate_account(
    request: Request,
    ctx: CurrentContext,
    user_id: PathId,
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Deactivate an account once the admin has confirmed; without it, ask again."""
    if not is_confirmed(confirm):
        return ask(request, _deactivating(ctx, user_id))
    change = account_admin.deactivate(ctx, user_id)
    return see_other(request, "/admin/accounts#accounts-heading", change.summary)


@router.post("/admin/accounts/{user_id}/reactivate")
def reactivate_account(request: Request, ctx: CurrentContext, user_id: PathId) -> Response:
    """Let a deactivated account log in again (nothing is lost, so no question first)."""
    change = account_admin.reactivate(ctx, user_id)
    return see_other(request, "/admin/accounts#accounts-heading", change.summary)
