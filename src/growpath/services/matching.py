"""The match workflow: run the optimiser, review and approve, accept or decline, re-match."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from growpath import matching
from growpath.adapters.orm import (
    EngagementMemberRow,
    EngagementRow,
    EnrolmentRow,
    MatchProposalRow,
    MatchRunRow,
    ProgramRow,
)
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.engagements import GUIDE, PARTICIPANT
from growpath.domain.errors import Conflict, DomainError, InvalidInput, Problem
from growpath.domain.health import rules_of
from growpath.domain.proposals import (
    ACCEPT,
    DECLINE,
    ProposalStatus,
    check_proposal_move,
    has_lapsed,
)
from growpath.i18n import N_
from growpath.services import seats
from growpath.services.access import (
    access_administered_program,
    access_match_run,
    access_proposal,
)
from growpath.services.context import Context
from growpath.services.match_inputs import match_inputs
from growpath.services.programs import load_program
from growpath.services.training import not_ready_for_matching


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
    number: int  # the run's number within its program
    program_id: int
    mode: str
    total_score: float
    matched_count: int
    unmatched_count: int
    certified_optimal: bool
    stats: dict[str, Any]
    created_at: datetime
    proposals: Sequence[ProposalView]
    warnings: Sequence[str] = ()


def explanation_json(explanation: matching.Explanation) -> dict[str, Any]:
    """Return a pair's explanation as the JSON stored with proposals and recommendations."""
    return {
        "contributions": [asdict(c) for c in explanation.contributions],
        "constraints_checked": list(explanation.constraints_checked),
    }


def run_matching(ctx: Context, program_id: int, mode: str | None = None) -> RunView:
    """Run the optimiser; store every new pair as a proposal. Accepted and pending pairs stay."""
    with ctx.uow() as uow:
        program = access_administered_program(
            uow, ctx, program_id, N_("only an administrator of this program may run matching")
        )
        inputs = match_inputs(uow, program, ctx.now.date(), mode)
        if not inputs.mentees and inputs.kept_aside:
            raise Conflict(
                N_(
                    "every participant of '%(program)s' already has a running group or an "
                    "open offer: there is nobody left to match"
                ),
                program=program.name,
            )
        if not inputs.mentees or not inputs.mentors:
            waiting = len(not_ready_for_matching(uow, program))
            raise Conflict(
                N_(
                    "program '%(program)s' needs enrolled participants and guides before "
                    "matching (%(participants)s participants, %(guides)s guides; %(waiting)s "
                    "more wait to complete their onboarding)"
                )
                if waiting
                else N_(
                    "program '%(program)s' needs enrolled participants and guides before "
                    "matching (%(participants)s participants, %(guides)s guides)"
                ),
                program=program.name,
                participants=len(inputs.mentees),
                guides=len(inputs.mentors),
                waiting=waiting,
            )
        try:
            result = matching.assign(inputs.mentees, inputs.mentors, inputs.config)
        except matching.MatchingInputError as exc:
            raise InvalidInput([Problem(str(exc), "program")]) from exc
        uow.proposals.supersede_unapproved(program_id, ctx.now)
        new_pairs = [p for p in result.pairs if not p.fixed]
        run = MatchRunRow(
            program_id=program_id,
            mode=result.mode,
            total_score=result.total_score,
            matched_count=len(result.pairs) + inputs.kept_aside,
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
                "kept_pairs": len(result.pairs) - len(new_pairs) + inputs.kept_aside,
                "unmatched": list(result.unmatched),
                "warnings": list(inputs.warnings),
            },
        )
        uow.proposals.add(run)
        group_of = {
            mentee: f"run{run.id}-guide{group.mentor_id}"
            for group in result.groups
            for mentee in group.mentee_ids
        }
        for pair in new_pairs:
            uow.proposals.stage(
                MatchProposalRow(
                    program_id=program_id,
                    run_id=run.id,
                    mentee_enrolment_id=inputs.enrolment_of_mentee[pair.mentee_id],
                    mentor_enrolment_id=inputs.enrolment_of_mentor[pair.mentor_id],
                    score=pair.score,
                    explanation=explanation_json(pair.explanation),
                    status=ProposalStatus.PROPOSED,
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


def _approval_problems(
    uow: UnitOfWork, chosen: Sequence[MatchProposalRow], names: dict[int, tuple[int, str]]
) -> list[Problem]:
    """Hold the seats the chosen proposals need; say why any of them cannot be offered."""
    problems: list[Problem] = []
    participants = [p.mentee_enrolment_id for p in chosen]
    for proposal in chosen:
        holding = uow.proposals.holding_of_participant(proposal.mentee_enrolment_id)
        if holding is not None or participants.count(proposal.mentee_enrolment_id) > 1:
            problems.append(
                Problem.of(
                    N_(
                        "proposal %(id)s: %(name)s already has a running pair or an open offer "
                        "in this program"
                    ),
                    "proposal_ids",
                    id=proposal.id,
                    name=names[proposal.mentee_enrolment_id][1],
                )
            )
    by_guide: dict[int, set[str]] = {}
    for proposal in chosen:
        by_guide.setdefault(proposal.mentor_enrolment_id, set()).add(
            proposal.group_key or f"proposal{proposal.id}"
        )
    for guide_id, seat_keys in sorted(by_guide.items()):
        wanted = len(seat_keys) - sum(
            1 for key in seat_keys if key.startswith("run") and uow.proposals.group_engagement(key)
        )
        try:
            seats.take_seats(
                uow, guide_id, wanted, f"offer {wanted} more pair{'' if wanted == 1 else 's'}"
            )
        except DomainError as exc:
            problems.append(Problem(exc.message, "proposal_ids", None, exc.template, exc.values))
    return problems


def approve(ctx: Context, run_id: int, proposal_ids: Sequence[int] | None = None) -> RunView:
    """Approve all or some proposals of a run; each side then has the response window.

    Approving offers the pairs, so each takes a seat of its guide: an approval that would
    put a guide past capacity, or give a participant a second pair, is refused whole.
    """
    with ctx.uow() as uow:
        run = access_match_run(
            uow, ctx, run_id, N_("only an administrator of the run's program may approve matches")
        )
        proposals = {p.id: p for p in uow.proposals.of_run(run_id)}
        wanted = list(proposals) if proposal_ids is None else list(dict.fromkeys(proposal_ids))
        problems = [
            Problem.of(
                N_("proposal %(id)s is not part of run %(run)s"), "proposal_ids", id=pid, run=run_id
            )
            for pid in wanted
            if pid not in proposals
        ]
        for pid in wanted:
            if pid in proposals and proposal_ids is not None:
                try:
                    check_proposal_move(pid, proposals[pid].status, "approve")
                except DomainError as exc:
                    problems.append(
                        Problem(exc.message, "proposal_ids", None, exc.template, exc.values)
                    )
        if problems:
            raise InvalidInput(problems)
        offered = [proposals[pid] for pid in wanted]
        seats.lock_enrolments(
            uow,
            [p.mentee_enrolment_id for p in offered] + [p.mentor_enrolment_id for p in offered],
        )
        # Read again under the lock: another approval or a re-match may have just committed.
        fresh = [uow.proposals.fresh(pid) for pid in wanted]
        chosen = [p for p in fresh if p is not None and p.status == ProposalStatus.PROPOSED]
        names = uow.proposals.people_of(
            [p.mentee_enrolment_id for p in chosen] + [p.mentor_enrolment_id for p in chosen]
        )
        problems = _approval_problems(uow, chosen, names)
        if problems:
            raise InvalidInput(problems)
        window = response_window(load_program(uow, run.program_id))
        for proposal in chosen:
            proposal.status = ProposalStatus.APPROVED
            proposal.expires_at = ctx.now + window
        run.status = "approved"
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "match.approve",
            "match_run",
            str(run_id),
            ctx.source_address,
            detail={"approved": len(chosen)},
        )
        uow.commit()
        return _run_view(uow, run)


def respond(ctx: Context, proposal_id: int, accept: bool) -> ProposalView:
    """Accept or decline a pending proposal as its participant or its guide."""
    with ctx.uow() as uow:
        proposal, mentee, mentor = access_proposal(uow, ctx, proposal_id)
        # Both sides may answer at once, or a re-match end the group this answer joins: the
        # second waits, then reads what the first committed.
        seats.lock_enrolments(uow, [mentee.id, mentor.id])
        proposal = uow.proposals.fresh(proposal_id) or proposal
        check_proposal_move(proposal_id, proposal.status, "answer")
        if has_lapsed(proposal.expires_at, ctx.now):
            proposal.status, proposal.decided_at = ProposalStatus.EXPIRED, ctx.now
            seats.recount_seats(uow, [mentor.id])
            uow.commit()
            raise Conflict(
                N_("proposal %(id)s lapsed on %(day)s"),
                id=proposal_id,
                day=f"{proposal.expires_at:%Y-%m-%d}",
            )
        answer = ACCEPT if accept else DECLINE
        if ctx.actor.person_id == mentee.person_id:
            proposal.mentee_response = answer
        if ctx.actor.person_id == mentor.person_id:
            proposal.mentor_response = answer
        if not accept:
            proposal.status, proposal.decided_at = ProposalStatus.DECLINED, ctx.now
        elif proposal.mentee_response == proposal.mentor_response == ACCEPT:
            _join_engagement(uow, ctx, proposal, mentee, mentor)
            proposal.status, proposal.decided_at = ProposalStatus.ACCEPTED, ctx.now
        seats.recount_seats(uow, [mentor.id])
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


def _join_engagement(
    uow: UnitOfWork,
    ctx: Context,
    proposal: MatchProposalRow,
    mentee: EnrolmentRow,
    mentor: EnrolmentRow,
) -> None:
    program = load_program(uow, proposal.program_id)
    engagement = uow.proposals.group_engagement(proposal.group_key) if proposal.group_key else None
    if engagement is None:
        # A group takes one of the guide's seats when its first member is accepted.
        seats.start_pair(uow, mentor.id, f"accept proposal {proposal.id}")
        engagement = EngagementRow(
            program_id=program.id,
            proposal_id=proposal.id,
            kind=program.kind,
            status="proposed",
            cadence_days=program.cadence_days,
            manager_can_see_trajectory=program.manager_visibility_default,
            created_at=ctx.now,
        )
        uow.engagements.add(engagement)
        uow.engagements.add_member(
            EngagementMemberRow(
                engagement_id=engagement.id,
                person_id=mentor.person_id,
                role=GUIDE,
                enrolment_id=mentor.id,
            )
        )
    uow.engagements.add_member(
        EngagementMemberRow(
            engagement_id=engagement.id,
            person_id=mentee.person_id,
            role=PARTICIPANT,
            enrolment_id=mentee.id,
        )
    )


def expire_proposals(ctx: Context) -> int:
    """Lapse every pending proposal past its answer date; return how many lapsed."""
    with ctx.uow() as uow:
        lapsed, guides = uow.proposals.lapse_due(ctx.now)
        seats.recount_seats(uow, guides)
        uow.commit()
        return lapsed


def get_run(ctx: Context, run_id: int) -> RunView:
    """Return a run with its proposals and explanations (its program's administrators)."""
    with ctx.uow() as uow:
        return _run_view(
            uow,
            access_match_run(
                uow,
                ctx,
                run_id,
                N_("only an administrator of the run's program may review match runs"),
            ),
        )


def my_proposals(ctx: Context) -> Sequence[ProposalView]:
    """Return the proposals and requests the actor is part of, newest first."""
    with ctx.uow() as uow:
        return proposals_of(uow, ctx.actor.person_id)


def proposals_of(uow: UnitOfWork, person_id: int | None) -> list[ProposalView]:
    """Return the proposals and requests a person is part of, newest first, in a unit of work."""
    return proposal_views(uow, uow.proposals.of_person(person_id))


def proposal_views(uow: UnitOfWork, rows: Sequence[MatchProposalRow]) -> list[ProposalView]:
    """Return proposals as their members and admins see them, names included."""
    people = uow.proposals.people_of(
        [r.mentee_enrolment_id for r in rows] + [r.mentor_enrolment_id for r in rows]
    )
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
    return RunView(
        id=run.id,
        number=uow.proposals.run_number(run),
        program_id=run.program_id,
        mode=run.mode,
        total_score=run.total_score,
        matched_count=run.matched_count,
        unmatched_count=run.unmatched_count,
        certified_optimal=run.certified_optimal,
        stats=dict(run.stats),
        created_at=run.created_at,
        proposals=proposal_views(uow, uow.proposals.of_run(run.id)),
        warnings=tuple(run.stats.get("warnings") or ()),
    )
