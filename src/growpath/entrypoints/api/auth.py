"""API routes for tokens and the logged-in account."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from growpath.domain.accounts import Role
from growpath.entrypoints.http.context import (
    CurrentContext,
    PasswordChangeContext,
    app_of,
    client_address,
)
from growpath.entrypoints.http.schemas import (
    AccountCreate,
    AccountCreated,
    MePublic,
    PasswordChange,
    TokenPublic,
    TokenRequest,
    error_responses,
)
from growpath.services import accounts

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.post(
    "/auth/token", response_model=TokenPublic, responses=error_responses(400, 401, 422, 429)
)
def create_token(body: TokenRequest, request: Request) -> TokenPublic:
    """Exchange an e-mail and password for a bearer token."""
    app = app_of(request)
    actor = accounts.authenticate(app, body.email, body.password, client_address(request))
    issued = accounts.issue_token(app, actor, label="api")
    return TokenPublic(access_token=issued.token, expires_at=issued.expires_at)


@router.get("/me", response_model=MePublic, responses=error_responses(401))
def read_me(ctx: PasswordChangeContext) -> MePublic:
    """Return the logged-in account and its roles."""
    actor = ctx.actor
    return MePublic(
        must_change_password=actor.must_change_password,
        user_id=actor.user_id,
        email=actor.email,
        person_id=actor.person_id,
        roles=actor.role_names,
    )


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
    "/accounts",
    response_model=AccountCreated,
    status_code=201,
    responses=error_responses(400, 401, 403, 409, 422),
)
def create_account(body: AccountCreate, ctx: CurrentContext) -> AccountCreated:
    """Create an account for a person (organisation admins); returns a one-time password."""
    roles = {Role(r) for r in body.roles}
    password = accounts.invite_account(ctx, body.email, roles)
    return AccountCreated(email=body.email, one_time_password=password)
