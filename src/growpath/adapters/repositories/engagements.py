"""Engagements and their members: how services find and store them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, ScalarSelect, Select, bindparam, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute

from growpath.adapters.orm import (
    ActionItemRow,
    EngagementMemberRow,
    EngagementRow,
    PersonRow,
    ProgramRow,
    SessionRow,
    SlotProposalRow,
)
from growpath.adapters.repositories.base import Repository, column_rows, columns_named
from growpath.domain.sessions import CANCELLED, SCHEDULED
from growpath.domain.slot_proposals import ProposalStatus


# Built once, on first use, with bound parameters: the home page, the engagement page and
# logging a session run them on every call, and building one anew (clauses, joins, its cache
# key) cost more CPU than running it.
class EngagementLine(NamedTuple):
    """An engagement as lists show it, with its program's name: not its charter, which is
    sealed (decrypting it for a list cost more than the rest of the row)."""

    id: int
    program_id: int
    kind: str
    status: str
    starts_on: date | None
    planned_end_on: date | None
    renewal_on: date | None
    cadence_days: int
    ended_at: datetime | None
    end_reason: str
    program_name: str


@cache
def _of_person_with_program_names() -> Select[
    int, int, str, str, date | None, date | None, date | None, int, datetime | None, str, str
]:
    return (
        select(
            EngagementRow.id,
            EngagementRow.program_id,
            EngagementRow.kind,
            EngagementRow.status,
            EngagementRow.starts_on,
            EngagementRow.planned_end_on,
            EngagementRow.renewal_on,
            EngagementRow.cadence_days,
            EngagementRow.ended_at,
            EngagementRow.end_reason,
            ProgramRow.name,
        )
        .join(ProgramRow, ProgramRow.id == EngagementRow.program_id)
        .join(EngagementMemberRow, EngagementMemberRow.engagement_id == EngagementRow.id)
        .where(EngagementMemberRow.person_id == bindparam("person_id"))
        .order_by(EngagementRow.id.desc())
    )


class EngagementPageLine(NamedTuple):
    """An engagement as its page reads it: what lists show, its charter and its meeting room."""

    id: int
    program_id: int
    kind: str
    status: str
    starts_on: date | None
    planned_end_on: date | None
    renewal_on: date | None
    cadence_days: int
    ended_at: datetime | None
    end_reason: str
    charter_purpose: str
    charter_goals: str
    charter_meeting_frequency: str
    charter_success: str
    charter_confirmed_by_mentee_at: datetime | None
    charter_confirmed_by_mentor_at: datetime | None
    meeting_token: str


_PAGE_LINE_FIELDS = len(EngagementPageLine._fields)


class EngagementOnPage(NamedTuple):
    """What an engagement's page reads first, in one statement: the engagement, what it needs
    of the program (not the whole row with its rules), the viewer's role and the pair's open
    slot proposal, which most pairs have none of."""

    row: EngagementPageLine
    program_name: str
    meeting_link: str
    role: str | None  # None: the viewer is no member
    open_proposal_id: int | None


def member_role(engagement_id: InstrumentedAttribute[int]) -> ScalarSelect[str]:
    """The role in the engagement of engagement_id (a column of the outer statement) of the
    person bound as `person_id`: NULL for one who is no member."""
    return (
        select(EngagementMemberRow.role)
        .where(
            EngagementMemberRow.engagement_id == engagement_id,
            EngagementMemberRow.person_id == bindparam("person_id"),
        )
        .scalar_subquery()
    )


@cache
def _on_page() -> Select[*tuple[Any, ...]]:
    role = member_role(EngagementRow.id)
    open_proposal = (
        select(SlotProposalRow.id)
        .where(
            SlotProposalRow.engagement_id == EngagementRow.id,
            SlotProposalRow.status == ProposalStatus.PROPOSED,
        )
        .order_by(SlotProposalRow.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    # Columns, not the whole row: an ORM row costs the page its loading and identity map.
    engagement = columns_named(EngagementRow, EngagementPageLine._fields)
    return (
        select(*engagement, ProgramRow.name, ProgramRow.meeting_link, role, open_proposal)
        .join(ProgramRow, ProgramRow.id == EngagementRow.program_id)
        .where(EngagementRow.id == bindparam("engagement_id"))
    )


@cache
def _role_of() -> Select[str]:
    return select(EngagementMemberRow.role).where(
        EngagementMemberRow.engagement_id == bindparam("engagement_id"),
        EngagementMemberRow.person_id == bindparam("person_id"),
    )


@cache
def _members_of() -> Select[int, int, str, str]:
    return (
        select(
            EngagementMemberRow.engagement_id,
            EngagementMemberRow.person_id,
            PersonRow.name,
            EngagementMemberRow.role,
        )
        .join(PersonRow, PersonRow.id == EngagementMemberRow.person_id)
        .where(EngagementMemberRow.engagement_id.in_(bindparam("ids", expanding=True)))
        .order_by(EngagementMemberRow.role, PersonRow.name)
    )


class EngagementRepository(Repository[EngagementRow]):
    """Engagements, their members, and what ending one does to its sessions."""

    row_type = EngagementRow

    def add_member(self, row: EngagementMemberRow) -> None:
        """Stage a person joining an engagement."""
        self.db.add(row)

    def on_page(self, engagement_id: int, person_id: int | None) -> EngagementOnPage | None:
        """Return what the engagement's page reads first for this person, in one statement;
        None if there is no such engagement."""
        parameters = {"engagement_id": engagement_id, "person_id": person_id}
        for found in column_rows(self.db, _on_page(), parameters):
            line = EngagementPageLine(*found[:_PAGE_LINE_FIELDS])
            return EngagementOnPage(line, *found[_PAGE_LINE_FIELDS:])
        return None

    def give_meeting_token(self, engagement_id: int, token: str) -> None:
        """Stage an engagement's Jitsi room name, written at commit."""
        row = self.db.get(EngagementRow, engagement_id)
        if row is not None:
            row.meeting_token = token

    def role_of(self, engagement_id: int, person_id: int | None) -> str | None:
        """Return the person's role in the engagement (guide or participant), if a member."""
        return self.db.scalar(_role_of(), {"engagement_id": engagement_id, "person_id": person_id})

    def guide_enrolments(self, engagement_id: int) -> list[int]:
        """Return the enrolments through which guides lead the engagement."""
        return [
            eid
            for eid in self.db.scalars(
                select(EngagementMemberRow.enrolment_id).where(
                    EngagementMemberRow.engagement_id == engagement_id,
                    EngagementMemberRow.role == "guide",
                )
            )
            if eid is not None
        ]

    def participant_enrolments(self, engagement_id: int) -> list[tuple[str, int | None]]:
        """Return the name of each participant and the enrolment through which they take part."""
        return [
            (name, enrolment_id)
            for name, enrolment_id in self.db.execute(
                select(PersonRow.name, EngagementMemberRow.enrolment_id)
                .join(PersonRow, PersonRow.id == EngagementMemberRow.person_id)
                .where(
                    EngagementMemberRow.engagement_id == engagement_id,
                    EngagementMemberRow.role == "participant",
                )
                .order_by(PersonRow.name)
            )
        ]

    def cancel_future_sessions(self, engagement_id: int, now: datetime) -> Sequence[SessionRow]:
        """Cancel the engagement's sessions still scheduled after now; return them."""
        sessions = self.db.scalars(
            select(SessionRow).where(
                SessionRow.engagement_id == engagement_id,
                SessionRow.status == SCHEDULED,
                SessionRow.scheduled_at > now,
            )
        ).all()
        for session in sessions:
            # Calendars replace the event with its cancellation: its SEQUENCE goes up.
            session.status, session.sequence = CANCELLED, session.sequence + 1
        return sessions

    def of_person(self, person_id: int | None) -> Sequence[EngagementRow]:
        """Return the engagements a person is a member of, newest first."""
        return self.db.scalars(
            select(EngagementRow)
            .join(EngagementMemberRow, EngagementMemberRow.engagement_id == EngagementRow.id)
            .where(EngagementMemberRow.person_id == person_id)
            .order_by(EngagementRow.id.desc())
        ).all()

    def of_person_with_program_names(self, person_id: int | None) -> list[EngagementLine]:
        """Return the engagements a person is a member of with their program's name, newest
        first."""
        rows = column_rows(self.db, _of_person_with_program_names(), {"person_id": person_id})
        return [EngagementLine(*row) for row in rows]

    def members_of(self, engagement_ids: Iterable[int]) -> list[tuple[int, int, str, str]]:
        """Return (engagement, person, name, role) of the engagements' members, by role, name."""
        ids = list(engagement_ids)
        if not ids:  # someone in no engagement yet: no statement for nothing
            return []
        return [
            (engagement_id, person_id, name, role)
            for engagement_id, person_id, name, role in column_rows(
                self.db, _members_of(), {"ids": ids}
            )
        ]

    def program_names(self, program_ids: Iterable[int]) -> dict[int, str]:
        """Return program id → name."""
        return dict(
            self.db.execute(
                select(ProgramRow.id, ProgramRow.name).where(ProgramRow.id.in_(set(program_ids)))
            ).all()
        )

    def program(self, program_id: int) -> ProgramRow | None:
        """Return the engagement's program."""
        return self.db.get(ProgramRow, program_id)

    def participant_managed_by(self, engagement_id: int, manager_person_id: int) -> int | None:
        """Return the engagement's participant whose manager the person is, if any."""
        return self.db.scalar(
            select(EngagementMemberRow.person_id)
            .join(PersonRow, PersonRow.id == EngagementMemberRow.person_id)
            .where(
                EngagementMemberRow.engagement_id == engagement_id,
                EngagementMemberRow.role == "participant",
                PersonRow.manager_id == manager_person_id,
            )
            .limit(1)
        )

    def actions_of(self, person_id: int) -> list[str]:
        """Return the wording of the actions blank_texts_of blanks (digests quote them)."""
        return list(
            self.db.scalars(select(ActionItemRow.description).where(_actions_of(person_id)))
        )

    def blank_texts_of(self, person_id: int) -> None:
        """Blank the charter, end reason and actions of the person's engagements as the
        participant, and every action the person owns elsewhere (erasure)."""
        # Rows stay, so that counts behind reports and health rules still add up.
        self.db.execute(
            update(EngagementRow)
            .where(EngagementRow.id.in_(_participating(person_id)))
            .values(
                charter_purpose="",
                charter_goals="",
                charter_meeting_frequency="",
                charter_success="",
                end_reason="",
            )
            .execution_options(synchronize_session=False)
        )
        self.db.execute(
            update(ActionItemRow)
            .where(_actions_of(person_id))
            .values(description="(erased)")
            .execution_options(synchronize_session=False)
        )


def _participating(person_id: int) -> Select[int]:
    """The engagements in which the person is the participant."""
    return select(EngagementMemberRow.engagement_id).where(
        EngagementMemberRow.person_id == person_id,
        EngagementMemberRow.role == "participant",
    )


def _actions_of(person_id: int) -> ColumnElement[bool]:
    """Actions of the engagements the person takes part in as participant, or owned by them."""
    return or_(
        ActionItemRow.engagement_id.in_(_participating(person_id)),
        ActionItemRow.owner_person_id == person_id,
    )
