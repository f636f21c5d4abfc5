"""Who needs a reminder before a pair exists: unanswered proposals, incomplete profiles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Row, String, cast, exists, func, literal, select
from sqlalchemy.orm import Session, aliased

from growpath.adapters.orm import (
    EngagementMemberRow,
    EnrolmentRow,
    MatchProposalRow,
    NudgeRow,
    PersonRow,
    PersonSkillRow,
    ProgramRow,
)


class ReminderRepository:
    """The proposals and enrolments waiting on a person."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def unanswered_proposals(
        self, statuses: Iterable[str], now: datetime
    ) -> Sequence[Row[MatchProposalRow, ProgramRow, PersonRow, PersonRow]]:
        """Return each live proposal in these statuses, its program, participant and guide."""
        mentee_enrolment, mentor_enrolment = aliased(EnrolmentRow), aliased(EnrolmentRow)
        mentee, mentor = aliased(PersonRow), aliased(PersonRow)
        return self.session.execute(
            select(MatchProposalRow, ProgramRow, mentee, mentor)
            .join(ProgramRow, ProgramRow.id == MatchProposalRow.program_id)
            .join(mentee_enrolment, mentee_enrolment.id == MatchProposalRow.mentee_enrolment_id)
            .join(mentor_enrolment, mentor_enrolment.id == MatchProposalRow.mentor_enrolment_id)
            .join(mentee, mentee.id == mentee_enrolment.person_id)
            .join(mentor, mentor.id == mentor_enrolment.person_id)
            .where(MatchProposalRow.status.in_(statuses), MatchProposalRow.expires_at > now)
        ).all()

    def unmatched_enrolments(
        self, reminder_prefix: str
    ) -> Sequence[Row[EnrolmentRow, PersonRow, ProgramRow, int]]:
        """Return active unmatched enrolments in open programs, never reminded, and skill counts.

        A reminder's dedupe key is reminder_prefix followed by the enrolment's id.
        """
        skills = (
            select(func.count(PersonSkillRow.id))
            .where(PersonSkillRow.person_id == PersonRow.id)
            .scalar_subquery()
        )
        matched = exists().where(EngagementMemberRow.enrolment_id == EnrolmentRow.id)
        # Reminded before: left out in SQL, so a profile that stays incomplete costs no query later.
        reminded = exists().where(
            NudgeRow.dedupe_key == literal(reminder_prefix) + cast(EnrolmentRow.id, String)
        )
        return self.session.execute(
            select(EnrolmentRow, PersonRow, ProgramRow, skills)
            .join(PersonRow, PersonRow.id == EnrolmentRow.person_id)
            .join(ProgramRow, ProgramRow.id == EnrolmentRow.program_id)
            .where(
                EnrolmentRow.status == "active",
                PersonRow.erased_at.is_(None),
                ProgramRow.status == "open",
                ~matched,
                ~reminded,
            )
        ).all()
