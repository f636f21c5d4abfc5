"""Busy times from a real Radicale (CalDAV) and a real HTTP server of .ics files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from growpath.adapters.busy_calendars import BusySource, fetch_busy
from growpath.adapters.safe_fetch import AllowList, FetchFailed
from tests.calendar_servers import (
    IcsServer,
    RadicaleServer,
    event_ics,
    ics_server,
    radicale,
)

__all__ = ["ics_server", "radicale"]  # fixtures, used by name below

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)
WEEK_END = MONDAY + timedelta(days=7)
LOCAL = AllowList.parse("127.0.0.1")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return MONDAY + timedelta(days=day, hours=hour, minutes=minute)


RECURRING_ICS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//tests//EN\r
X-WR-TIMEZONE:Europe/Berlin\r
BEGIN:VEVENT\r
UID:standup\r
DTSTAMP:20260101T000000Z\r
DTSTART;TZID=Europe/Berlin:20260302T090000\r
DTEND;TZID=Europe/Berlin:20260302T093000\r
RRULE:FREQ=DAILY;COUNT=5\r
EXDATE;TZID=Europe/Berlin:20260304T090000\r
RDATE;TZID=Europe/Berlin:20260307T090000\r
SUMMARY:Secret stand-up about the reorganisation\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:free\r
DTSTAMP:20260101T000000Z\r
DTSTART:20260303T140000Z\r
DTEND:20260303T150000Z\r
TRANSP:TRANSPARENT\r
SUMMARY:Reminder only\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:cancelled\r
DTSTAMP:20260101T000000Z\r
DTSTART:20260303T160000Z\r
DTEND:20260303T170000Z\r
STATUS:CANCELLED\r
SUMMARY:Called off\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:holiday\r
DTSTAMP:20260101T000000Z\r
DTSTART;VALUE=DATE:20260306\r
DTEND;VALUE=DATE:20260307\r
SUMMARY:Day off\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:floating\r
DTSTAMP:20260101T000000Z\r
DTSTART:20260305T150000\r
DTEND:20260305T160000\r
SUMMARY:Floating dentist\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:overlap\r
DTSTAMP:20260101T000000Z\r
DTSTART:20260302T081500Z\r
DTEND:20260302T090000Z\r
SUMMARY:Overlaps the stand-up\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:outside\r
DTSTAMP:20260101T000000Z\r
DTSTART:20260401T080000Z\r
DTEND:20260401T090000Z\r
SUMMARY:Next month\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_busy_times_from_an_ics_address_expand_repeats_and_skip_free_and_cancelled(
    ics_server: IcsServer,
) -> None:
    ics_server.files["/secret/basic.ics"] = RECURRING_ICS
    source = BusySource("ics", ics_server.url("/secret/basic.ics"))

    busy = fetch_busy(source, MONDAY, WEEK_END, LOCAL)

    assert busy == [
        # 09:00 Berlin is 08:00 UTC; the 08:15-09:00 event joins the first stand-up.
        (at(0, 8), at(0, 9)),
        (at(1, 8), at(1, 8, 30)),
        # The 4th is excluded (EXDATE); the 5th repeats; the 7th is an extra date (RDATE).
        (at(3, 8), at(3, 8, 30)),
        # Floating 15:00 is read in the calendar's zone, Berlin.
        (at(3, 14), at(3, 15)),
        # A day off fills the 6th in the calendar's zone (from 23:00 UTC the day before),
        # and swallows that day's stand-up.
        (at(3, 23), at(4, 23)),
        (at(5, 8), at(5, 8, 30)),
    ]
    assert all(start.tzinfo is UTC and end.tzinfo is UTC for start, end in busy)


def test_busy_times_are_clipped_to_the_window(ics_server: IcsServer) -> None:
    ics_server.files["/c.ics"] = event_ics(at(0, 7), at(0, 12)).encode()

    busy = fetch_busy(BusySource("ics", ics_server.url("/c.ics")), at(0, 9), at(0, 10), LOCAL)

    assert busy == [(at(0, 9), at(0, 10))]


def test_an_address_that_is_no_calendar_fails_with_a_clear_reason(ics_server: IcsServer) -> None:
    ics_server.files["/page.html"] = b"<html><body>Sign in</body></html>"

    with pytest.raises(FetchFailed, match="did not return an iCalendar file"):
        fetch_busy(BusySource("ics", ics_server.url("/page.html")), MONDAY, WEEK_END, LOCAL)


def test_a_missing_file_fails_with_the_status_and_not_the_secret_path(
    ics_server: IcsServer,
) -> None:
    with pytest.raises(FetchFailed) as refused:
        fetch_busy(
            BusySource("ics", ics_server.url("/private-abc123/basic.ics")), MONDAY, WEEK_END, LOCAL
        )

    assert "HTTP 404" in str(refused.value)
    assert "private-abc123" not in str(refused.value)


def test_a_runaway_repeat_is_refused_instead_of_expanded_for_ever(ics_server: IcsServer) -> None:
    ics_server.files["/every-second.ics"] = event_ics(
        at(0, 0), at(0, 0, 1), extra="RRULE:FREQ=SECONDLY"
    ).encode()

    with pytest.raises(FetchFailed, match="repeats more than"):
        fetch_busy(BusySource("ics", ics_server.url("/every-second.ics")), MONDAY, WEEK_END, LOCAL)


def test_busy_times_from_radicale_by_free_busy(radicale: RadicaleServer) -> None:
    radicale.add_event(event_ics(at(0, 10), at(0, 11), summary="Board meeting"))
    radicale.add_event(event_ics(at(0, 10, 30), at(0, 12)))
    radicale.add_event(event_ics(at(2, 13), at(2, 14), extra="RRULE:FREQ=DAILY;COUNT=2"))
    radicale.add_event(event_ics(at(1, 9), at(1, 10), extra="TRANSP:TRANSPARENT"))
    source = BusySource(
        "caldav", radicale.calendar_url, username=radicale.username, password=radicale.password
    )

    busy = fetch_busy(source, MONDAY, WEEK_END, LOCAL)

    assert busy == [(at(0, 10), at(0, 12)), (at(2, 13), at(2, 14)), (at(3, 13), at(3, 14))]


def test_busy_times_from_the_radicale_account_address_cover_its_calendars(
    radicale: RadicaleServer,
) -> None:
    radicale.add_event(event_ics(at(4, 15), at(4, 16)))
    source = BusySource(
        "caldav", radicale.root, username=radicale.username, password=radicale.password
    )

    assert fetch_busy(source, MONDAY, WEEK_END, LOCAL) == [(at(4, 15), at(4, 16))]


def test_a_wrong_caldav_password_fails_with_a_clear_reason(radicale: RadicaleServer) -> None:
    source = BusySource("caldav", radicale.calendar_url, username=radicale.username, password="no")

    with pytest.raises(FetchFailed, match="refused the user name or password") as failed:
        fetch_busy(source, MONDAY, WEEK_END, LOCAL)
    assert "no" not in str(failed.value).split(":")[-1].split()
