"""Publication memory: a published figure moves only when at least k people behind it changed.

One report is protected by the k-threshold and complementary suppression (domain.reporting),
but an administrator may ask for any number of reports and change what their role allows in
between (move a person to another level, wait for one check-in) and subtract. So reports are
read from a *published* copy of each participant's facts, and a participant's copy moves on
only together with others: every published cell (a measure for a group, a total, a competency,
a theme) that a batch of changes would move must be moved by at least k people, counting a
person who joins, leaves, or whose part of the figure changed. Cells over fewer than k people
before and after are suppressed either way and impose nothing. Changes that would move a cell
by fewer than k people wait, and the cell keeps its previous value, until enough others join.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Hashable, Mapping
from typing import Any

# A cell of the report: ("breakdown", measure, dimension, group), ("total", measure),
# ("competency", id) or ("theme", id).
CellKey = tuple[str, ...]
# A participant's published or current state: their part of each cell they count in.
State = Mapping[CellKey, Hashable]

DIMENSIONS = ("cohort", "department", "level", "support")


def _answered(column: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda row: row[column] is not None


# Per measure: whether a participant counts among its people, and the columns of their part.
PARTS: dict[str, tuple[Callable[[Mapping[str, Any]], bool], tuple[str, ...]]] = {
    "participation": (lambda row: True, ("matched", "active")),
    "acceptance": (lambda row: bool(row["offered"]), ("accepted",)),
    "first_meeting": (_answered("first_meeting_days"), ("first_meeting_days",)),
    "cadence": (lambda row: bool(row["cadence_due"]), ("cadence_kept",)),
    "stalled": (lambda row: bool(row["running"]), ("idle_14", "idle_30", "idle_90")),
    "goals": (lambda row: bool(row["decided"]), ("met", "decided")),
    "satisfaction": (_answered("satisfaction"), ("satisfaction",)),
    "growth": (_answered("growth"), ("growth",)),
}


def group_key(value: object) -> str:
    """Return a group's value as text, the same whether it came from SQL or from a row."""
    if value is None or value == "":
        return ""
    text = str(value)
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if math.isfinite(number) and number.is_integer() else text


def state_of(
    participant: Mapping[str, Any] | None,
    competencies: Mapping[int, float],
    themes: Collection[int],
) -> dict[CellKey, Hashable]:
    """Return the cells a participant counts in and their part of each (empty when absent)."""
    state: dict[CellKey, Hashable] = {}
    if participant is not None:
        for measure, (counted, columns) in PARTS.items():
            if not counted(participant):
                continue
            part = tuple(participant[column] for column in columns)
            state[("total", measure)] = part
            for dimension in DIMENSIONS:
                group = group_key(participant[dimension])
                state[("breakdown", measure, dimension, group)] = part
    for competency, change in competencies.items():
        state[("competency", str(competency))] = change
    for theme in themes:
        state[("theme", str(theme))] = True
    return state


_ABSENT = object()


def releasable(
    changes: Mapping[int, tuple[State, State]], published_people: Mapping[CellKey, int], k: int
) -> frozenset[int]:
    """Return the participants whose (published, current) states may be published now.

    Start from everyone who changed; while some cell would move by fewer than k of them (and
    is over k people before or after), hold those back. Holding back only lowers the counts,
    so this ends, and what it returns moves every such cell by zero or at least k people.
    """
    released = set(changes)
    while True:
        moved: dict[CellKey, set[int]] = {}
        joined: dict[CellKey, int] = {}
        for participant in released:
            old, new = changes[participant]
            for cell in old.keys() | new.keys():
                if old.get(cell, _ABSENT) != new.get(cell, _ABSENT):
                    moved.setdefault(cell, set()).add(participant)
                    joined[cell] = joined.get(cell, 0) + (cell in new) - (cell in old)
        held: set[int] = set()
        for cell, people in moved.items():
            before = published_people.get(cell, 0)
            if len(people) < k and max(before, before + joined[cell]) >= k:
                held |= people
        if not held:
            return frozenset(released)
        released -= held
