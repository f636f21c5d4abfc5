"""The match workflow: run the optimiser, review and approve, accept or decline, re-match."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, union, update

from growpath import matching
from growpath.adapters.orm import (
    EngagementMemberRow,
    EngagementRow,
    EnrolmentRow,
    MatchProposalRow,
    MatchRunRow,
    PersonRow,
    ProgramRow,
)
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.enrolment import OFFERED_PROPOSALS
from growpath.domain.errors import Conflict, InvalidInput, NotFound, Problem
from growpath.domain.health import rules_of
from growpath.services.context import Context
from growpath.services.match_inputs import match_inputs
from growpath.services.programs import load_program

PENDING = ("approved", "requested")


@dataclass(frozen=True)
class ProposalView:
    """A proposed pair with its score and the reasons for it."""

    id: int
    program_id: int
    run_id: int | None
    status: str
    origin: str
    score: float
    mentee_enrolment_id: int
    mentor_enrolment_id: int
    mentee_person_id: int
    mentor_person_id: int
    mentee_name: str
    mentor_name: str
    mentee_response: str | None
    mentor_response: str | None
    group_key: str | None
    expires_at: datetime | None
    explanation: dict[str, Any]


@dataclass(frozen=True)
class RunView:
    """A stored matching run."""

    id: int
    program_id: int
    mode: str
    total_score: float
    matched_count: int
    unmatched_count: int
    certified_optimal: bool
    stats: dict[str, Any]
    created_at: datetime
    proposals: Sequence[ProposalView]


def explanation_json(explanation: matching.Explanation) -> dict[str, Any]:
    """Return a pair's explanation as the JSON stored with proposals and recommendations."""
    return {
        "contributions": [asdict(c) for c in explanation.contributions],
        "constraints_checked": list(explanation.constraints_checked),
    }


def run_matching(ctx: Context, program_id: int, mode: str | None = None) -> RunView:
    """Run the optimiser; store every new pair as a proposal. Accepted and pending pairs stay."""
    ctx.require_admin("run matching")
    with ctx.uow() as uow:
        program = load_program(uow, program_id)
        inputs = match_inputs(uow, program, mode)
        if not inputs.mentees or not inputs.mentors:
            raise Conflict(
                f"program '{program.name}' needs enrolled participants and guides "
                f"before matching ({len(inputs.mentees)} participants, "
                f"{len(inputs.mentors)} guides)"
            )
        try:
            result = matching.assign(inputs.mentees, inputs.mentors, inputs.config)
        except matching.MatchingInputError as exc:
            raise InvalidInput([Problem(str(exc), "program")]) from exc
        uow.session.execute(
            update(MatchProposalRow)
            .where(MatchProposalRow.program_id == program_id, MatchProposalRow.status == "proposed")
            .values(status="superseded", decided_at=ctx.now)
        )
        new_pairs = [p for p in result.pairs if not p.fixed]
        run = MatchRunRow(
            program_id=program_id,
            mode=result.mode,
            total_score=result.total_score,
            matched_count=len(result.pairs),
            unmatched_count=len(result.unmatched),
            certified_optimal=result.certified,
            created_by_user_id=ctx.actor_user_id,
            created_at=ctx.now,
            stats={
                **asdict(result.stats),
                # JSON has no infinity: an uncertified (heuristic) result has no tolerance.
                "tolerance": result.tolerance if math.isfinite(result.tolerance) else None,
                "blocking_pairs": result.blocking_pairs,
                "new_pairs": len(new_pairs),
                "unmatched": list(result.unmatched),
            },
        )
        uow.session.add(run)
        uow.session.flush()
        group_of = {
            mentee: f"run{run.id}-guide{group.mentor_id}"
            for group in result.groups
            for mentee in group.mentee_ids
        }
        for pair in new_pairs:
            uow.session.add(
                MatchProposalRow(
                    program_id=program_id,
                    run_id=run.id,
                    mentee_enrolment_id=inputs.enrolment_of_mentee[pair.mentee_id],
                    mentor_enrolment_id=inputs.enrolment_of_mentor[pair.mentor_id],
                    score=pair.score,
                    explanation=explanation_json(pair.explanation),
                    status="proposed",
                    group_key=group_of.get(pair.mentee_id),
                    created_at=ctx.now,
                )
            )
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "match.run",
            "program",
            str(program_id),
            ctx.source_address,
            detail={"run_id": run.id, "pairs": len(new_pairs)},
        )
        uow.commit()
        return _run_view(uow, run)


def response_window(program: ProgramRow) -> timedelta:
    """Return how long both sides of a proposal have to answer it in this program."""
    return timedelta(days=rules_of(program.health_rules)["response_days"])


def approve(ctx: Context, run_id: int, proposal_ids: Sequence[int] | None = None) -> RunView:
    """Approve all or some proposals of a run; each side then has the response window."""
    ctx.require_admin("approve matches")
    with ctx.uow() as uow:
        run = uow.session.get(MatchRunRow, run_id)
        if run is None:
            raise NotFound(f"no match run with id {run_id}")
        proposals = {
            p.id: p
            for p in uow.session.scalars(
                select(MatchProposalRow).where(MatchProposalRow.run_id == run_id)
            )
        }
        chosen = list(proposals) if proposal_ids is None else list(proposal_ids)
        problems = [
            Problem(f"proposal {pid} is not part of run {run_id}", "proposal_ids")
            for pid in chosen
            if pid not in proposals
        ]
        problems += [
            Problem(f"proposal {pid} is {proposals[pid].status}, not proposed", "proposal_ids")
            for pid in chosen
            if pid in proposals and proposal_ids is not None and proposals[pid].status != "proposed"
        ]
        if problems:
            raise InvalidInput(problems)
        approved = 0
        window = response_window(load_program(uow, run.program_id))
        for pid in chosen:
            if proposals[pid].status == "proposed":
                proposals[pid].status = "approved"
                proposals[pid].expires_at = ctx.now + window
                approved += 1
        run.status = "approved"
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "match.approve",
            "match_run",
            str(run_id),
            ctx.source_address,
            detail={"approved": approved},
        )
        uow.commit()
        return _run_view(uow, run)


def respond(ctx: Context, proposal_id: int, accept: bool) -> ProposalView:
    """Accept or decline a pending proposal as its participant or its guide."""
    with ctx.uow() as uow:
        proposal, mentee, mentor = _load_for_person(uow, ctx, proposal_id)
        if proposal.status not in PENDING:
            raise Conflict(
                f"proposal {proposal_id} is {proposal.status}; only an approved "
                "proposal or a request can be answered"
            )
        if proposal.expires_at is not None and proposal.expires_at <= ctx.now:
            proposal.status, proposal.decided_at = "expired", ctx.now
            uow.commit()
            raise Conflict(f"proposal {proposal_id} lapsed on {proposal.expires_at:%Y-%m-%d}")
        answer = "accepted" if accept else "declined"
        if ctx.actor.person_id == mentee.person_id:
            proposal.mentee_response = answer
        if ctx.actor.person_id == mentor.person_id:
            proposal.mentor_response = answer
        if not accept:
            proposal.status, proposal.decided_at = "declined", ctx.now
        elif proposal.mentee_response == proposal.mentor_response == "accepted":
            _join_engagement(uow, ctx, proposal, mentee, mentor)
            proposal.status, proposal.decided_at = "accepted", ctx.now
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            f"match.{answer}",
            "match_proposal",
            str(proposal_id),
            ctx.source_address,
        )
        uow.commit()
        return proposal_views(uow, [proposal])[0]


def _take_seat(uow: UnitOfWork, mentor: EnrolmentRow, proposal_id: int) -> None:
    # One conditional UPDATE, so two accepts racing for the last seat cannot both win.
    taken = uow.session.execute(
        update(EnrolmentRow)
        .where(EnrolmentRow.id == mentor.id, EnrolmentRow.seats_taken < EnrolmentRow.capacity)
        .values(seats_taken=EnrolmentRow.seats_taken + 1)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"cannot accept proposal {proposal_id}: the guide has no open seat left")


def _join_engagement(
    uow: UnitOfWork,
    ctx: Context,
    proposal: MatchProposalRow,
    mentee: EnrolmentRow,
    mentor: EnrolmentRow,
) -> None:
    program = load_program(uow, proposal.program_id)
    engagement = None
    if proposal.group_key:
        engagement = uow.session.scalar(
            select(EngagementRow)
            .join(MatchProposalRow, MatchProposalRow.id == EngagementRow.proposal_id)
            .where(MatchProposalRow.group_key == proposal.group_key)
        )
    if engagement is None:
        # A group takes one of the guide's seats when its first member is accepted.
        _take_seat(uow, mentor, proposal.id)
        engagement = EngagementRow(
            program_id=program.id,
            proposal_id=proposal.id,
            kind=program.kind,
            status="proposed",
            cadence_days=program.cadence_days,
            manager_can_see_trajectory=program.manager_visibility_default,
            created_at=ctx.now,
        )
        uow.session.add(engagement)
        uow.session.flush()
        uow.session.add(
            EngagementMemberRow(
                engagement_id=engagement.id,
                person_id=mentor.person_id,
                role="guide",
                enrolment_id=mentor.id,
            )
        )
    uow.session.add(
        EngagementMemberRow(
            engagement_id=engagement.id,
            person_id=mentee.person_id,
            role="participant",
            enrolment_id=mentee.id,
        )
    )


def expire_proposals(ctx: Context) -> int:
    """Lapse every pending proposal past its answer date; return how many lapsed."""
    with ctx.uow() as uow:
        lapsed = uow.session.execute(
            update(MatchProposalRow)
            .where(MatchProposalRow.status.in_(PENDING), MatchProposalRow.expires_at <= ctx.now)
            .values(status="expired", decided_at=ctx.now)
            .execution_options(synchronize_session=False)
        )
        count = int(lapsed.rowcount)  # type: ignore[attr-defined]
        uow.commit()
        return count


def get_run(ctx: Context, run_id: int) -> RunView:
    """Return a run with its proposals and explanations (administrators)."""
    ctx.require_admin("review match runs")
    with ctx.uow() as uow:
        run = uow.session.get(MatchRunRow, run_id)
        if run is None:
            raise NotFound(f"no match run with id {run_id}")
        return _run_view(uow, run)


def my_proposals(ctx: Context) -> Sequence[ProposalView]:
    """Return the proposals and requests the actor is part of, newest first."""
    with ctx.uow() as uow:
        return proposals_of(uow, ctx.actor.person_id)


def proposals_of(uow: UnitOfWork, person_id: int | None) -> list[ProposalView]:
    """Return the proposals and requests a person is part of, newest first, in a unit of work."""
    mine = select(EnrolmentRow.id).where(EnrolmentRow.person_id == person_id)
    # One side at a time, so each uses its index: an OR of the two scanned every proposal.
    as_either_side = union(
        select(MatchProposalRow.id).where(MatchProposalRow.mentee_enrolment_id.in_(mine)),
        select(MatchProposalRow.id).where(MatchProposalRow.mentor_enrolment_id.in_(mine)),
    )
    rows = uow.session.scalars(
        select(MatchProposalRow)
        .where(
            MatchProposalRow.id.in_(as_either_side),
            MatchProposalRow.status.in_(OFFERED_PROPOSALS),
        )
        .order_by(MatchProposalRow.id.desc())
    ).all()
    return proposal_views(uow, rows)


def _load_for_person(
    uow: UnitOfWork, ctx: Context, proposal_id: int
) -> tuple[MatchProposalRow, EnrolmentRow, EnrolmentRow]:
    proposal = uow.session.get(MatchProposalRow, proposal_id)
    if proposal is not None:
        mentee = uow.session.get(EnrolmentRow, proposal.mentee_enrolment_id)
        mentor = uow.session.get(EnrolmentRow, proposal.mentor_enrolment_id)
        if mentee and mentor and ctx.actor.person_id in (mentee.person_id, mentor.person_id):
            return proposal, mentee, mentor
    raise NotFound(f"no proposal with id {proposal_id} for you")


def proposal_views(uow: UnitOfWork, rows: Sequence[MatchProposalRow]) -> list[ProposalView]:
    enrolment_ids = {r.mentee_enrolment_id for r in rows} | {r.mentor_enrolment_id for r in rows}
    people = {
        eid: (pid, name)
        for eid, pid, name in uow.session.execute(
            select(EnrolmentRow.id, PersonRow.id, PersonRow.name)
            .join(PersonRow, PersonRow.id == EnrolmentRow.person_id)
            .where(EnrolmentRow.id.in_(enrolment_ids))
        )
    }
    return [
        ProposalView(
            id=r.id,
            program_id=r.program_id,
            run_id=r.run_id,
            status=r.status,
            origin=r.origin,
            score=r.score,
            mentee_enrolment_id=r.mentee_enrolment_id,
            mentor_enrolment_id=r.mentor_enrolment_id,
            mentee_person_id=people[r.mentee_enrolment_id][0],
            mentor_person_id=people[r.mentor_enrolment_id][0],
            mentee_name=people[r.mentee_enrolment_id][1],
            mentor_name=people[r.mentor_enrolment_id][1],
            mentee_response=r.mentee_response,
            mentor_response=r.mentor_response,
            group_key=r.group_key,
            expires_at=r.expires_at,
            explanation=dict(r.explanation),
        )
        for r in rows
    ]


def _run_view(uow: UnitOfWork, run: MatchRunRow) -> RunView:
    proposals = uow.session.scalars(
        select(MatchProposalRow)
        .where(MatchProposalRow.run_id == run.id)
        .order_by(MatchProposalRow.score.desc(), MatchProposalRow.id)
    ).all()
    return RunView(
        id=run.id,
        program_id=run.program_id,
        mode=run.mode,
        total_score=run.total_score,
        matched_count=run.matched_count,
        unmatched_count=run.unmatched_count,
        certified_optimal=run.certified_optimal,
        stats=dict(run.stats),
        created_at=run.created_at,
        proposals=proposal_views(uow, proposals),
    )
