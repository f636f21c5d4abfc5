"""Certify a candidate-graph optimum for the full problem with dual prices.

A pair left out of the candidates could only improve the assignment if its gain exceeded
its mentee's price plus its mentor's price (a positive reduced cost). Reserve pairs are
checked from their stored fast scores. The candidate pass bounds every other left-out
score by ``min(row_bound, col_bound)``; columns whose bound cannot rule a violation out
are scored again for the mentees whose row bound leaves room, their near-violating pairs
are added, and their bound is tightened to what stays left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from growpath.matching.candidates import Candidates, unique_keys
from growpath.matching.scoring import FastScorer, true_cells

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]

COLUMN_CHUNK = 64  # doubtful columns scored together, grouped by similar price


@dataclass(frozen=True)
class Prices:
    """Dual prices in score units; ``bonus`` is added to every pair's score (max_matched)."""

    mentee: FloatArray
    mentor: FloatArray
    bonus: float


def suspicious_columns(candidates: Candidates, prices: Prices, margin: float) -> IndexArray:
    """Return mentors whose column bound exceeds their price even for a zero-price mentee."""
    return np.flatnonzero(candidates.col_bound + prices.bonus + margin > prices.mentor)


def rescore(
    scorer: FastScorer,
    candidates: Candidates,
    prices: Prices,
    min_score: float,
    slack: float,
) -> tuple[IndexArray, int]:
    """Check every left-out pair against the prices; return new near-violating keys.

    Pairs within ``slack`` of a positive reduced cost are returned so that the next solve
    sees them: from the reserve (no scoring) and from the doubtful columns, scored only for
    the mentees whose row bound leaves room. Also returns how many mentee rows were scored.
    """
    n_mentors = scorer.problem.shape[1]
    floor = min_score - scorer.error
    found = [_near_reserve(candidates, prices, n_mentors, floor, slack)]
    # Any other column bounds its left-out pairs by its price at most, and mentee prices
    # are never negative, so no pair of it can have a positive reduced cost.
    cols = suspicious_columns(candidates, prices, scorer.error)
    rows_scored = 0
    if cols.size:
        near, rows_scored = _rescore_columns(scorer, candidates, prices, cols, floor, slack)
        found += near
    keys = unique_keys(np.concatenate(found))
    return keys[~candidates.contains(keys)], rows_scored


def _near_reserve(
    candidates: Candidates, prices: Prices, n_mentors: int, floor: float, slack: float
) -> IndexArray:
    keys = candidates.reserve_keys
    score = candidates.reserve_scores.astype(np.float64)
    reduced = (
        score + prices.bonus - prices.mentee[keys // n_mentors] - prices.mentor[keys % n_mentors]
    )
    return keys[(score >= floor) & (reduced > -slack)]


def _rescore_columns(
    scorer: FastScorer,
    candidates: Candidates,
    prices: Prices,
    cols: IndexArray,
    floor: float,
    slack: float,
) -> tuple[list[IndexArray], int]:
    n_mentors = scorer.problem.shape[1]
    # A left-out pair of mentee e scores at most row_bound[e] (+ error), so it can come
    # near a positive reduced cost only where this room exceeds the mentor's price.
    room = candidates.row_bound + scorer.error + slack + prices.bonus - prices.mentee
    found: list[IndexArray] = []
    rows_scored = 0
    cols = cols[np.argsort(-prices.mentor[cols], kind="stable")]
    for start in range(0, cols.size, COLUMN_CHUNK):
        chunk = cols[start : start + COLUMN_CHUNK]
        doubtful = room > prices.mentor[chunk].min()
        rows = np.flatnonzero(doubtful)
        rows_scored += rows.size
        block = scorer.block(rows, chunk).astype(np.float64)
        reduced = (
            block + prices.bonus - prices.mentee[rows][:, None] - prices.mentor[chunk][None, :]
        )
        near = np.isfinite(block) & (block >= floor) & (reduced > -slack)
        local_e, local_m = true_cells(near)
        found.append(rows[local_e] * n_mentors + chunk[local_m])
        block[near | (block < floor)] = -np.inf
        # Mentees not scored keep their row bound as the bound of their pairs here.
        unscored = candidates.row_bound[~doubtful].max(initial=-np.inf)
        scored = block.max(axis=0, initial=-np.inf)
        candidates.col_bound[chunk] = np.minimum(
            candidates.col_bound[chunk], np.maximum(scored, unscored)
        )
    return found, rows_scored
