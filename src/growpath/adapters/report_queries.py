"""The SQL behind reports: one row of facts per participant, then GROUP BY per breakdown.

Everything here is an aggregate query that runs the same on SQLite and PostgreSQL; Python only
receives one row per group. Days are compared as day numbers (julianday on SQLite, the epoch
in days on PostgreSQL), so differences are in days on both.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnCollection,
    ColumnElement,
    CompoundSelect,
    Date,
    Float,
    Select,
    String,
    Subquery,
    and_,
    case,
    cast,
    extract,
    func,
    literal,
    select,
    text,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from growpath.adapters.orm import (
    CheckInRow,
    CompetencyRatingRow,
    CompetencyRow,
    DevelopmentThemeRow,
    EngagementMemberRow,
    EngagementRow,
    EnrolmentRow,
    GoalRow,
    MatchProposalRow,
    PersonRow,
    ProgramRow,
    SessionRow,
    SessionThemeRow,
)
from growpath.adapters.orm.base import UTCDateTime
from growpath.domain.reporting import MEASURES, Tally

PARTICIPANT_ROLES = ("mentee", "coachee")
RUNNING = ("proposed", "active", "renewed")
ACTIVE = ("active", "renewed")
OFFERED = ("approved", "requested", "accepted", "declined", "expired")
IDLE_DAYS = (14, 30, 90)
# Satisfaction is 1–5; a person's mean of 4.5 or more promotes, under 3.5 detracts (NPS-style).
PROMOTER_FROM, DETRACTOR_BELOW = 4.5, 3.5
DIMENSIONS = ("cohort", "department", "level", "support")


class day_number(FunctionElement[float]):  # noqa: N801 - reads as the SQL function it is
    """A date or timestamp as a fractional day number, comparable across both databases."""

    type = Float()
    inherit_cache = True
    name = "day_number"


@compiles(day_number, "sqlite")
def _day_number_sqlite(element: day_number, compiler: SQLCompiler, **kw: Any) -> str:
    return f"julianday({compiler.process(element.clauses, **kw)})"


@compiles(day_number, "postgresql")
def _day_number_postgresql(element: day_number, compiler: SQLCompiler, **kw: Any) -> str:
    # date_part gives double precision where EXTRACT gives numeric, whose arithmetic cost a
    # good part of the breakdowns' time over 100,000 participants. A date is cast to a
    # timestamp without zone, so it reads as midnight UTC whatever the session's time zone.
    (argument,) = element.clauses
    value = compiler.process(argument, **kw)
    if isinstance(argument.type, Date):
        value = f"CAST({value} AS TIMESTAMP WITHOUT TIME ZONE)"
    return f"(date_part('epoch', {value}) / 86400.0)"


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def _rating_changes(program_id: int) -> Subquery:
    """Per participant and competency: the mean over raters of (final or midpoint − baseline)."""
    r = CompetencyRatingRow

    def phase(name: str) -> ColumnElement[Any]:
        return func.max(case((r.phase == name, r.rating)))

    # Ratings are paired per engagement first and only then matched to the participants: joined
    # before the grouping, the two-column match to members is estimated at a handful of rows and
    # PostgreSQL probes engagements once per rating in a nested loop.
    rated = (
        select(
            r.engagement_id,
            r.subject_person_id.label("person_id"),
            r.competency_id,
            phase("baseline").label("baseline"),
            func.coalesce(phase("final"), phase("midpoint")).label("later"),
        )
        .join(EngagementRow, EngagementRow.id == r.engagement_id)
        .where(EngagementRow.program_id == program_id)
        .group_by(r.engagement_id, r.subject_person_id, r.competency_id, r.rater_role)
        .subquery("rated")
    )
    pairs = (
        select(rated)
        .join(
            EngagementMemberRow,
            and_(
                EngagementMemberRow.engagement_id == rated.c.engagement_id,
                EngagementMemberRow.person_id == rated.c.person_id,
                EngagementMemberRow.role == "participant",
            ),
        )
        .subquery("pairs")
    )
    return (
        select(
            pairs.c.person_id,
            pairs.c.competency_id,
            func.avg(pairs.c.later - pairs.c.baseline).label("change"),
        )
        .where(pairs.c.baseline.is_not(None), pairs.c.later.is_not(None))
        .group_by(pairs.c.person_id, pairs.c.competency_id)
        .subquery("changes")
    )


def participant_facts(program_id: int, now: datetime) -> Select[*tuple[Any, ...]]:
    """One row per participant of the program with what the report counts about them."""
    e = EngagementRow
    in_program = e.program_id == program_id
    today = day_number(literal(now, UTCDateTime()))
    latest = (
        select(
            EngagementMemberRow.enrolment_id,
            func.max(EngagementMemberRow.engagement_id).label("engagement_id"),
        )
        .join(e, e.id == EngagementMemberRow.engagement_id)
        .where(in_program, EngagementMemberRow.role == "participant")
        .group_by(EngagementMemberRow.enrolment_id)
        .subquery("latest")
    )
    held = (
        select(
            SessionRow.engagement_id,
            func.count().label("held"),
            day_number(func.min(SessionRow.held_at)).label("first_held"),
            day_number(func.max(SessionRow.held_at)).label("last_held"),
        )
        .join(e, e.id == SessionRow.engagement_id)
        .where(in_program, SessionRow.status == "held", SessionRow.held_at.is_not(None))
        .group_by(SessionRow.engagement_id)
        .subquery("held")
    )
    goals = (
        select(
            GoalRow.engagement_id,
            func.sum(_flag(GoalRow.status == "met")).label("met"),
            func.sum(_flag(GoalRow.status.in_(("met", "not_met")))).label("decided"),
        )
        .join(e, e.id == GoalRow.engagement_id)
        .where(in_program)
        .group_by(GoalRow.engagement_id)
        .subquery("goals")
    )
    offers = (
        select(
            MatchProposalRow.mentee_enrolment_id.label("enrolment_id"),
            func.max(_flag(MatchProposalRow.status.in_(OFFERED))).label("offered"),
            func.max(_flag(MatchProposalRow.status == "accepted")).label("accepted"),
        )
        .where(MatchProposalRow.program_id == program_id)
        .group_by(MatchProposalRow.mentee_enrolment_id)
        .subquery("offers")
    )
    answers = (
        select(
            CheckInRow.engagement_id,
            CheckInRow.person_id,
            func.avg(CheckInRow.satisfaction).label("satisfaction"),
        )
        .join(e, e.id == CheckInRow.engagement_id)
        .where(in_program, CheckInRow.satisfaction.is_not(None))
        .group_by(CheckInRow.engagement_id, CheckInRow.person_id)
        .subquery("answers")
    )
    here = select(EnrolmentRow.person_id).where(
        EnrolmentRow.program_id == program_id, EnrolmentRow.role.in_(PARTICIPANT_ROLES)
    )
    kinds = (
        select(
            EnrolmentRow.person_id,
            func.max(_flag(ProgramRow.kind == "coaching")).label("coaching"),
            func.max(_flag(ProgramRow.kind == "mentoring")).label("mentoring"),
        )
        .join(ProgramRow, ProgramRow.id == EnrolmentRow.program_id)
        .where(EnrolmentRow.role.in_(PARTICIPANT_ROLES), EnrolmentRow.person_id.in_(here))
        .group_by(EnrolmentRow.person_id)
        .subquery("kinds")
    )
    changes = _rating_changes(program_id)
    growth = (
        select(changes.c.person_id, func.avg(changes.c.change).label("change"))
        .group_by(changes.c.person_id)
        .subquery("growth")
    )
    started = day_number(e.starts_on)
    elapsed = func.coalesce(day_number(e.ended_at), today) - started
    due = and_(e.starts_on.is_not(None), elapsed >= e.cadence_days)
    idle = today - func.coalesce(held.c.last_held, started, day_number(e.created_at))
    running = e.status.in_(RUNNING)
    return (
        select(
            EnrolmentRow.person_id,
            PersonRow.department.label("department"),
            PersonRow.seniority_level.label("level"),
            (extract("year", e.starts_on) * 100 + extract("month", e.starts_on)).label("cohort"),
            case(
                (and_(kinds.c.coaching == 1, kinds.c.mentoring == 1), "both"),
                (kinds.c.coaching == 1, "coaching"),
                else_="mentoring",
            ).label("support"),
            _flag(latest.c.engagement_id.is_not(None)).label("matched"),
            _flag(e.status.in_(ACTIVE)).label("active"),
            func.coalesce(offers.c.offered, 0).label("offered"),
            func.coalesce(offers.c.accepted, 0).label("accepted"),
            (held.c.first_held - day_number(e.created_at)).label("first_meeting_days"),
            _flag(due).label("cadence_due"),
            _flag(and_(due, (func.coalesce(held.c.held, 0) + 1) * e.cadence_days > elapsed)).label(
                "cadence_kept"
            ),
            _flag(running).label("running"),
            *(_flag(and_(running, idle >= days)).label(f"idle_{days}") for days in IDLE_DAYS),
            func.coalesce(goals.c.met, 0).label("met"),
            func.coalesce(goals.c.decided, 0).label("decided"),
            answers.c.satisfaction,
            growth.c.change.label("growth"),
        )
        .select_from(EnrolmentRow)
        .join(PersonRow, PersonRow.id == EnrolmentRow.person_id)
        .outerjoin(latest, latest.c.enrolment_id == EnrolmentRow.id)
        .outerjoin(e, e.id == latest.c.engagement_id)
        .outerjoin(held, held.c.engagement_id == e.id)
        .outerjoin(goals, goals.c.engagement_id == e.id)
        .outerjoin(offers, offers.c.enrolment_id == EnrolmentRow.id)
        .outerjoin(
            answers,
            and_(answers.c.engagement_id == e.id, answers.c.person_id == EnrolmentRow.person_id),
        )
        .outerjoin(kinds, kinds.c.person_id == EnrolmentRow.person_id)
        .outerjoin(growth, growth.c.person_id == EnrolmentRow.person_id)
        .where(EnrolmentRow.program_id == program_id, EnrolmentRow.role.in_(PARTICIPANT_ROLES))
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
        func.sum(_flag(f.decided > 0)).label("goal_people"),
        func.sum(f.met).label("met"),
        func.sum(f.decided).label("decided"),
        func.count(f.satisfaction).label("answered"),
        func.sum(f.satisfaction).label("score"),
        func.sum(_flag(f.satisfaction >= PROMOTER_FROM)).label("promoters"),
        func.sum(_flag(f.satisfaction < DETRACTOR_BELOW)).label("detractors"),
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


def prepare(session: Session) -> None:
    """Set PostgreSQL up for this transaction's report queries (nothing to do on SQLite)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    # The breakdowns' plan is costed well above jit_above_cost, and compiling its few hundred
    # expressions took about half a second, longer than JIT saved on 100,000 rows.
    session.execute(text("SET LOCAL jit = off"))
    # At 4 MB the hashes and sorts over 100,000 participants spilled to disk in batches.
    session.execute(text("SET LOCAL work_mem = '32MB'"))
    # In a parallel plan every worker built each per-participant hash again (loops=2 in
    # EXPLAIN ANALYZE): twice the CPU for the same rows, on cores the web app needs too.
    session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))


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
    """Return each active competency with the tally of its per-person changes."""
    changes = _rating_changes(program_id)
    rows = session.execute(
        select(
            CompetencyRow.name,
            func.count(changes.c.person_id),
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
    tagged = (
        select(SessionThemeRow.theme_id, EngagementMemberRow.person_id)
        .join(SessionRow, SessionRow.id == SessionThemeRow.session_id)
        .join(EngagementRow, EngagementRow.id == SessionRow.engagement_id)
        .join(
            EngagementMemberRow,
            and_(
                EngagementMemberRow.engagement_id == EngagementRow.id,
                EngagementMemberRow.role == "participant",
            ),
        )
        .where(EngagementRow.program_id == program_id)
        .distinct()
        .subquery("tagged")
    )
    rows = session.execute(
        select(DevelopmentThemeRow.name, func.count(tagged.c.person_id))
        .outerjoin(tagged, tagged.c.theme_id == DevelopmentThemeRow.id)
        .group_by(DevelopmentThemeRow.id, DevelopmentThemeRow.name)
        .order_by(func.count(tagged.c.person_id).desc(), DevelopmentThemeRow.name)
    ).all()
    return [(name, int(n)) for name, n in rows]
