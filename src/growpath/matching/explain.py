"""Per-pair explanations: each factor's value, weight and points, and the rules checked."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from growpath.matching.constraints import CONSTRAINTS
from growpath.matching.model import Contribution, Explanation
from growpath.matching.scoring import Problem


class ExplanationBatch:
    """The explanations of some pairs of a problem, built together on first request."""

    def __init__(
        self, problem: Problem, mentee_idx: NDArray[np.int64], mentor_idx: NDArray[np.int64]
    ) -> None:
        self._inputs: tuple[Problem, NDArray[np.int64], NDArray[np.int64]] | None = (
            problem,
            mentee_idx,
            mentor_idx,
        )
        self._made: list[Explanation] = []

    def explanations(self) -> list[Explanation]:
        """Return every pair's explanation (built once; the problem is released then)."""
        if self._inputs is not None:
            self._made = explain(*self._inputs)
            self._inputs = None
        return self._made


def explain(
    problem: Problem, mentee_idx: NDArray[np.int64], mentor_idx: NDArray[np.int64]
) -> list[Explanation]:
    """Return the explanation of each (mentee, mentor) index pair."""
    checked = tuple(
        name
        for name in CONSTRAINTS
        if name != "previous_pairs" or problem.config.forbid_previous_pairs
    )
    factors = problem.features.factors
    values = [segment.values(mentee_idx, mentor_idx) for segment in factors]
    # The points are computed exactly as pair_points does, so they add up to the score.
    points = [
        (segment.weight * value).tolist() for segment, value in zip(factors, values, strict=True)
    ]
    listed = [value.tolist() for value in values]
    names = [(segment.factor, segment.weight) for segment in factors]
    # Contributions are immutable and most factors take few distinct values, so equal ones
    # are shared: building tens of thousands of dataclasses is the slow part otherwise.
    made: dict[tuple[int, float], Contribution] = {}

    def contribution(f: int, p: int) -> Contribution:
        value = listed[f][p]
        found = made.get((f, value))
        if found is None:
            name, weight = names[f]
            found = Contribution(factor=name, value=value, weight=weight, points=points[f][p])
            made[(f, value)] = found
        return found

    return [
        Explanation(
            contributions=tuple(contribution(f, p) for f in range(len(names))),
            constraints_checked=checked,
        )
        for p in range(len(mentee_idx))
    ]
