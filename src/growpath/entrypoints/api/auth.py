"""API routes for tokens and the logged-in account."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from growpath.domain.accounts import Actor
from growpath.domain.errors import SecondStepRequired
from growpath.entrypoints.http.context import (
    CurrentContext,
    PasswordChangeContext,
    app_of,
    client_address,
)
from growpath.entrypoints.http.schemas import (
    EmailChangeConfirm,
    EmailChangeRequest,
    InvitationAccept,
    MePublic,
    NoticePublic,
    PasswordChange,
    PasswordReset,
    PasswordResetRequest,
    TokenPublic,
    TokenRequest,
    error_responses,
)
from growpath.i18n import N_
from growpath.services import (
    accounts,
    invitations,
    login_email,
    password_resets,
    second_factor,
)

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.post(
    "/auth/token", response_model=TokenPublic, responses=error_responses(400, 401, 422, 429)
)
def create_token(body: TokenRequest, request: Request) -> TokenPublic:
    """Exchange an e-mail and password (and the code, when two-step login is on) for a bearer
    token."""
    app = app_of(request)
    actor = accounts.authenticate(app, body.email, body.password, client_address(request))
    if actor.has_totp:
        if not body.code.strip():
            raise SecondStepRequired(
                N_(
                    "two-step login is on for this account: send the code of your "
                    "authenticator app (or a recovery code) in the code field"
                )
            )
        actor = second_factor.prove_second_step(
            app, actor.user_id, body.code, client_address(request)
        )
    issued = accounts.issue_token(app, actor, label="api")
    return TokenPublic(access_token=issued.token, expires_at=issued.expires_at)


@router.get("/me", response_model=MePublic, responses=error_responses(401))
def read_me(ctx: PasswordChangeContext) -> MePublic:
    """Return the logged-in account and its roles."""
    return _me(ctx.actor)


@router.post(
    "/me/password",
    status_code=204,
    responses=error_responses(400, 401, 422),
)
def change_password(body: PasswordChange, ctx: PasswordChangeContext) -> Response:
    """Change your password; every login session and API token of the account ends."""
    accounts.change_password(ctx, body.current_password, body.new_password)
    return Response(status_code=204)


@router.post(
    "/auth/invitation",
    response_model=TokenPublic,
    status_code=201,
    responses=error_responses(400, 409, 410, 422),
)
def accept_invitation(body: InvitationAccept, request: Request) -> TokenPublic:
    """Accept an e-mailed invitation: choose your password; returns a token for your account."""
    app = app_of(request)
    actor = invitations.accept(app, body.token, body.password, client_address(request))
    issued = accounts.issue_token(app, actor, label="api")
    return TokenPublic(access_token=issued.token, expires_at=issued.expires_at)


@router.post(
    "/auth/password-reset",
    response_model=NoticePublic,
    status_code=202,
    responses=error_responses(400, 422, 429),
)
def request_password_reset(body: PasswordResetRequest, request: Request) -> NoticePublic:
    """E-mail a single-use reset link to this login, if it has an account (same answer either
    way)."""
    password_resets.request_reset(app_of(request), body.email, client_address(request))
    return NoticePublic(
        detail="if this is the login of a growpath account, a reset link is on its way there"
    )


@router.post(
    "/auth/password-reset/confirm",
    status_code=204,
    responses=error_responses(400, 409, 410, 422),
)
def reset_password(body: PasswordReset, request: Request) -> Response:
    """Choose a new password with the token of a reset e-mail; every session and token ends."""
    password_resets.reset_password(
        app_of(request), body.token, body.new_password, client_address(request)
    )
    return Response(status_code=204)


@router.post(
    "/me/email",
    response_model=NoticePublic,
    status_code=202,
    responses=error_responses(400, 401, 409, 422),
)
def request_email_change(body: EmailChangeRequest, ctx: CurrentContext) -> NoticePublic:
    """Ask to move your login to a new address; it changes when that address confirms."""
    new_email = login_email.request_my_change(ctx, body.new_email)
    return NoticePublic(detail=f"a confirmation link is on its way to {new_email}")


@router.post(
    "/me/email/confirm", response_model=MePublic, responses=error_responses(400, 401, 409, 410, 422)
)
def confirm_email_change(body: EmailChangeConfirm, ctx: CurrentContext) -> MePublic:
    """Confirm a login change with the token sent to the new address (logged in as yourself)."""
    return _me(login_email.confirm_change(ctx, body.token))


def _me(actor: Actor) -> MePublic:
    return MePublic(
        must_change_password=actor.must_change_password,
        user_id=actor.user_id,
        email=actor.email,
        person_id=actor.person_id,
        roles=actor.role_names,
        locale=actor.locale,
    )
