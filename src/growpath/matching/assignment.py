"""``assign``: validate, keep fixed pairs, solve the open capacity, explain every pair."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from growpath.matching.blocking import find_blocking
from growpath.matching.explain import ExplanationBatch
from growpath.matching.groups import form_groups
from growpath.matching.model import (
    Assignment,
    LazyExplanation,
    MatchConfig,
    Mentee,
    Mentor,
    Pair,
    SolveStats,
)
from growpath.matching.optimal import optimise
from growpath.matching.scoring import Problem, pair_scores, prepare
from growpath.matching.stable import deferred_acceptance

IndexArray = NDArray[np.int64]


def assign(mentees: Sequence[Mentee], mentors: Sequence[Mentor], config: MatchConfig) -> Assignment:
    """Match mentees to mentors under the config's constraints, mode and format."""
    started = time.perf_counter()
    problem = prepare(mentees, mentors, config)
    prepared = time.perf_counter() - started
    fixed_e, fixed_m = fixed_indices(problem)
    if config.format == "group":
        return form_groups(problem, fixed_e, fixed_m)
    capacity = np.array([m.capacity for m in problem.mentors], dtype=np.int64)
    capacity -= np.bincount(fixed_m, minlength=len(capacity))
    open_e = np.setdiff1d(np.flatnonzero(problem.mentee_ok), fixed_e)
    open_m = np.flatnonzero(problem.mentor_ok & (capacity > 0))
    whole = open_e.size == len(problem.mentees) and open_m.size == len(problem.mentors)
    sub = problem if whole else problem.restrict(open_e, open_m)
    blocking: int | None = None
    if open_e.size == 0 or open_m.size == 0:
        match = np.full(open_e.size, -1, dtype=np.int64)
        found_scores = np.full(open_e.size, np.nan)
        tolerance, solve_stats = 0.0, SolveStats()
        blocking = 0
    else:
        if config.mode == "stable":
            outcome = deferred_acceptance(sub, capacity[open_m])
            blocking = 0
        else:
            outcome = optimise(sub, capacity[open_m], config.mode == "max_matched")
            if config.count_blocking_pairs:
                found = find_blocking(
                    outcome.scorer,
                    outcome.candidates,
                    outcome.match,
                    outcome.scores,
                    capacity[open_m],
                )
                blocking = int(found.size)
        match, found_scores = outcome.match, outcome.scores
        tolerance, solve_stats = outcome.tolerance, outcome.stats
    solved = np.flatnonzero(match >= 0)
    pair_e = np.concatenate([fixed_e, open_e[solved]])
    pair_m = np.concatenate([fixed_m, open_m[match[solved]]])
    scores = np.concatenate([pair_scores(problem, fixed_e, fixed_m), found_scores[solved]])
    pairs = build_pairs(problem, pair_e, pair_m, scores, n_fixed=len(fixed_e))
    stats = replace(solve_stats, scoring_s=solve_stats.scoring_s + prepared)
    return Assignment(
        pairs=pairs,
        total_score=math.fsum(p.score for p in pairs),
        unmatched=unmatched_ids(problem, pair_e),
        mode=config.mode,
        certified=True,
        tolerance=tolerance,
        blocking_pairs=blocking,
        stats=stats,
    )


def fixed_indices(problem: Problem) -> tuple[IndexArray, IndexArray]:
    """Return mentee and mentor indices of the config's fixed pairs, in a stable order."""
    if not problem.config.fixed_pairs:
        nothing = np.empty(0, dtype=np.int64)
        return nothing, nothing
    mentee_index = {m.id: i for i, m in enumerate(problem.mentees)}
    mentor_index = {m.id: i for i, m in enumerate(problem.mentors)}
    pairs = sorted((mentee_index[e], mentor_index[m]) for e, m in problem.config.fixed_pairs)
    array = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    return array[:, 0], array[:, 1]


def build_pairs(
    problem: Problem,
    pair_e: IndexArray,
    pair_m: IndexArray,
    scores: NDArray[np.float64],
    n_fixed: int,
) -> tuple[Pair, ...]:
    """Return explained pairs; the first ``n_fixed`` are the fixed ones.

    The explanations are built together when the first one is read.
    """
    batch = ExplanationBatch(problem, pair_e, pair_m)
    mentees, mentors = problem.mentees, problem.mentors
    return tuple(
        Pair(
            mentees[e].id,
            mentors[m].id,
            score,
            LazyExplanation(batch, i),
            i < n_fixed,
        )
        for i, (e, m, score) in enumerate(
            zip(pair_e.tolist(), pair_m.tolist(), scores.tolist(), strict=True)
        )
    )


def unmatched_ids(problem: Problem, matched_e: IndexArray) -> tuple[str, ...]:
    """Return ids of the mentees without a mentor, in input order."""
    free = np.ones(len(problem.mentees), dtype=bool)
    free[matched_e] = False
    return tuple(problem.mentees[i].id for i in np.flatnonzero(free).tolist())
