"""Named whole-number settings with a range each (a program's rules and schedules)."""

from __future__ import annotations

from collections.abc import Mapping

from growpath.domain.errors import Problem
from growpath.i18n import N_


def bounded_numbers(
    raw: object,
    field: str,
    bounds: Mapping[str, tuple[int, int]],
    problems: list[Problem],
    noun: str = "key",
    unit: str = "",
) -> dict[str, int]:
    """Return the known whole numbers within their bounds; note a problem for each other."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        problems.append(Problem(N_("must be an object"), field))
        return {}
    suffix = f" {unit}" if unit else ""
    numbers: dict[str, int] = {}
    for key, value in raw.items():
        limits = bounds.get(str(key))
        where = f"{field}.{key}"
        if limits is None:
            problems.append(Problem(f"unknown {noun}; expected {', '.join(bounds)}", where))
        elif isinstance(value, bool) or not isinstance(value, int):
            problems.append(
                Problem(f"must be a whole number{f' of {unit}' if unit else ''}", where)
            )
        elif not limits[0] <= value <= limits[1]:
            problems.append(Problem(f"must be {limits[0]}–{limits[1]}{suffix}", where))
        else:
            numbers[str(key)] = value
    return numbers
