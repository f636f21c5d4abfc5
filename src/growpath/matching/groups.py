"""Group formation: mentees with similar goals in groups of a given size, one mentor each.

Mentees are ordered along the main direction of their goal vectors (desired skills and
goal text), so neighbours share goals, and cut into consecutive groups. Groups are then
assigned to mentors optimally, a group scoring the sum of its members' pair scores; in
the group format a mentor's capacity counts the groups they can lead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from growpath.matching.model import Assignment, Group, MatchConfig, Mentee, SolveStats
from growpath.matching.scoring import Problem, pair_scores, prepare

IndexArray = NDArray[np.int64]
GOAL_FACTORS = ("skills", "text", "focus")


def form_groups(problem: Problem, fixed_e: IndexArray, fixed_m: IndexArray) -> Assignment:
    """Return groups of similar mentees, each led by one mentor, and their pairs."""
    from growpath.matching.assignment import build_pairs, unmatched_ids

    size = problem.config.group_size
    open_e = np.setdiff1d(np.flatnonzero(problem.mentee_ok), fixed_e)
    groups = [open_e[g] for g in _similar_groups(problem, open_e, size)]
    seats = np.repeat(
        np.flatnonzero(problem.mentor_ok),
        [problem.mentors[m].capacity for m in np.flatnonzero(problem.mentor_ok).tolist()],
    )
    chosen: list[tuple[IndexArray, int]] = []
    if groups and seats.size:
        value = np.array([[_group_score(problem, g, int(m)) for m in seats] for g in groups])
        allowed = np.isfinite(value)
        # Imported on use, like scikit-learn in text.py: scipy.optimize costs every growpath
        # command half a second at start-up.
        from scipy.optimize import linear_sum_assignment

        rows, cols = linear_sum_assignment(np.where(allowed, value, -1e9), maximize=True)
        chosen = [
            (groups[r], int(seats[c])) for r, c in zip(rows, cols, strict=True) if allowed[r, c]
        ]
    member_e = np.concatenate([fixed_e, *[g for g, _ in chosen]]).astype(np.int64)
    member_m = np.concatenate(
        [fixed_m, *[np.full(len(g), m, dtype=np.int64) for g, m in chosen]]
    ).astype(np.int64)
    scores = pair_scores(problem, member_e, member_m)
    pairs = build_pairs(problem, member_e, member_m, scores, n_fixed=len(fixed_e))
    formed = tuple(
        Group(
            mentor_id=problem.mentors[m].id,
            mentee_ids=tuple(problem.mentees[e].id for e in g.tolist()),
            score=math.fsum(pair_scores(problem, g, np.full(len(g), m, dtype=np.int64))),
        )
        for g, m in chosen
    )
    return Assignment(
        pairs=pairs,
        total_score=math.fsum(p.score for p in pairs),
        unmatched=unmatched_ids(problem, member_e),
        mode=problem.config.mode,
        certified=False,
        tolerance=math.inf,
        groups=formed,
        stats=SolveStats(),
    )


def peers_in_goal_order(peers: Sequence[Mentee]) -> list[str]:
    """Return the peers' ids ordered along their goals' main direction: neighbours alike.

    Peer groups with no leader (practice triads) cut this order into consecutive groups, as
    form_groups cuts its mentees.
    """
    if not peers:
        return []
    problem = prepare(peers, [], MatchConfig(format="group", group_size=len(peers)))
    (order,) = _similar_groups(problem, np.arange(len(peers), dtype=np.int64), len(peers))
    return [peers[i].id for i in order.tolist()]


def _group_score(problem: Problem, members: IndexArray, mentor: int) -> float:
    scores = pair_scores(problem, members, np.full(len(members), mentor, dtype=np.int64))
    return float(scores.sum()) if np.isfinite(scores).all() else -math.inf


def _similar_groups(problem: Problem, mentees: IndexArray, size: int) -> list[IndexArray]:
    if mentees.size == 0:
        return []
    goals = np.hstack(
        [
            segment.blocks_of_mentees(mentees)
            for segment in problem.features.factors
            if segment.factor in GOAL_FACTORS and segment.mentee_sparse
        ]
    )
    centred = goals - goals.mean(axis=0)
    direction = np.linalg.svd(centred, full_matrices=False)[2][0] if len(mentees) > 1 else None
    position = centred @ direction if direction is not None else np.zeros(len(mentees))
    order = np.lexsort((np.arange(len(mentees)), np.round(position, 12)))
    return [order[i : i + size] for i in range(0, len(order), size)]
