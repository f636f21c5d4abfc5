"""Calendars a person's busy times come from: a private iCal address or a CalDAV account."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.text import single_line
from growpath.i18n import N_

ICS, CALDAV = "ics", "caldav"
KINDS = (ICS, CALDAV)
KIND_NAMES = {ICS: "private iCal address", CALDAV: "CalDAV account"}
MAX_URL, MAX_CREDENTIAL = 2000, 500
# Enough for a work calendar and a personal one, and a spare; each is fetched on every search.
MAX_SOURCES = 3


@dataclass(frozen=True)
class BusyCalendar:
    """Where to read someone's busy times, checked; credentials only for CalDAV."""

    kind: str
    url: str
    username: str
    password: str


def busy_calendar(kind: str, url: str, username: str = "", password: str = "") -> BusyCalendar:
    """Return a checked busy calendar, or raise InvalidInput naming each bad field."""
    problems: list[Problem] = []
    url = url.strip()
    if kind not in KINDS:
        problems.append(
            Problem.of(N_("must be one of %(choices)s"), "kind", choices=", ".join(KINDS))
        )
    parts = urlsplit(url)
    if not url:
        problems.append(Problem(N_("is missing"), "url"))
    elif len(url) > MAX_URL:
        problems.append(Problem.of(N_("is longer than %(most)s characters"), "url", most=MAX_URL))
    elif parts.scheme not in ("http", "https") or not parts.hostname:
        problems.append(Problem(N_("must be an http:// or https:// address"), "url"))
    single_line(url, "url", problems)
    if kind == CALDAV and not username:
        problems.append(Problem(N_("is needed for a CalDAV account"), "username"))
    if kind == CALDAV and not password:
        problems.append(Problem(N_("is needed for a CalDAV account"), "password"))
    for name, value in (("username", username), ("password", password)):
        if len(value) > MAX_CREDENTIAL:
            problems.append(
                Problem.of(N_("is longer than %(most)s characters"), name, most=MAX_CREDENTIAL)
            )
        single_line(value, name, problems)
    if problems:
        raise InvalidInput(problems)
    # An iCal address carries its secret in the URL; it has no other credentials to keep.
    if kind == ICS:
        username = password = ""
    return BusyCalendar(kind, url, username, password)


def host_of(url: str) -> str:
    """Return the host of a calendar's address: enough to tell calendars apart on a page."""
    return urlsplit(url).hostname or ""
