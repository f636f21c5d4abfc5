"""Slots a pair proposed for their next session."""

from __future__ import annotations

from functools import cache

from sqlalchemy import CursorResult, Select, bindparam, select, update

from growpath.adapters.orm import EngagementRow, SlotProposalRow
from growpath.adapters.repositories.base import Repository
from growpath.domain.slot_proposals import PROPOSED, SUPERSEDED


# Built once, on first use, with bound parameters: the engagement page runs it on every view,
# and building it anew (clauses, its cache key) cost about as much CPU as running it.
@cache
def _open_of(locked: bool) -> Select[SlotProposalRow]:
    statement = (
        select(SlotProposalRow)
        .where(
            SlotProposalRow.engagement_id == bindparam("engagement_id"),
            SlotProposalRow.status == PROPOSED,
        )
        .order_by(SlotProposalRow.id.desc())
        .limit(1)
    )
    return statement.with_for_update() if locked else statement


class SlotProposalRepository(Repository[SlotProposalRow]):
    """Proposed slots and their answers; a pair has at most one open at a time."""

    row_type = SlotProposalRow

    def locked(self, proposal_id: int) -> SlotProposalRow | None:
        """Return a proposal locked against a concurrent answer."""
        return self.db.scalar(
            select(SlotProposalRow).where(SlotProposalRow.id == proposal_id).with_for_update()
        )

    def open_of(self, engagement_id: int) -> SlotProposalRow | None:
        """Return the pair's open proposal, locked against a concurrent answer, if any."""
        return self.db.scalar(_open_of(locked=True), {"engagement_id": engagement_id})

    def open_to_show(self, engagement_id: int) -> SlotProposalRow | None:
        """Return the pair's open proposal as it stands, without a lock (a page shows it;
        answering it locks it again)."""
        return self.db.scalar(_open_of(locked=False), {"engagement_id": engagement_id})

    def lock_pair(self, engagement_id: int) -> None:
        """Lock the engagement so that two proposals of one pair are made one after the other."""
        self.db.execute(
            select(EngagementRow.id).where(EngagementRow.id == engagement_id).with_for_update()
        )

    def supersede_others(self, engagement_id: int, keep_id: int) -> int:
        """Mark every other open proposal of the pair superseded; return how many."""
        result = self.db.execute(
            update(SlotProposalRow)
            .where(
                SlotProposalRow.engagement_id == engagement_id,
                SlotProposalRow.status == PROPOSED,
                SlotProposalRow.id != keep_id,
            )
            .values(status=SUPERSEDED)
            .execution_options(synchronize_session="fetch")
        )
        return _count(result)

    def close(self, row: SlotProposalRow, status: str) -> bool:
        """Move an open proposal to status only if it is still open (compare and set).

        False if someone else closed it first: the row is then reloaded with their answer.
        """
        result = self.db.execute(
            update(SlotProposalRow)
            .where(SlotProposalRow.id == row.id, SlotProposalRow.status == PROPOSED)
            .values(status=status)
            .execution_options(synchronize_session=False)
        )
        self.db.refresh(row)
        return _count(result) == 1


def _count(result: object) -> int:
    return result.rowcount if isinstance(result, CursorResult) else 0
