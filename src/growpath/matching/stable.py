"""Stable matching: mentee-proposing deferred acceptance, and blocking-pair counts.

Mentees rank the mentors they listed in ``ranked_mentor_ids`` first, in that order, then
every other allowed mentor by score; mentors rank mentees by score. Ties go to the lower
index, so the outcome is deterministic. Proposal lists start from the candidate pairs that
are provably a prefix of each mentee's ranking and are extended, from a full rescored row,
only for mentees who run out while still free.
"""

from __future__ import annotations

import time

import numpy as np
from numpy.typing import NDArray

from growpath.matching.candidates import generate, unique_keys
from growpath.matching.model import SolveStats
from growpath.matching.optimal import Optimum
from growpath.matching.scoring import FastScorer, Problem, pair_scores

IndexArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
UNRANKED = np.iinfo(np.int64).max


def stated_ranks(problem: Problem, mentee: IndexArray, mentor: IndexArray) -> IndexArray:
    """Return the position of each mentor in its mentee's stated ranking, or UNRANKED."""
    n_mentors = problem.shape[1]
    mentor_index = {m.id: i for i, m in enumerate(problem.mentors)}
    ranked = {
        e * n_mentors + mentor_index[m_id]: r
        for e, person in enumerate(problem.mentees)
        for r, m_id in enumerate(person.ranked_mentor_ids)
        if m_id in mentor_index
    }
    if not ranked:
        return np.full(len(mentee), UNRANKED, dtype=np.int64)
    keys = mentee * n_mentors + mentor
    return np.array([ranked.get(k, UNRANKED) for k in keys.tolist()], dtype=np.int64)


def _ranked_keys(problem: Problem) -> IndexArray:
    n_mentors = problem.shape[1]
    mentor_index = {m.id: i for i, m in enumerate(problem.mentors)}
    return np.array(
        [
            e * n_mentors + mentor_index[m_id]
            for e, person in enumerate(problem.mentees)
            for m_id in person.ranked_mentor_ids
            if m_id in mentor_index
        ],
        dtype=np.int64,
    )


class _Proposals:
    """Each mentee's proposal list in preference order, stored flat."""

    def __init__(self, n_mentees: int, n_mentors: int) -> None:
        self.mentor = np.empty(0, np.int64)
        self.score = np.empty(0)
        self.next = np.zeros(n_mentees, dtype=np.int64)
        self.end = np.zeros(n_mentees, dtype=np.int64)
        self.complete = np.zeros(n_mentees, dtype=bool)
        self.listed = np.empty(0, np.int64)  # keys ever put on a list, sorted
        self.n_mentors = n_mentors

    def append(
        self, mentee: IndexArray, mentor: IndexArray, score: FloatArray, rank: IndexArray
    ) -> None:
        """Replace the lists of the mentees named with these entries, best first."""
        order = np.lexsort((mentor, -score, rank, mentee))
        mentee, mentor, score = mentee[order], mentor[order], score[order]
        offset = len(self.mentor)
        self.mentor = np.concatenate([self.mentor, mentor])
        self.score = np.concatenate([self.score, score])
        owners, first, counts = np.unique(mentee, return_index=True, return_counts=True)
        self.next[owners] = offset + first
        self.end[owners] = offset + first + counts
        self.listed = unique_keys(np.concatenate([self.listed, mentee * self.n_mentors + mentor]))


def deferred_acceptance(problem: Problem, capacity: IndexArray) -> Optimum:
    """Return the mentee-optimal stable matching under score-based preferences."""
    n_mentees, n_mentors = problem.shape
    started = time.perf_counter()
    scorer = FastScorer(problem)
    candidates = generate(scorer, capacity, problem.config.min_score)
    candidates.add(_ranked_keys(problem))
    generated = time.perf_counter()
    keys = candidates.keys
    mentee, mentor = keys // n_mentors, keys % n_mentors
    score = pair_scores(problem, mentee, mentor)
    rank = stated_ranks(problem, mentee, mentor)
    # Unranked pairs above the row bound are surely ahead of every pair left out.
    safe = np.isfinite(score) & (
        (rank != UNRANKED) | (score > candidates.row_bound[mentee] + scorer.error)
    )
    proposals = _Proposals(n_mentees, n_mentors)
    proposals.append(mentee[safe], mentor[safe], score[safe], rank[safe])
    held_e = np.empty(0, np.int64)
    held_m = np.empty(0, np.int64)
    held_s = np.empty(0)
    free = np.ones(n_mentees, dtype=bool)
    rescored = 0
    while True:
        ready = np.flatnonzero(free & (proposals.next < proposals.end))
        if ready.size == 0:
            stuck = np.flatnonzero(free & ~proposals.complete)
            if stuck.size == 0:
                break
            worst = _worst_held(held_m, held_s, held_e, capacity)
            _extend(scorer, proposals, stuck, worst)
            rescored += stuck.size
            continue
        at = proposals.next[ready]
        proposals.next[ready] += 1
        all_e = np.concatenate([held_e, ready])
        all_m = np.concatenate([held_m, proposals.mentor[at]])
        all_s = np.concatenate([held_s, proposals.score[at]])
        order = np.lexsort((all_e, -all_s, all_m))
        sorted_m = all_m[order]
        position = np.arange(len(order)) - np.searchsorted(sorted_m, sorted_m, side="left")
        keep = order[position < capacity[sorted_m]]
        held_e, held_m, held_s = all_e[keep], all_m[keep], all_s[keep]
        free[:] = True
        free[held_e] = False
    match = np.full(n_mentees, -1, dtype=np.int64)
    match[held_e] = held_m
    scores = np.full(n_mentees, np.nan)
    scores[held_e] = held_s
    stats = SolveStats(
        scoring_s=scorer.seconds,
        candidates_s=generated - started - scorer.seconds,
        solve_s=time.perf_counter() - generated,
        candidate_pairs=int(keys.size),
        solves=1,
        rows_rescored=rescored,
    )
    return Optimum(match, scores, 0.0, stats)


def _worst_held(
    held_m: IndexArray, held_s: FloatArray, held_e: IndexArray, capacity: IndexArray
) -> FloatArray:
    # The score a proposal must beat to be held: -inf while the mentor has a free seat.
    worst = np.full(len(capacity), -np.inf)
    load = np.bincount(held_m, minlength=len(capacity))
    full = load >= capacity
    lowest = np.full(len(capacity), np.inf)
    np.minimum.at(lowest, held_m, held_s)
    worst[full] = lowest[full]
    return worst


def _extend(
    scorer: FastScorer,
    proposals: _Proposals,
    stuck: IndexArray,
    worst: FloatArray,
) -> None:
    # A full mentor only ever raises its bar, so mentors a mentee cannot beat now are
    # skipped: proposing to them would only be rejected.
    problem = scorer.problem
    n_mentors = problem.shape[1]
    floor = problem.config.min_score - scorer.error
    found_e: list[IndexArray] = []
    found_m: list[IndexArray] = []
    for start in range(0, stuck.size, scorer.rows_per_block):
        chunk = stuck[start : start + scorer.rows_per_block]
        block = scorer.rows(chunk)
        local, cols = np.nonzero((block >= floor) & (block + scorer.error >= worst[None, :]))
        found_e.append(chunk[local])
        found_m.append(cols)
    mentee = np.concatenate(found_e)
    mentor = np.concatenate(found_m)
    keys = mentee * n_mentors + mentor
    at = np.minimum(np.searchsorted(proposals.listed, keys), max(proposals.listed.size - 1, 0))
    tried = proposals.listed[at] == keys if proposals.listed.size else np.zeros(len(keys), bool)
    mentee, mentor = mentee[~tried], mentor[~tried]
    score = pair_scores(problem, mentee, mentor)
    ok = np.isfinite(score) & (score >= worst[mentor])
    proposals.complete[stuck] = True
    proposals.next[stuck] = proposals.end[stuck]
    proposals.append(
        mentee[ok], mentor[ok], score[ok], stated_ranks(problem, mentee[ok], mentor[ok])
    )
