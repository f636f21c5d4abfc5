"""Who guided whom, and the lineage a program's report last published."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import cache

from sqlalchemy import Select, case, delete, select
from sqlalchemy.orm import Session, aliased

from growpath.adapters.orm import EngagementMemberRow, EngagementRow, PublishedLineageRow
from growpath.adapters.repositories.base import column_rows, one_of
from growpath.domain.engagements import FINISHED, GUIDE, PARTICIPANT, PROPOSED
from growpath.domain.lineage import Mentoring


@cache
def _mentorings() -> Select[int, int, int, int, date | None, datetime | None, bool]:
    # Every started engagement of the organisation, a whole report's largest read: columns
    # run as compiled, the creation time read (and converted) only where no start date is
    # kept, and whether it is over decided by the database.
    guide = aliased(EngagementMemberRow)
    participant = aliased(EngagementMemberRow)
    created_at = case((EngagementRow.starts_on.is_(None), EngagementRow.created_at))
    return (
        select(
            EngagementRow.id,
            EngagementRow.program_id,
            guide.person_id,
            participant.person_id,
            EngagementRow.starts_on,
            created_at,
            one_of(EngagementRow.status, FINISHED),
        )
        .join(guide, (guide.engagement_id == EngagementRow.id) & (guide.role == GUIDE))
        .join(
            participant,
            (participant.engagement_id == EngagementRow.id) & (participant.role == PARTICIPANT),
        )
        .where(EngagementRow.status != PROPOSED)
        .order_by(EngagementRow.id)
    )


def _started(starts_on: date | None, created_at: datetime | None) -> date:
    if starts_on is not None:
        return starts_on
    # Read where no start date is kept; an engagement always has its creation time.
    if created_at is None:
        raise ValueError("an engagement without a start date or a creation time")
    return created_at.date()


class LineageRepository:
    """Mentorings across the organisation and each program's published lineage."""

    def __init__(self, session: Session) -> None:
        self.db = session

    def mentorings(self) -> list[Mentoring]:
        """Return every guide–participant pair of an engagement that has started."""
        return [
            Mentoring(
                engagement_id,
                program_id,
                guide_id,
                participant_id,
                _started(starts_on, created_at),
                finished,
            )
            for (
                engagement_id,
                program_id,
                guide_id,
                participant_id,
                starts_on,
                created_at,
                finished,
            ) in column_rows(self.db, _mentorings(), {})
        ]

    def published(self, program_id: int) -> dict[int, int]:
        """Return the published generations of each former mentee of a program."""
        rows = self.db.execute(
            select(PublishedLineageRow.person_id, PublishedLineageRow.generations).where(
                PublishedLineageRow.program_id == program_id
            )
        )
        return dict(rows.all())

    def publish(self, program_id: int, changes: Mapping[int, int | None]) -> None:
        """Bring these people's published lineage to their current one (None: no longer in it)."""
        if not changes:
            return
        self.db.execute(
            delete(PublishedLineageRow).where(
                PublishedLineageRow.program_id == program_id,
                PublishedLineageRow.person_id.in_(list(changes)),
            )
        )
        self.db.add_all(
            PublishedLineageRow(program_id=program_id, person_id=person, generations=generations)
            for person, generations in changes.items()
            if generations is not None
        )
        self.db.flush()
