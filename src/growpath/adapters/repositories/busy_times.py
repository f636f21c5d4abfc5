"""The calendars people's busy times come from, and the busy intervals read from them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, select

from growpath.adapters.orm import BusyIntervalRow, BusySourceRow
from growpath.adapters.repositories.base import Repository


class BusyTimeRepository(Repository[BusySourceRow]):
    """Busy calendars (sources) and the intervals each last gave, without titles."""

    row_type = BusySourceRow

    def sources_of(self, person_ids: Iterable[int]) -> Sequence[BusySourceRow]:
        """Return the busy calendars of people, oldest first."""
        return self.db.scalars(
            select(BusySourceRow)
            .where(BusySourceRow.person_id.in_(list(person_ids)))
            .order_by(BusySourceRow.id)
        ).all()

    def locked(self, source_id: int) -> BusySourceRow | None:
        """Return a busy calendar locked against a concurrent refresh or removal."""
        return self.db.scalar(
            select(BusySourceRow).where(BusySourceRow.id == source_id).with_for_update()
        )

    def remove(self, source: BusySourceRow) -> None:
        """Delete a busy calendar and the intervals read from it."""
        self.db.execute(delete(BusyIntervalRow).where(BusyIntervalRow.source_id == source.id))
        self.db.delete(source)

    def remove_of(self, person_id: int) -> int:
        """Delete every busy calendar and interval of a person; return how many calendars."""
        self.db.execute(delete(BusyIntervalRow).where(BusyIntervalRow.person_id == person_id))
        removed = self.db.execute(delete(BusySourceRow).where(BusySourceRow.person_id == person_id))
        return int(removed.rowcount)  # type: ignore[attr-defined]

    def replace_intervals(
        self,
        source: BusySourceRow,
        intervals: Iterable[tuple[datetime, datetime]],
        expires_at: datetime,
    ) -> None:
        """Replace what a calendar last gave with these intervals, expiring together."""
        self.db.execute(delete(BusyIntervalRow).where(BusyIntervalRow.source_id == source.id))
        self.db.add_all(
            BusyIntervalRow(
                person_id=source.person_id,
                source_id=source.id,
                starts_at=start,
                ends_at=end,
                expires_at=expires_at,
            )
            for start, end in intervals
        )

    def busy(
        self, person_ids: Iterable[int], start: datetime, end: datetime, now: datetime
    ) -> list[tuple[datetime, datetime]]:
        """Return people's unexpired busy intervals that reach into start–end."""
        rows = self.db.execute(
            select(BusyIntervalRow.starts_at, BusyIntervalRow.ends_at).where(
                BusyIntervalRow.person_id.in_(list(person_ids)),
                BusyIntervalRow.expires_at > now,
                BusyIntervalRow.starts_at < end,
                BusyIntervalRow.ends_at > start,
            )
        )
        return [(row.starts_at, row.ends_at) for row in rows]

    def remove_expired(self, now: datetime) -> int:
        """Delete every interval past its expiry; return how many."""
        removed = self.db.execute(delete(BusyIntervalRow).where(BusyIntervalRow.expires_at <= now))
        return int(removed.rowcount)  # type: ignore[attr-defined]
