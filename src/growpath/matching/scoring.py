"""Pair scores: the exact per-pair score, the dense matrix, and a fast approximate scorer."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from growpath.matching.constraints import check_fixed_pairs, forbidden_keys
from growpath.matching.features import Features, Segment, build_features
from growpath.matching.model import (
    MatchConfig,
    Mentee,
    Mentor,
    check_config,
    check_ids,
    check_people,
)

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]

# A required-language violation weighs this much in the float32 product, far below any
# real score, so the fast scorer sees it as forbidden without a separate pass.
FORBIDDEN_WEIGHT = 1.0e4
# Rows of the float32 product computed at once: bounds the memory of a block.
BLOCK_PAIRS = 1 << 23


@dataclass(frozen=True)
class Problem:
    """Validated people, their features and forbidden pairs, indexed by position."""

    mentees: Sequence[Mentee]
    mentors: Sequence[Mentor]
    config: MatchConfig
    features: Features
    forbidden: IndexArray
    mentee_ok: NDArray[np.bool_]
    mentor_ok: NDArray[np.bool_]

    @property
    def shape(self) -> tuple[int, int]:
        """Return (number of mentees, number of mentors)."""
        return self.features.n_mentees, self.features.n_mentors

    def restrict(self, mentee_idx: IndexArray, mentor_idx: IndexArray) -> Problem:
        """Return the sub-problem of these mentees and mentors, features kept as computed."""
        n_mentors = self.shape[1]
        row_of = np.full(self.shape[0], -1, dtype=np.int64)
        col_of = np.full(n_mentors, -1, dtype=np.int64)
        row_of[mentee_idx] = np.arange(len(mentee_idx))
        col_of[mentor_idx] = np.arange(len(mentor_idx))
        rows, cols = row_of[self.forbidden // n_mentors], col_of[self.forbidden % n_mentors]
        keep = (rows >= 0) & (cols >= 0)
        features = Features(
            tuple(_slice(s, mentee_idx, mentor_idx) for s in self.features.factors),
            _slice(self.features.language_check, mentee_idx, mentor_idx),
            len(mentee_idx),
            len(mentor_idx),
        )
        return replace(
            self,
            mentees=[self.mentees[i] for i in mentee_idx],
            mentors=[self.mentors[i] for i in mentor_idx],
            features=features,
            forbidden=np.sort(rows[keep] * len(mentor_idx) + cols[keep]),
            mentee_ok=self.mentee_ok[mentee_idx],
            mentor_ok=self.mentor_ok[mentor_idx],
        )

    def is_forbidden_key(self, keys: IndexArray) -> NDArray[np.bool_]:
        """Return whether each pair key (mentee * n_mentors + mentor) is listed as forbidden."""
        if self.forbidden.size == 0:
            return np.zeros(keys.shape, dtype=bool)
        at = np.minimum(np.searchsorted(self.forbidden, keys), self.forbidden.size - 1)
        return np.asarray(self.forbidden[at] == keys)


def _slice(segment: Segment, mentee_idx: IndexArray, mentor_idx: IndexArray) -> Segment:
    sparse_idx, dense_idx = (
        (mentee_idx, mentor_idx) if segment.mentee_sparse else (mentor_idx, mentee_idx)
    )
    return replace(
        segment,
        cols=segment.cols[sparse_idx],
        vals=segment.vals[sparse_idx],
        dense=segment.dense[dense_idx],
    )


def true_cells(mask: NDArray[np.bool_]) -> tuple[IndexArray, IndexArray]:
    """Return the row and column indices of a 2-D mask's true cells, in row-major order."""
    # Same as np.nonzero, but the 1-D scan of the flat mask is about ten times faster.
    rows, cols = np.divmod(np.flatnonzero(mask), mask.shape[1])
    return rows.astype(np.int64), cols.astype(np.int64)


def prepare(mentees: Sequence[Mentee], mentors: Sequence[Mentor], config: MatchConfig) -> Problem:
    """Validate the input and compute features and forbidden pairs for it."""
    check_config(config)
    check_ids("mentee", (m.id for m in mentees))
    check_ids("mentor", (m.id for m in mentors))
    check_people({m.id: m for m in mentees}, {m.id: m for m in mentors})
    check_fixed_pairs(mentees, mentors, config)
    features = build_features(mentees, mentors, config)
    return Problem(
        mentees=list(mentees),
        mentors=list(mentors),
        config=config,
        features=features,
        forbidden=forbidden_keys(mentees, mentors, config),
        mentee_ok=np.array([m.eligible for m in mentees], dtype=bool),
        mentor_ok=np.array([m.eligible for m in mentors], dtype=bool),
    )


def pair_points(problem: Problem, mentee_idx: IndexArray, mentor_idx: IndexArray) -> FloatArray:
    """Return each pair's weighted points per factor (columns in the factor order)."""
    return np.stack(
        [
            segment.weight * segment.values(mentee_idx, mentor_idx)
            for segment in problem.features.factors
        ],
        axis=1,
    ).reshape(len(mentee_idx), len(problem.features.factors))


def pair_scores(problem: Problem, mentee_idx: IndexArray, mentor_idx: IndexArray) -> FloatArray:
    """Return the exact score of each pair, ``-inf`` where a hard constraint forbids it.

    The score is the sum of the factor points taken left to right in the factor order, the
    same way an explanation's contributions add up, so both agree to the last bit.
    """
    scores = np.empty(len(mentee_idx))
    for start in range(0, len(mentee_idx), 1 << 16):
        rows = mentee_idx[start : start + (1 << 16)]
        cols = mentor_idx[start : start + (1 << 16)]
        points = pair_points(problem, rows, cols)
        total = points[:, 0].copy()
        for column in range(1, points.shape[1]):
            total = total + points[:, column]
        scores[start : start + len(rows)] = total
    forbidden = forbidden_mask(problem, mentee_idx, mentor_idx, scores)
    scores[forbidden] = -np.inf
    return scores


def forbidden_mask(
    problem: Problem, mentee_idx: IndexArray, mentor_idx: IndexArray, scores: FloatArray
) -> NDArray[np.bool_]:
    """Return which pairs a hard constraint forbids, given their exact scores."""
    language = problem.features.language_check.values(mentee_idx, mentor_idx)
    keys = mentee_idx * problem.shape[1] + mentor_idx
    return np.asarray(
        (language < -0.5)
        | problem.is_forbidden_key(keys)
        | ~problem.mentee_ok[mentee_idx]
        | ~problem.mentor_ok[mentor_idx]
        | (scores < problem.config.min_score)
    )


def score_matrix(
    mentees: Sequence[Mentee], mentors: Sequence[Mentor], config: MatchConfig
) -> FloatArray:
    """Return the dense mentee x mentor score matrix, ``-inf`` where a pair is forbidden."""
    problem = prepare(mentees, mentors, config)
    return dense_scores(problem)


def dense_scores(problem: Problem) -> FloatArray:
    """Return the exact dense score matrix of a prepared problem."""
    n_mentees, n_mentors = problem.shape
    rows = np.repeat(np.arange(n_mentees, dtype=np.int64), n_mentors)
    cols = np.tile(np.arange(n_mentors, dtype=np.int64), n_mentees)
    return pair_scores(problem, rows, cols).reshape(n_mentees, n_mentors)


class FastScorer:
    """Approximate scores of whole rows or columns through one float32 matrix product.

    A pair forbidden by a hard constraint comes out as ``-inf`` or below -1 (a required
    language the mentor lacks); callers only keep pairs at or above ``min_score - error``.

    ``error`` bounds the difference to the exact score of any allowed pair: all feature
    products are non-negative and sum to at most the total weight, so float32 rounding of
    the inputs and of a sum of F terms stays below (F + 4) * 2**-24 * total weight.
    """

    def __init__(self, problem: Problem) -> None:
        mentee_block, mentor_block = problem.features.dense_blocks(FORBIDDEN_WEIGHT)
        self.problem = problem
        self.mentee_block = mentee_block
        self.mentor_block = np.ascontiguousarray(mentor_block.T)
        total_weight = sum(s.weight for s in problem.features.factors)
        width = mentee_block.shape[1]
        self.error = float((width + 4) * 2.0**-24 * max(total_weight, 1.0))
        self.seconds = 0.0  # time spent in the products, for the benchmark's split
        self.all_ok = bool(problem.mentee_ok.all() and problem.mentor_ok.all())

    @property
    def rows_per_block(self) -> int:
        """Return how many rows one block holds."""
        return max(1, BLOCK_PAIRS // max(1, self.problem.shape[1]))

    def rows(self, mentee_idx: IndexArray) -> NDArray[np.float32]:
        """Return approximate scores of these mentees' full rows, ``-inf`` where forbidden."""
        problem = self.problem
        n_mentors = problem.shape[1]
        started = time.perf_counter()
        block = self.mentee_block[mentee_idx] @ self.mentor_block
        self.seconds += time.perf_counter() - started
        # Required-language violations already score below -1, which every consumer treats
        # as forbidden, so they need no pass of their own.
        if not self.all_ok:
            block[:, ~problem.mentor_ok] = -np.inf
            block[~problem.mentee_ok[mentee_idx]] = -np.inf
        if problem.forbidden.size:
            first = mentee_idx * n_mentors
            start = np.searchsorted(problem.forbidden, first)
            stop = np.searchsorted(problem.forbidden, first + n_mentors)
            counts = stop - start
            local = np.repeat(np.arange(len(mentee_idx)), counts)
            keys = problem.forbidden[
                np.repeat(start - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
            ]
            block[local, keys % n_mentors] = -np.inf
        return block

    def columns(self, mentor_idx: IndexArray) -> NDArray[np.float32]:
        """Return approximate scores of these mentors' full columns, ``-inf`` where forbidden."""
        return self.block(None, mentor_idx)

    def block(self, mentee_idx: IndexArray | None, mentor_idx: IndexArray) -> NDArray[np.float32]:
        """Return approximate scores of these mentees (None: all) with these mentors."""
        problem = self.problem
        n_mentees, n_mentors = problem.shape
        started = time.perf_counter()
        left = self.mentee_block if mentee_idx is None else self.mentee_block[mentee_idx]
        block = left @ self.mentor_block[:, mentor_idx]
        self.seconds += time.perf_counter() - started
        mentee_ok = problem.mentee_ok if mentee_idx is None else problem.mentee_ok[mentee_idx]
        if not self.all_ok:
            block[~mentee_ok] = -np.inf
            block[:, ~problem.mentor_ok[mentor_idx]] = -np.inf
        row_of = np.arange(n_mentees, dtype=np.int64)
        if mentee_idx is not None:
            row_of = np.full(n_mentees, -1, dtype=np.int64)
            row_of[mentee_idx] = np.arange(len(mentee_idx))
        col_of = np.full(n_mentors, -1, dtype=np.int64)
        col_of[mentor_idx] = np.arange(len(mentor_idx))
        rows, cols = row_of[problem.forbidden // n_mentors], col_of[problem.forbidden % n_mentors]
        hit = (rows >= 0) & (cols >= 0)
        block[rows[hit], cols[hit]] = -np.inf
        return block
