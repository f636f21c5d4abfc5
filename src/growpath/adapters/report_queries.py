"""The SQL behind reports: GROUP BY over the kept facts, one row per participant.

The facts (adapters/report_facts.py) are kept as the app writes; here they are aggregated per
breakdown. Everything runs the same on SQLite and PostgreSQL, and Python only receives one row
per group. Whether a pair is stalled or its cadence is due depends on the report's day, so
those are worked out here from the day numbers the facts keep.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnCollection,
    ColumnElement,
    CompoundSelect,
    Select,
    String,
    and_,
    cast,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from growpath.adapters import report_facts
from growpath.adapters.orm import (
    CompetencyRow,
    DevelopmentThemeRow,
    PersonRow,
    ReportCompetencyChangeRow,
    ReportParticipantRow,
    ReportThemeRow,
)
from growpath.adapters.orm.base import UTCDateTime
from growpath.adapters.report_sql import day_number, flag
from growpath.domain.reporting import MEASURES, Tally

RUNNING = ("proposed", "active", "renewed")
ACTIVE = ("active", "renewed")
IDLE_DAYS = (14, 30, 90)
# Satisfaction is 1–5; a person's mean of 4.5 or more promotes, under 3.5 detracts (NPS-style).
PROMOTER_FROM, DETRACTOR_BELOW = 4.5, 3.5
DIMENSIONS = ("cohort", "department", "level", "support")


def participant_facts(program_id: int, now: datetime) -> Select[*tuple[Any, ...]]:
    """One row per participant of the program: its kept facts and what they mean today."""
    f = ReportParticipantRow
    today = day_number(literal(now, UTCDateTime()))
    elapsed = func.coalesce(f.ended_day, today) - f.started_day
    due = and_(f.started_day.is_not(None), elapsed >= f.cadence_days)
    idle = today - f.last_contact_day
    running = f.engagement_status.in_(RUNNING)
    return (
        select(
            PersonRow.department.label("department"),
            PersonRow.seniority_level.label("level"),
            f.cohort.label("cohort"),
            f.support.label("support"),
            flag(f.engagement_id.is_not(None)).label("matched"),
            flag(f.engagement_status.in_(ACTIVE)).label("active"),
            f.offered,
            f.accepted,
            f.first_meeting_days,
            flag(due).label("cadence_due"),
            flag(and_(due, (f.held + 1) * f.cadence_days > elapsed)).label("cadence_kept"),
            flag(running).label("running"),
            *(flag(and_(running, idle >= days)).label(f"idle_{days}") for days in IDLE_DAYS),
            f.goals_met.label("met"),
            f.goals_decided.label("decided"),
            f.satisfaction,
            f.growth,
        )
        .join(PersonRow, PersonRow.id == f.person_id)
        .where(f.program_id == program_id)
    )


def _tallies(f: ColumnCollection[str, ColumnElement[Any]]) -> list[ColumnElement[Any]]:
    """The counts and sums of a group of participants, each one that adds up across groups."""
    return [
        func.count().label("enrolled"),
        func.sum(f.matched).label("matched"),
        func.sum(f.active).label("active"),
        func.sum(f.offered).label("offered"),
        func.sum(f.accepted).label("accepted"),
        func.count(f.first_meeting_days).label("first_meeting"),
        func.sum(f.first_meeting_days).label("days"),
        func.sum(f.cadence_due).label("cadence_due"),
        func.sum(f.cadence_kept).label("kept"),
        func.sum(f.running).label("running"),
        *(func.sum(f[f"idle_{d}"]).label(f"idle_{d}") for d in IDLE_DAYS),
        func.sum(flag(f.decided > 0)).label("goal_people"),
        func.sum(f.met).label("met"),
        func.sum(f.decided).label("decided"),
        func.count(f.satisfaction).label("answered"),
        func.sum(f.satisfaction).label("score"),
        func.sum(flag(f.satisfaction >= PROMOTER_FROM)).label("promoters"),
        func.sum(flag(f.satisfaction < DETRACTOR_BELOW)).label("detractors"),
        func.count(f.growth).label("rated"),
        func.sum(f.growth).label("change"),
        func.sum(f.growth * f.growth).label("change_squared"),
    ]


def breakdowns_query(
    program_id: int, now: datetime, dimensions: Sequence[str]
) -> CompoundSelect[*tuple[Any, ...]]:
    """Return the tallies of every measure per group of each dimension, as one statement.

    The participant facts are tallied once per combination of the dimensions' groups (a few
    thousand cells at most, whatever the number of participants); each breakdown then adds up
    those cells, so the per-participant rows are read once rather than once per breakdown. The
    breakdowns are stacked with UNION ALL, their group values as text.
    """
    f = participant_facts(program_id, now).subquery("facts").c
    groups = [f[d] for d in dimensions]
    cells = select(*groups, *_tallies(f)).group_by(*groups).cte("cells")
    tallies = [c for c in cells.c if c.key not in dimensions]

    def grouped(dimension: str) -> Select[*tuple[Any, ...]]:
        group = cells.c[dimension]
        return select(
            literal(dimension).label("dimension"),
            cast(group, String).label("group"),
            *(func.sum(c).label(c.key) for c in tallies),
        ).group_by(group)

    return union_all(*(grouped(d) for d in dimensions))


# Which count of people each measure is over, and which sums it carries.
_PEOPLE_OF = {
    "participation": "enrolled",
    "acceptance": "offered",
    "first_meeting": "first_meeting",
    "cadence": "cadence_due",
    "stalled": "running",
    "goals": "goal_people",
    "satisfaction": "answered",
    "growth": "rated",
}


def breakdowns(
    session: Session, program_id: int, now: datetime, dimensions: Sequence[str] = DIMENSIONS
) -> dict[str, list[tuple[str | None, dict[str, Tally]]]]:
    """Return, per dimension, (group value as text, tallies by measure) for each group."""
    result: dict[str, list[tuple[str | None, dict[str, Tally]]]] = {d: [] for d in dimensions}
    for row in session.execute(breakdowns_query(program_id, now, dimensions)).mappings():
        result[row["dimension"]].append(
            (
                row["group"],
                {
                    measure: Tally(
                        int(row[_PEOPLE_OF[measure]] or 0),
                        {part: float(row[part] or 0) for part in parts},
                    )
                    for measure, parts in MEASURES.items()
                },
            )
        )
    return result


def competency_growth(session: Session, program_id: int) -> list[tuple[str, Tally]]:
    """Return each active competency with the tally of its per-participant changes."""
    c = ReportCompetencyChangeRow
    changes = select(c.competency_id, c.change).where(c.program_id == program_id).subquery()
    rows = session.execute(
        select(
            CompetencyRow.name,
            func.count(changes.c.change),
            func.sum(changes.c.change),
            func.sum(changes.c.change * changes.c.change),
        )
        .outerjoin(changes, changes.c.competency_id == CompetencyRow.id)
        .where(CompetencyRow.is_active)
        .group_by(CompetencyRow.id, CompetencyRow.name)
        .order_by(CompetencyRow.name)
    ).all()
    return [
        (name, Tally(int(n), {"change": float(s or 0), "change_squared": float(sq or 0)}))
        for name, n, s, sq in rows
    ]


def theme_people(session: Session, program_id: int) -> Sequence[tuple[str, int]]:
    """Return each development theme with the distinct participants whose sessions it tagged."""
    t = ReportThemeRow
    tagged = select(t.theme_id, t.person_id).where(t.program_id == program_id).subquery()
    people = func.count(func.distinct(tagged.c.person_id))
    rows = session.execute(
        select(DevelopmentThemeRow.name, people)
        .outerjoin(tagged, tagged.c.theme_id == DevelopmentThemeRow.id)
        .group_by(DevelopmentThemeRow.id, DevelopmentThemeRow.name)
        .order_by(people.desc(), DevelopmentThemeRow.name)
    ).all()
    return [(name, int(n)) for name, n in rows]


class ReportStore:
    """The report facts and the queries over them, as one unit of work's repository."""

    def __init__(self, session: Session) -> None:
        self.db = session

    def catch_up(self) -> int:
        """Recompute the facts behind the writes noted since the last catch-up."""
        return report_facts.catch_up(self.db)

    def rebuild(self) -> int:
        """Recompute every participant's facts; return how many."""
        return report_facts.rebuild(self.db)

    def breakdowns(
        self, program_id: int, now: datetime
    ) -> dict[str, list[tuple[str | None, dict[str, Tally]]]]:
        """Return, per dimension, (group, tallies by measure) of a program's participants."""
        return breakdowns(self.db, program_id, now)

    def competency_growth(self, program_id: int) -> list[tuple[str, Tally]]:
        """Return each competency's growth tally in a program."""
        return competency_growth(self.db, program_id)

    def theme_people(self, program_id: int) -> Sequence[tuple[str, int]]:
        """Return how many people each development theme came up with in a program."""
        return theme_people(self.db, program_id)
