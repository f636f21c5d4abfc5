"""A year of HR history for the demo organisation, so a program report shows outcomes.

The organisation is imported as it stood before a past program started (with hire dates), then
again every four months, as an HRIS export would be: promotions show up as new levels in the
import after them, leavers with their leave date. A mentoring circle ran over that year: senior
colleagues mentored its mentees for six months; the mentees stayed and were promoted somewhat
more often than their matched colleagues (made up, like everything in the demo), and some of
them mentor others now (`demo_lineage`).
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from growpath.adapters.clock import FixedClock
from growpath.adapters.csv_files import csv_text
from growpath.domain.outcomes import add_months, tenure_band
from growpath.services import enrolment, programs
from growpath.services.context import Collaborators as Growpath
from growpath.services.context import operator_context
from growpath.services.demo_lineage import SENIOR, free_people, pair_up
from growpath.services.demo_programs import demo_actor
from growpath.services.people_import import import_people

PAST_PROGRAM = "Mentoring circle (last year)"
MONTHS_AGO = 14  # the circle started this long ago, so its 12-month figures are in
IMPORT_EVERY = 4  # months between two HR imports
# Chances over the year: participants, then everyone else the circle could have taken.
LEAVES = (0.08, 0.22)
PROMOTED = (0.30, 0.15)
PARTICIPANT_SHARE = 0.35
SMALLEST_STRATUM = 9  # enough left to compare with after the circle takes its share
LEVELS = (2, 3, 4)
CIRCLE_MENTORS = 14  # each mentors two mentees


@dataclass(frozen=True)
class DemoHistory:
    """The HR files of the past year (the day each was imported) and who took part."""

    index_date: date
    imports: tuple[tuple[date, bytes], ...]
    today: bytes
    participants: tuple[str, ...]


def _file(rows: list[dict[str, str]]) -> bytes:
    header = list(rows[0])
    return csv_text([header, *([row[name] for name in header] for row in rows)]).encode()


def demo_history(content: bytes, today: date, seed: int = 13) -> DemoHistory:
    """Return the organisation's files over the past year, ending with today's, from today's."""
    rng = random.Random(seed)
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    index = add_months(today, -MONTHS_AGO)
    managers = {row["manager_email"] for row in rows}
    for row in rows:
        # Most of the organisation joined two years or so before the circle: a few others.
        years = rng.choices((2, 6), weights=(85, 15))[0]
        hired = index - timedelta(days=365 * years - rng.randint(0, 200))
        row["hire_date"] = hired.isoformat()
        row["leave_date"] = ""
    # Who may change: people in the teams, not their leads, nor the People team (the demo's
    # administrators come from there and stay).
    movable = [
        row
        for row in rows
        if row["email"] not in managers
        and row["department"] != "People"
        and int(row["seniority_level"]) in LEVELS
    ]

    def stratum(row: dict[str, str]) -> tuple[str, str, str]:
        hired = date.fromisoformat(row["hire_date"])
        return (row["department"], row["seniority_level"], tenure_band(hired, index))

    sizes = Counter(stratum(row) for row in movable)
    chosen: set[str] = set()
    for key, size in sizes.items():
        if size >= SMALLEST_STRATUM:
            members = [row["email"] for row in movable if stratum(row) == key]
            chosen.update(rng.sample(members, round(size * PARTICIPANT_SHARE)))
    dates = [add_months(index, -1)] + [
        add_months(index, m) for m in range(IMPORT_EVERY, MONTHS_AGO, IMPORT_EVERY)
    ]
    versions = {day: [dict(row) for row in rows] for day in dates}
    final = [dict(row) for row in rows]
    for row in movable:
        participant = row["email"] in chosen
        promoted_on = (
            index + timedelta(days=rng.randint(20, 360))
            if rng.random() < PROMOTED[not participant]
            else None
        )
        left_on = (
            index + timedelta(days=rng.randint(10, 360))
            if rng.random() < LEAVES[not participant]
            else None
        )
        position = rows.index(row)
        for day, version in [*versions.items(), (today, final)]:
            changed = version[position]
            if promoted_on and promoted_on < day and (not left_on or promoted_on < left_on):
                changed["seniority_level"] = str(int(row["seniority_level"]) + 1)
            if left_on and left_on < day:
                changed["leave_date"] = left_on.isoformat()
    return DemoHistory(
        index,
        tuple((day, _file(version)) for day, version in versions.items()),
        _file(final),
        tuple(sorted(chosen)),
    )


def _at(app: Growpath, day: date) -> Growpath:
    return app.with_clock(FixedClock(datetime.combine(day, time(9), app.clock.now().tzinfo)))


def import_history(app: Growpath, history: DemoHistory) -> int:
    """Import the files of the past year, each on its own day; return how many people came."""
    return sum(
        import_people(
            operator_context(_at(app, day)), content, f"hris-{day.isoformat()}.csv"
        ).created
        for day, content in history.imports
    )


def seed_past_program(app: Growpath, history: DemoHistory) -> int | None:
    """Run last year's mentoring circle: its mentees enrolled before it started, were mentored
    by senior colleagues for six months, and it is closed."""
    with app.uow() as uow:
        if uow.programs.named(PAST_PROGRAM) is not None:
            return None
        people = uow.people.ids_by_email(history.participants)
    then = _at(app, history.index_date - timedelta(days=21))
    operator = operator_context(then)
    program = programs.create_from_template(
        operator, "traditional-mentoring", name=PAST_PROGRAM, starts_on=history.index_date
    )
    programs.set_status(operator, program.id, "open")
    for email in history.participants:
        if email in people:
            enrolment.enrol(
                demo_actor(then, people[email], email),
                program.id,
                "mentee",
                {"goals": "Find my footing in the team and a next step."},
            )
    # Mentors from above every level the mentees are compared at: the comparison keeps the
    # colleagues it matches the mentees with.
    seniors = [person for level, person in free_people(app) if level >= SENIOR]
    pair_up(then, program.id, seniors[:CIRCLE_MENTORS], finish=True)
    programs.set_status(operator_context(app), program.id, "closed")
    return program.id
