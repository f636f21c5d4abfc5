"""Small random matching instances for the optimiser's property tests."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator

from hypothesis import strategies as st

from growpath.matching import MatchConfig, Mentee, Mentor, candidates
from growpath.matching.synthetic import population


@contextlib.contextmanager
def streaming_candidates() -> Iterator[None]:
    """Make every problem, however small, take the streaming candidate path of large ones."""
    saved = candidates.SMALL_PAIRS
    candidates.SMALL_PAIRS = -1
    try:
        yield
    finally:
        candidates.SMALL_PAIRS = saved


@st.composite
def instances(
    draw: st.DrawFn, max_mentees: int = 6, max_mentors: int = 4
) -> tuple[list[Mentee], list[Mentor], MatchConfig]:
    """Draw a small synthetic population with random capacities and constraints."""
    n_mentees = draw(st.integers(1, max_mentees))
    n_mentors = draw(st.integers(1, max_mentors))
    seed = draw(st.integers(0, 10_000))
    mentees, mentors, config = population(n_mentees, n_mentors, seed=seed)
    capacities = draw(st.lists(st.integers(0, 3), min_size=n_mentors, max_size=n_mentors))
    mentors = [dataclasses.replace(m, capacity=c) for m, c in zip(mentors, capacities, strict=True)]
    pairs = st.tuples(
        st.sampled_from([m.id for m in mentees]), st.sampled_from([m.id for m in mentors])
    )
    exclusions = draw(st.frozensets(pairs, max_size=3))
    min_score = draw(st.sampled_from([0.0, 2.0, 4.0]))
    return (
        mentees,
        mentors,
        dataclasses.replace(
            config, exclusions=exclusions, min_score=min_score, previous_pairs=frozenset()
        ),
    )
