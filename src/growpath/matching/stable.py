"""Stable matching: mentee-proposing deferred acceptance with capacities.

Mentees rank the mentors they listed in ``ranked_mentor_ids`` first, in that order, then
every other allowed mentor by score; mentors rank mentees by score; ties go to the lower
index. Deferred acceptance runs on the candidate pairs; every blocking pair the full
problem still has (found through the candidate bounds and rescored rows) is added and the
run repeated, so the result is stable for all pairs. When nobody states a ranking both
sides rank by the same score and the stable matching is unique: greedy best-pair-first.
"""

from __future__ import annotations

import time

import numpy as np
from numpy.typing import NDArray

from growpath.matching.blocking import UNRANKED, find_blocking, ranked_keys, stated_ranks
from growpath.matching.candidates import generate
from growpath.matching.model import SolveStats
from growpath.matching.optimal import Optimum
from growpath.matching.scoring import FastScorer, Problem, pair_scores

IndexArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


def deferred_acceptance(problem: Problem, capacity: IndexArray) -> Optimum:
    """Return a stable matching of the full problem under the preferences above."""
    n_mentees, n_mentors = problem.shape
    started = time.perf_counter()
    scorer = FastScorer(problem)
    candidates = generate(scorer, capacity, problem.config.min_score)
    candidates.add(ranked_keys(problem))
    generated = time.perf_counter()
    # Products computed later, while searching for blocking pairs, count as certifying.
    first_pass = scorer.seconds
    keys = candidates.keys
    score = pair_scores(problem, keys // n_mentors, keys % n_mentors)
    solve_s = certify_s = 0.0
    rounds = 0
    while True:
        tick = time.perf_counter()
        mentee, mentor = keys // n_mentors, keys % n_mentors
        allowed = np.isfinite(score)
        rank = stated_ranks(problem, mentee[allowed], mentor[allowed])
        if (rank == UNRANKED).all():
            match, match_score = _greedy(
                mentee[allowed], mentor[allowed], score[allowed], capacity, n_mentees
            )
        else:
            match, match_score = _propose(
                mentee[allowed], mentor[allowed], score[allowed], rank, capacity, n_mentees
            )
        rounds += 1
        tock = time.perf_counter()
        solve_s += tock - tick
        blocking = find_blocking(scorer, candidates, match, match_score, capacity, score)
        certify_s += time.perf_counter() - tock
        if blocking.size == 0:
            break
        candidates.add(blocking)
        # Scores of the kept keys are reused; only the new ones are computed.
        new_score = pair_scores(problem, blocking // n_mentors, blocking % n_mentors)
        order = np.argsort(np.concatenate([keys, blocking]), kind="stable")
        keys = np.concatenate([keys, blocking])[order]
        score = np.concatenate([score, new_score])[order]
    stats = SolveStats(
        scoring_s=first_pass,
        candidates_s=generated - started - first_pass,
        solve_s=solve_s,
        certify_s=certify_s,
        candidate_pairs=int(candidates.keys.size),
        solves=rounds,
    )
    return Optimum(match, match_score, 0.0, stats, scorer, candidates)


def _greedy(
    mentee: IndexArray,
    mentor: IndexArray,
    score: FloatArray,
    capacity: IndexArray,
    n_mentees: int,
) -> tuple[IndexArray, FloatArray]:
    # With one shared score (ties to the lower mentee, then mentor index) the stable
    # matching is unique and greedy best-pair-first finds it: a pair taken first is the
    # favourite of both among what is left.
    order = np.lexsort((mentor, mentee, -score)).tolist()
    mentees, mentors = mentee.tolist(), mentor.tolist()
    seats = capacity.tolist()
    match = [-1] * n_mentees
    at = [-1] * n_mentees
    open_seats = sum(seats)
    for i in order:
        e, m = mentees[i], mentors[i]
        if match[e] < 0 and seats[m] > 0:
            match[e], at[e] = m, i
            seats[m] -= 1
            open_seats -= 1
            if open_seats == 0:
                break
    matched = np.array(match, dtype=np.int64)
    match_score = np.full(n_mentees, np.nan)
    taken = matched >= 0
    match_score[taken] = score[np.array(at, dtype=np.int64)[taken]]
    return matched, match_score


def _propose(
    mentee: IndexArray,
    mentor: IndexArray,
    score: FloatArray,
    rank: IndexArray,
    capacity: IndexArray,
    n_mentees: int,
) -> tuple[IndexArray, FloatArray]:
    # Every free mentee proposes to its next choice at once; each mentor keeps its best
    # offers up to capacity. The outcome does not depend on the order of proposals.
    order = np.lexsort((mentor, -score, rank, mentee))
    mentee, mentor, score = mentee[order], mentor[order], score[order]
    next_choice = np.searchsorted(mentee, np.arange(n_mentees), side="left")
    last = np.searchsorted(mentee, np.arange(n_mentees), side="right")
    held_e = np.empty(0, np.int64)
    held_at = np.empty(0, np.int64)
    free = np.ones(n_mentees, dtype=bool)
    while True:
        ready = np.flatnonzero(free & (next_choice < last))
        if ready.size == 0:
            break
        at = next_choice[ready]
        next_choice[ready] += 1
        all_e = np.concatenate([held_e, ready])
        all_at = np.concatenate([held_at, at])
        all_m = mentor[all_at]
        ranked = np.lexsort((all_e, -score[all_at], all_m))
        sorted_m = all_m[ranked]
        seat = np.arange(len(ranked)) - np.searchsorted(sorted_m, sorted_m, side="left")
        keep = ranked[seat < capacity[sorted_m]]
        held_e, held_at = all_e[keep], all_at[keep]
        free[:] = True
        free[held_e] = False
    match = np.full(n_mentees, -1, dtype=np.int64)
    match_score = np.full(n_mentees, np.nan)
    match[held_e] = mentor[held_at]
    match_score[held_e] = score[held_at]
    return match, match_score
