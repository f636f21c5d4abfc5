"""Candidate pairs: one streaming pass over all pairs keeps the few that can matter.

A pair is a candidate (given to the solver) when it is among the best of its row
(threshold ``row_bound``) or among the ``2 * capacity + COLUMN_SLACK`` best of its column.
The next best of each column, down to ``RESERVE_FACTOR`` times that depth (threshold
``col_bound``), are kept aside with their fast scores as the reserve: certification checks
them against the prices without scoring anything again. Every pair neither a candidate nor
in the reserve scores at most ``min(row_bound[e], col_bound[m])`` in the fast scorer.

Small problems (up to ``SMALL_PAIRS`` pairs) take a shorter path: the whole fast matrix is
one block, so exact per-row and per-column partitions replace the streaming estimates, and
the solver gets fewer candidates (``SMALL_ROW_DEPTH``, ``SMALL_COLUMN_SLACK``): a missing
candidate costs one more solve of a small graph, cheaper than scoring many exactly.
Pairs whose fast score is below ``min_score - error`` are never kept: their exact score is
below ``min_score``, so they are forbidden.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from growpath.matching.scoring import FastScorer, true_cells

IndexArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

ROW_DEPTH = 8  # candidates per mentee: enough when seats outnumber mentees
# Candidates per mentor beyond twice its capacity. A mentor's price is set by the best
# mentee it does not get; on synthetic data at 20k x 2k it ranks below 55 in 99% of columns.
COLUMN_SLACK = 48
EXACT_ROW_LIMIT = 512  # up to this many mentors a row's k-th best is found exactly
# Reserve depth over candidate depth. A mentor's price ranks deeper in its column as the
# number of mentees grows; at 100k x 10k it ranks below 180 in every column, within
# 4 * (2 * capacity + 48), so the reserve settles nearly every column.
RESERVE_FACTOR = 4
ESTIMATE_ROWS = 1024  # rows of the first block that estimate the column thresholds
SMALL_PAIRS = 1 << 20  # up to this many pairs, the small path below
SMALL_ROW_DEPTH = 1  # small path: candidates per mentee
SMALL_COLUMN_SLACK = 8  # small path: candidates per mentor beyond twice its capacity


@dataclass
class Candidates:
    """Kept pairs as sorted keys, the reserve, and the bounds on every pair left out."""

    keys: IndexArray
    row_bound: FloatArray
    col_bound: FloatArray
    reserve_keys: IndexArray
    reserve_scores: NDArray[np.float32]

    def add(self, keys: IndexArray) -> None:
        """Keep these pairs too."""
        self.keys = unique_keys(np.concatenate([self.keys, keys]))

    def contains(self, keys: IndexArray) -> NDArray[np.bool_]:
        """Return whether each key is kept."""
        return _member(self.keys, keys)


def generate(
    scorer: FastScorer, capacities: IndexArray, min_score: float, seed: int = 0
) -> Candidates:
    """Score every pair once (fast scorer) and keep row- and column-best pairs."""
    n_mentees, n_mentors = scorer.problem.shape
    if n_mentees * n_mentors <= SMALL_PAIRS:
        return _generate_small(scorer, capacities, min_score)
    rng = np.random.default_rng(seed)
    solver_depth = 2 * capacities + COLUMN_SLACK
    depth = RESERVE_FACTOR * solver_depth
    sample = None
    if n_mentors > EXACT_ROW_LIMIT:
        # The best of a 1/ROW_DEPTH sample of columns is about the ROW_DEPTH-th best overall.
        sample = np.sort(rng.choice(n_mentors, -(-n_mentors // ROW_DEPTH), replace=False))
    floor = np.float32(min_score - scorer.error)
    row_bound = np.full(n_mentees, -np.inf)
    col_bound = np.full(n_mentors, -np.inf)
    pool_cols = np.empty(0, np.int64)
    pool_rows = np.empty(0, np.int64)
    pool_scores = np.empty(0, np.float32)
    rank = np.empty(0, np.int64)
    row_keys: list[IndexArray] = []
    step = scorer.rows_per_block
    for start in range(0, n_mentees, step):
        rows = np.arange(start, min(n_mentees, start + step), dtype=np.int64)
        block = scorer.rows(rows)
        if start == 0:
            col_bound = _initial_column_bound(block[:ESTIMATE_ROWS], depth, n_mentees)
        tau = _row_threshold(block, sample)
        row_bound[rows] = tau
        # Every threshold is a float32 value, so comparing in float32 is exact (and faster).
        row_floor = np.maximum(tau, floor).astype(np.float32)
        col_floor = np.maximum(col_bound, floor).astype(np.float32)
        local, cols = true_cells((block >= row_floor[:, None]) | (block >= col_floor[None, :]))
        scores = block[local, cols]
        in_row = scores >= row_floor[local]
        row_keys.append(rows[local[in_row]] * n_mentors + cols[in_row])
        pool_rows = np.concatenate([pool_rows, rows[local[~in_row]]])
        pool_cols = np.concatenate([pool_cols, cols[~in_row]])
        pool_scores = np.concatenate([pool_scores, scores[~in_row]])
        if pool_cols.size > 3 * int(depth.sum()) or start + step >= n_mentees:
            rank, col_bound = _prune(pool_cols, pool_scores, depth, col_bound)
            keep = rank < depth[pool_cols]
            pool_rows, pool_cols, pool_scores = pool_rows[keep], pool_cols[keep], pool_scores[keep]
            rank = rank[keep]
    pool_keys = pool_rows * n_mentors + pool_cols
    in_solver = rank < solver_depth[pool_cols]
    keys = unique_keys(np.concatenate([*row_keys, pool_keys[in_solver]]))
    reserve_keys, reserve_scores = pool_keys[~in_solver], pool_scores[~in_solver]
    order = np.argsort(reserve_keys)
    return Candidates(keys, row_bound, col_bound, reserve_keys[order], reserve_scores[order])


def _generate_small(scorer: FastScorer, capacities: IndexArray, min_score: float) -> Candidates:
    """Keep a few best per row and per column for the solver, and the reserve, from one block."""
    n_mentees, n_mentors = scorer.problem.shape
    block = scorer.rows(np.arange(n_mentees, dtype=np.int64))
    floor = np.float32(min_score - scorer.error)
    row_bound = np.full(n_mentees, -np.inf)
    col_bound = np.full(n_mentors, -np.inf)
    if n_mentees == 0 or n_mentors == 0:
        empty = np.empty(0, np.int64)
        return Candidates(empty, row_bound, col_bound, empty, np.empty(0, np.float32))
    k = min(SMALL_ROW_DEPTH, n_mentors)
    best = np.argpartition(block, n_mentors - k, axis=1)[:, n_mentors - k :]
    row_keys = (np.arange(n_mentees)[:, None] * n_mentors + best).ravel()
    # A pair left out of its row's k best scores at most the k-th best.
    row_bound = np.take_along_axis(block, best, axis=1).min(axis=1).astype(np.float64)
    depth = np.minimum(2 * capacities + SMALL_COLUMN_SLACK, n_mentees)
    reserve_depth = np.minimum(RESERVE_FACTOR * depth, n_mentees)
    # Each column's best down to its reserve depth and one more (its bound), best first;
    # partitioning the rows of the transposed block is faster than strided columns.
    deepest = min(int(reserve_depth.max()) + 1, n_mentees)
    columns = np.ascontiguousarray(block.T)
    top = np.argpartition(columns, n_mentees - deepest, axis=1)[:, n_mentees - deepest :]
    top_scores = np.take_along_axis(columns, top, axis=1)
    order = np.argsort(-top_scores, axis=1, kind="stable")
    top = np.take_along_axis(top, order, axis=1)
    top_scores = np.take_along_axis(top_scores, order, axis=1)
    rank = np.arange(deepest)[None, :]
    col_keys = top * n_mentors + np.arange(n_mentors)[:, None]
    has_bound = reserve_depth < n_mentees
    col_bound[has_bound] = top_scores[np.flatnonzero(has_bound), reserve_depth[has_bound]]
    chosen = np.zeros(n_mentees * n_mentors, dtype=bool)
    chosen[row_keys] = True
    chosen[col_keys[rank < depth[:, None]]] = True
    chosen &= block.ravel() >= floor
    keys = np.flatnonzero(chosen)
    pool = (rank >= depth[:, None]) & (rank < reserve_depth[:, None]) & (top_scores >= floor)
    reserve_keys = col_keys[pool]
    reserve_keys = np.sort(reserve_keys[~chosen[reserve_keys]])
    row_bound[row_bound < floor] = -np.inf
    col_bound[col_bound < floor] = -np.inf
    return Candidates(keys, row_bound, col_bound, reserve_keys, block.ravel()[reserve_keys])


def _member(sorted_keys: IndexArray, keys: IndexArray) -> NDArray[np.bool_]:
    """Return whether each key is among the sorted keys."""
    if sorted_keys.size == 0:
        return np.zeros(keys.shape, dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), sorted_keys.size - 1)
    return np.asarray(sorted_keys[at] == keys)


def unique_keys(keys: IndexArray) -> IndexArray:
    """Return the sorted distinct keys (a sort beats hashing for int64 keys here)."""
    keys = np.sort(keys)
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if keys.size else keys


def _row_threshold(block: NDArray[np.float32], sample: IndexArray | None) -> FloatArray:
    if sample is not None:
        return np.asarray(block[:, sample].max(axis=1), dtype=np.float64)
    kth = min(ROW_DEPTH, block.shape[1])
    return np.asarray(np.partition(block, -kth, axis=1)[:, -kth], dtype=np.float64)


def _initial_column_bound(
    block: NDArray[np.float32], depth: IndexArray, n_mentees: int
) -> FloatArray:
    # Within the first block, the j-th best of a column with j proportional to the block's
    # share of all mentees estimates the column's depth-th best.
    share = block.shape[0] / max(n_mentees, 1)
    ranks = np.clip(np.ceil(depth * share).astype(np.int64), 1, block.shape[0])
    top = min(int(ranks.max()), block.shape[0])
    best = -np.sort(-np.partition(block, block.shape[0] - top, axis=0)[-top:], axis=0)
    return np.asarray(best[ranks - 1, np.arange(block.shape[1])], dtype=np.float64)


def _prune(
    cols: IndexArray, scores: NDArray[np.float32], depth: IndexArray, bound: FloatArray
) -> tuple[IndexArray, FloatArray]:
    """Return each pooled pair's rank in its column and the raised column bounds."""
    # One int64 sort by (column, descending score): the float32 bits are mapped to an
    # order-preserving unsigned 32-bit code, cheaper than a two-key lexsort.
    bits = scores.view(np.int32).astype(np.int64)
    code = np.where(bits >= 0, bits, bits ^ 0x7FFFFFFF) + 2**31
    order = np.argsort(cols * 2**32 + (2**32 - 1 - code))
    sorted_cols = cols[order]
    first = np.searchsorted(sorted_cols, sorted_cols, side="left")
    sorted_rank = np.arange(len(order)) - first
    rank = np.empty_like(sorted_rank)
    rank[order] = sorted_rank
    # Raising a column's bound to its depth-th kept score drops the rest of its pool.
    full = order[sorted_rank == depth[sorted_cols] - 1]
    bound = bound.copy()
    bound[cols[full]] = np.maximum(bound[cols[full]], scores[full])
    return rank, bound
