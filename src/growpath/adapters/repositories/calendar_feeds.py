"""Personal calendar feeds, found by their person or by the digest of their token."""

from __future__ import annotations

from sqlalchemy import delete, select

from growpath.adapters.orm import CalendarFeedRow
from growpath.adapters.repositories.base import Repository


class CalendarFeedRepository(Repository[CalendarFeedRow]):
    """The one secret feed URL a person may have."""

    row_type = CalendarFeedRow

    def of_person(self, person_id: int) -> CalendarFeedRow | None:
        """Return a person's feed, locked against a concurrent rotation."""
        return self.db.scalar(
            select(CalendarFeedRow).where(CalendarFeedRow.person_id == person_id).with_for_update()
        )

    def by_digest(self, digest: str) -> CalendarFeedRow | None:
        """Return the feed whose token has this digest."""
        return self.db.scalar(select(CalendarFeedRow).where(CalendarFeedRow.token_digest == digest))

    def remove_of(self, person_id: int) -> int:
        """Delete a person's feed; return how many were deleted (0 or 1)."""
        removed = self.db.execute(
            delete(CalendarFeedRow).where(CalendarFeedRow.person_id == person_id)
        )
        return int(removed.rowcount)  # type: ignore[attr-defined]
