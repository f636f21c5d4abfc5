"""Optimal, explained matching of mentees to mentors (usable as a library on its own).

The names below load on first use (PEP 562): the value types of `growpath.matching.model` are
read by the ORM, the pages and every command, which must not pay for NumPy, SciPy and OR-Tools
until something matches or scores.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOMES = {
    "assign": "growpath.matching.assignment",
    "score_matrix": "growpath.matching.scoring",
    **dict.fromkeys(
        (
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
        ),
        "growpath.matching.model",
    ),
}

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


def __getattr__(name: str) -> Any:
    """Import a public name's module the first time the name is read."""
    home = _HOMES.get(name)
    if home is None:
        # Not ours: lets `from growpath.matching import candidates` find the submodule.
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
