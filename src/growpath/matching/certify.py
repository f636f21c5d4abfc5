"""Certify a candidate-graph optimum for the full problem with dual prices.

A pair left out of the candidates could only improve the assignment if its gain exceeded
its mentee's price plus its mentor's price (a positive reduced cost). The candidate pass
bounds every left-out score by ``min(row_bound, col_bound)``; rows and columns whose bound
cannot rule a violation out are scored again in full, their near-violating pairs are added,
and their bound is tightened to the best pair still left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from growpath.matching.candidates import Candidates, unique_keys
from growpath.matching.scoring import FastScorer

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]


@dataclass(frozen=True)
class Prices:
    """Dual prices in score units; ``bonus`` is added to every pair's score (max_matched)."""

    mentee: FloatArray
    mentor: FloatArray
    bonus: float


def flagged_rows(
    candidates: Candidates, col_bound: FloatArray, prices: Prices, margin: float
) -> IndexArray:
    """Return mentees for which some left-out pair might have a positive reduced cost."""
    # max over m of min(row_bound, col_bound[m]) - price[m], for all rows at once: sort the
    # columns by bound; columns below the row bound contribute bound - price (prefix max),
    # the others row_bound - price (suffix min of price).
    order = np.argsort(col_bound, kind="stable")
    bound = col_bound[order]
    price = prices.mentor[order]
    with np.errstate(invalid="ignore"):
        below = np.concatenate([[-np.inf], np.maximum.accumulate(bound - price)])
    above = np.concatenate([np.minimum.accumulate(price[::-1])[::-1], [np.inf]])
    split = np.searchsorted(bound, candidates.row_bound, side="left")
    with np.errstate(invalid="ignore"):
        reach = np.maximum(below[split], candidates.row_bound - above[split])
    reach = np.nan_to_num(reach, nan=-np.inf)
    return np.flatnonzero(reach + prices.bonus + margin > prices.mentee)


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
    """Score doubtful rows and columns in full; return new near-violating keys and rows done.

    Pairs within ``slack`` of a positive reduced cost are returned so that the next solve
    sees them; the bounds of the rescored rows and columns shrink to what stays left out.
    """
    n_mentees, n_mentors = scorer.problem.shape
    margin = scorer.error
    floor = min_score - margin
    found: list[IndexArray] = []
    rows = flagged_rows(candidates, candidates.col_bound, prices, margin)
    cols = suspicious_columns(candidates, prices, margin)
    if cols.size and cols.size * n_mentees < rows.size * n_mentors:
        step = max(1, scorer.rows_per_block * n_mentors // max(n_mentees, 1))
        for start in range(0, cols.size, step):
            chunk = cols[start : start + step]
            block = scorer.columns(chunk).astype(np.float64)
            reduced = block + prices.bonus - prices.mentee[:, None] - prices.mentor[chunk][None, :]
            near = np.isfinite(block) & (block >= floor) & (reduced > -slack)
            local_e, local_m = np.nonzero(near)
            found.append(local_e * n_mentors + chunk[local_m])
            block[near | (block < floor)] = -np.inf
            candidates.col_bound[chunk] = block.max(axis=0)
        # A column scored in full is settled at these prices, whatever its new bound.
        settled = candidates.col_bound.copy()
        settled[cols] = -np.inf
        rows = flagged_rows(candidates, settled, prices, margin)
    step = scorer.rows_per_block
    for start in range(0, rows.size, step):
        chunk = rows[start : start + step]
        block = scorer.rows(chunk).astype(np.float64)
        reduced = block + prices.bonus - prices.mentee[chunk][:, None] - prices.mentor[None, :]
        near = np.isfinite(block) & (block >= floor) & (reduced > -slack)
        local_e, local_m = np.nonzero(near)
        found.append(chunk[local_e] * n_mentors + local_m)
        block[near | (block < floor)] = -np.inf
        candidates.row_bound[chunk] = block.max(axis=1)
    keys = unique_keys(np.concatenate([np.empty(0, np.int64), *found]))
    return keys[~candidates.contains(keys)], int(rows.size)
