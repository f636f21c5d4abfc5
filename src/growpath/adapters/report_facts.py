"""Report facts kept as the app writes: what each participant enrolment contributes to reports.

A report over 100,000 participants would otherwise aggregate every session, goal, check-in and
rating of the program each time it is viewed. Instead, every transaction that writes one of
those rows notes, before it commits, what it touched (report_stale: one small insert); the
next report, or the periodic job, recomputes the facts of the participants behind those notes
(`catch_up`), and a report then aggregates one row per participant. The same SQL rebuilds
every fact at once (`rebuild`), when the definition below changes (FACTS_VERSION) or after
data was written outside the app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache, partial
from itertools import chain
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Delete,
    Insert,
    Select,
    Table,
    Update,
    and_,
    bindparam,
    case,
    delete,
    event,
    extract,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.orm import InstrumentedAttribute, ORMExecuteState, Session, sessionmaker

from growpath.adapters.orm import (
    CheckInRow,
    CompetencyRatingRow,
    EngagementMemberRow,
    EngagementRow,
    EnrolmentRow,
    GoalRow,
    MatchProposalRow,
    ProgramRow,
    ReportCompetencyChangeRow,
    ReportFactsStateRow,
    ReportParticipantRow,
    ReportStaleRow,
    ReportThemeRow,
    ReportUnpublishedRow,
    SessionRow,
    SessionThemeRow,
)
from growpath.adapters.report_sql import day_number, flag
from growpath.adapters.repositories import column_reads
from growpath.domain.enrolment import PARTICIPANT_ROLES
from growpath.domain.proposals import OFFERED
from growpath.domain.reporting import ALL_FACTS, BOTH

# Bump when the facts' SQL changes: the next start rebuilds every fact with the new definition.
FACTS_VERSION = 1
CHUNK = 1000
TURNS = 0x67726F77  # the advisory lock catch-ups and rebuilds take turns on ("grow")

# Which written rows touch which facts: table → (kind of key, column holding it).
TOUCHES: dict[str, tuple[tuple[str, str], ...]] = {
    "enrolments": (("enrolment", "id"), ("person", "person_id")),
    "programs": (("program", "id"),),
    "engagements": (("engagement", "id"),),
    "engagement_members": (("engagement", "engagement_id"), ("enrolment", "enrolment_id")),
    "engagement_sessions": (("engagement", "engagement_id"),),
    "session_themes": (("session", "session_id"),),
    "goals": (("engagement", "engagement_id"),),
    "checkins": (("engagement", "engagement_id"),),
    "competency_ratings": (("engagement", "engagement_id"),),
    "match_proposals": (("enrolment", "mentee_enrolment_id"),),
}
_PENDING = "growpath.report_facts.touched"

Key = tuple[str, int]
# The enrolments whose facts a statement recomputes: a list bound when it runs, or all (None).
Scope = BindParameter[Any] | None
ENROLMENTS: BindParameter[int] = bindparam("enrolments", expanding=True)


def _among(column: InstrumentedAttribute[Any], scope: Scope) -> list[Any]:
    """A filter keeping the scope's enrolments (none needed for a full rebuild)."""
    return [] if scope is None else [column.in_(scope)]


def _in_scope(column: InstrumentedAttribute[int], scope: Scope) -> list[Any]:
    """A filter keeping rows of the scope's engagements (none needed for a full rebuild)."""
    if scope is None:
        return []
    m = EngagementMemberRow
    return [
        column.in_(
            select(m.engagement_id).where(m.role == "participant", *_among(m.enrolment_id, scope))
        )
    ]


def _changes(scope: Scope) -> Select[*tuple[Any, ...]]:
    """Per participant enrolment and competency: the mean over raters of (later − baseline)."""
    r = CompetencyRatingRow

    def phase(name: str) -> ColumnElement[Any]:
        return func.max(case((r.phase == name, r.rating)))

    # Ratings are paired per engagement first and only then matched to the participants.
    rated = (
        select(
            r.engagement_id,
            r.subject_person_id.label("person_id"),
            r.competency_id,
            phase("baseline").label("baseline"),
            func.coalesce(phase("final"), phase("midpoint")).label("later"),
        )
        .where(*_in_scope(r.engagement_id, scope))
        .group_by(r.engagement_id, r.subject_person_id, r.competency_id, r.rater_role)
        .subquery("rated")
    )
    m = EngagementMemberRow
    matched = [
        m.engagement_id == rated.c.engagement_id,
        m.person_id == rated.c.person_id,
        m.role == "participant",
        m.enrolment_id.is_not(None),
        *_among(m.enrolment_id, scope),
    ]
    return (
        select(
            m.enrolment_id,
            rated.c.competency_id,
            func.avg(rated.c.later - rated.c.baseline).label("change"),
        )
        .join(m, and_(*matched))
        .where(rated.c.baseline.is_not(None), rated.c.later.is_not(None))
        .group_by(m.enrolment_id, rated.c.competency_id)
    )


def _participants(scope: Scope) -> list[Any]:
    return [EnrolmentRow.role.in_(PARTICIPANT_ROLES), *_among(EnrolmentRow.id, scope)]


def _participant_facts(scope: Scope) -> Select[*tuple[Any, ...]]:
    """One row per participant enrolment in scope: the columns of report_participants."""
    e = EngagementRow
    latest = (
        select(
            EngagementMemberRow.enrolment_id,
            func.max(EngagementMemberRow.engagement_id).label("engagement_id"),
        )
        .where(
            EngagementMemberRow.role == "participant",
            *_among(EngagementMemberRow.enrolment_id, scope),
        )
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
        .where(
            SessionRow.status == "held",
            SessionRow.held_at.is_not(None),
            *_in_scope(SessionRow.engagement_id, scope),
        )
        .group_by(SessionRow.engagement_id)
        .subquery("held")
    )
    goals = (
        select(
            GoalRow.engagement_id,
            func.sum(flag(GoalRow.status == "met")).label("met"),
            func.sum(flag(GoalRow.status.in_(("met", "not_met")))).label("decided"),
        )
        .where(*_in_scope(GoalRow.engagement_id, scope))
        .group_by(GoalRow.engagement_id)
        .subquery("goals")
    )
    offers = (
        select(
            MatchProposalRow.mentee_enrolment_id.label("enrolment_id"),
            func.max(flag(MatchProposalRow.status.in_(OFFERED))).label("offered"),
            func.max(flag(MatchProposalRow.status == "accepted")).label("accepted"),
        )
        .where(*_among(MatchProposalRow.mentee_enrolment_id, scope))
        .group_by(MatchProposalRow.mentee_enrolment_id)
        .subquery("offers")
    )
    answers = (
        select(
            CheckInRow.engagement_id,
            CheckInRow.person_id,
            func.avg(CheckInRow.satisfaction).label("satisfaction"),
        )
        .where(CheckInRow.satisfaction.is_not(None), *_in_scope(CheckInRow.engagement_id, scope))
        .group_by(CheckInRow.engagement_id, CheckInRow.person_id)
        .subquery("answers")
    )
    people = select(EnrolmentRow.person_id).where(*_participants(scope))
    kinds = (
        select(
            EnrolmentRow.person_id,
            func.max(flag(ProgramRow.kind == "coaching")).label("coaching"),
            func.max(flag(ProgramRow.kind == "mentoring")).label("mentoring"),
        )
        .join(ProgramRow, ProgramRow.id == EnrolmentRow.program_id)
        .where(EnrolmentRow.role.in_(PARTICIPANT_ROLES), EnrolmentRow.person_id.in_(people))
        .group_by(EnrolmentRow.person_id)
        .subquery("kinds")
    )
    changes = _changes(scope).subquery("changes")
    growth = (
        select(changes.c.enrolment_id, func.avg(changes.c.change).label("change"))
        .group_by(changes.c.enrolment_id)
        .subquery("growth")
    )
    started = day_number(e.starts_on)
    return (
        select(
            EnrolmentRow.id,
            EnrolmentRow.program_id,
            EnrolmentRow.person_id,
            case(
                (and_(kinds.c.coaching == 1, kinds.c.mentoring == 1), BOTH),
                (kinds.c.coaching == 1, "coaching"),
                else_="mentoring",
            ),
            e.id,
            e.status,
            extract("year", e.starts_on) * 100 + extract("month", e.starts_on),
            started,
            day_number(e.ended_at),
            func.coalesce(held.c.last_held, started, day_number(e.created_at)),
            e.cadence_days,
            held.c.first_held - day_number(e.created_at),
            func.coalesce(held.c.held, 0),
            func.coalesce(offers.c.offered, 0),
            func.coalesce(offers.c.accepted, 0),
            func.coalesce(goals.c.met, 0),
            func.coalesce(goals.c.decided, 0),
            answers.c.satisfaction,
            growth.c.change,
        )
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
        .outerjoin(growth, growth.c.enrolment_id == EnrolmentRow.id)
        .where(*_participants(scope))
    )


def _themes(scope: Scope) -> Select[*tuple[Any, ...]]:
    m = EngagementMemberRow
    return (
        select(EnrolmentRow.id, SessionThemeRow.theme_id, EnrolmentRow.program_id, m.person_id)
        .join(m, and_(m.enrolment_id == EnrolmentRow.id, m.role == "participant"))
        .join(SessionRow, SessionRow.engagement_id == m.engagement_id)
        .join(SessionThemeRow, SessionThemeRow.session_id == SessionRow.id)
        .where(*_participants(scope))
        .distinct()
    )


_FACT_TABLES = (ReportParticipantRow, ReportCompetencyChangeRow, ReportThemeRow)
# Recomputed facts wait here for the next report to compare them with their published copy.
_UNPUBLISHED = ReportUnpublishedRow


def _statements(scope: Scope) -> Iterator[Delete | Insert]:
    p, c, t = _FACT_TABLES
    for table in _FACT_TABLES:
        yield delete(table).where(*_among(table.enrolment_id, scope))
    yield insert(p).from_select(
        [
            p.enrolment_id,
            p.program_id,
            p.person_id,
            p.support,
            p.engagement_id,
            p.engagement_status,
            p.cohort,
            p.started_day,
            p.ended_day,
            p.last_contact_day,
            p.cadence_days,
            p.first_meeting_days,
            p.held,
            p.offered,
            p.accepted,
            p.goals_met,
            p.goals_decided,
            p.satisfaction,
            p.growth,
        ],
        _participant_facts(scope),
    )
    changes = _changes(scope).subquery("changes")
    yield insert(c).from_select(
        [c.enrolment_id, c.competency_id, c.program_id, c.change],
        select(
            changes.c.enrolment_id,
            changes.c.competency_id,
            EnrolmentRow.program_id,
            changes.c.change,
        ).join(EnrolmentRow, EnrolmentRow.id == changes.c.enrolment_id),
    )
    yield insert(t).from_select(
        [t.enrolment_id, t.theme_id, t.program_id, t.person_id], _themes(scope)
    )
    yield delete(_UNPUBLISHED).where(*_among(_UNPUBLISHED.enrolment_id, scope))
    yield insert(_UNPUBLISHED).from_select(
        [_UNPUBLISHED.enrolment_id, _UNPUBLISHED.program_id],
        select(p.enrolment_id, p.program_id).where(*_among(p.enrolment_id, scope)),
    )


@cache
def _refreshing() -> tuple[Delete | Insert, ...]:
    """The statements of a refresh, built once: a catch-up only executes them."""
    return tuple(_statements(ENROLMENTS))


def _connection(session: Session | Connection) -> Connection:
    return session.connection() if isinstance(session, Session) else session


def _take_turns(session: Session | Connection) -> None:
    """Make catch-ups and rebuilds run one at a time (until this transaction ends).

    Two of them recomputing one participant at once would each delete the old rows and insert
    new ones, and the later insert would clash with the earlier. Writers never take this lock.
    SQLite runs one writing transaction at a time anyway.
    """
    connection = _connection(session)
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(TURNS)))


def refresh(session: Session | Connection, enrolment_ids: Iterable[int]) -> None:
    """Recompute the facts of these enrolments (others than participants' are ignored)."""
    ids = sorted(set(enrolment_ids))
    # Core statements on the connection: with bound values, the ORM would read an
    # INSERT … SELECT as a bulk insert of those values.
    connection = _connection(session)
    for start in range(0, len(ids), CHUNK):
        chunk = {"enrolments": ids[start : start + CHUNK]}
        for statement in _refreshing():
            connection.execute(statement, chunk)


def rebuild(session: Session | Connection) -> int:
    """Recompute every fact, record the definition's version; return how many participants."""
    _take_turns(session)
    for statement in _statements(None):
        session.execute(statement)
    # Every note committed so far is covered by this rebuild.
    session.execute(delete(ReportStaleRow))
    session.execute(delete(ReportFactsStateRow))
    session.execute(insert(ReportFactsStateRow).values(id=1, version=FACTS_VERSION))
    connection = _connection(session)
    if connection.dialect.name == "postgresql":
        # Statistics for the freshly filled tables now, not when autovacuum next looks.
        tables = ", ".join(table.__tablename__ for table in _FACT_TABLES)
        connection.execute(text(f"ANALYZE {tables}"))
    return int(session.scalar(select(func.count()).select_from(ReportParticipantRow)) or 0)


def is_built(session: Session | Connection) -> bool:
    """Whether the stored facts were built with this code's definition."""
    version = session.scalar(select(ReportFactsStateRow.version).where(ReportFactsStateRow.id == 1))
    return version == FACTS_VERSION


def ensure_built(session: Session | Connection) -> bool:
    """Rebuild the facts when they are missing or of another definition; return if it did."""
    if is_built(session):
        return False
    rebuild(session)
    return True


def _note(session: Session, keys: Iterable[Key]) -> None:
    session.info.setdefault(_PENDING, set()).update(keys)


def _keys_of(table: str, values: Callable[[str], Any]) -> Iterator[Key]:
    for kind, column in TOUCHES.get(table, ()):
        value = values(column)
        if value is not None:
            yield kind, int(value)


def note_written(session: Session, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Note the facts that rows written on the connection's cursor touch, as a flush notes
    the rows it writes."""
    for values in rows:
        _note(session, _keys_of(table, values.get))


def _after_flush(session: Session, _context: object) -> None:
    for row in chain(session.new, session.dirty, session.deleted):
        table = getattr(row, "__tablename__", "")
        if table in TOUCHES:
            _note(session, _keys_of(table, partial(getattr, row)))


def _before_bulk(state: ORMExecuteState) -> None:
    """Note the rows an INSERT, UPDATE or DELETE statement is about to write, before it runs."""
    statement = state.statement
    if not isinstance(statement, (Insert, Update, Delete)):
        return
    name = getattr(statement.table, "name", "")
    if name not in TOUCHES:
        return
    if isinstance(statement, Insert):
        written: Any = state.parameters
        rows: list[Mapping[str, Any]] = (
            [written] if isinstance(written, Mapping) else list(written or [])
        )
        # Values not passed as parameters (INSERT … SELECT, .values()): refresh everything.
        if not rows:
            _note(state.session, [(ALL_FACTS, 0)])
        for values in rows:
            _note(state.session, _keys_of(name, values.get))
        return
    if statement.whereclause is None:
        _note(state.session, [(ALL_FACTS, 0)])
        return
    columns = [statement.table.c[column] for _, column in TOUCHES[name]]
    for row in state.session.execute(select(*columns).where(statement.whereclause)):
        _note(state.session, _keys_of(name, row._mapping.get))


def _resolve(session: Session, keys: set[Key]) -> list[int] | None:
    """Return the participant enrolments whose facts the keys touch (None: all of them).

    One query: the touched enrolments, those in the touched engagements (directly or through
    a session), of the touched programs or people, and then every participant enrolment of
    the same people, since whether a person is coached, mentored or both spans programs.
    """
    by_kind: dict[str, set[int]] = {}
    for kind, value in keys:
        by_kind.setdefault(kind, set()).add(value)
    if ALL_FACTS in by_kind:
        return None
    m, n = EngagementMemberRow, EnrolmentRow
    in_engagements = select(m.enrolment_id).where(
        m.engagement_id.in_(by_kind.get("engagement", set()))
        | m.engagement_id.in_(
            select(SessionRow.engagement_id).where(SessionRow.id.in_(by_kind.get("session", set())))
        )
    )
    people = select(n.person_id).where(
        n.id.in_(by_kind.get("enrolment", set()))
        | n.program_id.in_(by_kind.get("program", set()))
        | n.id.in_(in_engagements)
    )
    return sorted(
        session.scalars(
            select(n.id).where(
                n.role.in_(PARTICIPANT_ROLES),
                n.person_id.in_(people) | n.person_id.in_(by_kind.get("person", set())),
            )
        ).all()
    )


_STALE_FIELDS = ("kind", "key")


@cache
def _insert_stale(dialect: str, count: int) -> Insert:
    # Built once per database kind and count, run as compiled (column_reads.write_rows): built
    # anew at each commit, with SQLAlchemy's set-up per run, it cost logging a session 0.4 ms.
    # Each dialect's INSERT is imported for its own database: the PostgreSQL dialect package
    # costs a SQLite install (and every command on it) a tenth of a second to import.
    table = cast(Table, ReportStaleRow.__table__)
    values = column_reads.row_values(table, _STALE_FIELDS, count)
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table).values(values).on_conflict_do_nothing()
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table).values(values).on_conflict_do_nothing()


def _stale_rows(session: Session, keys: Iterable[Key]) -> None:
    """Note the touched keys; a key noted before and not yet caught up is left as it is."""
    rows = [{"kind": kind, "key": key} for kind, key in sorted(keys)]
    connection = session.connection()
    statement = partial(_insert_stale, connection.dialect.name)
    column_reads.write_rows(connection, statement, _STALE_FIELDS, rows)


def _before_commit(session: Session) -> None:
    session.flush()
    keys = session.info.pop(_PENDING, None)
    if keys:
        _stale_rows(session, keys)


def catch_up(session: Session) -> int:
    """Recompute the facts behind every noted write; return how many participants it did.

    Taking the notes with DELETE … RETURNING makes this safe beside writers: a note committed
    before is taken and its rows are visible; a note committed after stays for the next time
    (a writer's conflicting insert waits for this transaction and then finds the key free).
    Facts that are missing or of another definition are rebuilt instead.
    """
    _take_turns(session)
    if not is_built(session):
        return rebuild(session)
    stale = session.connection().execute(
        delete(ReportStaleRow).returning(ReportStaleRow.kind, ReportStaleRow.key)
    )
    keys = {(kind, int(key)) for kind, key in stale}
    if not keys:
        return 0
    with session.no_autoflush:
        enrolments = _resolve(session, keys)
        if enrolments is None:
            return rebuild(session)
        refresh(session, enrolments)
        return len(enrolments)


def _forget(session: Session, *_args: object) -> None:
    session.info.pop(_PENDING, None)


def keep_up_to_date(factory: sessionmaker[Session]) -> None:
    """Make every session of this factory note, before committing, the facts it touched."""
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "do_orm_execute", _before_bulk)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_rollback", _forget)
