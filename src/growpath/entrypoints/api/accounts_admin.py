"""API routes for accounts: organisation admins list them and deactivate or reactivate them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.schemas import PathId, error_responses
from growpath.services import account_admin
from growpath.services.account_admin import AccountView

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.get("/accounts", response_model=list[AccountView], responses=error_responses(401, 403, 422))
def list_accounts(
    ctx: CurrentContext, email_contains: Annotated[str, Query(max_length=320)] = ""
) -> list[AccountView]:
    """List accounts by e-mail, the first 200, optionally filtered (organisation admins)."""
    return account_admin.list_accounts(ctx, email_contains)


@router.post(
    "/accounts/{user_id}/deactivate",
    response_model=AccountView,
    responses=error_responses(401, 403, 404, 409, 422),
)
def deactivate_account(user_id: PathId, ctx: CurrentContext) -> AccountView:
    """End every login, API token and calendar feed of an account; it cannot log in until
    reactivated. Deactivating an inactive account changes nothing."""
    return account_admin.deactivate(ctx, user_id).account


@router.post(
    "/accounts/{user_id}/reactivate",
    response_model=AccountView,
    responses=error_responses(401, 403, 404, 409, 422),
)
def reactivate_account(user_id: PathId, ctx: CurrentContext) -> AccountView:
    """Let a deactivated account log in again with its own password."""
    return account_admin.reactivate(ctx, user_id).account
