"""Organisation admins invite people by e-mailed link (never seeing it), deactivate or
reactivate their accounts, or erase them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from growpath.domain.accounts import Role
from growpath.domain.errors import Conflict, InvalidInput, Problem
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.confirmation import Confirmation, TypedCheck, ask, is_confirmed
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.i18n import N_, Translator
from growpath.services import account_admin, invitations, people, personal_data
from growpath.services.context import Context

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
ROLE_CHOICES = [
    (Role.PARTICIPANT.value, N_("Participant: enrols, is matched, takes part (everyone)")),
    (
        Role.PROGRAM_ADMIN.value,
        N_(
            "Program admin: runs the programs named for them on each program's page, and those "
            "they create"
        ),
    ),
    (Role.ORG_ADMIN.value, N_("Organisation admin: also accounts, the audit trail and erasure")),
]


def _page(
    request: Request, ctx: Context, values: dict[str, Any], account_email: str = "", **extra: Any
) -> Response:
    status = extra.pop("status", 422 if extra.get("problems") else 200)
    tr = translator(request, ctx.actor)
    context = {
        "values": values,
        "choices": [(value, tr(text)) for value, text in ROLE_CHOICES],
        "problems": [],
        "invitations": invitations.list_invitations(ctx),
        "accounts": account_admin.list_accounts(ctx, account_email),
        "account_email": account_email,
        "most_listed": account_admin.MAX_LISTED,
        "me": ctx.actor_user_id,
        # GROWPATH_AUTH=sso: the directory and the identity provider decide who comes in.
        "invitations_on": ctx.app.settings.passwords_offered(),
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
    ctx.require_org_admin(N_("only an organisation administrator may invite people"))
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
    ctx.require_org_admin(N_("only an organisation administrator may invite people"))
    chosen = roles or []
    values = {"email": email, "roles": chosen}
    known = {value for value, _ in ROLE_CHOICES}
    unknown = [r for r in chosen if r not in known]
    tr = translator(request, ctx.actor)
    if unknown:
        problem = Problem(tr(N_("unknown role %(roles)s"), roles=", ".join(unknown)), "roles")
        return _page(request, ctx, values, problems=[problem])
    try:
        sent = invitations.invite(ctx, email, {Role(r) for r in chosen})
    except InvalidInput as exc:
        return _page(request, ctx, values, problems=problems_of(exc))
    except Conflict as exc:
        return _page(request, ctx, values, problems=[exc.as_problem("email")], status=409)
    return see_other(
        request, "/admin/accounts", tr(N_("Invitation sent to %(email)s."), email=sent.email)
    )


@router.post("/admin/invitations/{invitation_id}/resend")
def resend(request: Request, ctx: CurrentContext, invitation_id: PathId) -> Response:
    """Send an invitation again with a new link; the old one stops working."""
    sent = invitations.resend(ctx, invitation_id)
    said = translator(request, ctx.actor)(
        N_("Invitation sent again to %(email)s."), email=sent.email
    )
    return see_other(request, "/admin/accounts", said)


@router.post("/admin/invitations/{invitation_id}/revoke")
def revoke(request: Request, ctx: CurrentContext, invitation_id: PathId) -> Response:
    """Withdraw an invitation: its link stops working."""
    revoked = invitations.revoke(ctx, invitation_id)
    said = translator(request, ctx.actor)(
        N_("Invitation to %(email)s withdrawn."), email=revoked.email
    )
    return see_other(request, "/admin/accounts", said)


def _erasing(tr: Translator, ctx: Context, person_id: int) -> Confirmation:
    preview = personal_data.preview_erasure(ctx, person_id)
    name = preview.name
    return Confirmation(
        title=tr(N_("Erase %(name)s's personal data?"), name=name),
        consequences=[
            tr(
                N_("%(name)s's profile is anonymised and their login stops working for good."),
                name=name,
            )
            if preview.has_account
            else tr(N_("%(name)s's profile is anonymised."), name=name),
            tr(
                N_(
                    "The notes and check-in comments of their %(engagements)s engagement(s) can "
                    "never be read again, by anyone: their %(partners)s partner(s) lose the shared "
                    "notes too."
                ),
                engagements=preview.engagements,
                partners=preview.partners,
            ),
            tr(
                N_("Their %(count)s active enrolment(s) are withdrawn."),
                count=preview.active_enrolments,
            ),
            tr(N_("Department and level stay, so aggregate reports keep their counts.")),
        ],
        action=f"/people/{person_id}/erase",
        button=tr(N_("Erase for good")),
        back=f"/people/{person_id}",
        back_label=tr(N_("Keep %(name)s"), name=name),
        typed=TypedCheck("confirm_email", tr(N_("Type %(email)s to confirm"), email=preview.email)),
    )


@router.get("/people/{person_id}/erase")
def confirm_erase(request: Request, ctx: CurrentContext, person_id: PathId) -> Response:
    """Ask before erasing a person, with what the erasure reaches."""
    return ask(request, _erasing(translator(request, ctx.actor), ctx, person_id))


@router.post("/people/{person_id}/erase")
def erase_person(
    request: Request,
    ctx: CurrentContext,
    person_id: PathId,
    confirm: Annotated[str, Form(max_length=10)] = "",
    confirm_email: Annotated[str, Form(max_length=320)] = "",
) -> Response:
    """Erase a person's personal data once the admin has confirmed and typed their e-mail."""
    tr = translator(request, ctx.actor)
    asking = _erasing(tr, ctx, person_id)
    if not is_confirmed(confirm):
        return ask(request, asking)
    person = people.get_person(ctx, person_id)
    if confirm_email.strip().lower() != person.email.lower():
        problem = Problem(tr(N_("type the person's e-mail exactly to confirm")), "confirm_email")
        return ask(request, asking, [problem])
    erased = personal_data.erase_person(ctx, person_id)
    said = tr(
        N_(
            "%(name)s's personal data is erased: %(keys)s note key(s) destroyed, the profile "
            "anonymised; counts in reports remain."
        ),
        name=person.name,
        keys=erased["data_keys_shredded"],
    )
    return see_other(request, "/people", said)


def _deactivating(tr: Translator, ctx: Context, user_id: int) -> Confirmation:
    account = account_admin.preview_deactivation(ctx, user_id)
    return Confirmation(
        title=tr(N_("Deactivate %(email)s?"), email=account.email),
        consequences=[
            tr(
                N_(
                    "Deactivating %(email)s ends every login of the account at once and "
                    "revokes its API tokens and calendar feed."
                ),
                email=account.email,
            ),
            tr(N_("They cannot log in until an organisation admin reactivates the account.")),
            tr(N_("Their data and history stay.")),
        ],
        action=f"/admin/accounts/{user_id}/deactivate",
        button=tr(N_("Deactivate")),
        back="/admin/accounts#accounts-heading",
        back_label=tr(N_("Keep it active")),
        undoable=True,
    )


@router.get("/admin/accounts/{user_id}/deactivate")
def confirm_deactivate(request: Request, ctx: CurrentContext, user_id: PathId) -> Response:
    """Ask before deactivating an account, with what deactivation ends."""
    return ask(request, _deactivating(translator(request, ctx.actor), ctx, user_id))


@router.post("/admin/accounts/{user_id}/deactivate")
def deactivate_account(
    request: Request,
    ctx: CurrentContext,
    user_id: PathId,
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Deactivate an account once the admin has confirmed; without it, ask again."""
    if not is_confirmed(confirm):
        return ask(request, _deactivating(translator(request, ctx.actor), ctx, user_id))
    change = account_admin.deactivate(ctx, user_id)
    said = _where_it_stands(translator(request, ctx.actor), change)
    return see_other(request, "/admin/accounts#accounts-heading", said)


@router.post("/admin/accounts/{user_id}/reactivate")
def reactivate_account(request: Request, ctx: CurrentContext, user_id: PathId) -> Response:
    """Let a deactivated account log in again (nothing is lost, so no question first)."""
    change = account_admin.reactivate(ctx, user_id)
    said = _where_it_stands(translator(request, ctx.actor), change)
    return see_other(request, "/admin/accounts#accounts-heading", said)


def _where_it_stands(tr: Translator, change: account_admin.AccountChange) -> str:
    # AccountChange.summary in the reader's language.
    said = {
        (True, True): N_("%(email)s is active again and can log in."),
        (True, False): N_("%(email)s is already active; nothing changed."),
        (False, True): N_(
            "%(email)s is deactivated: every login, API token and calendar feed ended."
        ),
        (False, False): N_("%(email)s is already deactivated; nothing changed."),
    }
    return tr(said[change.account.is_active, change.changed], email=change.account.email)
