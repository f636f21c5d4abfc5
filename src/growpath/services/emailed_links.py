"""Issue a single-use link to one address and find it again when it is opened.

The token travels only in the e-mail to that address; growpath keeps its SHA-256 digest, so
neither an admin, the audit trail nor the database holds a working link.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime

from growpath.adapters.orm import EmailedLinkRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.emailed_links import LIFETIMES, DeadLink, LinkPurpose, LinkState, link_state
from growpath.services.accounts import token_digest
from growpath.services.context import Collaborators
from growpath.services.nudges import queue_nudge

# Where each link leads: the page that asks the holder to act on it.
PAGES: dict[LinkPurpose, str] = {
    LinkPurpose.INVITATION: "/invitations/{token}",
    LinkPurpose.PASSWORD_RESET: "/password-reset/{token}",
    LinkPurpose.EMAIL_CHANGE: "/account/email/{token}",
}


def issue_link(
    uow: UnitOfWork,
    purpose: LinkPurpose,
    email: str,
    now: datetime,
    *,
    user_id: int | None = None,
    roles: Iterable[str] = (),
    created_by: int | None = None,
) -> tuple[EmailedLinkRow, str]:
    """Store a new link to an address; return it and its token (to be e-mailed, never shown)."""
    token = secrets.token_urlsafe(32)
    link = EmailedLinkRow(
        purpose=purpose.value,
        token_digest=token_digest(token),
        email=email,
        user_id=user_id,
        roles=sorted(roles),
        created_by_user_id=created_by,
        created_at=now,
        expires_at=now + LIFETIMES[purpose],
    )
    uow.emailed_links.add(link)
    return link, token


def renew_token(link: EmailedLinkRow, now: datetime) -> str:
    """Give a link a new token and a fresh expiry; the old token stops working. Return it."""
    token = secrets.token_urlsafe(32)
    link.token_digest = token_digest(token)
    link.expires_at = now + LIFETIMES[LinkPurpose(link.purpose)]
    link.revoked_at = None
    return token


def link_url(app: Collaborators, purpose: LinkPurpose, token: str) -> str:
    """Return the full address of a link's page, for the e-mail."""
    return app.settings.page_url(PAGES[purpose].format(token=token))


def mail_link(
    uow: UnitOfWork, link: EmailedLinkRow, now: datetime, *, subject: str, body: str
) -> None:
    """Queue the e-mail that carries a link to the link's own address, and nowhere else."""
    queue_nudge(
        uow,
        # The digest changes with every token, so a resent link is a new e-mail.
        dedupe_key=f"link:{link.id}:{link.token_digest[:16]}",
        kind=link.purpose,
        recipient_email=link.email,
        subject=subject,
        body=body,
        due_at=now,
        now=now,
    )


def tell(uow: UnitOfWork, email: str, now: datetime, key: str, subject: str, body: str) -> None:
    """Queue a notice (no link in it) to an address."""
    queue_nudge(
        uow,
        dedupe_key=key[:200],
        kind="account_notice",
        recipient_email=email,
        subject=subject,
        body=body,
        due_at=now,
        now=now,
    )


def live_link(uow: UnitOfWork, token: str, purpose: LinkPurpose, now: datetime) -> EmailedLinkRow:
    """Return the usable link with this token, or refuse with one answer for every dead link."""
    link = uow.emailed_links.by_digest(token_digest(token)) if token else None
    if (
        link is None
        or link.purpose != purpose
        or link_state(now, link.expires_at, link.used_at, link.revoked_at) is not LinkState.PENDING
    ):
        raise DeadLink()
    return link
