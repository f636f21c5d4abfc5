"""Reading the engagement and session forms' text fields into numbers, dates and times."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from growpath.domain.errors import Problem
from growpath.i18n import N_

# Where a finished form may send the visitor back to: an engagement or a session page.
BACK_PATH = re.compile(r"^/(engagements|sessions)/\d+$")


def number_or_none(raw: str, name: str, problems: list[Problem]) -> float | None:
    """Read an optional decimal number; note a problem when it is not one."""
    text = raw.strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        problems.append(Problem.of(N_("must be a number, like 3 or 2.5"), name))
        return None


def local_time(raw: str, zone: str, name: str, problems: list[Problem]) -> datetime | None:
    """Read a date-time input's local time in the given time zone as an aware datetime."""
    text = raw.strip()
    if not text:
        problems.append(Problem(N_("is missing"), name))
        return None
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        no_zone = N_("is not a time zone; use a name like Europe/Berlin")
        problems.append(Problem.of(no_zone, "timezone"))
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))
    except ValueError:
        problems.append(Problem.of(N_("must be a date and time like 2026-03-31T10:00"), name))
        return None


def back_to(path: str, fallback: str) -> str:
    """Return the page a form came from if it is an engagement or session page."""
    return path if BACK_PATH.fullmatch(path) else fallback
