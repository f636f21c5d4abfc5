"""Maximum-gain capacitated assignment on candidate pairs, with dual prices.

The solve is a min-cost flow (OR-Tools) with integer gains. Dual prices (one per mentor,
one per mentee) are then recovered exactly, in integers, as longest paths in the graph of
"a mentor's price bounds another's"; they certify optimality on pairs never given to the
solver.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow

IndexArray = NDArray[np.int64]


class SolverError(RuntimeError):
    """The flow solver or the price recovery failed; this is a bug, not bad input."""


@dataclass(frozen=True)
class Solution:
    """Which mentor each mentee got (-1: none) and the dual prices proving it optimal."""

    match: IndexArray
    mentee_price: IndexArray
    mentor_price: IndexArray
    arc: IndexArray  # each matched mentee's position in the arrays given to solve, else -1


def solve(
    mentee: IndexArray, mentor: IndexArray, gain: IndexArray, capacity: IndexArray, n_mentees: int
) -> Solution:
    """Return the assignment maximising total gain over the given arcs, and its prices."""
    n_mentors = len(capacity)
    useful = np.flatnonzero(gain > 0)  # gaining nothing is never better than staying free
    mentee, mentor, gain = mentee[useful], mentor[useful], gain[useful]
    match = _flow(mentee, mentor, gain, capacity, n_mentees)
    mentor_price = _mentor_prices(mentee, mentor, gain, match, n_mentors)
    matched = match >= 0
    gain_of = np.zeros(n_mentees, dtype=np.int64)
    arc_of_match = _arc_index(mentee, mentor, n_mentors, np.flatnonzero(matched), match[matched])
    gain_of[matched] = gain[arc_of_match]
    mentee_price = np.where(matched, gain_of - mentor_price[np.maximum(match, 0)], 0)
    load = np.bincount(match[matched], minlength=n_mentors)
    if (mentee_price < 0).any() or (mentor_price[load < capacity] != 0).any():
        raise SolverError("prices violate complementary slackness; the flow is not optimal")
    arc = np.full(n_mentees, -1, dtype=np.int64)
    arc[matched] = useful[arc_of_match]
    return Solution(match, mentee_price, mentor_price, arc)


def _flow(
    mentee: IndexArray, mentor: IndexArray, gain: IndexArray, capacity: IndexArray, n_mentees: int
) -> IndexArray:
    n_mentors = len(capacity)
    sink = n_mentees + n_mentors
    flow = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([mentee, np.arange(n_mentees), n_mentees + np.arange(n_mentors)])
    heads = np.concatenate([n_mentees + mentor, np.full(n_mentees, sink), np.full(n_mentors, sink)])
    capacities = np.concatenate([np.ones(len(mentee) + n_mentees, np.int64), capacity])
    costs = np.concatenate([-gain, np.zeros(n_mentees + n_mentors, np.int64)])
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    supplies = np.concatenate([np.ones(n_mentees, np.int64), np.zeros(n_mentors, np.int64)])
    flow.set_nodes_supplies(np.arange(sink + 1), np.append(supplies, -n_mentees))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise SolverError(f"min-cost flow ended with status {status}")
    used = flow.flows(np.arange(len(mentee))) > 0
    match = np.full(n_mentees, -1, dtype=np.int64)
    match[mentee[used]] = mentor[used]
    return match


def _arc_index(
    mentee: IndexArray, mentor: IndexArray, n_mentors: int, rows: IndexArray, cols: IndexArray
) -> IndexArray:
    keys = mentee * n_mentors + mentor
    order = np.argsort(keys, kind="stable")
    return order[np.searchsorted(keys[order], rows * n_mentors + cols)]


def _mentor_prices(
    mentee: IndexArray, mentor: IndexArray, gain: IndexArray, match: IndexArray, n_mentors: int
) -> IndexArray:
    # Smallest prices v with v >= 0, v[m] >= gain of a free mentee's arc to m, and
    # v[m'] >= v[m] + gain(e, m') - gain(e, m) when e is matched to m: longest paths.
    price = np.zeros(n_mentors, dtype=np.int64)
    free = match[mentee] < 0
    np.maximum.at(price, mentor[free], gain[free])
    held = match[mentee]
    arcs = np.flatnonzero((held >= 0) & (held != mentor))
    own_gain = np.zeros(len(match), dtype=np.int64)
    is_own = (held >= 0) & (held == mentor)
    own_gain[mentee[is_own]] = gain[is_own]
    source = held[arcs]
    target = mentor[arcs]
    weight = gain[arcs] - own_gain[mentee[arcs]]
    order = np.argsort(source, kind="stable")
    source, target, weight = source[order], target[order], weight[order]
    starts = np.searchsorted(source, np.arange(n_mentors + 1))
    active = np.arange(n_mentors)
    for _ in range(n_mentors + 1):
        counts = starts[active + 1] - starts[active]
        if counts.sum() == 0:
            return price
        offsets = np.repeat(starts[active] - np.cumsum(counts) + counts, counts)
        arc = offsets + np.arange(counts.sum())
        reach = price[source[arc]] + weight[arc]
        before = price.copy()
        np.maximum.at(price, target[arc], reach)
        active = np.flatnonzero(price > before)
    raise SolverError("a positive price cycle: the flow is not optimal")
