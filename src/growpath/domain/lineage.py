"""Mentoring lineage: how many former mentees now guide others, and how far chains reach.

A *mentoring* is one guide with one participant in an engagement that has started. A former
mentee of a program is the participant of one of its engagements that was completed or ended
early. They *pay it forward* when they guide someone in an engagement that started after the
one where they were guided. Chains follow time (A guided B, and later B guides C), so they
never loop, and a person's *generations* are the length of the longest chain onward from
them: 0 guides nobody yet, 1 guides others, 2 someone they guided now guides too, and so on.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from growpath.domain.publication import CellKey

# Published as 0, 1, 2 and "3 or more": a longer chain would single out its few people.
DEEPEST = 3
GENERATION_LABELS = (
    "Not guiding anyone yet",
    "Guide others (1 generation)",
    "Their mentees guide too (2 generations)",
    f"{DEEPEST} or more generations",
)


@dataclass(frozen=True)
class Mentoring:
    """A guide and a participant of one started engagement, and where it stands."""

    engagement_id: int
    program_id: int
    guide_id: int
    participant_id: int
    started_on: date
    finished: bool


def generations(mentorings: Iterable[Mentoring], program_id: int) -> dict[int, int]:
    """Return each former mentee of the program and their generations onward (capped)."""
    edges = list(mentorings)
    guided_by: dict[int, list[Mentoring]] = {}
    for edge in edges:
        guided_by.setdefault(edge.guide_id, []).append(edge)
    known: dict[tuple[Mentoring, int], int] = {}

    def depth(edge: Mentoring, budget: int) -> int:
        # 1 for this mentoring, plus the longest chain its participant guided later; counting
        # stops at the budget, so a long chain costs no deeper recursion than DEEPEST.
        if budget <= 1:
            return 1
        if (edge, budget) not in known:
            later = (
                e for e in guided_by.get(edge.participant_id, ()) if e.started_on > edge.started_on
            )
            known[edge, budget] = 1 + max((depth(e, budget - 1) for e in later), default=0)
        return known[edge, budget]

    former: dict[int, date] = {}
    for edge in edges:
        if edge.program_id == program_id and edge.finished:
            since = former.get(edge.participant_id)
            if since is None or edge.started_on < since:
                former[edge.participant_id] = edge.started_on
    return {
        person: max(
            (depth(e, DEEPEST) for e in guided_by.get(person, ()) if e.started_on > since),
            default=0,
        )
        for person, since in former.items()
    }


def lineage_state(generation: int | None) -> dict[CellKey, Hashable]:
    """Return the report cells a former mentee counts in (none when they are not one)."""
    if generation is None:
        return {}
    return {
        ("lineage", "total"): generation > 0,
        ("lineage", "generations", str(generation)): True,
    }


def published_people(published: Mapping[int, int]) -> dict[CellKey, int]:
    """Return how many people each published lineage cell aggregates."""
    counts: dict[CellKey, int] = {}
    for generation in published.values():
        for cell in lineage_state(generation):
            counts[cell] = counts.get(cell, 0) + 1
    return counts
