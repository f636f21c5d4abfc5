"""Busy times from a CalDAV server (RFC 4791 free-busy-query), through the SSRF checks."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from caldav.collection import Calendar as CalDAVCalendar
from caldav.collection import Principal
from caldav.davclient import DAVClient
from caldav.elements import dav
from caldav.lib import error as caldav_errors
from icalendar import Calendar

from growpath.adapters.busy_calendars import BUSY_TYPES, Interval, event_intervals, merged
from growpath.adapters.checked_http import checked_session
from growpath.adapters.safe_fetch import (
    AllowList,
    FetchError,
    FetchFailed,
    checked_addresses,
    target,
)

if TYPE_CHECKING:
    from growpath.adapters.busy_calendars import BusySource

# The whole exchange (discovery, one report per calendar, redirects) within this time.
EXCHANGE_SECONDS = 20
MAX_BYTES = 5_000_000
log = logging.getLogger(__name__)


def caldav_busy(
    source: BusySource, start: datetime, end: datetime, allow: AllowList
) -> list[Interval]:
    """Return the busy intervals of a CalDAV calendar (or every calendar of an account)."""
    where = target(source.url)
    # Refuse early, with the host's own reason, before the client library starts.
    checked_addresses(where.host, where.port, allow)
    client = DAVClient(url=source.url, username=source.username, password=source.password)
    transport = checked_session(
        client.session, allow, seconds=EXCHANGE_SECONDS, max_bytes=MAX_BYTES
    )
    try:
        return merged(_busy(client, source.url, start, end), start, end)
    except FetchError:
        raise
    except caldav_errors.AuthorizationError as exc:
        raise FetchFailed(f"{where.host} refused the user name or password") from exc
    except Exception as exc:
        # The CalDAV library and its HTTP stack raise many kinds; each is one failed read.
        if transport.refused is not None:
            raise transport.refused from exc
        log.info("calendar.caldav_failed", extra={"host": where.host, "error": type(exc).__name__})
        raise FetchFailed(f"{where.host} did not answer as a CalDAV calendar") from exc
    finally:
        client.close()


def _busy(client: DAVClient, url: str, start: datetime, end: datetime) -> list[Interval]:
    calendars = _calendars(client, url)
    intervals: list[Interval] = []
    for calendar in calendars:
        intervals.extend(_calendar_busy(calendar, start, end))
    return intervals


def _calendars(client: DAVClient, url: str) -> list[Any]:
    """Return the calendar the URL names, or every calendar of the account it leads to."""
    calendar = CalDAVCalendar(client=client, url=url)
    kinds = calendar.get_property(dav.ResourceType(), use_cached=False) or ""
    if "calendar" in str(kinds):
        return [calendar]
    return list(Principal(client).calendars())


def _calendar_busy(calendar: Any, start: datetime, end: datetime) -> list[Interval]:
    """Ask for free-busy; fall back to the events in the window if the server has no such report."""
    utc_start, utc_end = start.astimezone(UTC), end.astimezone(UTC)
    try:
        answer = calendar.freebusy_request(utc_start, utc_end)
        return _free_busy_periods(answer.data)
    except (caldav_errors.ReportError, caldav_errors.DAVError, ValueError):
        log.info("calendar.caldav_freebusy_unsupported")
    events = calendar.search(start=utc_start, end=utc_end, event=True)
    calendars = [Calendar.from_ical(event.data) for event in events]
    return list(event_intervals(calendars, start, end))


def _free_busy_periods(data: str | bytes | None) -> list[Interval]:
    """Return the busy periods of a VFREEBUSY answer (FREE periods are left out)."""
    if not data:
        return []
    intervals: list[Interval] = []
    for component in Calendar.from_ical(data).walk("VFREEBUSY"):
        periods = component.get("FREEBUSY", [])
        for period in periods if isinstance(periods, list) else [periods]:
            kind = str(period.params.get("FBTYPE", "BUSY")).upper()
            if kind not in BUSY_TYPES:
                continue
            for first, last in _periods(period):
                intervals.append((first.astimezone(UTC), last.astimezone(UTC)))
    return intervals


def _periods(value: Any) -> list[tuple[datetime, datetime]]:
    """Return the (start, end) pairs of a FREEBUSY value: one or more PERIODs."""
    found: list[tuple[datetime, datetime]] = []
    for item in getattr(value, "dts", None) or [value]:
        start, second = item.dt
        found.append((start, second if isinstance(second, datetime) else start + second))
    return found
