"""SAML requests under way and assertions already used, without committing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from growpath.adapters.orm import SamlAssertionRow, SamlRequestRow
from growpath.adapters.repositories.base import Repository


class SamlRequestRepository(Repository[SamlRequestRow]):
    """Outstanding AuthnRequests, found by their id or by the browser that sent them."""

    row_type = SamlRequestRow

    def by_request_id(self, request_id: str) -> SamlRequestRow | None:
        """Return the request with this id, locked against a second answer arriving at once."""
        return self.db.scalar(
            select(SamlRequestRow).where(SamlRequestRow.request_id == request_id).with_for_update()
        )

    def by_browser(self, browser_digest: str) -> SamlRequestRow | None:
        """Return the request the browser holding this secret sent, locked for its use."""
        return self.db.scalar(
            select(SamlRequestRow)
            .where(SamlRequestRow.browser_digest == browser_digest)
            .with_for_update()
        )

    def remove(self, row: SamlRequestRow) -> None:
        """Delete a request once used (its identity goes with it)."""
        self.db.delete(row)
        self.db.flush()

    def remove_expired(self, now: datetime) -> int:
        """Delete the requests and the used-assertion ids past their expiry; return how many."""
        removed = 0
        for table, column in (
            (SamlRequestRow, SamlRequestRow.expires_at),
            (SamlAssertionRow, SamlAssertionRow.expires_at),
        ):
            result = self.db.execute(
                delete(table).where(column <= now).execution_options(synchronize_session=False)
            )
            removed += int(result.rowcount)  # type: ignore[attr-defined]
        return removed

    def remember_assertion(self, assertion_id: str, expires_at: datetime) -> bool:
        """Record an assertion as used; False when it was already (a replay, by any worker)."""
        known = self.db.scalar(
            select(SamlAssertionRow.id).where(SamlAssertionRow.assertion_id == assertion_id)
        )
        if known is not None:
            return False
        try:
            # A savepoint, so that losing a race to another worker leaves the transaction usable.
            with self.db.begin_nested():
                self.db.add(SamlAssertionRow(assertion_id=assertion_id, expires_at=expires_at))
        except IntegrityError:
            return False
        return True
