"""Sessions of an engagement: their lifecycle and GROW-structured notes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from growpath.domain.errors import Conflict, InvalidInput, Problem, Term
from growpath.domain.text import paragraphs, single_line
from growpath.i18n import N_


class SessionStatus(StrEnum):
    """Where a session stands: still to come, or held, cancelled or missed."""

    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


SCHEDULED, HELD = SessionStatus.SCHEDULED, SessionStatus.HELD
CANCELLED, NO_SHOW = SessionStatus.CANCELLED, SessionStatus.NO_SHOW
GROW_PARTS = ("goal", "reality", "options", "will")
# How a refusal names a status the session already has, or the one it was asked to take.
_STATUS_WORDS: dict[str, Term] = {
    SCHEDULED: Term(N_("scheduled")),
    HELD: Term(N_("held")),
    CANCELLED: Term(N_("cancelled")),
    NO_SHOW: Term(N_("no show")),
}
# Shared notes are read by every member; private notes only by their author.
SHARED, PRIVATE = "shared", "private"
NOTE_VISIBILITIES = (SHARED, PRIVATE)
MAX_NOTE = 20_000
MIN_MINUTES, MAX_MINUTES = 15, 240
MAX_LOCATION = 500


def session_location(raw: str) -> str:
    """Return a session's place (a room, a call link) as one line, or raise InvalidInput."""
    location = raw.strip()
    problems: list[Problem] = []
    if len(location) > MAX_LOCATION:
        problems.append(
            Problem.of(N_("is longer than %(most)s characters"), "location", most=MAX_LOCATION)
        )
    # The location goes into the calendar invite's LOCATION line and the session e-mails.
    single_line(location, "location", problems)
    if problems:
        raise InvalidInput(problems)
    return location


def check_schedule(scheduled_at: datetime, duration_minutes: int, now: datetime) -> None:
    """Refuse a session in the past, with a naive time, or of an odd length."""
    problems = []
    if scheduled_at.tzinfo is None:
        problems.append(
            Problem(N_("needs a time zone, e.g. 2026-05-04T10:00:00+02:00"), "scheduled_at")
        )
    elif scheduled_at < now - timedelta(minutes=5):
        problems.append(Problem(N_("must not be in the past"), "scheduled_at"))
    if not MIN_MINUTES <= duration_minutes <= MAX_MINUTES:
        problems.append(
            Problem.of(
                N_("must be %(least)s–%(most)s minutes"),
                "duration_minutes",
                least=MIN_MINUTES,
                most=MAX_MINUTES,
            )
        )
    if problems:
        raise InvalidInput(problems)


def check_reschedule(status: str) -> None:
    """Only a session still to come can move to another time."""
    if status != SCHEDULED:
        raise Conflict(
            N_("cannot reschedule the session: it is already %(status)s"),
            status=_status_word(status),
        )


def check_session_move(status: str, action: str) -> None:
    """Only a scheduled session can be held, cancelled or marked as a no-show."""
    if status != SCHEDULED:
        raise Conflict(
            N_("cannot mark the session %(action)s: it is already %(status)s"),
            action=_status_word(action),
            status=_status_word(status),
        )


def _status_word(status: str) -> str:
    # A status the rules do not know (none today) still reads as its words, untranslated.
    return _STATUS_WORDS.get(status, status.replace("_", " "))


def held_time(scheduled_at: datetime, now: datetime) -> datetime:
    """Return when a session logged now took place: at its time, or now if logged early.

    Sessions are often logged days later; "last met" and the health rules count from the
    meeting, not from the logging.
    """
    return min(scheduled_at, now)


@dataclass(frozen=True)
class GrowNotes:
    """Notes of a conversation structured by GROW: goal, reality, options, will."""

    goal: str = ""
    reality: str = ""
    options: str = ""
    will: str = ""

    def is_empty(self) -> bool:
        """Whether nothing was written."""
        return not any((self.goal, self.reality, self.options, self.will))


def grow_notes(fields: Mapping[str, Any] | None, name: str) -> GrowNotes:
    """Validate GROW notes given as a mapping of part → text."""
    if not fields:
        return GrowNotes()
    problems = [
        Problem.of(
            N_("unknown part; expected %(expected)s"),
            f"{name}.{key}",
            expected=", ".join(GROW_PARTS),
        )
        for key in sorted(set(fields) - set(GROW_PARTS))
    ]
    parts = {}
    for part in GROW_PARTS:
        text = str(fields.get(part) or "").strip()
        if len(text) > MAX_NOTE:
            problems.append(
                Problem.of(
                    N_("is longer than %(most)s characters"), f"{name}.{part}", most=MAX_NOTE
                )
            )
        paragraphs(text, f"{name}.{part}", problems)
        parts[part] = text
    if problems:
        raise InvalidInput(problems)
    return GrowNotes(**parts)
