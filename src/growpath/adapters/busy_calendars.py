"""Busy times from a person's other calendars (an iCal address or CalDAV), without their content."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import recurring_ical_events
from icalendar import Calendar, Component, Event

from growpath.adapters.safe_fetch import AllowList, FetchFailed, fetch

Interval = tuple[datetime, datetime]
# A calendar that repeats an event every minute would otherwise expand without end.
MAX_OCCURRENCES = 20_000
# Floating and all-day times are read in the calendar's zone, at most 14 hours from UTC:
# asking the expander for a day more on each side never misses one of them.
MARGIN = timedelta(days=1)
FREE = {"TRANSPARENT"}
BUSY_TYPES = {"BUSY", "BUSY-UNAVAILABLE", "BUSY-TENTATIVE"}


@dataclass(frozen=True)
class BusySource:
    """Where a person's busy times come from; the password is the CalDAV one (or None)."""

    kind: Literal["ics", "caldav"]
    url: str
    username: str | None = None
    password: str | None = None

    def __repr__(self) -> str:
        # The URL of a secret iCal address and the password are credentials: never in a log.
        return f"BusySource(kind={self.kind!r}, url=[hidden])"


def fetch_busy(
    source: BusySource, start: datetime, end: datetime, allow: AllowList
) -> list[tuple[datetime, datetime]]:
    """Return the merged busy intervals (aware UTC) of a source within [start, end)."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("fetch_busy needs aware datetimes")
    if source.kind == "ics":
        return busy_in_ics(fetch(source.url, allow=allow), start, end)
    # Imported here: the CalDAV client pulls in an HTTP stack only CalDAV sources need.
    from growpath.adapters.caldav_busy import caldav_busy

    return caldav_busy(source, start, end, allow)


def busy_in_ics(data: bytes, start: datetime, end: datetime) -> list[Interval]:
    """Return the busy intervals an iCalendar file holds within [start, end)."""
    try:
        calendar = Calendar.from_ical(data)
    except ValueError as exc:
        raise FetchFailed("the address did not return an iCalendar file") from exc
    if not isinstance(calendar, Calendar) or calendar.name != "VCALENDAR":
        raise FetchFailed("the address did not return an iCalendar file")
    return merged(event_intervals([calendar], start, end), start, end)


def event_intervals(
    calendars: Iterable[Calendar], start: datetime, end: datetime
) -> Iterator[Interval]:
    """Yield the UTC interval of every busy event occurrence of the calendars near the window."""
    for calendar in calendars:
        zone = _default_zone(calendar)
        query = recurring_ical_events.of(calendar, skip_bad_series=True)
        count = 0
        try:
            for event in query.after(start - MARGIN):
                count += 1
                if count > MAX_OCCURRENCES:
                    raise FetchFailed(f"the calendar repeats more than {MAX_OCCURRENCES} events")
                interval = _interval(event, zone)
                if interval is None:
                    continue
                if interval[0] >= end + MARGIN:
                    break
                yield interval
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            # The library's own errors for a series it cannot expand derive from these.
            raise FetchFailed("the calendar holds an event that cannot be read") from exc


def _interval(event: Component, zone: tzinfo) -> Interval | None:
    """Return an occurrence's UTC interval, or None if it does not make anyone busy."""
    if not isinstance(event, Event):
        return None
    if str(event.get("TRANSP", "OPAQUE")).upper() in FREE:
        return None
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    try:
        starts, ends = event.start, event.end
    except (ValueError, KeyError, AttributeError):
        return None
    first, last = _utc(starts, zone), _utc(ends, zone)
    return (first, last) if last > first else None


def _utc(moment: date | datetime, zone: tzinfo) -> datetime:
    if not isinstance(moment, datetime):
        # An all-day event fills the whole day where the calendar lives.
        moment = datetime.combine(moment, time(0))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def _default_zone(calendar: Calendar) -> tzinfo:
    """Return the zone floating times are in: X-WR-TIMEZONE, the calendar's one zone, or UTC."""
    named = str(calendar.get("X-WR-TIMEZONE", ""))
    zones = sorted({str(c["TZID"]) for c in calendar.walk("VTIMEZONE") if c.get("TZID")})
    candidate = named or (zones[0] if len(zones) == 1 else "")
    try:
        return ZoneInfo(candidate) if candidate else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def merged(intervals: Iterable[Interval], start: datetime, end: datetime) -> list[Interval]:
    """Return the intervals clipped to [start, end), sorted, with overlaps joined."""
    window_start, window_end = start.astimezone(UTC), end.astimezone(UTC)
    clipped = sorted(
        (max(a, window_start), min(b, window_end))
        for a, b in intervals
        if a < window_end and b > window_start
    )
    result: list[Interval] = []
    for first, last in clipped:
        if result and first <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], last))
        else:
            result.append((first, last))
    return result
