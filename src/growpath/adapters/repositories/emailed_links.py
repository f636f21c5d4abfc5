"""Links e-mailed to one address (invitations, resets, e-mail changes), without committing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update

from growpath.adapters.orm import EmailedLinkRow
from growpath.adapters.repositories.base import Repository
from growpath.domain.emailed_links import LinkPurpose


class EmailedLinkRepository(Repository[EmailedLinkRow]):
    """Single-use links, found by the digest of their token."""

    row_type = EmailedLinkRow

    def by_digest(self, digest: str) -> EmailedLinkRow | None:
        """Return the link whose token has this digest, locked against a concurrent use."""
        return self.db.scalar(
            select(EmailedLinkRow).where(EmailedLinkRow.token_digest == digest).with_for_update()
        )

    def pending(
        self,
        purpose: str,
        now: datetime,
        *,
        email: str | None = None,
        user_id: int | None = None,
    ) -> Sequence[EmailedLinkRow]:
        """Return the unused, unrevoked, unexpired links of a purpose to an address or account."""
        query = select(EmailedLinkRow).where(
            EmailedLinkRow.purpose == purpose,
            EmailedLinkRow.used_at.is_(None),
            EmailedLinkRow.revoked_at.is_(None),
            EmailedLinkRow.expires_at > now,
        )
        if email is not None:
            query = query.where(EmailedLinkRow.email == email)
        if user_id is not None:
            query = query.where(EmailedLinkRow.user_id == user_id)
        return self.db.scalars(query.order_by(EmailedLinkRow.id)).all()

    def revoke_pending(
        self,
        purpose: str,
        now: datetime,
        *,
        email: str | None = None,
        user_id: int | None = None,
    ) -> int:
        """Revoke the live links of a purpose to an address or account; return how many."""
        query = update(EmailedLinkRow).where(
            EmailedLinkRow.purpose == purpose,
            EmailedLinkRow.used_at.is_(None),
            EmailedLinkRow.revoked_at.is_(None),
        )
        if email is not None:
            query = query.where(EmailedLinkRow.email == email)
        if user_id is not None:
            query = query.where(EmailedLinkRow.user_id == user_id)
        revoked = self.db.execute(
            query.values(revoked_at=now).execution_options(synchronize_session=False)
        )
        return int(revoked.rowcount)  # type: ignore[attr-defined]

    def count_since(self, purpose: str, since: datetime, *, email: str) -> int:
        """Return how many links of a purpose went to an address since a moment."""
        return (
            self.db.scalar(
                select(func.count(EmailedLinkRow.id)).where(
                    EmailedLinkRow.purpose == purpose,
                    EmailedLinkRow.email == email,
                    EmailedLinkRow.created_at >= since,
                )
            )
            or 0
        )

    def invitations(self, limit: int) -> Sequence[EmailedLinkRow]:
        """Return the newest invitations, newest first."""
        return self.db.scalars(
            select(EmailedLinkRow)
            .where(EmailedLinkRow.purpose == LinkPurpose.INVITATION)
            .order_by(EmailedLinkRow.id.desc())
            .limit(limit)
        ).all()

    def remove_for(self, emails: Sequence[str], user_id: int | None) -> int:
        """Delete every link to these addresses or of this account (erasure); return how many."""
        removed = self.db.execute(
            delete(EmailedLinkRow)
            .where(
                or_(
                    EmailedLinkRow.email.in_(list(emails)),
                    EmailedLinkRow.user_id == user_id,
                )
            )
            .execution_options(synchronize_session=False)
        )
        return int(removed.rowcount)  # type: ignore[attr-defined]
