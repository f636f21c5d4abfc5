"""The published copy of the report facts: which participants changed, and moving them on.

Reports are read from the published tables (report_queries). Before a report, the facts as
they are today (report_queries.participant_facts, with the day's stalled and cadence flags)
are compared with the published copy in SQL, so only the participants that changed are read
into Python; the rule of what may move on is the domain's
(growpath.domain.publication), and `publish` copies today's facts of those it released.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Select,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session

from growpath.adapters.orm import (
    PublishedCompetencyChangeRow,
    PublishedParticipantRow,
    PublishedThemeRow,
    ReportCompetencyChangeRow,
    ReportParticipantRow,
    ReportThemeRow,
    ReportUnpublishedRow,
)
from growpath.adapters.orm.base import UTCDateTime
from growpath.adapters.report_queries import (
    PUBLISHED_COLUMNS,
    breakdowns,
    participant_facts,
)
from growpath.domain.publication import DIMENSIONS, CellKey, group_key

# Enrolments per statement: each one computes the program's facts today, so few and large
# (well under the 32,766 bound values SQLite allows in one statement).
CHUNK = 10_000
# A publication this large (a program's first) refreshes the planner's statistics at once.
ANALYZE_FROM = 10_000

# A participant as the published rows or today's facts have them: row, competencies, themes.
Side = tuple[Mapping[str, Any] | None, dict[int, float], set[int]]


def _today(program_id: int, now: datetime) -> Select[*tuple[Any, ...]]:
    return participant_facts(program_id, now)


def _published(program_id: int) -> Select[*tuple[Any, ...]]:
    p = PublishedParticipantRow
    return select(
        p.enrolment_id, p.person_id, *(p.__table__.c[c] for c in PUBLISHED_COLUMNS)
    ).where(p.program_id == program_id)


def _competencies(program_id: int, published: bool) -> Select[*tuple[Any, ...]]:
    c = PublishedCompetencyChangeRow if published else ReportCompetencyChangeRow
    return select(c.enrolment_id, c.competency_id, c.change).where(c.program_id == program_id)


def _themes(program_id: int, published: bool) -> Select[*tuple[Any, ...]]:
    t = PublishedThemeRow if published else ReportThemeRow
    return select(t.enrolment_id, t.theme_id, t.person_id).where(t.program_id == program_id)


def _changed_participants(session: Session, program_id: int, now: datetime) -> set[int]:
    """Participants whose row today differs from the published one, is new, or is gone.

    One pass over today's facts, joined to the published rows by enrolment: computing the
    facts is what costs, so they are not computed twice as two EXCEPTs would.
    """
    today = _today(program_id, now).subquery("today")
    p = PublishedParticipantRow
    published = p.__table__.c
    differs = or_(
        p.enrolment_id.is_(None),
        today.c.person_id.is_distinct_from(p.person_id),
        *(today.c[column].is_distinct_from(published[column]) for column in PUBLISHED_COLUMNS),
    )
    found = set(
        session.scalars(
            select(today.c.enrolment_id)
            .outerjoin(p, p.enrolment_id == today.c.enrolment_id)
            .where(differs)
        )
    )
    facts = select(ReportParticipantRow.enrolment_id).where(
        ReportParticipantRow.program_id == program_id
    )
    found.update(
        session.scalars(
            select(p.enrolment_id).where(p.program_id == program_id, p.enrolment_id.not_in(facts))
        )
    )
    return found


def _pending(program_id: int) -> Select[int]:
    u = ReportUnpublishedRow
    return select(u.enrolment_id).where(u.program_id == program_id)


def changed(session: Session, program_id: int, now: datetime) -> list[int]:
    """Return the participant enrolments whose facts today differ from their published ones.

    Competencies and themes do not depend on the day: only those of participants whose facts
    were recomputed since they were last published (report_unpublished) can differ.
    """
    found = _changed_participants(session, program_id, now)
    pending = _pending(program_id)
    for today, published in (
        (_competencies(program_id, False), _competencies(program_id, True)),
        (_themes(program_id, False), _themes(program_id, True)),
    ):
        today = today.where(today.selected_columns[0].in_(pending))
        published = published.where(published.selected_columns[0].in_(pending))
        # A row in both copies appears twice; a row in one only, once (each side is keyed).
        both = union_all(today, published).subquery()
        found.update(
            session.scalars(select(both.c.enrolment_id).group_by(*both.c).having(func.count() == 1))
        )
    return sorted(found)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _sides(
    session: Session,
    ids: list[int],
    participants: Select[*tuple[Any, ...]],
    published: bool,
    program_id: int,
) -> dict[int, Side]:
    sides: dict[int, Side] = {i: (None, {}, set()) for i in ids}
    for chunk in _chunks(ids):
        rows = participants.subquery()
        for row in session.execute(select(rows).where(rows.c.enrolment_id.in_(chunk))).mappings():
            sides[row["enrolment_id"]] = (dict(row), *sides[row["enrolment_id"]][1:])
        c = _competencies(program_id, published).subquery()
        for enrolment, competency, change in session.execute(
            select(c).where(c.c.enrolment_id.in_(chunk))
        ):
            sides[enrolment][1][competency] = change
        t = _themes(program_id, published).subquery()
        for enrolment, theme, _person in session.execute(
            select(t).where(t.c.enrolment_id.in_(chunk))
        ):
            sides[enrolment][2].add(theme)
    return sides


def sides(
    session: Session, program_id: int, now: datetime, enrolment_ids: Collection[int]
) -> dict[int, tuple[Side, Side]]:
    """Return each enrolment's published side and today's side."""
    ids = sorted(enrolment_ids)
    published = _sides(session, ids, _published(program_id), True, program_id)
    today = _sides(session, ids, _today(program_id, now), False, program_id)
    return {i: (published[i], today[i]) for i in ids}


def published_people(session: Session, program_id: int) -> dict[CellKey, int]:
    """Return how many people each published cell of a program aggregates."""
    people: dict[CellKey, int] = {}
    for dimension, groups in breakdowns(session, program_id).items():
        for group in groups:
            for measure, tally in group.tallies.items():
                people[("breakdown", measure, dimension, group_key(group.value))] = tally.people
                if dimension == DIMENSIONS[0]:  # every dimension partitions the same people
                    total = ("total", measure)
                    people[total] = people.get(total, 0) + tally.people
    c, t = PublishedCompetencyChangeRow, PublishedThemeRow
    for competency, n in session.execute(
        select(c.competency_id, func.count())
        .where(c.program_id == program_id)
        .group_by(c.competency_id)
    ):
        people[("competency", str(competency))] = int(n)
    for theme, n in session.execute(
        select(t.theme_id, func.count(func.distinct(t.person_id)))
        .where(t.program_id == program_id)
        .group_by(t.theme_id)
    ):
        people[("theme", str(theme))] = int(n)
    return people


def settle(session: Session, program_id: int, held: Iterable[int]) -> None:
    """Forget the recomputed participants of a program that were compared, except those held."""
    waiting = set(held)
    done = sorted(set(session.scalars(_pending(program_id))) - waiting)
    u = ReportUnpublishedRow
    for chunk in _chunks(done):
        session.execute(delete(u).where(u.enrolment_id.in_(chunk)))


def publish(session: Session, program_id: int, now: datetime, enrolment_ids: Iterable[int]) -> None:
    """Replace the published rows of these enrolments by their facts today."""
    ids = sorted(set(enrolment_ids))
    today = _today(program_id, now).subquery()
    p, c, t = PublishedParticipantRow, PublishedCompetencyChangeRow, PublishedThemeRow
    for chunk in _chunks(ids):
        for table in (p, c, t):
            session.execute(delete(table).where(table.enrolment_id.in_(chunk)))
        session.execute(
            insert(p).from_select(
                ["enrolment_id", "program_id", "person_id", *PUBLISHED_COLUMNS, "published_at"],
                select(
                    today.c.enrolment_id,
                    literal(program_id),
                    today.c.person_id,
                    *(today.c[column] for column in PUBLISHED_COLUMNS),
                    literal(now, UTCDateTime()),
                ).where(today.c.enrolment_id.in_(chunk)),
            )
        )
        for published, facts, columns in (
            (c, ReportCompetencyChangeRow, ("competency_id", "change")),
            (t, ReportThemeRow, ("theme_id", "person_id")),
        ):
            session.execute(
                insert(published).from_select(
                    ["enrolment_id", "program_id", *columns],
                    select(
                        facts.enrolment_id,
                        facts.program_id,
                        *(facts.__table__.c[column] for column in columns),
                    ).where(facts.program_id == program_id, facts.enrolment_id.in_(chunk)),
                )
            )
    if len(ids) >= ANALYZE_FROM and session.get_bind().dialect.name == "postgresql":
        tables = ", ".join(table.__tablename__ for table in (p, c, t))
        session.execute(text(f"ANALYZE {tables}"))
