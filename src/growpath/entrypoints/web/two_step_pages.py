"""Two-step login pages: the code asked after the password, and one's own set-up page.

The set-up page shows the secret as text and as a QR code (inline SVG, no JavaScript), then
takes a first code; the recovery codes are shown once, in the answer to that post, and kept
nowhere but as digests.
"""

from __future__ import annotations

from typing import Annotated

import segno
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from growpath.domain.accounts import LoginMethod
from growpath.domain.errors import AuthenticationFailed, InvalidInput, Problem, TooManyAttempts
from growpath.entrypoints.http.context import TwoStepSetupContext, app_of, client_address
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.web.confirmation import Confirmation, TypedCheck, ask, is_confirmed
from growpath.entrypoints.web.pages import after_login
from growpath.entrypoints.web.rendering import problems_of, refusal_text, render, see_other
from growpath.entrypoints.web.security import csrf_protected, log_in, pending_second_step
from growpath.i18n import N_, Translator
from growpath.services import second_factor
from growpath.services.context import Context

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
Code = Annotated[str, Form(max_length=40)]
Proof = Annotated[str, Form(max_length=1000)]
Confirm = Annotated[str, Form(max_length=10)]
PAGE = "/account/two-step"
EXPIRED = N_("That login took too long or has ended: log in again.")


def qr_svg(uri: str, title: str) -> str:
    """Return the QR code of an otpauth:// URI as inline SVG markup, with its title."""
    return segno.make(uri, error="m").svg_inline(scale=5, title=title)


@router.get("/login/code")
def code_form(request: Request) -> Response:
    """Ask for the second step of a login: the app's code or a recovery code."""
    if pending_second_step(request) is None:
        return see_other(request, "/login", translator(request, None)(EXPIRED))
    return render(request, "account/login_code.html", {"error": None})


@router.post("/login/code")
def code_check(request: Request, code: Code = "") -> Response:
    """Finish a login with its second step, and go where the visitor was heading."""
    pending = pending_second_step(request)
    if pending is None:
        return see_other(request, "/login", translator(request, None)(EXPIRED))
    try:
        actor = second_factor.prove_second_step(
            app_of(request), pending.user_id, code, client_address(request)
        )
    except TooManyAttempts as exc:
        return render(
            request, "account/login_code.html", {"error": refusal_text(request, exc)}, 429
        )
    except AuthenticationFailed as exc:
        return render(
            request, "account/login_code.html", {"error": refusal_text(request, exc)}, 401
        )
    log_in(request, actor)
    return see_other(request, after_login(actor, pending.next))


@router.get("/account/two-step")
def two_step_page(request: Request, ctx: TwoStepSetupContext) -> Response:
    """Show whether two-step login is on, and the set-up in progress."""
    return _page(request, ctx, [])


@router.post("/account/two-step/start")
def start_setup(request: Request, ctx: TwoStepSetupContext) -> Response:
    """Draw a fresh secret to add to an authenticator app."""
    second_factor.begin_setup(ctx)
    return see_other(request, PAGE)


@router.post("/account/two-step/confirm")
def confirm_setup(request: Request, ctx: TwoStepSetupContext, code: Code = "") -> Response:
    """Turn two-step login on with a first code; show the recovery codes once."""
    try:
        turned = second_factor.confirm_setup(ctx, code)
    except InvalidInput as exc:
        return _page(request, ctx, problems_of(exc), 422)
    # Every session of the account ended with the old ones; this one starts afresh.
    log_in(request, turned.actor, method=ctx.actor.login_method)
    context = {"actor": turned.actor, "codes": turned.recovery_codes, "first": True}
    return render(request, "account/recovery_codes.html", context)


def _regenerating(request: Request, ctx: Context) -> Confirmation:
    tr = translator(request, ctx.actor)
    return Confirmation(
        title=tr("New recovery codes"),
        consequences=[
            tr("Ten new recovery codes are shown once; write them down or print them."),
            tr("Every earlier recovery code, used or not, stops working."),
        ],
        action=f"{PAGE}/recovery-codes",
        button=tr("Make new codes"),
        back=PAGE,
        back_label=tr("Keep the codes I have"),
        typed=_proof_check(tr),
    )


@router.get("/account/two-step/recovery-codes")
def confirm_regenerate(request: Request, ctx: TwoStepSetupContext) -> Response:
    """Ask for a current code or the password before replacing the recovery codes."""
    return ask(request, _regenerating(request, ctx))


@router.post("/account/two-step/recovery-codes")
def regenerate(
    request: Request, ctx: TwoStepSetupContext, proof: Proof = "", confirm: Confirm = ""
) -> Response:
    """Replace the recovery codes and show the new ones once."""
    if not is_confirmed(confirm):
        return ask(request, _regenerating(request, ctx))
    try:
        codes = second_factor.regenerate_recovery_codes(ctx, proof)
    except InvalidInput as exc:
        return ask(request, _regenerating(request, ctx), problems_of(exc))
    context = {"actor": ctx.actor, "codes": codes, "first": False}
    return render(request, "account/recovery_codes.html", context)


def _turning_off(request: Request, ctx: Context) -> Confirmation:
    tr = translator(request, ctx.actor)
    consequences = [
        tr("Logging in asks for your password only."),
        tr("Your authenticator app's codes and your recovery codes stop working."),
    ]
    if ctx.actor.is_admin and ctx.actor.login_method != LoginMethod.SSO:
        consequences.append(
            tr("As an administrator, you must set it up again before any other page.")
        )
    return Confirmation(
        title=tr("Turn off two-step login"),
        consequences=consequences,
        action=f"{PAGE}/off",
        button=tr("Turn it off"),
        back=PAGE,
        back_label=tr("Keep it on"),
        undoable=True,
        typed=_proof_check(tr),
    )


@router.get("/account/two-step/off")
def confirm_turn_off(request: Request, ctx: TwoStepSetupContext) -> Response:
    """Ask for a current code or the password before turning two-step login off."""
    return ask(request, _turning_off(request, ctx))


@router.post("/account/two-step/off")
def turn_off(
    request: Request, ctx: TwoStepSetupContext, proof: Proof = "", confirm: Confirm = ""
) -> Response:
    """Turn two-step login off."""
    if not is_confirmed(confirm):
        return ask(request, _turning_off(request, ctx))
    try:
        second_factor.turn_off(ctx, proof)
    except InvalidInput as exc:
        return ask(request, _turning_off(request, ctx), problems_of(exc))
    tr = translator(request, ctx.actor)
    return see_other(request, PAGE, tr("Two-step login is off."))


def _proof_check(tr: Translator) -> TypedCheck:
    return TypedCheck(
        "proof",
        tr("A current code of your authenticator app, or your password"),
        input_type="password",
    )


def _page(
    request: Request, ctx: Context, problems: list[Problem], status_code: int = 200
) -> Response:
    status = second_factor.status(ctx)
    tr = translator(request, ctx.actor)
    context = {
        "actor": ctx.actor,
        "status": status,
        "qr": qr_svg(status.setup.uri, tr("QR code for your authenticator app"))
        if status.setup
        else "",
        "problems": problems,
    }
    return render(request, "account/two_step.html", context, status_code=status_code)
