"""Practice triads: three (or four, or five) people practising coaching, roles rotating by round.

Round r of a group whose members sit in positions 0..n-1: the member at position r-1 coaches,
the member after them is the coachee, everyone else observes. A group has as many rounds as
members, so each person coaches once and is coached once. A triad is the usual group; when the
enrolled number is not a multiple of three, the rest join existing groups as extra observers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from growpath.domain.errors import Conflict, InvalidInput, Problem
from growpath.i18n import N_

TRIAD_SIZE = 3
MIN_MEMBERS, MAX_MEMBERS = 3, 5
FEEDBACK_FIELDS = ("open_questions", "listening", "try_next")
FEEDBACK_LIMIT = 4000


class TriadStatus(StrEnum):
    """A triad is practising (a round is current) or has played every round."""

    RUNNING = "running"
    FINISHED = "finished"


RUNNING, FINISHED = TriadStatus.RUNNING, TriadStatus.FINISHED


class TriadRole(StrEnum):
    """What a member plays in a round."""

    COACH = "coach"
    COACHEE = "coachee"
    OBSERVER = "observer"


COACH, COACHEE, OBSERVER = TriadRole.COACH, TriadRole.COACHEE, TriadRole.OBSERVER


def role_in_round(position: int, size: int, round_number: int) -> TriadRole:
    """Return what the member at position plays in round_number (1-based) of a group of size."""
    coach = (round_number - 1) % size
    if position == coach:
        return COACH
    if position == (coach + 1) % size:
        return COACHEE
    return OBSERVER


def split_into_groups(ordered: Sequence[str], size: int = TRIAD_SIZE) -> list[tuple[str, ...]]:
    """Cut people (neighbours alike) into threes; one or two left over join groups as observers.

    One left over joins the last triad (a group of four). Two left over join the last two
    triads, one each (two groups of four), or, with only one triad, make a group of five.
    """
    if len(ordered) < MIN_MEMBERS:
        raise InvalidInput(
            [
                Problem.of(
                    N_(
                        "practice triads need at least %(least)s enrolled people who are in "
                        "no running triad of this program; %(count)s are"
                    ),
                    "program_id",
                    least=MIN_MEMBERS,
                    count=len(ordered),
                )
            ]
        )
    groups = [list(ordered[i : i + size]) for i in range(0, len(ordered), size)]
    if len(groups[-1]) < size:
        rest = groups.pop()
        if len(rest) == 2 and len(groups) >= 2:
            groups[-2].append(rest[0])
            groups[-1].append(rest[1])
        else:
            groups[-1].extend(rest)
    return [tuple(group) for group in groups]


def why_group_is_larger(size: int) -> str:
    """Return, in words, why a group has more than three members ("" for a triad)."""
    if size <= TRIAD_SIZE:
        return ""
    extra = size - TRIAD_SIZE
    observers = "a second observer" if extra == 1 else f"{extra + 1} observers"
    return (
        f"a group of {size}: the enrolled number is not a multiple of three, so each round has "
        f"{observers} and the group plays {size} rounds, one for each member to coach"
    )


@dataclass(frozen=True)
class FeedbackAnswer:
    """What an observer writes about the coach's questions in one round."""

    open_questions: str
    listening: str
    try_next: str


def checked_feedback(open_questions: str, listening: str, try_next: str) -> FeedbackAnswer:
    """Return the observer's feedback trimmed, or refuse it naming each empty or long field."""
    answer = FeedbackAnswer(open_questions.strip(), listening.strip(), try_next.strip())
    problems = []
    for field in FEEDBACK_FIELDS:
        value = getattr(answer, field)
        if not value:
            problems.append(Problem(N_("write what you observed"), field))
        elif len(value) > FEEDBACK_LIMIT:
            problems.append(
                Problem.of(N_("keep it under %(most)s characters"), field, most=FEEDBACK_LIMIT)
            )
        elif any(ord(c) < 32 and c not in "\n\r\t" for c in value):
            problems.append(Problem(N_("remove the control characters"), field))
    if problems:
        raise InvalidInput(problems)
    return answer


def check_can_record(status: str, role: TriadRole) -> None:
    """Refuse feedback on a finished triad, or from a member who does not observe this round."""
    if status == FINISHED:
        raise Conflict(N_("this triad has played every round; its feedback can no longer change"))
    if role is not OBSERVER:
        raise Conflict(
            N_(
                "you are the coach in this round: the observer records the feedback on the "
                "coach's questions"
            )
            if role is COACH
            else N_(
                "you are the coachee in this round: the observer records the feedback on the "
                "coach's questions"
            )
        )


def check_can_advance(
    status: str, current_round: int, from_round: int, feedback_count: int, by_admin: bool
) -> None:
    """Refuse to move a round on twice, past the last, or before its feedback is recorded."""
    if status == FINISHED:
        raise Conflict(N_("this triad has already played every round"))
    if from_round != current_round:
        raise Conflict(
            N_(
                "round %(from_round)s has already moved on: the triad is in round %(current_round)s"
            ),
            from_round=from_round,
            current_round=current_round,
        )
    if feedback_count == 0 and not by_admin:
        raise Conflict(
            N_(
                "the observer records the feedback on round %(current_round)s "
                "before the triad moves on"
            ),
            current_round=current_round,
        )
