"""Match runs, proposals and guides' seats: how the match workflow finds and stores them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache
from typing import NamedTuple

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, select, union, update
from sqlalchemy.orm import Session, aliased

from growpath.adapters.orm import (
    EngagementMemberRow,
    EngagementRow,
    EnrolmentRow,
    MatchProposalRow,
    MatchRunRow,
    PersonRow,
)
from growpath.adapters.repositories.base import column_rows, one_of
from growpath.domain.engagements import FINISHED
from growpath.domain.proposals import OFFERED, OPEN, PENDING, TURNED_DOWN, ProposalStatus


# Built once, on first use, with bound parameters: the home page runs it on every view,
# and building it anew (clauses, joins, its cache key) cost more CPU than running it.
@cache
def _of_person() -> Select[MatchProposalRow]:
    return select(MatchProposalRow).where(_offered_to_person()).order_by(MatchProposalRow.id.desc())


def _offered_to_person() -> ColumnElement[bool]:
    mine = select(EnrolmentRow.id).where(EnrolmentRow.person_id == bindparam("person_id"))
    # One side at a time, so each uses its index: an OR of the two scanned every proposal.
    as_either_side = union(
        select(MatchProposalRow.id).where(MatchProposalRow.mentee_enrolment_id.in_(mine)),
        select(MatchProposalRow.id).where(MatchProposalRow.mentor_enrolment_id.in_(mine)),
    )
    return and_(MatchProposalRow.id.in_(as_either_side), one_of(MatchProposalRow.status, OFFERED))


class OfferLine(NamedTuple):
    """An offer or request put before a person, as the home page lists it: who is on each
    side, their answers, and until when it can be answered (not the explanation, which the
    proposals page shows)."""

    id: int
    status: str
    expires_at: datetime | None
    mentee_response: str | None
    mentor_response: str | None
    mentee_person_id: int
    mentee_name: str
    mentor_person_id: int
    mentor_name: str


@cache
def _offers_to() -> Select[int, str, datetime | None, str | None, str | None, int, str, int, str]:
    mentee_enrolment, mentor_enrolment = aliased(EnrolmentRow), aliased(EnrolmentRow)
    mentee, mentor = aliased(PersonRow), aliased(PersonRow)
    return (
        select(
            MatchProposalRow.id,
            MatchProposalRow.status,
            MatchProposalRow.expires_at,
            MatchProposalRow.mentee_response,
            MatchProposalRow.mentor_response,
            mentee.id,
            mentee.name,
            mentor.id,
            mentor.name,
        )
        .join(mentee_enrolment, mentee_enrolment.id == MatchProposalRow.mentee_enrolment_id)
        .join(mentee, mentee.id == mentee_enrolment.person_id)
        .join(mentor_enrolment, mentor_enrolment.id == MatchProposalRow.mentor_enrolment_id)
        .join(mentor, mentor.id == mentor_enrolment.person_id)
        .where(_offered_to_person())
        .order_by(MatchProposalRow.id.desc())
    )


@cache
def _people_of() -> Select[int, int, str]:
    return (
        select(EnrolmentRow.id, PersonRow.id, PersonRow.name)
        .join(PersonRow, PersonRow.id == EnrolmentRow.person_id)
        .where(EnrolmentRow.id.in_(bindparam("enrolment_ids", expanding=True)))
    )


class ProposalRepository:
    """Proposals and runs of the match workflow, and the seats they hold."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: MatchProposalRow | MatchRunRow) -> None:
        """Stage a new proposal or run; its id is assigned at once."""
        self.session.add(row)
        self.session.flush()

    def stage(self, row: MatchProposalRow) -> None:
        """Stage a run's proposal, written with the others in one batch at commit."""
        self.session.add(row)

    def get(self, proposal_id: int) -> MatchProposalRow | None:
        """Return one proposal."""
        return self.session.get(MatchProposalRow, proposal_id)

    def run(self, run_id: int) -> MatchRunRow | None:
        """Return one matching run."""
        return self.session.get(MatchRunRow, run_id)

    def run_number(self, run: MatchRunRow) -> int:
        """Return the run's number within its program: 1 for the first run there."""
        return int(
            self.session.scalar(
                select(func.count(MatchRunRow.id)).where(
                    MatchRunRow.program_id == run.program_id, MatchRunRow.id <= run.id
                )
            )
            or 0
        )

    def of_run(self, run_id: int) -> Sequence[MatchProposalRow]:
        """Return a run's proposals, best score first."""
        return self.session.scalars(
            select(MatchProposalRow)
            .where(MatchProposalRow.run_id == run_id)
            .order_by(MatchProposalRow.score.desc(), MatchProposalRow.id)
        ).all()

    def of_person(self, person_id: int | None) -> Sequence[MatchProposalRow]:
        """Return the offers and requests a person is part of, on either side, newest first."""
        return self.session.scalars(_of_person(), {"person_id": person_id}).all()

    def offers_to(self, person_id: int | None) -> list[OfferLine]:
        """Return the offers and requests put before a person (open or answered), with both
        sides' names, newest first, in one statement."""
        rows = column_rows(self.session, _offers_to(), {"person_id": person_id})
        return [OfferLine(*row) for row in rows]

    def people_of(self, enrolment_ids: Iterable[int]) -> dict[int, tuple[int, str]]:
        """Return enrolment id → (person id, name)."""
        wanted = list(set(enrolment_ids))
        if not wanted:  # most people have no open proposal: no statement for nothing
            return {}
        rows = column_rows(self.session, _people_of(), {"enrolment_ids": wanted})
        return {eid: (pid, name) for eid, pid, name in rows}

    def supersede_unapproved(self, program_id: int, now: datetime) -> None:
        """Set aside a program's proposals that no admin approved: a new run replaces them."""
        self.session.execute(
            update(MatchProposalRow)
            .where(
                MatchProposalRow.program_id == program_id,
                MatchProposalRow.status == ProposalStatus.PROPOSED,
            )
            .values(status=ProposalStatus.SUPERSEDED, decided_at=now)
        )

    def lapse_due(self, now: datetime) -> tuple[int, list[int]]:
        """Lapse every offer past its answer date; return how many, and the guides involved."""
        due = self.session.execute(
            select(MatchProposalRow.id, MatchProposalRow.mentor_enrolment_id).where(
                MatchProposalRow.status.in_(PENDING), MatchProposalRow.expires_at <= now
            )
        ).all()
        if due:
            self.session.execute(
                update(MatchProposalRow)
                .where(MatchProposalRow.id.in_([pid for pid, _ in due]))
                .values(status=ProposalStatus.EXPIRED, decided_at=now)
                .execution_options(synchronize_session=False)
            )
        return len(due), sorted({guide for _, guide in due})

    def count_open(self, enrolment_id: int) -> int:
        """Count an enrolment's open proposals, on either side (those a withdrawal lapses)."""
        return int(
            self.session.scalar(
                select(func.count()).where(
                    (MatchProposalRow.mentee_enrolment_id == enrolment_id)
                    | (MatchProposalRow.mentor_enrolment_id == enrolment_id),
                    MatchProposalRow.status.in_(OPEN),
                )
            )
            or 0
        )

    def open_guides(self, enrolment_id: int) -> list[int]:
        """Return the guides' enrolments of an enrolment's open proposals, on either side."""
        either_side = (MatchProposalRow.mentee_enrolment_id == enrolment_id) | (
            MatchProposalRow.mentor_enrolment_id == enrolment_id
        )
        return sorted(
            set(
                self.session.scalars(
                    select(MatchProposalRow.mentor_enrolment_id).where(
                        either_side, MatchProposalRow.status.in_(OPEN)
                    )
                )
            )
        )

    def withdraw_open(self, enrolment_id: int, now: datetime) -> list[int]:
        """Withdraw an enrolment's open proposals; return the guides' enrolments involved."""
        either_side = (MatchProposalRow.mentee_enrolment_id == enrolment_id) | (
            MatchProposalRow.mentor_enrolment_id == enrolment_id
        )
        guides = self.open_guides(enrolment_id)
        self.session.execute(
            update(MatchProposalRow)
            .where(either_side, MatchProposalRow.status.in_(OPEN))
            .values(status=ProposalStatus.WITHDRAWN, decided_at=now)
        )
        return guides

    def holding_of_participant(self, enrolment_id: int) -> MatchProposalRow | None:
        """Return the participant's pending offer or running pair in the program, if any."""
        pending = self.session.scalar(
            select(MatchProposalRow)
            .where(
                MatchProposalRow.mentee_enrolment_id == enrolment_id,
                MatchProposalRow.status.in_(PENDING),
            )
            .limit(1)
        )
        if pending is not None:
            return pending
        return self.session.scalar(
            select(MatchProposalRow)
            .join(
                EngagementMemberRow,
                EngagementMemberRow.enrolment_id == MatchProposalRow.mentee_enrolment_id,
            )
            .join(EngagementRow, EngagementRow.id == EngagementMemberRow.engagement_id)
            .where(
                MatchProposalRow.mentee_enrolment_id == enrolment_id,
                MatchProposalRow.status == ProposalStatus.ACCEPTED,
                EngagementRow.status.not_in(FINISHED),
            )
            .limit(1)
        )

    def group_engagement(self, group_key: str) -> EngagementRow | None:
        """Return the running engagement a group's first accepted member started, if any.

        An ended one (re-matched) no longer holds the guide's seat nor takes new members: the
        group's next accepted member starts it afresh.
        """
        return self.session.scalar(
            select(EngagementRow)
            .join(MatchProposalRow, MatchProposalRow.id == EngagementRow.proposal_id)
            .where(MatchProposalRow.group_key == group_key, EngagementRow.status.not_in(FINISHED))
        )

    def lock_guide(self, enrolment_id: int) -> EnrolmentRow | None:
        """Return a guide's enrolment, locked until commit so seat counts cannot race."""
        self.lock_enrolments([enrolment_id])
        return self.session.get(EnrolmentRow, enrolment_id, populate_existing=True)

    def lock_enrolments(self, enrolment_ids: Iterable[int]) -> None:
        """Lock enrolments until commit, one after the other in the order given.

        A no-op UPDATE takes the row lock on PostgreSQL and the write lock on SQLite, so a
        second writer counting the same guide's seats, or the same participant's pairs, waits
        for this one to commit.
        """
        for enrolment_id in enrolment_ids:
            self.session.execute(
                update(EnrolmentRow)
                .where(EnrolmentRow.id == enrolment_id)
                .values(seats_taken=EnrolmentRow.seats_taken)
                .execution_options(synchronize_session=False)
            )

    def fresh(self, proposal_id: int) -> MatchProposalRow | None:
        """Return a proposal as now committed (after a lock), not as first read."""
        return self.session.get(MatchProposalRow, proposal_id, populate_existing=True)

    def seats_held(
        self, enrolment_ids: Iterable[int], *, with_offers: bool = True
    ) -> dict[int, int]:
        """Return guide enrolment → seats held by running pairs and open offers (a group once)."""
        wanted = sorted(set(enrolment_ids))
        keys: dict[int, set[str]] = {guide: set() for guide in wanted}
        if not wanted:
            return {}
        statuses = PENDING if with_offers else ()
        pending = self.session.execute(
            select(
                MatchProposalRow.mentor_enrolment_id,
                MatchProposalRow.id,
                MatchProposalRow.group_key,
            ).where(
                MatchProposalRow.mentor_enrolment_id.in_(wanted),
                MatchProposalRow.status.in_(statuses),
            )
        )
        for guide, proposal_id, group_key in pending:
            keys[guide].add(group_key or f"proposal{proposal_id}")
        running = self.session.execute(
            select(EngagementMemberRow.enrolment_id, EngagementRow.id, MatchProposalRow.group_key)
            .join(EngagementRow, EngagementRow.id == EngagementMemberRow.engagement_id)
            .outerjoin(MatchProposalRow, MatchProposalRow.id == EngagementRow.proposal_id)
            .where(
                EngagementMemberRow.enrolment_id.in_(wanted),
                EngagementMemberRow.role == "guide",
                EngagementRow.status.not_in(FINISHED),
            )
        )
        for enrolment_id, engagement_id, group_key in running:
            if enrolment_id is not None:
                keys[enrolment_id].add(group_key or f"engagement{engagement_id}")
        return {guide: len(found) for guide, found in keys.items()}

    def holding_pairs(self, program_id: int) -> set[tuple[int, int]]:
        """Return (participant, guide) enrolments of a program's open offers and running pairs."""
        return {(e, m) for _, e, m in self._holding(program_id)}

    def holding_participants_per_program(self) -> dict[int, int]:
        """Return how many participants hold an open offer or a running pair, by program."""
        held = Counter(program for program, _ in {(p, e) for p, e, _ in self._holding(None)})
        return dict(held)

    def _holding(self, program_id: int | None) -> set[tuple[int, int, int]]:
        # (program, participant, guide enrolment) of open offers and running pairs: what a
        # match run keeps, and what the admin overview counts as matched.
        pending = select(
            MatchProposalRow.program_id,
            MatchProposalRow.mentee_enrolment_id,
            MatchProposalRow.mentor_enrolment_id,
        ).where(MatchProposalRow.status.in_(PENDING))
        guide = (
            select(EngagementMemberRow.engagement_id, EngagementMemberRow.enrolment_id)
            .where(EngagementMemberRow.role == "guide")
            .subquery()
        )
        running = (
            select(EngagementRow.program_id, EngagementMemberRow.enrolment_id, guide.c.enrolment_id)
            .join(guide, guide.c.engagement_id == EngagementMemberRow.engagement_id)
            .join(EngagementRow, EngagementRow.id == EngagementMemberRow.engagement_id)
            .where(
                EngagementRow.status.not_in(FINISHED),
                EngagementMemberRow.role == "participant",
            )
        )
        if program_id is not None:
            pending = pending.where(MatchProposalRow.program_id == program_id)
            running = running.where(EngagementRow.program_id == program_id)
        rows = [*self.session.execute(pending).all(), *self.session.execute(running).all()]
        return {(p, e, m) for p, e, m in rows if e is not None and m is not None}

    def turned_down_pairs(self, program_id: int) -> set[tuple[int, int]]:
        """Return (participant, guide) people whose offer in the program was declined or lapsed."""
        mentee, mentor = aliased(EnrolmentRow), aliased(EnrolmentRow)
        rows = self.session.execute(
            select(mentee.person_id, mentor.person_id)
            .select_from(MatchProposalRow)
            .join(mentee, mentee.id == MatchProposalRow.mentee_enrolment_id)
            .join(mentor, mentor.id == MatchProposalRow.mentor_enrolment_id)
            .where(
                MatchProposalRow.program_id == program_id,
                MatchProposalRow.status.in_(TURNED_DOWN),
            )
        )
        return {(e, m) for e, m in rows}

    def store_seats(self, guide: EnrolmentRow, held: int) -> None:
        """Record the seats a guide holds (never above capacity: the CHECK is the backstop)."""
        guide.seats_taken = min(held, guide.capacity)

    def capacities(self, enrolment_ids: Iterable[int]) -> dict[int, int]:
        """Return guide enrolment → capacity."""
        return dict(
            self.session.execute(
                select(EnrolmentRow.id, EnrolmentRow.capacity).where(
                    EnrolmentRow.id.in_(set(enrolment_ids))
                )
            ).all()
        )

    def enrolment(self, enrolment_id: int, *, fresh: bool = False) -> EnrolmentRow | None:
        """Return one enrolment; fresh: as now committed (after a lock), not as first read."""
        return self.session.get(EnrolmentRow, enrolment_id, populate_existing=fresh)

    def active_enrolment(
        self, program_id: int, person_id: int | None, role: str
    ) -> EnrolmentRow | None:
        """Return a person's active enrolment in a program in a role."""
        return self.session.scalar(
            select(EnrolmentRow).where(
                EnrolmentRow.program_id == program_id,
                EnrolmentRow.person_id == person_id,
                EnrolmentRow.role == role,
                EnrolmentRow.status == "active",
            )
        )

    def runs_of_program(self, program_id: int) -> list[tuple[MatchRunRow, int]]:
        """Return a program's runs, newest first, each with how many new pairs it proposed."""
        proposals = (
            select(MatchProposalRow.run_id, func.count().label("n"))
            .group_by(MatchProposalRow.run_id)
            .subquery()
        )
        rows = self.session.execute(
            select(MatchRunRow, func.coalesce(proposals.c.n, 0))
            .outerjoin(proposals, proposals.c.run_id == MatchRunRow.id)
            .where(MatchRunRow.program_id == program_id)
            .order_by(MatchRunRow.id.desc())
        ).all()
        return [(run, int(new_pairs)) for run, new_pairs in rows]

    def people_by_name(self, person_ids: Iterable[int]) -> list[tuple[int, str]]:
        """Return (id, name) of some people, by name: who a run left unmatched."""
        return [
            (person_id, name)
            for person_id, name in self.session.execute(
                select(PersonRow.id, PersonRow.name)
                .where(PersonRow.id.in_(list(person_ids)))
                .order_by(PersonRow.name)
            )
        ]
