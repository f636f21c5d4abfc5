"""Who guided whom, and the lineage a program's report last published."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, aliased

from growpath.adapters.orm import EngagementMemberRow, EngagementRow, PublishedLineageRow
from growpath.domain.engagements import FINISHED, GUIDE, PARTICIPANT, PROPOSED
from growpath.domain.lineage import Mentoring


class LineageRepository:
    """Mentorings across the organisation and each program's published lineage."""

    def __init__(self, session: Session) -> None:
        self.db = session

    def mentorings(self) -> list[Mentoring]:
        """Return every guide–participant pair of an engagement that has started."""
        guide = aliased(EngagementMemberRow)
        participant = aliased(EngagementMemberRow)
        rows = self.db.execute(
            select(
                EngagementRow.id,
                EngagementRow.program_id,
                guide.person_id,
                participant.person_id,
                EngagementRow.starts_on,
                EngagementRow.created_at,
                EngagementRow.status,
            )
            .join(guide, (guide.engagement_id == EngagementRow.id) & (guide.role == GUIDE))
            .join(
                participant,
                (participant.engagement_id == EngagementRow.id) & (participant.role == PARTICIPANT),
            )
            .where(EngagementRow.status != PROPOSED)
            .order_by(EngagementRow.id)
        )
        return [
            Mentoring(
                engagement_id,
                program_id,
                guide_id,
                participant_id,
                starts_on or created_at.date(),
                status in FINISHED,
            )
            for (
                engagement_id,
                program_id,
                guide_id,
                participant_id,
                starts_on,
                created_at,
                status,
            ) in rows
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
