"""Values as HRIS exports write them, read leniently but exactly: "3.0" is 3, "3.5" is refused.

Each parser returns the value growpath keeps or raises ValueError (a BadValue, its message a
marked constant) naming what it was given; `what` may be a Term, named in the reader's language.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from zoneinfo import available_timezones

from growpath.domain.errors import BadValue
from growpath.i18n import N_

_WHOLE_NUMBER = re.compile(r"[+-]?\d+(?:\.0*)?")
# Workday writes "GMT+01:00 Central European Time (Berlin)", Windows-style lists write
# "(UTC+01:00) Berlin"; both name a city after the offset.
_OFFSET_PREFIX = re.compile(r"^\(?(?:GMT|UTC)\s*[+\-−]\s*\d{1,2}(?::?\d{2})?\)?\s*", re.IGNORECASE)
_CITY_IN_PARENTHESES = re.compile(r"\(([^()]+)\)\s*$")
# Zones under these areas are places; the rest (Etc/, US/, links) are not cities to pick.
_AREAS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_SLASHED_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_TRUE = frozenset({"true", "yes", "y", "1", "x", "external", "contractor", "contingent worker"})
_FALSE = frozenset({"false", "no", "n", "0", "", "internal", "employee"})


def whole_number(raw: object, what: str) -> int:
    """Return raw as an int when it is one, written as 3, "3" or "3.0"; else raise ValueError."""
    if isinstance(raw, bool):
        raise BadValue(N_("%(what)s '%(value)s' is not a whole number"), what=what, value=raw)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = str(raw).strip()
    if not _WHOLE_NUMBER.fullmatch(text):
        raise BadValue(N_("%(what)s '%(value)s' is not a whole number"), what=what, value=text)
    return int(text.split(".")[0])


@cache
def _zones() -> dict[str, str]:
    zones = {name.casefold(): name for name in available_timezones()}
    zones["utc"] = "UTC"
    return zones


@cache
def _zones_by_city() -> dict[str, tuple[str, ...]]:
    cities: dict[str, list[str]] = {}
    for name in sorted(available_timezones()):
        if name.startswith(_AREAS):
            city = name.rsplit("/", 1)[1].replace("_", " ").casefold()
            cities.setdefault(city, []).append(name)
    return {city: tuple(names) for city, names in cities.items()}


def time_zone(raw: str) -> str:
    """Return the IANA zone raw names (any case, or Workday's "GMT+01:00 … (Berlin)")."""
    text = " ".join(raw.split())
    if not text:
        return "UTC"
    if found := _zones().get(text.casefold()):
        return found
    if _OFFSET_PREFIX.match(text):
        rest = _OFFSET_PREFIX.sub("", text, count=1)
        city = _CITY_IN_PARENTHESES.search(rest)
        place = (city.group(1) if city else rest).strip().casefold()
        zones = _zones_by_city().get(place, ())
        if len(zones) == 1:
            return zones[0]
        if zones:
            raise BadValue(
                N_("'%(value)s' could be any of %(zones)s; write the IANA name"),
                value=text,
                zones=", ".join(zones),
            )
    raise BadValue(N_("'%(value)s' is not an IANA time zone such as Europe/Berlin"), value=text)


def calendar_date(raw: object, what: str) -> date | None:
    """Return the date raw writes (YYYY-MM-DD, DD.MM.YYYY or an unambiguous D/M/Y), or None."""
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    if not text:
        return None
    try:
        if found := _ISO_DATE.fullmatch(text):
            return date(int(found[1]), int(found[2]), int(found[3]))
        if found := _DOTTED_DATE.fullmatch(text):
            return date(int(found[3]), int(found[2]), int(found[1]))
        if found := _SLASHED_DATE.fullmatch(text):
            return _slashed(found[1], found[2], found[3], text, what)
    except BadValue:
        raise
    except ValueError:
        raise BadValue(
            N_("%(what)s '%(value)s' is not a date on the calendar"), what=what, value=text
        ) from None
    raise BadValue(
        N_("%(what)s '%(value)s' is not a date; write it as YYYY-MM-DD"), what=what, value=text
    )


def _slashed(first: str, second: str, year: str, text: str, what: str) -> date:
    # US exports write M/D/Y, most others D/M/Y: only a day above 12 (or both equal) tells.
    a, b = int(first), int(second)
    if a > 12:
        return date(int(year), b, a)
    if b > 12 or a == b:
        return date(int(year), a, b)
    raise BadValue(
        N_(
            "%(what)s '%(value)s' could be %(a)s/%(b)s or %(b)s/%(a)s as day/month; "
            "write it as YYYY-MM-DD"
        ),
        what=what,
        value=text,
        a=a,
        b=b,
    )


def flag(raw: object, what: str) -> bool:
    """Return raw as yes or no (true/false, yes/no, 1/0, external/internal); else ValueError."""
    if isinstance(raw, bool):
        return raw
    if raw is None:
        return False
    text = " ".join(str(raw).split()).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise BadValue(
        N_("%(what)s '%(value)s' is neither yes nor no (true/false, 1/0, external/internal)"),
        what=what,
        value=raw,
    )


def name_key(raw: str) -> str:
    """Return the form two spellings of one full name share: "Hopper, Grace" is "grace hopper"."""
    last, comma, first = raw.partition(",")
    ordered = f"{first} {last}" if comma else raw
    return " ".join(ordered.split()).casefold()
