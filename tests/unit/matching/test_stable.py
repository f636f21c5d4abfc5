"""Stable mode: deferred acceptance leaves no blocking pair."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings

from growpath.matching import MatchConfig, Mentee, Mentor, assign, score_matrix
from growpath.matching.synthetic import population

from .conftest import instances, streaming_candidates

Instance = tuple[list[Mentee], list[Mentor], MatchConfig]


def blocking_pairs(instance: Instance, pairs: dict[str, tuple[str, float]]) -> int:
    """Count pairs that both strictly prefer each other (unranked, score preferences)."""
    mentees, mentors, config = instance
    scores = score_matrix(mentees, mentors, config)
    count = 0
    for j, mentor in enumerate(mentors):
        if mentor.capacity == 0:
            continue
        held = [s for m_id, s in pairs.values() if m_id == mentor.id]
        bar = min(held) if len(held) >= mentor.capacity else -np.inf
        for i, mentee in enumerate(mentees):
            current = pairs.get(mentee.id)
            if not np.isfinite(scores[i, j]) or (current and current[0] == mentor.id):
                continue
            mine = current[1] if current else -np.inf
            count += bool(scores[i, j] > mine and scores[i, j] > bar)
    return count


def assert_stable(instance: Instance) -> None:
    """Check that the stable mode's result has no blocking pair, and says so."""
    mentees, mentors, config = instance
    stable = dataclasses.replace(config, mode="stable")
    result = assign(mentees, mentors, stable)
    pairs = {p.mentee_id: (p.mentor_id, p.score) for p in result.pairs}
    assert blocking_pairs((mentees, mentors, stable), pairs) == 0
    assert result.blocking_pairs == 0


@settings(max_examples=40, deadline=None)
@given(instances(max_mentees=30, max_mentors=8))
def test_stable_mode_has_no_blocking_pair(instance: Instance) -> None:
    assert_stable(instance)


@settings(max_examples=25, deadline=None)
@given(instances(max_mentees=30, max_mentors=8))
def test_stable_mode_has_no_blocking_pair_with_streaming_candidates(instance: Instance) -> None:
    with streaming_candidates():
        assert_stable(instance)


def test_optimal_mode_reports_its_blocking_pairs() -> None:
    mentees, mentors, config = population(150, 15, seed=2)
    result = assign(mentees, mentors, config)
    pairs = {p.mentee_id: (p.mentor_id, p.score) for p in result.pairs}
    assert result.blocking_pairs == blocking_pairs((mentees, mentors, config), pairs)


def test_stated_rankings_come_before_scores_in_stable_mode() -> None:
    mentees, mentors, config = population(20, 4, seed=5)
    scores = score_matrix(mentees, mentors, config)
    worst = [j for j in np.argsort(scores[0]) if np.isfinite(scores[0, j])][0]
    wish = dataclasses.replace(mentees[0], ranked_mentor_ids=(mentors[worst].id,))
    mentors = [dataclasses.replace(m, capacity=5) for m in mentors]
    result = assign([wish, *mentees[1:]], mentors, dataclasses.replace(config, mode="stable"))
    assert {(p.mentee_id, p.mentor_id) for p in result.pairs} >= {(wish.id, mentors[worst].id)}
