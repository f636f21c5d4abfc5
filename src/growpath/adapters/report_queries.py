"""The SQL behind reports: GROUP BY over the published facts, one row per participant.

The facts (adapters/report_facts.py) are kept as the app writes and published in step
(adapters/report_publication.py); here the published copy is aggregated per breakdown.
Everything runs the same on SQLite and PostgreSQL, and Python only receives one row per group.
Whether a pair is stalled or its cadence is due depends on the day, so participant_facts works
those out from the day numbers the facts keep, and the published copy keeps the outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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

from growpath.adapters.orm import (
    CompetencyRow,
    DevelopmentThemeRow,
    PersonRow,
    PublishedCompetencyChangeRow,
    PublishedParticipantRow,
    PublishedThemeRow,
    ReportParticipantRow,
)
from growpath.adapters.orm.base import UTCDateTime
from growpath.adapters.report_sql import day_number, flag
from growpath.domain.publication import DIMENSIONS
from growpath.domain.reporting import MEASURES, Tally

RUNNING = ("proposed", "active", "renewed")
ACTIVE = ("active", "renewed")
IDLE_DAYS = (14, 30, 90)
# Satisfaction is 1–5; a person's mean of 4.5 or more promotes, under 3.5 detracts (NPS-style).
PROMOTER_FROM, DETRACTOR_BELOW = 4.5, 3.5
# What the published copy keeps of each participant (orm.PublishedParticipantRow).
PUBLISHED_COLUMNS = (
    "department",
    "level",
    "cohort",
    "support",
    "matched",
    "active",
    "offered",
    "accepted",
    "first_meeting_days",
    "cadence_due",
    "cadence_kept",
    "running",
    "idle_14",
    "idle_30",
    "idle_90",
    "met",
    "decided",
    "satisfaction",
    "growth",
)


def participant_facts(program_id: int, now: datetime) -> Select[*tuple[Any, ...]]:
    """One row per participant of the program: its kept facts and what they mean today.

    Its columns are the enrolment, the person and PUBLISHED_COLUMNS, in that order, as the
    published copy has them (report_publication compares the two with EXCEPT).
    """
    f = ReportParticipantRow
    today = day_number(literal(now, UTCDateTime()))
    elapsed = func.coalesce(f.ended_day, today) - f.started_day
    due = and_(f.started_day.is_not(None), elapsed >= f.cadence_days)
    idle = today - f.last_contact_day
    running = f.engagement_status.in_(RUNNING)
    columns: dict[str, Any] = {  # columns and expressions alike
        "department": PersonRow.department,
        "level": PersonRow.seniority_level,
        "cohort": f.cohort,
        "support": f.support,
        "matched": flag(f.engagement_id.is_not(None)),
        "active": flag(f.engagement_status.in_(ACTIVE)),
        "offered": f.offered,
        "accepted": f.accepted,
        "first_meeting_days": f.first_meeting_days,
        "cadence_due": flag(due),
        "cadence_kept": flag(and_(due, (f.held + 1) * f.cadence_days > elapsed)),
        "running": flag(running),
        **{f"idle_{days}": flag(and_(running, idle >= days)) for days in IDLE_DAYS},
        "met": f.goals_met,
        "decided": f.goals_decided,
        "satisfaction": f.satisfaction,
        "growth": f.growth,
    }
    return (
        select(
            f.enrolment_id.label("enrolment_id"),
            f.person_id.label("person_id"),
            *(columns[name].label(name) for name in PUBLISHED_COLUMNS),
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
    program_id: int, dimensions: Sequence[str]
) -> CompoundSelect[*tuple[Any, ...]]:
    """Return the tallies of every measure per group of each dimension, as one statement.

    The participant facts are tallied once per combination of the dimensions' groups (a few
    thousand cells at most, whatever the number of participants); each breakdown then adds up
    those cells, so the per-participant rows are read once rather than once per breakdown. The
    breakdowns are stacked with UNION ALL, their group values as text.
    """
    p = PublishedParticipantRow
    f = select(p).where(p.program_id == program_id).subquery("facts").c
    groups = [f[d] for d in dimensions]
    cells = (
        select(*groups, *_tallies(f), func.max(f.published_at).label("as_of"))
        .group_by(*groups)
        .cte("cells")
    )
    tallies = [c for c in cells.c if c.key not in (*dimensions, "as_of")]

    def grouped(dimension: str) -> Select[*tuple[Any, ...]]:
        group = cells.c[dimension]
        return select(
            literal(dimension).label("dimension"),
            cast(group, String).label("group"),
            *(func.sum(c).label(c.key) for c in tallies),
            func.max(cells.c.as_of).label("as_of"),
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


@dataclass(frozen=True)
class Group:
    """One group of a breakdown: its value as text, its tallies, when it last moved on."""

    value: str | None
    tallies: dict[str, Tally]
    as_of: datetime | None


def breakdowns(
    session: Session, program_id: int, dimensions: Sequence[str] = DIMENSIONS
) -> dict[str, list[Group]]:
    """Return, per dimension, each published group with its tallies by measure."""
    result: dict[str, list[Group]] = {d: [] for d in dimensions}
    for row in session.execute(breakdowns_query(program_id, dimensions)).mappings():
        result[row["dimension"]].append(
            Group(
                row["group"],
                {
                    measure: Tally(
                        int(row[_PEOPLE_OF[measure]] or 0),
                        {part: float(row[part] or 0) for part in parts},
                    )
                    for measure, parts in MEASURES.items()
                },
                row["as_of"],
            )
        )
    return result


def competency_growth(session: Session, program_id: int) -> list[tuple[str, Tally]]:
    """Return each active competency with the tally of its published per-participant changes."""
    c = PublishedCompetencyChangeRow
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
    """Return each development theme with the distinct participants published under it."""
    t = PublishedThemeRow
    tagged = select(t.theme_id, t.person_id).where(t.program_id == program_id).subquery()
    people = func.count(func.distinct(tagged.c.person_id))
    rows = session.execute(
        select(DevelopmentThemeRow.name, people)
        .outerjoin(tagged, tagged.c.theme_id == DevelopmentThemeRow.id)
        .group_by(DevelopmentThemeRow.id, DevelopmentThemeRow.name)
        .order_by(people.desc(), DevelopmentThemeRow.name)
    ).all()
    return [(name, int(n)) for name, n in rows]
