"""The optimiser reaches the optimum of the full problem and respects every constraint."""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections import Counter
from collections.abc import Callable

import numpy as np
from hypothesis import given, settings
from scipy.optimize import linear_sum_assignment

from growpath.matching import MatchConfig, Mentee, Mentor, assign, score_matrix
from growpath.matching.synthetic import population

from .conftest import instances, streaming_candidates

Instance = tuple[list[Mentee], list[Mentor], MatchConfig]


def brute_force_optimum(scores: np.ndarray, capacity: list[int]) -> float:
    """Try every assignment of each mentee to a mentor or to nobody."""
    best = 0.0
    options = range(-1, scores.shape[1])
    for choice in itertools.product(options, repeat=scores.shape[0]):
        load = Counter(m for m in choice if m >= 0)
        if any(load[m] > capacity[m] for m in load):
            continue
        total = sum(scores[e, m] for e, m in enumerate(choice) if m >= 0)
        best = max(best, total)
    return best


def dense_optimum(scores: np.ndarray, capacity: list[int]) -> float:
    """Solve the capacity-expanded assignment with scipy."""
    seats = np.repeat(np.arange(scores.shape[1]), capacity)
    if seats.size == 0:
        return 0.0
    expanded = scores[:, seats]
    allowed = np.isfinite(expanded) & (expanded > 0)
    rows, cols = linear_sum_assignment(np.where(allowed, expanded, 0.0), maximize=True)
    return float(expanded[rows, cols][allowed[rows, cols]].sum())


def assert_total_is(instance: Instance, optimum: Callable[[np.ndarray, list[int]], float]) -> None:
    """Check that assign's total equals this optimum of the dense problem, within tolerance."""
    mentees, mentors, config = instance
    result = assign(mentees, mentors, config)
    expected = optimum(score_matrix(mentees, mentors, config), [m.capacity for m in mentors])
    assert math.isclose(result.total_score, expected, rel_tol=1e-9, abs_tol=result.tolerance)


@settings(max_examples=40, deadline=None)
@given(instances(max_mentees=5, max_mentors=3))
def test_total_equals_brute_force_optimum_on_tiny_instances(instance: Instance) -> None:
    assert_total_is(instance, brute_force_optimum)


@settings(max_examples=15, deadline=None)
@given(instances(max_mentees=60, max_mentors=12))
def test_total_equals_dense_scipy_optimum_on_small_instances(instance: Instance) -> None:
    assert_total_is(instance, dense_optimum)


@settings(max_examples=25, deadline=None)
@given(instances(max_mentees=5, max_mentors=3))
def test_streaming_candidates_reach_the_brute_force_optimum_too(instance: Instance) -> None:
    with streaming_candidates():
        assert_total_is(instance, brute_force_optimum)


@settings(max_examples=15, deadline=None)
@given(instances(max_mentees=60, max_mentors=12))
def test_streaming_candidates_reach_the_dense_scipy_optimum_too(instance: Instance) -> None:
    with streaming_candidates():
        assert_total_is(instance, dense_optimum)


@settings(max_examples=30, deadline=None)
@given(instances(max_mentees=30, max_mentors=8))
def test_capacity_is_never_exceeded(instance: Instance) -> None:
    mentees, mentors, config = instance
    load = Counter(p.mentor_id for p in assign(mentees, mentors, config).pairs)
    assert all(load[m.id] <= m.capacity for m in mentors)


@settings(max_examples=30, deadline=None)
@given(instances(max_mentees=30, max_mentors=8))
def test_no_forbidden_pair_is_ever_chosen(instance: Instance) -> None:
    mentees, mentors, config = instance
    scores = score_matrix(mentees, mentors, config)
    row = {m.id: i for i, m in enumerate(mentees)}
    col = {m.id: i for i, m in enumerate(mentors)}
    for pair in assign(mentees, mentors, config).pairs:
        assert np.isfinite(scores[row[pair.mentee_id], col[pair.mentor_id]])
        assert (pair.mentee_id, pair.mentor_id) not in config.exclusions


@settings(max_examples=30, deadline=None)
@given(instances(max_mentees=30, max_mentors=8))
def test_total_is_the_sum_of_pair_scores_from_score_matrix(instance: Instance) -> None:
    mentees, mentors, config = instance
    scores = score_matrix(mentees, mentors, config)
    row = {m.id: i for i, m in enumerate(mentees)}
    col = {m.id: i for i, m in enumerate(mentors)}
    result = assign(mentees, mentors, config)
    for pair in result.pairs:
        assert pair.score == scores[row[pair.mentee_id], col[pair.mentor_id]]
    assert result.total_score == math.fsum(p.score for p in result.pairs)


@settings(max_examples=30, deadline=None)
@given(instances(max_mentees=30, max_mentors=8))
def test_explanation_contributions_sum_to_the_pair_score(instance: Instance) -> None:
    mentees, mentors, config = instance
    for pair in assign(mentees, mentors, config).pairs:
        total = 0.0
        for contribution in pair.explanation.contributions:
            total += contribution.points
        assert total == pair.score
        assert "reporting_chain" in pair.explanation.constraints_checked


@settings(max_examples=25, deadline=None)
@given(instances(max_mentees=30, max_mentors=8))
def test_fixed_pairs_are_kept_and_only_open_capacity_is_filled(instance: Instance) -> None:
    mentees, mentors, config = instance
    first = assign(mentees, mentors, config)
    fixed = frozenset((p.mentee_id, p.mentor_id) for p in first.pairs[: len(first.pairs) // 2])
    again = assign(mentees, mentors, dataclasses.replace(config, fixed_pairs=fixed))
    kept = {(p.mentee_id, p.mentor_id) for p in again.pairs if p.fixed}
    assert kept == fixed
    load = Counter(p.mentor_id for p in again.pairs)
    assert all(load[m.id] <= m.capacity for m in mentors)
    assert len({p.mentee_id for p in again.pairs}) == len(again.pairs)


def test_max_matched_mode_matches_at_least_as_many_mentees() -> None:
    mentees, mentors, config = population(200, 25, seed=3)
    optimal = assign(mentees, mentors, config)
    most = assign(mentees, mentors, dataclasses.replace(config, mode="max_matched"))
    assert len(most.pairs) >= len(optimal.pairs)
    assert most.total_score <= optimal.total_score + optimal.tolerance


def test_optimum_matches_dense_scipy_on_a_synthetic_population() -> None:
    mentees, mentors, config = population(400, 40, seed=1)
    result = assign(mentees, mentors, config)
    expected = dense_optimum(score_matrix(mentees, mentors, config), [m.capacity for m in mentors])
    assert math.isclose(result.total_score, expected, rel_tol=1e-9)
    assert result.certified
    assert result.blocking_pairs is not None
    with streaming_candidates():
        streamed = assign(mentees, mentors, config)
    assert streamed.total_score == result.total_score
