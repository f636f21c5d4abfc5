"""Pages behind the links growpath e-mails: accept an invitation, reset a password, confirm a
new login e-mail, and the forms that ask for the last two.

A link's token is in the address of its GET page only; the forms post it in their body, so no
write's address (which a refusal writes to the audit trail) carries a token. A dead link gets
one page, whatever the reason, that tells nothing about any account.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from growpath.domain.emailed_links import DEAD_LINK, DeadLink
from growpath.domain.errors import Conflict, InvalidInput, Problem, TooManyAttempts
from growpath.entrypoints.http.context import CurrentContext, app_of, client_address
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import csrf_protected, log_in
from growpath.services import invitations, login_email, password_resets

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
Token = Annotated[str, Form(max_length=200)]
Secret = Annotated[str, Form(max_length=1000)]
Address = Annotated[str, Form(max_length=320)]
NEXT_STEPS = {
    "invitation": "Ask the administrator who invited you to send the invitation again.",
    "reset": "Ask for a new link on the 'forgot your password' page.",
    "email": "Ask for the change again from your account page.",
}


def _dead(request: Request, kind: str) -> Response:
    context = {"message": DEAD_LINK, "next_step": NEXT_STEPS[kind]}
    return render(request, "account/dead_link.html", context, status_code=410)


@router.get("/invitations/{invitation_token}")
def invitation_form(request: Request, invitation_token: str) -> Response:
    """Show the invited person the form that chooses their password."""
    token = invitation_token
    try:
        email = invitations.invited_email(app_of(request), token)
    except DeadLink:
        return _dead(request, "invitation")
    context: dict[str, Any] = {"email": email, "token": token, "problems": []}
    return render(request, "account/invitation.html", context)


@router.post("/invitations/accept")
def accept_invitation(request: Request, token: Token = "", password: Secret = "") -> Response:
    """Create the invited person's account with their password and log them in."""
    app = app_of(request)
    try:
        actor = invitations.accept(app, token, password, client_address(request))
    except DeadLink:
        return _dead(request, "invitation")
    except InvalidInput as exc:
        try:
            email = invitations.invited_email(app, token)
        except DeadLink:
            return _dead(request, "invitation")
        context = {"email": email, "token": token, "problems": problems_of(exc)}
        return render(request, "account/invitation.html", context, status_code=422)
    log_in(request, actor)
    return see_other(request, "/home", "Welcome to growpath: your account is ready.")


@router.get("/password-reset")
def forgot_form(request: Request) -> Response:
    """Show the form that asks for a password reset link."""
    return render(request, "account/forgot.html", {"email": "", "sent": False, "problems": []})


@router.post("/password-reset")
def forgot(request: Request, email: Address = "") -> Response:
    """Send a reset link if the address has an account; answer the same either way."""
    try:
        password_resets.request_reset(app_of(request), email, client_address(request))
    except TooManyAttempts as exc:
        context = {"email": email, "sent": False, "problems": [Problem(exc.message, "email")]}
        return render(request, "account/forgot.html", context, status_code=429)
    return render(request, "account/forgot.html", {"email": email, "sent": True, "problems": []})


@router.get("/password-reset/{reset_token}")
def reset_form(request: Request, reset_token: str) -> Response:
    """Show the form that chooses a new password through a reset link."""
    token = reset_token
    try:
        email = password_resets.reset_email(app_of(request), token)
    except DeadLink:
        return _dead(request, "reset")
    context: dict[str, Any] = {"email": email, "token": token, "problems": []}
    return render(request, "account/reset.html", context)


@router.post("/password-reset/new")
def reset(request: Request, token: Token = "", new_password: Secret = "") -> Response:
    """Set the new password and log in here (every other session ends)."""
    app = app_of(request)
    try:
        actor = password_resets.reset_password(app, token, new_password, client_address(request))
    except DeadLink:
        return _dead(request, "reset")
    except InvalidInput as exc:
        try:
            email = password_resets.reset_email(app, token)
        except DeadLink:
            return _dead(request, "reset")
        context = {"email": email, "token": token, "problems": problems_of(exc)}
        return render(request, "account/reset.html", context, status_code=422)
    log_in(request, actor)
    return see_other(request, "/home", "Your password is changed.")


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
        context["problems"] = [Problem(exc.message, "new_email")]
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
        context = {"status": 409, "message": exc.message, "problems": []}
        return render(request, "error.html", context, status_code=409)
    return see_other(request, "/home", f"Your login e-mail is now {actor.email}.")
