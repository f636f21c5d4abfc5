"""Managers who coach: the weekly coaching conversation, its streak, and what reports answer.

A manager commits to one coaching conversation a week with one of their reports, logs it with
the GROW stages it covered and a private note, and keeps a streak of consecutive ISO weeks
(in their own time zone). The report may answer one question afterwards ("Did this feel like
being asked or being told?", 1 asked … 5 told). The manager sees those answers only as an
aggregate that moves in whole windows: a window closes once it holds answers of at least k
distinct people, and only closed windows count, so the difference between any two things the
manager ever sees is itself an aggregate over k or more people, never one answer.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.publication import CellKey, releasable
from growpath.domain.reporting import band_of, band_text
from growpath.domain.text import control_found
from growpath.i18n import N_

GROW_STAGES = ("goal", "reality", "options", "will")
# Marked for translation here, translated where the practice pages show them.
STAGE_TEXT = {
    "goal": N_("Goal: what they want"),
    "reality": N_("Reality: where things stand"),
    "options": N_("Options: what they could do"),
    "will": N_("Will: what they will do"),
}
QUESTION = N_("Did this feel like being asked or being told?")
ANSWER_TEXT = {
    1: N_("1 · asked"),
    2: N_("2 · mostly asked"),
    3: N_("3 · a bit of both"),
    4: N_("4 · mostly told"),
    5: N_("5 · told"),
}
MAX_NOTE = 4000
# A conversation is logged soon after it happens: far enough back for last week's, not more.
MAX_DAYS_BACK = 28
ADOPTION_WEEKS = 4
ASKED_KEY = "asked_or_told"
ADOPTION_KEY = "practising_weekly"


def conversation_input(
    report_person_id: object, held_on: object, stages: Iterable[object], note: object, today: date
) -> tuple[int, date, tuple[str, ...], str]:
    """Return a checked conversation (report, day, GROW stages, note) or raise naming each field."""
    problems: list[Problem] = []
    report = report_person_id if isinstance(report_person_id, int) else 0
    if report <= 0:
        problems.append(
            Problem(N_("choose one of the people who report to you"), "report_person_id")
        )
    day = held_on if isinstance(held_on, date) else None
    if day is None:
        problems.append(Problem(N_("must be a date such as 2027-03-01"), "held_on"))
    elif day > today:
        problems.append(Problem(N_("cannot be in the future"), "held_on"))
    elif day < today - timedelta(days=MAX_DAYS_BACK):
        problems.append(
            Problem.of(N_("must be within the last %(days)s days"), "held_on", days=MAX_DAYS_BACK)
        )
    chosen = [str(s) for s in stages]
    unknown = sorted(set(chosen) - set(GROW_STAGES))
    if unknown:
        problems.append(
            Problem.of(
                N_("unknown stage(s) %(unknown)s; use %(expected)s"),
                "stages",
                unknown=", ".join(unknown),
                expected=", ".join(GROW_STAGES),
            )
        )
    text = note if isinstance(note, str) else ""
    if not isinstance(note, str):
        problems.append(Problem(N_("must be text"), "note"))
    elif len(text) > MAX_NOTE:
        problems.append(
            Problem.of(N_("must be at most %(most)s characters"), "note", most=MAX_NOTE)
        )
    elif (found := control_found(text.replace("\n", "").replace("\r", ""))) is not None:
        problems.append(
            Problem.of(
                N_("must not contain control characters (found %(found)s)"),
                "note",
                found=found,
            )
        )
    if problems or day is None:
        raise InvalidInput(problems)
    ordered = tuple(s for s in GROW_STAGES if s in chosen)
    return report, day, ordered, text.strip()


def answer_score(value: object) -> int:
    """Return a checked answer (1 asked … 5 told) or raise naming the field."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    raise InvalidInput([Problem(N_("choose 1 (asked) to 5 (told)"), "answer")])


def week_of(day: date) -> tuple[int, int]:
    """Return the ISO (year, week) a day falls in."""
    year, week, _ = day.isocalendar()
    return year, week


def week_start(day: date) -> date:
    """Return the Monday of the ISO week a day falls in."""
    return day - timedelta(days=day.weekday())


def streak(days: Iterable[date], today: date) -> int:
    """Return how many consecutive ISO weeks up to now hold at least one conversation.

    This week counts once it has one; until then the streak runs up to last week, since the
    week is not over yet.
    """
    weeks = {week_start(d) for d in days}
    monday = week_start(today)
    if monday not in weeks:
        monday -= timedelta(weeks=1)
    count = 0
    while monday in weeks:
        count += 1
        monday -= timedelta(weeks=1)
    return count


def practised_this_week(days: Iterable[date], today: date) -> bool:
    """Whether a conversation is logged in today's ISO week."""
    return week_start(today) in {week_start(d) for d in days}


@dataclass(frozen=True)
class Feedback:
    """What a manager may see of their reports' answers: closed windows only."""

    answers: int  # answers inside the closed windows
    people: int  # the fewest distinct people of any closed window (0: none closed)
    mean: float | None  # None until a window closes
    band: str = ""  # the mean near a bound of the scale, as it reads ("≥ 4.9")

    @property
    def enough(self) -> bool:
        """Whether any window has closed, so there is something to show."""
        return self.mean is not None


def feedback(answers: Sequence[tuple[int, int]], k: int) -> Feedback:
    """Aggregate (answering person, score) pairs, oldest first, over closed windows of k people.

    A window closes when it holds answers of at least k distinct people; answers after the
    last closed window wait, unseen, for the next one to close.
    """
    closed: list[int] = []
    fewest = 0
    window: list[tuple[int, int]] = []
    for person, score in answers:
        window.append((person, score))
        people = len({p for p, _ in window})
        if people >= k:
            closed += [s for _, s in window]
            fewest = people if not fewest else min(fewest, people)
            window = []
    if not closed:
        return Feedback(0, 0, None)
    mean = round(sum(closed) / len(closed), 2)
    band = band_of(ASKED_KEY, mean, fewest)
    return Feedback(len(closed), fewest, mean, band_text(ASKED_KEY, band) if band else "")


@dataclass(frozen=True)
class Adoption:
    """One week's share of managers who logged a conversation, under the report protections."""

    week: date  # its Monday
    managers: int
    practising: int | None  # None: suppressed (fewer than k managers) or banded
    share: float | None
    band: str = ""
    band_range: tuple[float, float] | None = None  # the band as (from, to)

    @property
    def text(self) -> str:
        """The figure as it reads."""
        if self.band:
            return f"{self.band}%"
        return "suppressed" if self.share is None else f"{self.share:g}%"


def adoption(week: date, managers: int, practising: int, k: int) -> Adoption:
    """Return one week's adoption, hidden below k managers and banded near 0% and 100%."""
    if managers < k:
        return Adoption(week, managers, None, None)
    share = round(100.0 * practising / managers, 1)
    band = band_of(ADOPTION_KEY, share, managers)
    if band is not None:
        # Near a bound the count would tell as much as the share: neither is published.
        return Adoption(week, managers, None, None, band_text(ADOPTION_KEY, band), band)
    return Adoption(week, managers, practising, share)


def adoption_weeks(today: date) -> list[date]:
    """Return the Mondays of the last ADOPTION_WEEKS complete weeks, oldest first."""
    this_week = week_start(today)
    return [this_week - timedelta(weeks=n) for n in range(ADOPTION_WEEKS, 0, -1)]


# Whose adoption a figure counts: every manager of the organisation, or a program's.
ORGANISATION = "organisation"


def program_scope(program_id: int) -> str:
    """Return the scope of a program's adoption figures: its enrolled people who are managers."""
    return f"program:{program_id}"


def practised_weeks(
    managers: Collection[int], days: Iterable[tuple[int, date]], weeks: Sequence[date]
) -> dict[int, dict[date, bool]]:
    """Return, for each manager, whether they logged a conversation in each of these weeks."""
    practised = {manager: dict.fromkeys(weeks, False) for manager in managers}
    for manager, day in days:
        monday = week_start(day)
        if manager in practised and monday in practised[manager]:
            practised[manager][monday] = True
    return practised


def adoption_state(weeks: Mapping[date, bool] | None) -> dict[CellKey, Hashable]:
    """Return the adoption cells a manager counts in (one per week) and their part of each."""
    return {("adoption", week.isoformat()): done for week, done in (weeks or {}).items()}


def adoption_people(published: Mapping[int, Mapping[date, bool]]) -> dict[CellKey, int]:
    """Return how many managers each published adoption cell aggregates."""
    counts: dict[CellKey, int] = {}
    for weeks in published.values():
        for cell in adoption_state(weeks):
            counts[cell] = counts.get(cell, 0) + 1
    return counts


def adoption_release(
    published: Mapping[int, Mapping[date, bool]],
    current: Mapping[int, Mapping[date, bool]],
    k: int,
) -> dict[int, dict[date, bool]]:
    """Return the managers whose weeks may be published now and their weeks ({}: no longer a
    manager): every week they move is moved by zero or at least k managers."""
    changes: dict[int, tuple[Mapping[CellKey, Hashable], Mapping[CellKey, Hashable]]] = {
        person: (adoption_state(published.get(person)), adoption_state(current.get(person)))
        for person in published.keys() | current.keys()
        if published.get(person, {}) != current.get(person, {})
    }
    released = releasable(changes, adoption_people(published), k)
    return {person: dict(current.get(person, {})) for person in released}


def published_adoption(
    published: Mapping[int, Mapping[date, bool]], weeks: Sequence[date], k: int
) -> list[Adoption]:
    """Return each week's adoption from the published weeks of each manager."""
    figures = []
    for week in weeks:
        parts = [done[week] for done in published.values() if week in done]
        figures.append(adoption(week, len(parts), sum(parts), k))
    return figures


def overlapping_weeks(
    published: Mapping[int, Mapping[date, bool]],
    others: Iterable[Mapping[int, Mapping[date, bool]]],
    weeks: Sequence[date],
    k: int,
) -> set[date]:
    """Return the weeks to withhold because another scope's published figure differs from this
    one by fewer than k managers (but some): subtracting the two would tell what they did.

    A manager differs in a week when they count in one scope and not the other, or practised
    in one as published and not in the other; the organisation's managers minus a program's
    few non-enrolled ones is the case this guards.
    """
    withheld = set()
    for other in others:
        for week in weeks:
            differing = sum(
                1
                for person in published.keys() | other.keys()
                if published.get(person, {}).get(week) != other.get(person, {}).get(week)
            )
            if 0 < differing < k:
                withheld.add(week)
    return withheld
