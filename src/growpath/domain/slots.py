"""Finding a time: free slots of a session's length that suit both people of a pair.

Pure: each person's working hours in their own time zone, busy intervals in UTC (their
growpath sessions, widened by a buffer, and the busy times of their own calendars) and the
clock's now are given; the same inputs always give the same slots.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from growpath.domain.errors import Conflict, InvalidInput, Problem
from growpath.domain.hris_values import time_zone
from growpath.i18n import N_

Interval = tuple[datetime, datetime]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DEFAULT_DAYS = frozenset(range(5))
DEFAULT_STARTS, DEFAULT_ENDS = time(9), time(17)
SEARCH_DAYS = 14
MAX_SLOTS = 5
# Slots start on the half hour, and never sooner than an hour from now: time to read the mail.
STEP = timedelta(minutes=30)
MIN_NOTICE = timedelta(hours=1)
# Room to breathe (and to run over) around the sessions people already have.
SESSION_BUFFER = timedelta(minutes=15)


@dataclass(frozen=True)
class WorkingHours:
    """The days and hours a person meets, in their own time zone (Monday is day 0)."""

    days: frozenset[int]
    starts: time
    ends: time
    time_zone: str


@dataclass(frozen=True)
class Slot:
    """A free time of the session's length."""

    starts_at: datetime
    ends_at: datetime


def default_hours(zone: str) -> WorkingHours:
    """Return the working hours of a person who has not set theirs: Monday–Friday 9–17."""
    return WorkingHours(DEFAULT_DAYS, DEFAULT_STARTS, DEFAULT_ENDS, zone)


def working_hours(days: Iterable[int], starts: time, ends: time, zone: str) -> WorkingHours:
    """Return checked working hours, or raise InvalidInput naming each bad field."""
    problems = []
    chosen = frozenset(days)
    if not chosen:
        problems.append(Problem(N_("choose at least one day"), "days"))
    elif not chosen <= set(range(7)):
        problems.append(Problem(N_("days are 0 (Monday) to 6 (Sunday)"), "days"))
    if starts.tzinfo is not None or ends.tzinfo is not None:
        problems.append(
            Problem(N_("is a time of day in your own zone, without an offset"), "starts")
        )
    elif ends <= starts:
        problems.append(Problem(N_("must be later than the start of your day"), "ends"))
    try:
        zone = time_zone(zone)
    except ValueError as exc:
        problems.append(Problem.from_error(exc, "time_zone"))
    if problems:
        raise InvalidInput(problems)
    return WorkingHours(chosen, starts.replace(second=0, microsecond=0), ends, zone)


def within_hours(hours: WorkingHours, start: datetime, end: datetime) -> bool:
    """Whether start–end lies inside one of the person's working days, in their zone."""
    zone = ZoneInfo(hours.time_zone)
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    return (
        local_start.weekday() in hours.days
        and local_start.date() == local_end.date()
        and hours.starts <= local_start.time()
        and local_end.time() <= hours.ends
    )


def overlaps(start: datetime, end: datetime, intervals: Iterable[Interval]) -> bool:
    """Whether start–end shares any moment with one of the intervals (touching is fine)."""
    return any(busy_start < end and start < busy_end for busy_start, busy_end in intervals)


def widened(intervals: Iterable[Interval], buffer: timedelta) -> list[Interval]:
    """Return the intervals with a buffer added before and after each."""
    return [(start - buffer, end + buffer) for start, end in intervals]


def is_free(
    start: datetime, minutes: int, hours: Sequence[WorkingHours], busy: Sequence[Interval]
) -> bool:
    """Whether a session at start suits everyone's working hours and clashes with nothing."""
    end = start + timedelta(minutes=minutes)
    return all(within_hours(h, start, end) for h in hours) and not overlaps(start, end, busy)


def check_free(
    start: datetime,
    minutes: int,
    hours: Sequence[WorkingHours],
    busy: Sequence[Interval],
    now: datetime,
) -> None:
    """Refuse a slot that has passed, is too soon, or is no longer free for both people."""
    if start.tzinfo is None:
        raise InvalidInput(
            [Problem(N_("needs a time zone, e.g. 2026-05-04T10:00:00+02:00"), "starts_at")]
        )
    if start < now + MIN_NOTICE:
        raise Conflict(N_("that time has passed or is less than an hour away; choose another slot"))
    if not is_free(start, minutes, hours, busy):
        raise Conflict(
            N_(
                "that time is no longer free for both of you (a session or a calendar entry "
                "took it, or working hours changed); choose one of the fresh slots"
            )
        )


def propose_slots(
    now: datetime,
    minutes: int,
    hours: Sequence[WorkingHours],
    busy: Sequence[Interval],
    *,
    days: int = SEARCH_DAYS,
    count: int = MAX_SLOTS,
) -> list[Slot]:
    """Return up to count free slots in the next days, spread over different days, sorted."""
    length = timedelta(minutes=minutes)
    free = [
        start
        for start in _starts(now, now + timedelta(days=days) - length)
        if is_free(start, minutes, hours, busy)
    ]
    # One slot a day first (the day as the first person counts it), so people can choose
    # between days; then, when the days run out, more slots on the same days.
    day_zone = ZoneInfo(hours[0].time_zone) if hours else ZoneInfo("UTC")
    chosen: list[datetime] = []
    days_taken: set[object] = set()
    for start in free:
        day = start.astimezone(day_zone).date()
        if day not in days_taken and len(chosen) < count:
            chosen.append(start)
            days_taken.add(day)
    for start in free:
        if len(chosen) >= count:
            break
        if all(abs(start - other) >= length for other in chosen):
            chosen.append(start)
    return [Slot(start, start + length) for start in sorted(chosen)]


def _starts(now: datetime, last: datetime) -> list[datetime]:
    """Return every half-hour start from the first one far enough ahead up to last."""
    step = STEP.total_seconds()
    first = datetime.fromtimestamp(math.ceil((now + MIN_NOTICE).timestamp() / step) * step, UTC)
    starts = []
    while first <= last:
        starts.append(first)
        first += STEP
    return starts
