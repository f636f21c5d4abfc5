"""The certified optimum: candidates, min-cost flow, prices, rescoring until certified."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from growpath.matching.candidates import Candidates, generate
from growpath.matching.certify import Prices, rescore
from growpath.matching.model import SolveStats
from growpath.matching.scoring import FastScorer, Problem, pair_scores
from growpath.matching.solver import solve

IndexArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

MAX_SCALE = 2.0**30  # score units per integer gain unit, at most
COST_HEADROOM = 2.0**60  # OR-Tools scales costs by the node count; stay below int64


@dataclass(frozen=True)
class Optimum:
    """A certified optimal assignment of a (sub-)problem."""

    match: IndexArray
    scores: FloatArray
    tolerance: float
    stats: SolveStats
    scorer: FastScorer
    candidates: Candidates


def gain_scale(max_score: float, bonus: float, n_nodes: int) -> float:
    """Return the power of two that turns scores into integer gains without overflow."""
    largest = (max_score + bonus) * (n_nodes + 1)
    return min(MAX_SCALE, 2.0 ** math.floor(math.log2(COST_HEADROOM / max(largest, 1.0))))


def optimise(problem: Problem, capacity: IndexArray, max_matched: bool) -> Optimum:
    """Return the assignment with the highest total score (or most pairs, then score)."""
    n_mentees, n_mentors = problem.shape
    started = time.perf_counter()
    scorer = FastScorer(problem)
    built = time.perf_counter()
    candidates = generate(scorer, capacity, problem.config.min_score)
    generated = time.perf_counter()
    first_pass = scorer.seconds
    max_score = max(sum(s.weight for s in problem.features.factors), 1.0)
    bonus = max_score * min(n_mentees, int(capacity.sum())) + 1.0 if max_matched else 0.0
    scale = gain_scale(max_score, bonus, n_mentees + n_mentors)
    bonus_gain = round(bonus * scale)
    keys, scores = _allowed(problem, candidates.keys)
    solves = rescored = 0
    solve_s = certify_s = 0.0
    while True:
        tick = time.perf_counter()
        gains = np.rint(scores * scale).astype(np.int64) + bonus_gain
        solution = solve(keys // n_mentors, keys % n_mentors, gains, capacity, n_mentees)
        solves += 1
        tock = time.perf_counter()
        solve_s += tock - tick
        # One gain unit of rounding on each side keeps the check conservative.
        prices = Prices(
            mentee=(solution.mentee_price - 1) / scale,
            mentor=solution.mentor_price / scale,
            bonus=bonus_gain / scale,
        )
        slack = max(4 * scorer.error, 0.005 * max_score)
        new_keys, done = rescore(scorer, candidates, prices, problem.config.min_score, slack)
        rescored += done
        candidates.add(new_keys)
        new_keys, new_scores = _allowed(problem, new_keys)
        keys = np.concatenate([keys, new_keys])
        scores = np.concatenate([scores, new_scores])
        new_gains = np.rint(new_scores * scale).astype(np.int64) + bonus_gain
        price_sum = (
            solution.mentee_price[new_keys // n_mentors]
            + solution.mentor_price[new_keys % n_mentors]
        )
        certify_s += time.perf_counter() - tock
        if not (new_gains > price_sum).any():
            break
    match = solution.match
    matched = np.flatnonzero(match >= 0)
    pair_score = np.full(n_mentees, np.nan)
    pair_score[matched] = scores[solution.arc[matched]]  # exact, from the last solve's arcs
    stats = SolveStats(
        scoring_s=built - started + first_pass,
        candidates_s=generated - built - first_pass,
        solve_s=solve_s,
        certify_s=certify_s,
        candidate_pairs=int(keys.size),
        solves=solves,
        rows_rescored=rescored,
    )
    tolerance = min(n_mentees, int(capacity.sum())) / scale
    return Optimum(match, pair_score, tolerance, stats, scorer, candidates)


def _allowed(problem: Problem, keys: IndexArray) -> tuple[IndexArray, FloatArray]:
    n_mentors = problem.shape[1]
    scores = pair_scores(problem, keys // n_mentors, keys % n_mentors)
    allowed = np.isfinite(scores)
    return keys[allowed], scores[allowed]
