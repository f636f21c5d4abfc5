"""Named whole-number settings with a range each (a program's rules and schedules)."""

from __future__ import annotations

from collections.abc import Mapping

from growpath.domain.errors import Problem
from growpath.i18n import N_

UNKNOWN_KEY = N_("unknown key; expected %(expected)s")


def bounded_numbers(
    raw: object,
    field: str,
    bounds: Mapping[str, tuple[int, int]],
    problems: list[Problem],
    unknown: str = UNKNOWN_KEY,
    in_days: bool = False,
) -> dict[str, int]:
    """Return the known whole numbers within their bounds; note a problem for each other.

    unknown is the marked message (with %(expected)s) for a name the bounds do not know.
    """
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        problems.append(Problem(N_("must be an object"), field))
        return {}
    not_whole = N_("must be a whole number of days") if in_days else N_("must be a whole number")
    outside = N_("must be %(least)s–%(most)s days") if in_days else N_("must be %(least)s–%(most)s")
    numbers: dict[str, int] = {}
    for key, value in raw.items():
        limits = bounds.get(str(key))
        where = f"{field}.{key}"
        if limits is None:
            problems.append(Problem.of(unknown, where, expected=", ".join(bounds)))
        elif isinstance(value, bool) or not isinstance(value, int):
            problems.append(Problem(not_whole, where))
        elif not limits[0] <= value <= limits[1]:
            problems.append(Problem.of(outside, where, least=limits[0], most=limits[1]))
        else:
            numbers[str(key)] = value
    return numbers
