"""API routes for invitations: organisation admins invite, resend, revoke and list; they see
each invitation's state, never its link."""

from __future__ import annotations

from fastapi import APIRouter

from growpath.domain.accounts import Role
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.schemas import (
    InvitationCreate,
    InvitationPublic,
    PathId,
    error_responses,
)
from growpath.services import invitations

router = APIRouter(prefix="/api/v1", tags=["accounts"])


def _public(view: invitations.InvitationView) -> InvitationPublic:
    return InvitationPublic(
        id=view.id,
        email=view.email,
        roles=view.roles,
        created_at=view.created_at,
        expires_at=view.expires_at,
        status=view.status.value,
    )


@router.post(
    "/invitations",
    response_model=InvitationPublic,
    status_code=201,
    responses=error_responses(400, 401, 403, 409, 422),
)
def create_invitation(body: InvitationCreate, ctx: CurrentContext) -> InvitationPublic:
    """Invite a person: a single-use link goes to their address (organisation admins)."""
    view = invitations.invite(ctx, body.email, {Role(r) for r in body.roles})
    return _public(view)


@router.get(
    "/invitations", response_model=list[InvitationPublic], responses=error_responses(401, 403)
)
def list_invitations(ctx: CurrentContext) -> list[InvitationPublic]:
    """List the newest invitations and where each stands (organisation admins)."""
    return [_public(view) for view in invitations.list_invitations(ctx)]


@router.post(
    "/invitations/{invitation_id}/resend",
    response_model=InvitationPublic,
    responses=error_responses(401, 403, 404, 409, 422),
)
def resend_invitation(invitation_id: PathId, ctx: CurrentContext) -> InvitationPublic:
    """Send an invitation again with a new link and a fresh expiry; the old link stops working."""
    return _public(invitations.resend(ctx, invitation_id))


@router.post(
    "/invitations/{invitation_id}/revoke",
    response_model=InvitationPublic,
    responses=error_responses(401, 403, 404, 409, 422),
)
def revoke_invitation(invitation_id: PathId, ctx: CurrentContext) -> InvitationPublic:
    """Withdraw an invitation: its link stops working."""
    return _public(invitations.revoke(ctx, invitation_id))
