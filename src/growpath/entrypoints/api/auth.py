"""API routes for tokens and the logged-in account."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from growpath.entrypoints.api.schemas import ErrorPublic, MePublic, TokenPublic, TokenRequest
from growpath.entrypoints.web.security import app_of, client_address, request_context
from growpath.services import accounts
from growpath.services.context import Context

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.post("/auth/token", response_model=TokenPublic, responses={401: {"model": ErrorPublic}})
def create_token(body: TokenRequest, request: Request) -> TokenPublic:
    """Exchange an e-mail and password for a bearer token."""
    app = app_of(request)
    actor = accounts.authenticate(app, body.email, body.password, client_address(request))
    issued = accounts.issue_token(app, actor, label="api")
    return TokenPublic(access_token=issued.token, expires_at=issued.expires_at)


@router.get("/me", response_model=MePublic, responses={401: {"model": ErrorPublic}})
def read_me(ctx: Context = Depends(request_context)) -> MePublic:
    """Return the logged-in account and its roles."""
    actor = ctx.actor
    return MePublic(
        user_id=actor.user_id, email=actor.email, person_id=actor.person_id, roles=actor.role_names
    )
