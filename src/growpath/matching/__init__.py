"""Optimal, explained matching of mentees to mentors (usable as a library on its own)."""

from growpath.matching.assignment import assign
from growpath.matching.model import (
    Assignment,
    Contribution,
    Explanation,
    Group,
    MatchConfig,
    MatchingInputError,
    Mentee,
    Mentor,
    Pair,
    SolveStats,
    Weights,
)
from growpath.matching.scoring import score_matrix

__all__ = [
    "Assignment",
    "Contribution",
    "Explanation",
    "Group",
    "MatchConfig",
    "MatchingInputError",
    "Mentee",
    "Mentor",
    "Pair",
    "SolveStats",
    "Weights",
    "assign",
    "score_matrix",
]
