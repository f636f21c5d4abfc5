"""The certificate finds every improving pair, however little the candidates hold."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from growpath.matching.candidates import Candidates, generate
from growpath.matching.certify import Prices, rescore
from growpath.matching.scoring import FastScorer, dense_scores, prepare
from growpath.matching.solver import solve
from growpath.matching.synthetic import population

from .conftest import streaming_candidates

SCALE = 2.0**20


def shallow(candidates: Candidates, scorer: FastScorer, keep: int) -> Candidates:
    """Keep each mentee's ``keep`` best candidates; loosen the bounds to stay valid."""
    n_mentors = scorer.problem.shape[1]
    block = scorer.rows(np.arange(scorer.problem.shape[0], dtype=np.int64)).astype(np.float64)
    best = np.argsort(-block, axis=1, kind="stable")[:, :keep]
    keys = np.sort((np.arange(block.shape[0])[:, None] * n_mentors + best).ravel())
    left_out = block.copy()
    left_out.ravel()[keys] = -np.inf
    return Candidates(
        keys=keys,
        row_bound=left_out.max(axis=1),
        col_bound=left_out.max(axis=0),
        reserve_keys=np.empty(0, np.int64),
        reserve_scores=np.empty(0, np.float32),
    )


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 1000), st.integers(0, 3))
def test_no_left_out_pair_has_a_positive_reduced_cost_after_certification(
    seed: int, keep: int
) -> None:
    assert_certified(seed, keep)


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 1000))
def test_the_certificate_holds_with_streaming_candidates(seed: int) -> None:
    with streaming_candidates():
        assert_certified(seed, keep=0)


def assert_certified(seed: int, keep: int) -> None:
    """Solve and certify until no pair is added; then no pair has a positive reduced cost."""
    mentees, mentors, config = population(120, 15, seed=seed)
    problem = prepare(mentees, mentors, dataclasses.replace(config, min_score=2.0))
    scorer = FastScorer(problem)
    capacity = np.array([m.capacity for m in mentors], dtype=np.int64)
    candidates = generate(scorer, capacity, problem.config.min_score)
    if keep:
        candidates = shallow(candidates, scorer, keep)
    exact = dense_scores(problem)
    n_mentors = problem.shape[1]
    while True:
        keys = candidates.keys[np.isfinite(exact.ravel()[candidates.keys])]
        gains = np.rint(exact.ravel()[keys] * SCALE).astype(np.int64)
        found = solve(keys // n_mentors, keys % n_mentors, gains, capacity, problem.shape[0])
        prices = Prices((found.mentee_price - 1) / SCALE, found.mentor_price / SCALE, 0.0)
        new_keys, _ = rescore(scorer, candidates, prices, problem.config.min_score, 0.05)
        candidates.add(new_keys)
        if new_keys.size == 0:
            break
    gain = np.where(np.isfinite(exact), np.rint(exact * SCALE), -np.inf)
    reduced = gain - found.mentee_price[:, None] - found.mentor_price[None, :]
    assert (reduced <= 0).all()
