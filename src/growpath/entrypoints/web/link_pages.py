"""Pages behind the links growpath e-mails: accept an invitation, reset a password, confirm a
new login e-mail, and the forms that ask for the last two.

A link's token is in the address of its GET page only; the forms post it in their body, so no
write's address (which a refusal writes to the audit trail) carries a token. A dead link gets
one page, whatever the reason, that tells nothing about any account.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from growpath.domain.accounts import Actor
from growpath.domain.emailed_links import DeadLink
from growpath.domain.errors import Conflict, InvalidInput, TooManyAttempts
from growpath.entrypoints.http.context import CurrentContext, app_of, client_address, optional_actor
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.web.pages import finish_password_login
from growpath.entrypoints.web.rendering import (
    flash,
    problems_of,
    refusal_text,
    render,
    see_other,
)
from growpath.entrypoints.web.security import csrf_protected
from growpath.i18n import N_
from growpath.services import invitations, login_email, password_resets
from growpath.services.context import Collaborators
from growpath.services.sign_in_methods import require_password_resets

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
Token = Annotated[str, Form(max_length=200)]
Secret = Annotated[str, Form(max_length=1000)]
Address = Annotated[str, Form(max_length=320)]
# The words of growpath.domain.emailed_links.DEAD_LINK, marked here where the page shows them.
DEAD_LINK = N_(
    "This link does not work (any more): it was used, replaced by a newer one, withdrawn or "
    "it expired. Ask for a new one."
)
NEXT_STEPS = {
    "invitation": N_("Ask the administrator who invited you to send the invitation again."),
    "reset": N_("Ask for a new link on the 'forgot your password' page."),
    "email": N_("Ask for the change again from your account page."),
}


def _dead(request: Request, kind: str) -> Response:
    tr = translator(request, optional_actor(request))
    context = {"message": tr(DEAD_LINK), "next_step": tr(NEXT_STEPS[kind])}
    return render(request, "account/dead_link.html", context, status_code=410)


@dataclass(frozen=True)
class PasswordLink:
    """A kind of link that opens a form choosing a password: an invitation or a reset."""

    kind: str
    template: str
    email_of: Callable[[Collaborators, str], str]
    use: Callable[[Collaborators, str, str, str], Actor]
    done: str


INVITATION = PasswordLink(
    "invitation",
    "account/invitation.html",
    invitations.invited_email,
    invitations.accept,
    N_("Welcome to growpath: your account is ready."),
)
RESET = PasswordLink(
    "reset",
    "account/reset.html",
    password_resets.reset_email,
    password_resets.reset_password,
    N_("Your password is changed."),
)


def _password_form(request: Request, link: PasswordLink, token: str) -> Response:
    try:
        email = link.email_of(app_of(request), token)
    except DeadLink:
        return _dead(request, link.kind)
    context: dict[str, Any] = {"email": email, "token": token, "problems": []}
    return render(request, link.template, context)


def _choose_password(request: Request, link: PasswordLink, token: str, password: str) -> Response:
    # Use the link with the chosen password and log in; a weak password shows the form again.
    app = app_of(request)
    try:
        actor = link.use(app, token, password, client_address(request))
    except DeadLink:
        return _dead(request, link.kind)
    except InvalidInput as exc:
        try:
            email = link.email_of(app, token)
        except DeadLink:
            return _dead(request, link.kind)
        context = {"email": email, "token": token, "problems": problems_of(exc)}
        return render(request, link.template, context, status_code=422)
    # A reset link proves the mailbox, not the second step: two-step login still asks for it.
    response = finish_password_login(request, actor, "")
    flash(request, translator(request, actor)(link.done))
    return response


@router.get("/invitations/{invitation_token}")
def invitation_form(request: Request, invitation_token: str) -> Response:
    """Show the invited person the form that chooses their password."""
    return _password_form(request, INVITATION, invitation_token)


@router.post("/invitations/accept")
def accept_invitation(request: Request, token: Token = "", password: Secret = "") -> Response:
    """Create the invited person's account with their password and log them in."""
    return _choose_password(request, INVITATION, token, password)


@router.get("/password-reset")
def forgot_form(request: Request) -> Response:
    """Show the form that asks for a password reset link (none with GROWPATH_AUTH=sso)."""
    require_password_resets(app_of(request).settings)
    return render(request, "account/forgot.html", {"email": "", "sent": False, "problems": []})


@router.post("/password-reset")
def forgot(request: Request, email: Address = "") -> Response:
    """Send a reset link if the address has an account; answer the same either way."""
    try:
        password_resets.request_reset(app_of(request), email, client_address(request))
    except TooManyAttempts as exc:
        context = {"email": email, "sent": False, "problems": [exc.as_problem("email")]}
        return render(request, "account/forgot.html", context, status_code=429)
    return render(request, "account/forgot.html", {"email": email, "sent": True, "problems": []})


@router.get("/password-reset/{reset_token}")
def reset_form(request: Request, reset_token: str) -> Response:
    """Show the form that chooses a new password through a reset link."""
    return _password_form(request, RESET, reset_token)


@router.post("/password-reset/new")
def reset(request: Request, token: Token = "", new_password: Secret = "") -> Response:
    """Set the new password and log in here (every other session ends)."""
    return _choose_password(request, RESET, token, new_password)


@router.get("/account/email")
def email_form(request: Request, ctx: CurrentContext) -> Response:
    """Show the form that moves one's login to a new address."""
    context = {"actor": ctx.actor, "new_email": "", "sent": False, "problems": []}
    return render(request, "account/email.html", context)


@router.post("/account/email")
def email_change(request: Request, ctx: CurrentContext, new_email: Address = "") -> Response:
    """Send the confirmation link to the new address and a notice to the current one."""
    context: dict[str, Any] = {"actor": ctx.actor, "new_email": new_email, "sent": False}
    try:
        context["new_email"] = login_email.request_my_change(ctx, new_email)
    except InvalidInput as exc:
        context["problems"] = problems_of(exc)
        return render(request, "account/email.html", context, status_code=422)
    except Conflict as exc:
        context["problems"] = [exc.as_problem("new_email")]
        return render(request, "account/email.html", context, status_code=409)
    return render(request, "account/email.html", {**context, "sent": True, "problems": []})


@router.get("/account/email/{change_token}")
def email_confirm_form(request: Request, ctx: CurrentContext, change_token: str) -> Response:
    """Ask the logged-in owner of the account to confirm its new login e-mail."""
    token = change_token
    try:
        new_email = login_email.pending_change(ctx, token)
    except DeadLink:
        return _dead(request, "email")
    context = {"actor": ctx.actor, "new_email": new_email, "token": token}
    return render(request, "account/email_confirm.html", context)


@router.post("/account/email/confirm")
def email_confirm(request: Request, ctx: CurrentContext, token: Token = "") -> Response:
    """Move the login to the confirmed address."""
    try:
        actor = login_email.confirm_change(ctx, token)
    except DeadLink:
        return _dead(request, "email")
    except Conflict as exc:
        context = {"status": 409, "message": refusal_text(request, exc, ctx.actor), "problems": []}
        return render(request, "error.html", context, status_code=409)
    tr = translator(request, actor)
    return see_other(request, "/home", tr("Your login e-mail is now %(email)s.", email=actor.email))
