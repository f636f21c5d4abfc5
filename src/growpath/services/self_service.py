"""Self-service matching: a participant sees ranked guides with reasons and requests one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from growpath.adapters.orm import MatchProposalRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import Conflict, InvalidInput, NotFound, Problem
from growpath.domain.proposals import ACCEPT, SELF_SERVICE, ProposalStatus
from growpath.i18n import N_
from growpath.services import seats
from growpath.services.access import access_own_participation
from growpath.services.context import Context
from growpath.services.match_inputs import match_inputs
from growpath.services.matching import (
    ProposalView,
    explanation_json,
    proposal_views,
    response_window,
)
from growpath.services.programs import load_program
from growpath.services.training import check_ready_for_matching

MAX_RECOMMENDATIONS = 20


@dataclass(frozen=True)
class Recommendation:
    """A guide the participant could request, with the score and its reasons."""

    mentor_enrolment_id: int
    mentor_person_id: int
    mentor_name: str
    score: float
    open_seats: int
    explanation: dict[str, Any]


def _ranked(uow: UnitOfWork, ctx: Context, program_id: int) -> list[Recommendation]:
    # Imported here: the optimiser's NumPy and SciPy load with the first ranking, not with
    # every page and command that imports this module.
    import numpy as np

    from growpath.matching.explain import explain
    from growpath.matching.scoring import pair_scores, prepare

    program = load_program(uow, program_id)
    inputs = match_inputs(uow, program, ctx.now.date())
    me = str(ctx.actor.person_id)
    # A participant who already holds a group is kept out of the optimiser's input.
    mine = [i for i, m in enumerate(inputs.mentees) if m.id == me]
    if not mine or not inputs.mentors:
        return []
    # The whole program is prepared so text similarity is weighed against the same corpus.
    problem = prepare(inputs.mentees, inputs.mentors, inputs.config)
    row = mine[0]
    columns = np.arange(len(inputs.mentors), dtype=np.int64)
    rows = np.full(len(columns), row, dtype=np.int64)
    scores = pair_scores(problem, rows, columns)
    seats_of = seats.seats_of(uow, inputs.enrolment_of_mentor.values())
    explanations = explain(problem, rows, columns)
    ranked = []
    for index in np.argsort(-scores, kind="stable"):
        mentor = inputs.mentors[int(index)]
        guide = seats_of[inputs.enrolment_of_mentor[mentor.id]]
        if not np.isfinite(scores[index]) or guide.open <= 0 or mentor.id in inputs.deprovisioned:
            continue
        explanation = explanations[int(index)]
        ranked.append(
            Recommendation(
                mentor_enrolment_id=inputs.enrolment_of_mentor[mentor.id],
                mentor_person_id=int(mentor.id),
                mentor_name=guide.guide_name,
                score=float(scores[index]),
                open_seats=guide.open,
                explanation=explanation_json(explanation),
            )
        )
    return ranked


def recommendations(ctx: Context, program_id: int, limit: int = 5) -> Sequence[Recommendation]:
    """Return the best guides for the actor, each with its per-factor reasons."""
    if not 1 <= limit <= MAX_RECOMMENDATIONS:
        raise InvalidInput(
            [Problem.of(N_("must be 1–%(most)s"), "limit", most=MAX_RECOMMENDATIONS)]
        )
    with ctx.uow() as uow:
        access_own_participation(uow, ctx, load_program(uow, program_id))
        return _ranked(uow, ctx, program_id)[:limit]


def request_guide(ctx: Context, program_id: int, mentor_enrolment_id: int) -> ProposalView:
    """Ask one guide; one pending request at a time, answered within a week."""
    with ctx.uow() as uow:
        program = load_program(uow, program_id)
        mine = access_own_participation(uow, ctx, program)
        check_ready_for_matching(uow, program, mine.person_id)
        # Locked before checking: an offer approved for this participant at the same moment
        # would otherwise give them two pairs.
        seats.lock_enrolments(uow, [mine.id, mentor_enrolment_id])
        pending = uow.proposals.holding_of_participant(mine.id)
        if pending is not None:
            if pending.status == ProposalStatus.ACCEPTED:
                raise Conflict(N_("you already have an accepted match in this program"))
            if pending.status == "requested":
                raise Conflict(
                    N_(
                        "you already have a pending request (#%(id)s) waiting for an answer "
                        "in this program"
                    ),
                    id=pending.id,
                )
            raise Conflict(
                N_(
                    "you already have a pending proposal (#%(id)s) waiting for an answer "
                    "in this program"
                ),
                id=pending.id,
            )
        choice = next(
            (
                r
                for r in _ranked(uow, ctx, program_id)
                if r.mentor_enrolment_id == mentor_enrolment_id
            ),
            None,
        )
        if choice is None:
            raise NotFound(
                N_(
                    "guide enrolment %(id)s is not open to you in this "
                    "program (not enrolled, full, or ruled out by a program rule)"
                ),
                id=mentor_enrolment_id,
            )
        proposal = MatchProposalRow(
            program_id=program_id,
            mentee_enrolment_id=mine.id,
            mentor_enrolment_id=mentor_enrolment_id,
            origin=SELF_SERVICE,
            score=choice.score,
            explanation=choice.explanation,
            status=ProposalStatus.REQUESTED,
            mentee_response=ACCEPT,
            expires_at=ctx.now + response_window(program),
            created_at=ctx.now,
        )
        seats.take_seats(uow, mentor_enrolment_id, 1, "request this guide")
        uow.proposals.add(proposal)
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "match.request",
            "match_proposal",
            str(proposal.id),
            ctx.source_address,
        )
        uow.commit()
        return proposal_views(uow, [proposal])[0]
