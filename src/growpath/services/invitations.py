"""Invitations: an organisation admin invites a person by e-mail; the person, and only the
person, opens the link, chooses a password and so creates their account.

The admin sees the invitation's state, never its link nor a password: a login for someone
else would let the admin read that person's pairs' notes (issue 15, finding 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from growpath.adapters.orm import EmailedLinkRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.accounts import Actor, Role
from growpath.domain.emailed_links import DeadLink, LinkPurpose, LinkState, link_state
from growpath.domain.errors import Conflict, NotFound
from growpath.i18n import N_
from growpath.services.accounts import (
    acting_as,
    add_account,
    checked_email,
    checked_password,
    refuse_deprovisioned,
)
from growpath.services.context import Collaborators, Context
from growpath.services.emailed_links import issue_link, link_url, live_link, mail_link, renew_token
from growpath.services.mail_language import mail_translator
from growpath.services.sign_in_methods import require_invitations

MAX_LISTED = 200


@dataclass(frozen=True)
class InvitationView:
    """An invitation as admins see it: its state, never its link."""

    id: int
    email: str
    roles: list[str]
    created_at: datetime
    expires_at: datetime
    status: LinkState

    @classmethod
    def of(cls, link: EmailedLinkRow, now: datetime) -> InvitationView:
        """Describe a stored invitation at a moment."""
        return cls(
            id=link.id,
            email=link.email,
            roles=list(link.roles),
            created_at=link.created_at,
            expires_at=link.expires_at,
            status=link_state(now, link.expires_at, link.used_at, link.revoked_at),
        )


def invite(ctx: Context, email: str, roles: set[Role]) -> InvitationView:
    """Invite a person to growpath by an e-mailed link (organisation admins)."""
    ctx.require_org_admin(N_("only an organisation administrator may invite people"))
    require_invitations(ctx.app.settings)
    email = checked_email(email)
    chosen = sorted(r.value for r in (roles or {Role.PARTICIPANT}))
    with ctx.uow() as uow:
        _refuse_existing_account(uow, email, "invite")
        # One live invitation per address: a new one replaces any earlier link.
        uow.emailed_links.revoke_pending(LinkPurpose.INVITATION, ctx.now, email=email)
        link, token = issue_link(
            uow,
            LinkPurpose.INVITATION,
            email,
            ctx.now,
            roles=chosen,
            created_by=ctx.actor_user_id,
        )
        _mail_invitation(ctx.app, uow, link, token, ctx.now)
        _audit(uow, ctx, "invitation.create", link, {"roles": chosen})
        uow.commit()
        return InvitationView.of(link, ctx.now)


def resend(ctx: Context, invitation_id: int) -> InvitationView:
    """Send an invitation again with a new link and a fresh expiry; the old link dies."""
    ctx.require_org_admin(N_("only an organisation administrator may resend invitations"))
    require_invitations(ctx.app.settings)
    with ctx.uow() as uow:
        link = _invitation(uow, invitation_id)
        if link.used_at is not None:
            raise Conflict(N_("this invitation was accepted; the account exists"))
        _refuse_existing_account(uow, link.email, "resend the invitation")
        token = renew_token(link, ctx.now)
        _mail_invitation(ctx.app, uow, link, token, ctx.now)
        _audit(uow, ctx, "invitation.resend", link)
        uow.commit()
        return InvitationView.of(link, ctx.now)


def revoke(ctx: Context, invitation_id: int) -> InvitationView:
    """Withdraw an invitation: its link stops working."""
    ctx.require_org_admin(N_("only an organisation administrator may revoke invitations"))
    with ctx.uow() as uow:
        link = _invitation(uow, invitation_id)
        if link.used_at is not None:
            raise Conflict(N_("this invitation was accepted; the account exists"))
        if link.revoked_at is None:
            link.revoked_at = ctx.now
            _audit(uow, ctx, "invitation.revoke", link)
        uow.commit()
        return InvitationView.of(link, ctx.now)


def list_invitations(ctx: Context) -> list[InvitationView]:
    """Return the newest invitations and where each stands (organisation admins)."""
    ctx.require_org_admin(N_("only an organisation administrator may see invitations"))
    with ctx.uow() as uow:
        links = uow.emailed_links.invitations(MAX_LISTED)
        return [InvitationView.of(link, ctx.now) for link in links]


def invited_email(app: Collaborators, token: str) -> str:
    """Return the address a working invitation link went to, for its page."""
    require_invitations(app.settings)
    with app.uow() as uow:
        link = live_link(uow, token, LinkPurpose.INVITATION, app.clock.now())
        person = uow.people.by_email(link.email)
        # Said to the link's holder, the invited person: why their invitation stopped working.
        refuse_deprovisioned(uow, person.id if person else None, "accept an invitation", link.email)
        if uow.users.by_email(link.email) is not None:
            raise DeadLink()
        return link.email


def accept(app: Collaborators, token: str, password: str, source_address: str = "") -> Actor:
    """Create the invited person's account with the password they chose; the link dies."""
    require_invitations(app.settings)
    password = checked_password(password)
    now = app.clock.now()
    with app.uow() as uow:
        link = live_link(uow, token, LinkPurpose.INVITATION, now)
        if uow.users.by_email(link.email) is not None:
            # Said like any dead link: the page does not tell whether an account exists.
            raise DeadLink()
        roles = {Role(r) for r in link.roles if r in Role.__members__.values()}
        user = add_account(uow, link.email, roles or {Role.PARTICIPANT}, password, now)
        link.used_at = now
        user.last_login_at = now
        uow.audit.record(
            now, user.id, "invitation.accept", "invitation", str(link.id), source_address
        )
        actor = acting_as(uow, user)
        uow.commit()
        return actor


def _invitation(uow: UnitOfWork, invitation_id: int) -> EmailedLinkRow:
    link = uow.emailed_links.get(invitation_id)
    if link is None or link.purpose != LinkPurpose.INVITATION:
        raise NotFound(N_("no invitation with id %(id)s"), id=invitation_id)
    return link


def _refuse_existing_account(uow: UnitOfWork, email: str, doing: str) -> None:
    person = uow.people.by_email(email)
    refuse_deprovisioned(uow, person.id if person else None, doing, email)
    if uow.users.by_email(email) is not None:
        raise Conflict(N_("an account for %(email)s already exists"), email=email)


def _mail_invitation(
    app: Collaborators, uow: UnitOfWork, link: EmailedLinkRow, token: str, now: datetime
) -> None:
    _ = mail_translator(uow, app.settings, link.email)
    mail_link(
        uow,
        link,
        now,
        subject=_("You are invited to growpath"),
        body=(
            _(
                "You are invited to growpath, where your organisation runs its coaching and "
                "mentoring programs."
            )
            + "\n\n"
            + _(
                "Open this link to choose your password and log in (it works once, until "
                "%(until)s UTC):",
                until=f"{link.expires_at:%Y-%m-%d %H:%M}",
            )
            + f"\n{link_url(app, LinkPurpose.INVITATION, token)}\n\n"
            + _(
                "Nobody else has this link, not even the admin who invited you. If you did "
                "not expect this invitation, ignore it."
            )
            + "\n"
        ),
    )


def _audit(
    uow: UnitOfWork,
    ctx: Context,
    action: str,
    link: EmailedLinkRow,
    detail: dict[str, object] | None = None,
) -> None:
    uow.audit.record(
        ctx.now,
        ctx.actor_user_id,
        action,
        "invitation",
        str(link.id),
        ctx.source_address,
        detail={"expires_at": link.expires_at.isoformat(), **(detail or {})},
    )
