"""Meeting links: where a pair meets online, as its program decides (none, Jitsi, own room)."""

from __future__ import annotations

import string
from urllib.parse import urlsplit

from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.text import control_found
from growpath.i18n import N_

NONE, JITSI, GUIDE_ROOM = "none", "jitsi", "guide_room"
MEETING_LINKS = (NONE, JITSI, GUIDE_ROOM)
MAX_URL = 500
# Characters a room address may hold unencoded; anything else (spaces, quotes, angle brackets)
# would end the link early in a calendar program or e-mail, or start markup.
URL_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")


def meeting_link_mode(value: object, field: str, problems: list[Problem]) -> str:
    """Return a program's meeting link setting, noting a problem if it is none of the three."""
    if value not in MEETING_LINKS:
        problems.append(
            Problem.of(N_("must be one of %(choices)s"), field, choices=", ".join(MEETING_LINKS))
        )
        return NONE
    return str(value)


def room_url_problem(text: str, field: str | None = None) -> Problem | None:
    """Return why a meeting room address is not a usable https link, or None if it is."""
    if len(text) > MAX_URL:
        return Problem.of(N_("must be at most %(most)s characters"), field, most=MAX_URL)
    found = control_found(text)
    if found is not None:
        return Problem.of(
            N_("must be one line without control characters (found %(found)s)"),
            field,
            found=found,
        )
    if not set(text) <= URL_CHARACTERS:
        return Problem(N_("must be a web address without spaces, quotes or angle brackets"), field)
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return Problem(N_("must be a web address such as https://zoom.us/j/123456789"), field)
    if parts.scheme.lower() != "https":
        return Problem(
            N_("must start with https:// (the room of Zoom, Teams, Meet or Jitsi)"), field
        )
    if not parts.hostname or "." not in parts.hostname:
        return Problem(
            N_("must name the meeting service's host, such as https://zoom.us/j/123456789"), field
        )
    if parts.username is not None or parts.password is not None:
        return Problem(N_("must not carry a user name or password before the host"), field)
    return None


def room_url(text: str, field: str = "meeting_room_url") -> str:
    """Return a guide's meeting room address, stripped, or raise InvalidInput naming the field."""
    cleaned = text.strip()
    if not cleaned:
        return ""
    problem = room_url_problem(cleaned, field)
    if problem is not None:
        raise InvalidInput([problem])
    return cleaned


def jitsi_room(base_url: str, token: str) -> str:
    """Return the Jitsi room of an engagement: the base address and its unguessable name."""
    return f"{base_url.rstrip('/')}/growpath-{token}"


def meeting_url(mode: str, *, jitsi_base: str, token: str, guide_room: str) -> str:
    """Return the link a pair meets at under a program's setting, or "" when there is none."""
    if mode == JITSI and token:
        return jitsi_room(jitsi_base, token)
    if mode == GUIDE_ROOM:
        return guide_room
    return ""
