"""Hard constraints that forbid single pairs: reporting chain, exclusions, previous pairs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from growpath.matching.model import MatchConfig, MatchingInputError, Mentee, Mentor

IntArray = NDArray[np.int64]

CONSTRAINTS: tuple[str, ...] = (
    "capacity",
    "eligibility",
    "reporting_chain",
    "exclusions",
    "previous_pairs",
    "required_language",
    "min_score",
)


def forbidden_keys(
    mentees: Sequence[Mentee], mentors: Sequence[Mentor], config: MatchConfig
) -> IntArray:
    """Return sorted unique keys ``mentee_index * n_mentors + mentor_index`` of forbidden pairs."""
    n_mentors = len(mentors)
    mentee_index = {m.id: i for i, m in enumerate(mentees)}
    mentor_index = {m.id: i for i, m in enumerate(mentors)}
    chain_e, chain_m = reporting_chain_pairs(mentees, mentors, config.reporting_lines)
    listed = set(config.exclusions)
    if config.forbid_previous_pairs:
        listed |= set(config.previous_pairs) - set(config.fixed_pairs)
    listed_e, listed_m = _indexed_pairs(listed, mentee_index, mentor_index)
    keys = np.concatenate([chain_e * n_mentors + chain_m, listed_e * n_mentors + listed_m])
    return np.unique(keys)


def _indexed_pairs(
    pairs: Iterable[tuple[str, str]],
    mentee_index: Mapping[str, int],
    mentor_index: Mapping[str, int],
) -> tuple[IntArray, IntArray]:
    # Pairs naming people outside this run cannot be chosen anyway, so they are skipped.
    known = [
        (mentee_index[e], mentor_index[m])
        for e, m in pairs
        if e in mentee_index and m in mentor_index
    ]
    array = np.array(known, dtype=np.int64).reshape(-1, 2)
    return array[:, 0], array[:, 1]


def reporting_chain_pairs(
    mentees: Sequence[Mentee],
    mentors: Sequence[Mentor],
    reporting_lines: Mapping[str, str | None],
) -> tuple[IntArray, IntArray]:
    """Return (mentee, mentor) index pairs in one reporting chain, or the same person."""
    people, parent = _org_tree(mentees, mentors, reporting_lines)
    n_people = len(people)
    position = {person_id: p for p, person_id in enumerate(people)}
    mentee_of = np.full(n_people, -1, dtype=np.int64)
    mentor_of = np.full(n_people, -1, dtype=np.int64)
    mentee_of[[position[m.id] for m in mentees]] = np.arange(len(mentees))
    mentor_of[[position[m.id] for m in mentors]] = np.arange(len(mentors))
    found_e: list[IntArray] = []
    found_m: list[IntArray] = []
    # The person itself counts as its own "ancestor at depth 0": nobody mentors themself.
    node = np.arange(n_people, dtype=np.int64)
    ancestor = node.copy()
    while node.size:
        down = (mentee_of[node] >= 0) & (mentor_of[ancestor] >= 0)
        found_e.append(mentee_of[node[down]])
        found_m.append(mentor_of[ancestor[down]])
        up = (mentor_of[node] >= 0) & (mentee_of[ancestor] >= 0)
        found_e.append(mentee_of[ancestor[up]])
        found_m.append(mentor_of[node[up]])
        ancestor = parent[ancestor]
        keep = ancestor >= 0
        node, ancestor = node[keep], ancestor[keep]
    return np.concatenate(found_e), np.concatenate(found_m)


def _org_tree(
    mentees: Sequence[Mentee],
    mentors: Sequence[Mentor],
    reporting_lines: Mapping[str, str | None],
) -> tuple[list[str], IntArray]:
    manager_of: dict[str, str | None] = dict(reporting_lines)
    people_lines: list[tuple[str, str | None]] = [(m.id, m.manager_id) for m in mentees]
    people_lines += [(m.id, m.manager_id) for m in mentors]
    for person_id, manager_id in people_lines:
        known = manager_of.get(person_id)
        if manager_id is None or known == manager_id:
            manager_of.setdefault(person_id, None)
            continue
        if known is not None:
            raise MatchingInputError(
                f"person {person_id!r} has two managers: {known!r} and {manager_id!r}"
            )
        manager_of[person_id] = manager_id
    people = list(manager_of)
    people += sorted({m for m in manager_of.values() if m is not None} - set(manager_of))
    position = {person_id: p for p, person_id in enumerate(people)}
    parent = np.full(len(people), -1, dtype=np.int64)
    for person_id, manager_id in manager_of.items():
        if manager_id is not None:
            parent[position[person_id]] = position[manager_id]
    _refuse_cycles(people, parent)
    return people, parent


def _refuse_cycles(people: Sequence[str], parent: IntArray) -> None:
    n_people = len(people)
    root = n_people
    # Pointer doubling: after 2**k >= n jumps every node of a tree has reached the root.
    jump = np.append(np.where(parent >= 0, parent, root), root)
    for _ in range(max(1, int(np.ceil(np.log2(n_people + 1))) + 1)):
        jump = jump[jump]
    stuck = np.flatnonzero(jump[:n_people] != root)
    if stuck.size == 0:
        return
    seen: list[int] = []
    node = int(stuck[0])
    while node not in seen:
        seen.append(node)
        node = int(parent[node])
    cycle = seen[seen.index(node) :]
    names = " -> ".join(people[p] for p in [*cycle, cycle[0]])
    raise MatchingInputError(f"reporting cycle: {names}")


def check_fixed_pairs(
    mentees: Sequence[Mentee], mentors: Sequence[Mentor], config: MatchConfig
) -> None:
    """Raise when a fixed pair names an unknown person, repeats a mentee or overfills a mentor."""
    mentee_ids = {m.id for m in mentees}
    capacity = {m.id: m.capacity for m in mentors}
    taken: dict[str, int] = {}
    seen_mentees: set[str] = set()
    for mentee_id, mentor_id in sorted(config.fixed_pairs):
        if mentee_id not in mentee_ids:
            raise MatchingInputError(f"fixed pair names unknown mentee id {mentee_id!r}")
        if mentor_id not in capacity:
            raise MatchingInputError(f"fixed pair names unknown mentor id {mentor_id!r}")
        if mentee_id in seen_mentees:
            raise MatchingInputError(f"mentee {mentee_id!r} is in more than one fixed pair")
        seen_mentees.add(mentee_id)
        taken[mentor_id] = taken.get(mentor_id, 0) + 1
        if taken[mentor_id] > capacity[mentor_id]:
            raise MatchingInputError(
                f"fixed pairs give mentor {mentor_id!r} more mentees than its capacity "
                f"{capacity[mentor_id]}"
            )
