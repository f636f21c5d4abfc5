"""The demo organisation: the people its logins and shared trajectory are picked from."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased, selectinload

from growpath.adapters.orm import (
    CompetencyRatingRow,
    EngagementMemberRow,
    EngagementRow,
    PersonRow,
    ProgramRow,
)


class DemoRepository:
    """The people and programs the demo seed looks for."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def has_programs(self) -> bool:
        """Whether any program exists yet."""
        return self.session.scalar(select(ProgramRow.id).limit(1)) is not None

    def people_with_skills(self) -> Sequence[PersonRow]:
        """Return every person still employed, skills loaded, in e-mail order."""
        return self.session.scalars(
            select(PersonRow)
            .where(PersonRow.leave_date.is_(None))
            .order_by(PersonRow.email)
            .options(selectinload(PersonRow.skills))
        ).all()

    def running_participant_with_manager(self) -> PersonRow | None:
        """Return the participant of the first running engagement who has a manager."""
        return self.session.scalars(
            select(PersonRow)
            .join(EngagementMemberRow, EngagementMemberRow.person_id == PersonRow.id)
            .join(EngagementRow, EngagementRow.id == EngagementMemberRow.engagement_id)
            .where(
                EngagementMemberRow.role == "participant",
                EngagementRow.status.in_(("active", "renewed")),
                PersonRow.manager_id.is_not(None),
            )
            .order_by(EngagementRow.id)
        ).first()

    def running_program_of(self, participant_id: int) -> int | None:
        """Return the program of the participant's first running engagement."""
        return self.session.scalar(
            select(EngagementRow.program_id)
            .join(EngagementMemberRow, EngagementMemberRow.engagement_id == EngagementRow.id)
            .where(
                EngagementMemberRow.person_id == participant_id,
                EngagementMemberRow.role == "participant",
                EngagementRow.status.in_(("active", "renewed")),
            )
            .order_by(EngagementRow.id)
            .limit(1)
        )

    def running_guide_of(self, participant_id: int) -> PersonRow | None:
        """Return a guide of one of the person's running engagements."""
        return self.session.scalars(
            select(PersonRow)
            .join(EngagementMemberRow, EngagementMemberRow.person_id == PersonRow.id)
            .join(
                EngagementRow,
                EngagementRow.id == EngagementMemberRow.engagement_id,
            )
            .where(
                EngagementMemberRow.role == "guide",
                EngagementMemberRow.engagement_id.in_(
                    select(EngagementMemberRow.engagement_id).where(
                        EngagementMemberRow.person_id == participant_id
                    )
                ),
                EngagementRow.status.in_(("active", "renewed")),
            )
        ).first()

    def running_guide_of_kind(self, kind: str) -> PersonRow | None:
        """Return the guide of the first running engagement of a kind (coaching, mentoring),
        one who manages nobody if there is one: their login then lands on their caseload,
        not on a manager's team."""
        report = aliased(PersonRow)
        manages = exists().where(report.manager_id == PersonRow.id)
        return self.session.scalars(
            select(PersonRow)
            .join(EngagementMemberRow, EngagementMemberRow.person_id == PersonRow.id)
            .join(EngagementRow, EngagementRow.id == EngagementMemberRow.engagement_id)
            .where(
                EngagementMemberRow.role == "guide",
                EngagementRow.kind == kind,
                EngagementRow.status.in_(("active", "renewed")),
            )
            .order_by(manages, EngagementRow.id)
        ).first()

    def rated_report_of(self, manager_id: int | None, other_than_email: str) -> PersonRow | None:
        """Return, by name, the first report of a manager rated as a participant, but one."""
        return self.session.scalars(
            select(PersonRow)
            .join(EngagementMemberRow, EngagementMemberRow.person_id == PersonRow.id)
            .join(
                CompetencyRatingRow,
                CompetencyRatingRow.engagement_id == EngagementMemberRow.engagement_id,
            )
            .where(
                PersonRow.manager_id == manager_id,
                PersonRow.email != other_than_email,
                EngagementMemberRow.role == "participant",
            )
            .order_by(PersonRow.name)
        ).first()
