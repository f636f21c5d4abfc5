"""Explanations are built on first read, and then are the same as built at once."""

from __future__ import annotations

import pickle

import numpy as np

from growpath.matching import Explanation, Pair, assign
from growpath.matching.explain import explain
from growpath.matching.scoring import prepare
from growpath.matching.synthetic import population


def test_lazy_explanations_equal_the_ones_built_directly() -> None:
    mentees, mentors, config = population(200, 20, seed=3)
    result = assign(mentees, mentors, config)
    problem = prepare(mentees, mentors, config)
    row = {m.id: i for i, m in enumerate(mentees)}
    col = {m.id: i for i, m in enumerate(mentors)}
    pair_e = np.array([row[p.mentee_id] for p in result.pairs], dtype=np.int64)
    pair_m = np.array([col[p.mentor_id] for p in result.pairs], dtype=np.int64)
    expected = explain(problem, pair_e, pair_m)
    assert result.pairs
    # Read from the last pair first: any read builds the whole batch.
    for pair, explanation in reversed(list(zip(result.pairs, expected, strict=True))):
        assert isinstance(pair.explanation, Explanation)
        assert pair.explanation == explanation
        assert pair.explanation is pair.explanation


def test_a_pair_compares_hashes_and_pickles_with_its_explanation() -> None:
    mentees, mentors, config = population(60, 8, seed=1)
    lazy = assign(mentees, mentors, config).pairs[0]
    eager = Pair(lazy.mentee_id, lazy.mentor_id, lazy.score, lazy.explanation, lazy.fixed)
    fresh = assign(mentees, mentors, config).pairs[0]
    assert fresh == eager
    assert hash(fresh) == hash(eager)
    assert pickle.loads(pickle.dumps(assign(mentees, mentors, config).pairs[0])) == eager  # noqa: S301
    assert "explanation=Explanation(contributions=" in repr(fresh)
