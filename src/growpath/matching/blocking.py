"""Blocking pairs: a mentee and a mentor who both prefer each other to what they have."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from growpath.matching.candidates import Candidates, unique_keys
from growpath.matching.certify import COLUMN_CHUNK
from growpath.matching.scoring import FastScorer, Problem, pair_scores, true_cells

IndexArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
UNRANKED = np.iinfo(np.int64).max


def standing(
    match: IndexArray, match_score: FloatArray, capacity: IndexArray
) -> tuple[FloatArray, FloatArray]:
    """Return each mentee's held score and each mentor's bar (-inf: free / seat open)."""
    held = np.where(match >= 0, match_score, -np.inf)
    bar = np.full(len(capacity), -np.inf)
    matched = np.flatnonzero(match >= 0)
    lowest = np.full(len(capacity), np.inf)
    np.minimum.at(lowest, match[matched], match_score[matched])
    full = np.bincount(match[matched], minlength=len(capacity)) >= capacity
    bar[full] = lowest[full]
    return held, bar


def find_blocking(
    scorer: FastScorer,
    candidates: Candidates,
    match: IndexArray,
    match_score: FloatArray,
    capacity: IndexArray,
    candidate_scores: FloatArray | None = None,
) -> IndexArray:
    """Return keys of all blocking pairs (strictly better for both sides), over all pairs.

    ``candidate_scores`` are the exact scores of ``candidates.keys`` when already known.
    """
    problem = scorer.problem
    n_mentors = problem.shape[1]
    held, bar = standing(match, match_score, capacity)
    margin = scorer.error
    reserve = candidates.reserve_keys
    # Only pairs whose fast score comes near both bars need an exact score.
    might = (candidates.reserve_scores + margin > held[reserve // n_mentors]) & (
        candidates.reserve_scores + margin > bar[reserve % n_mentors]
    )
    keys = [reserve[might], ranked_keys(problem)]
    if candidate_scores is None:
        keys.append(candidates.keys)
    # A pair neither candidate nor in the reserve scores at most min(row_bound, col_bound)
    # + margin, so it can block only in a column whose bound passes the mentor's bar, and
    # there only for a mentee whose row bound passes both the bar and its held score.
    col = candidates.col_bound + margin
    row = candidates.row_bound + margin
    cols = np.flatnonzero(col > bar)
    cols = cols[np.argsort(-bar[cols], kind="stable")]
    for start in range(0, cols.size, COLUMN_CHUNK):
        chunk = cols[start : start + COLUMN_CHUNK]
        rows = np.flatnonzero((row > held) & (row > bar[chunk].min()))
        block = scorer.block(rows, chunk)
        near = (block + margin > held[rows, None]) & (block + margin > bar[None, chunk])
        local, local_m = true_cells(near & (block >= problem.config.min_score - margin))
        keys.append(rows[local] * n_mentors + chunk[local_m])
    every = unique_keys(np.concatenate(keys))
    if candidate_scores is not None:
        every = every[~candidates.contains(every)]
    score = pair_scores(problem, every // n_mentors, every % n_mentors)
    if candidate_scores is not None:
        every = np.concatenate([candidates.keys, every])
        score = np.concatenate([candidate_scores, score])
    mentee, mentor = every // n_mentors, every % n_mentors
    blocking = (
        np.isfinite(score)
        & (mentor != match[mentee])
        & (score > bar[mentor])
        & _mentee_prefers(problem, mentee, mentor, score, match, held)
    )
    return np.asarray(every[blocking], dtype=np.int64)


def stated_ranks(problem: Problem, mentee: IndexArray, mentor: IndexArray) -> IndexArray:
    """Return the position of each mentor in its mentee's stated ranking, or UNRANKED."""
    n_mentors = problem.shape[1]
    ranked = dict(zip(ranked_keys(problem).tolist(), _positions(problem), strict=True))
    if not ranked:
        return np.full(len(mentee), UNRANKED, dtype=np.int64)
    keys = mentee * n_mentors + mentor
    return np.array([ranked.get(k, UNRANKED) for k in keys.tolist()], dtype=np.int64)


def ranked_keys(problem: Problem) -> IndexArray:
    """Return the keys of every (mentee, mentor) pair the mentee ranked, in stated order."""
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


def _positions(problem: Problem) -> list[int]:
    mentor_ids = {m.id for m in problem.mentors}
    return [
        r
        for person in problem.mentees
        for r, m_id in enumerate(person.ranked_mentor_ids)
        if m_id in mentor_ids
    ]


def _mentee_prefers(
    problem: Problem,
    mentee: IndexArray,
    mentor: IndexArray,
    score: FloatArray,
    match: IndexArray,
    held: FloatArray,
) -> NDArray[np.bool_]:
    # A better stated rank wins whatever the scores; between equal ranks the score decides.
    rank = stated_ranks(problem, mentee, mentor)
    held_rank = np.full(len(mentee), UNRANKED, dtype=np.int64)
    has = match[mentee] >= 0
    held_rank[has] = stated_ranks(problem, mentee[has], match[mentee][has])
    return np.asarray((rank < held_rank) | ((rank == held_rank) & (score > held[mentee])))
