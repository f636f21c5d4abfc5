"""The engagement aggregate: a coaching engagement or a mentoring relationship, and its life."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from growpath.domain.errors import Conflict, InvalidInput, Problem, Term
from growpath.i18n import N_


class EngagementStatus(StrEnum):
    """Where an engagement stands: accepted by both and waiting to start, running, or over."""

    PROPOSED = "proposed"
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"
    RENEWED = "renewed"


PROPOSED, ACTIVE, PAUSED = (
    EngagementStatus.PROPOSED,
    EngagementStatus.ACTIVE,
    EngagementStatus.PAUSED,
)
COMPLETED, ENDED_EARLY = EngagementStatus.COMPLETED, EngagementStatus.ENDED_EARLY
RENEWED = EngagementStatus.RENEWED
STATUSES = tuple(EngagementStatus)
RUNNING = (ACTIVE, RENEWED)
# Sessions are planned while a pair waits to start or runs; not while paused or after the end.
SCHEDULABLE = (PROPOSED, *RUNNING)
FINISHED = (COMPLETED, ENDED_EARLY)
# A member of an engagement either guides it (the coach or mentor) or takes part in it.
GUIDE, PARTICIPANT = "guide", "participant"
MEMBER_ROLES = (GUIDE, PARTICIPANT)
# Which states each lifecycle action may start from (renewing is for mentoring only).
MOVES_FROM: dict[str, tuple[EngagementStatus, ...]] = {
    "start": (PROPOSED,),
    "pause": RUNNING,
    "resume": (PAUSED,),
    "complete": (*RUNNING, PAUSED),
    "end_early": (PROPOSED, *RUNNING, PAUSED),
    "renew": RUNNING,
}


# How a refusal names a status, and the statuses each action may start from.
_STATUS_WORDS: dict[str, Term] = {
    PROPOSED: Term(N_("proposed")),
    ACTIVE: Term(N_("active")),
    PAUSED: Term(N_("paused")),
    COMPLETED: Term(N_("completed")),
    ENDED_EARLY: Term(N_("ended early")),
    RENEWED: Term(N_("renewed")),
}
_MOVES_FROM_WORDS = {
    "start": Term(N_("proposed")),
    "pause": Term(N_("active or renewed")),
    "resume": Term(N_("paused")),
    "complete": Term(N_("active or renewed or paused")),
    "end_early": Term(N_("proposed or active or renewed or paused")),
    "renew": Term(N_("active or renewed")),
}
# One whole message per action: the verb's place and form differ from language to language.
_CANNOT = {
    "start": N_("cannot start engagement %(id)s: it is %(status)s, not %(allowed)s"),
    "pause": N_("cannot pause engagement %(id)s: it is %(status)s, not %(allowed)s"),
    "resume": N_("cannot resume engagement %(id)s: it is %(status)s, not %(allowed)s"),
    "complete": N_("cannot complete engagement %(id)s: it is %(status)s, not %(allowed)s"),
    "end_early": N_("cannot end engagement %(id)s: it is %(status)s, not %(allowed)s"),
    "renew": N_("cannot renew engagement %(id)s: it is %(status)s, not %(allowed)s"),
}


def _status_word(status: str) -> str:
    """Return how a refusal names an engagement status (a Term, translated with the message)."""
    return _STATUS_WORDS.get(status, status.replace("_", " "))


class InvalidTransition(Conflict):
    """The engagement cannot move to that state from where it is."""


def check_move(engagement_id: int, status: str, action: str) -> None:
    """Refuse a lifecycle action the engagement's status does not allow, naming both."""
    if status not in MOVES_FROM[action]:
        raise InvalidTransition(
            _CANNOT[action],
            id=engagement_id,
            status=_status_word(status),
            allowed=_MOVES_FROM_WORDS[action],
        )


@dataclass
class Engagement:
    """The lifecycle state of one engagement; methods refuse invalid transitions."""

    id: int
    kind: str  # coaching | mentoring
    status: str
    starts_on: date | None = None
    planned_end_on: date | None = None
    renewal_on: date | None = None
    ended_at: datetime | None = None
    end_reason: str = ""

    def _require(self, action: str) -> None:
        check_move(self.id, self.status, action)

    def start(self, today: date, planned_end_on: date) -> None:
        """Begin a proposed engagement."""
        self._require("start")
        if planned_end_on <= today:
            raise InvalidInput([Problem(N_("must come after the start date"), "planned_end_on")])
        self.status, self.starts_on, self.planned_end_on = ACTIVE, today, planned_end_on

    def pause(self) -> None:
        """Pause a running engagement (holidays, leave, a busy quarter)."""
        self._require("pause")
        self.status = PAUSED

    def resume(self) -> None:
        """Resume a paused engagement."""
        self._require("resume")
        self.status = ACTIVE

    def complete(self, now: datetime) -> None:
        """Close an engagement that reached its end."""
        self._require("complete")
        self.status, self.ended_at = COMPLETED, now

    def end_early(self, now: datetime, reason: str) -> None:
        """End an engagement before its planned end; a reason is required."""
        self._require("end_early")
        if not reason.strip():
            raise InvalidInput([Problem(N_("say why the engagement ends early"), "reason")])
        if "\x00" in reason:
            raise InvalidInput([Problem(N_("must not contain a NUL character (U+0000)"), "reason")])
        self.status, self.ended_at, self.end_reason = ENDED_EARLY, now, reason.strip()

    def renew(self, today: date, new_end_on: date) -> None:
        """Renew a mentoring relationship for another term."""
        if self.kind != "mentoring":
            raise InvalidTransition(
                N_(
                    "cannot renew engagement %(id)s: coaching is time-bound; "
                    "start a new engagement instead"
                ),
                id=self.id,
            )
        self._require("renew")
        if new_end_on <= today:
            raise InvalidInput([Problem(N_("must be in the future"), "new_end_on")])
        self.status, self.planned_end_on, self.renewal_on = RENEWED, new_end_on, new_end_on


def check_schedulable(engagement_id: int, status: str) -> None:
    """Refuse to plan a session in an engagement that is paused or over."""
    if status not in SCHEDULABLE:
        raise Conflict(
            N_(
                "engagement %(id)s is %(status)s;"
                " sessions can be scheduled while it is proposed or running"
            ),
            id=engagement_id,
            status=_status_word(status),
        )


def check_open(engagement_id: int, status: str, ended_at: datetime | None) -> None:
    """Refuse any change to an engagement that is over: its record stays as it was left."""
    if status not in FINISHED:
        return
    if status == COMPLETED:
        message = _COMPLETED_ON if ended_at else _COMPLETED
    else:
        message = _ENDED_EARLY_ON if ended_at else _ENDED_EARLY
    on = ended_at.date().isoformat() if ended_at else ""
    raise Conflict(message, id=engagement_id, on=on)


_COMPLETED = N_(
    "engagement %(id)s was completed, so it is read-only:"
    " its notes, goals and history stay readable, but nothing can be added or changed"
)
_COMPLETED_ON = N_(
    "engagement %(id)s was completed on %(on)s, so it is read-only:"
    " its notes, goals and history stay readable, but nothing can be added or changed"
)
_ENDED_EARLY = N_(
    "engagement %(id)s ended early, so it is read-only:"
    " its notes, goals and history stay readable, but nothing can be added or changed"
)
_ENDED_EARLY_ON = N_(
    "engagement %(id)s ended early on %(on)s, so it is read-only:"
    " its notes, goals and history stay readable, but nothing can be added or changed"
)


def available_moves(kind: str, status: str) -> tuple[str, ...]:
    """Return the lifecycle actions an engagement of this kind can take from this status."""
    return tuple(
        action
        for action, starts in MOVES_FROM.items()
        if status in starts and (action != "renew" or kind == "mentoring")
    )


def add_months(day: date, months: int) -> date:
    """Return the same day `months` later, clamped to the end of a shorter month."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    last_day = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last_day))
