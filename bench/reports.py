"""Benchmark: program reports on PostgreSQL with 100,000 participants and 1,000,000 sessions.

Run with `make bench-reports` (or `python -m bench.reports`). It creates its own database on
the PostgreSQL at 127.0.0.1:5432 (user postgres; --database names it), fills it with INSERT …
SELECT over generate_series, runs ANALYZE, rebuilds the report facts (rows written with SQL
rather than through the app have none kept), times each report query, the whole report (also
with 1,000 engagements' writes to catch up first) and the catch-up of 1 and 100 participants'
facts, and drops the database again (--keep keeps it, --reuse times a kept one without
building it anew). The baseline is a COUNT(*) over every session, measured in the same run:
the ratio says how many full session scans each costs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, insert, text
from sqlalchemy.orm import Session

from bench.databases import SECRET, create_database, drop_database, url_of
from growpath.adapters import migrate, report_facts, report_queries
from growpath.adapters.clock import FixedClock
from growpath.adapters.database import create_database_engine
from growpath.adapters.orm import ReportStaleRow
from growpath.bootstrap import bootstrap
from growpath.domain.publication import DIMENSIONS
from growpath.services import reporting
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import operator_context
from growpath.settings import Settings

DATABASE = "growpath_bench_reports"
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
TARGET_SECONDS = 2.0
CATCH_UP = 1_000  # engagements with writes since the last catch-up, in the catch-up row
console = Console()

# Program 1 mentors 100,000 mentees with 10,000 guides; program 2 coaches 20,000 of the same
# people (so "both" is a real group). 80% and 75% are matched; each engagement has 1–21
# sessions, about a million in all. :n is the number of participants.
POPULATE = [
    """INSERT INTO people (id, email, name, title, department, seniority_level, job_family,
        timezone, languages, interests, bio, is_external, digest_opt_out, created_at, updated_at)
       SELECT i, 'p' || i || '@bench.example', 'Person ' || i, '',
        (ARRAY['Platform','Data','Web','Mobile','Security','Infra','Product','Design'])[1 + i % 8],
        CASE WHEN i % 97 = 0 THEN NULL ELSE 1 + i % 7 END, '', 'UTC', '[]', '[]', '',
        false, false, :now, :now
       FROM generate_series(1, :n + :n / 10) AS i""",
    """INSERT INTO programs (id, name, kind, format, track, purpose, status,
        default_length_months, cadence_days, eligibility, matching_config, health_rules,
        checkin_schedule, manager_visibility_default, created_at)
       VALUES (1, 'Mentoring', 'mentoring', 'one_to_one', '', '', 'open', 6, 14,
               '{}', '{}', '{}', '{}', false, :now),
              (2, 'Coaching', 'coaching', 'one_to_one', '', '', 'open', 6, 14,
               '{}', '{}', '{}', '{}', false, :now)""",
    """INSERT INTO enrolments (id, program_id, person_id, role, status, goals,
        desired_competencies, preferences, expertise, focus_areas, certifications, capacity,
        seats_taken, availability, triage_result, created_at)
       SELECT id, program_id, person_id, role, 'active', '', '[]', '{}', '[]', '[]', '[]',
              capacity, 0, '{}', '{}', :now
       FROM (SELECT i AS id, 1 AS program_id, i AS person_id, 'mentee' AS role, 0 AS capacity
             FROM generate_series(1, :n) AS i
             UNION ALL
             SELECT :n + g, 1, :n + g, 'mentor', 10 FROM generate_series(1, :n / 10) AS g
             UNION ALL
             SELECT :n + :n / 10 + i, 2, i, 'coachee', 0 FROM generate_series(1, :n / 5) AS i)
            AS e""",
    """INSERT INTO match_proposals (id, program_id, mentee_enrolment_id, mentor_enrolment_id,
        origin, score, explanation, status, created_at)
       SELECT e.id, e.program_id, e.id, :n + 1 + e.id % (:n / 10), 'optimiser', 0.5, '{}',
              CASE WHEN e.id % 20 < (CASE e.program_id WHEN 1 THEN 16 ELSE 15 END)
                   THEN 'accepted' WHEN e.id % 20 < 18 THEN 'declined' ELSE 'proposed' END,
              :now
       FROM enrolments e WHERE e.role IN ('mentee', 'coachee')""",
    """INSERT INTO engagements (id, program_id, proposal_id, kind, status, starts_on,
        cadence_days, charter_purpose, charter_goals, charter_meeting_frequency,
        charter_success, manager_can_see_trajectory, created_at, ended_at, end_reason)
       SELECT p.id, p.program_id, p.id, pr.kind,
              CASE WHEN p.id % 50 = 0 THEN 'ended_early' WHEN p.id % 50 = 1 THEN 'proposed'
                   ELSE 'active' END,
              CASE WHEN p.id % 50 = 1 THEN NULL
                   ELSE DATE '2025-01-01' + (p.id % 365) + 3 END,
              14, '', '', '', '', false,
              TIMESTAMPTZ '2025-01-01 09:00+00' + (p.id % 365) * INTERVAL '1 day',
              CASE WHEN p.id % 50 = 0 THEN :now END, ''
       FROM match_proposals p JOIN programs pr ON pr.id = p.program_id
       WHERE p.status = 'accepted'""",
    """INSERT INTO engagement_members (engagement_id, person_id, role, enrolment_id)
       SELECT e.id, m.person_id, 'participant', m.id
       FROM engagements e JOIN enrolments m ON m.id = e.id
       UNION ALL
       SELECT e.id, g.person_id, 'guide', g.id
       FROM engagements e JOIN match_proposals p ON p.id = e.proposal_id
       JOIN enrolments g ON g.id = p.mentor_enrolment_id""",
    """INSERT INTO engagement_sessions (engagement_id, ical_uid, scheduled_at,
        duration_minutes, location, status, held_at, sequence, created_at)
       SELECT e.id, 'bench-' || e.id || '-' || s, at, 60, '',
              CASE WHEN at > :now THEN 'scheduled' WHEN s % 9 = 0 THEN 'cancelled'
                   ELSE 'held' END,
              CASE WHEN at <= :now AND s % 9 <> 0 THEN at END, 0, e.created_at
       FROM engagements e,
            generate_series(1, 1 + e.id % 21) AS s,
            LATERAL (SELECT e.created_at + (s * 2 + e.id % 5) * INTERVAL '7 days' AS at) AS t""",
    """INSERT INTO session_themes (session_id, theme_id)
       SELECT s.id, 1 + s.id % (SELECT count(*) FROM development_themes)
       FROM engagement_sessions s WHERE s.status = 'held' AND s.id % 3 = 0""",
    """INSERT INTO goals (engagement_id, title, specific, measure, status, competency_keys,
        created_at)
       SELECT e.id, 'Goal ' || g, '', 'kpi',
              (ARRAY['open','met','met','not_met','dropped'])[1 + (e.id + g) % 5], '[]',
              e.created_at
       FROM engagements e, generate_series(1, 2) AS g""",
    """INSERT INTO checkins (engagement_id, person_id, due_on, answered_at, met_since_last,
        satisfaction, progress)
       SELECT m.engagement_id, m.person_id, DATE '2025-06-01' + c * 60, :now, true,
              1 + (m.engagement_id * 7 + c) % 5, 1 + (m.engagement_id + c) % 5
       FROM engagement_members m, generate_series(1, 2) AS c
       WHERE m.role = 'participant' AND m.engagement_id % 4 <> 0""",
    """INSERT INTO competency_ratings (engagement_id, subject_person_id, competency_id,
        rater_role, phase, rating, rated_at)
       SELECT m.engagement_id, m.person_id, c.id, 'self', ph.phase,
              CASE ph.phase WHEN 'baseline' THEN 1 + (m.engagement_id + c.id) % 3
                            ELSE 2 + (m.engagement_id * c.id) % 4 END,
              :now
       FROM engagement_members m
       JOIN competencies c ON c.id % 5 = m.engagement_id % 5
       CROSS JOIN (VALUES ('baseline'), ('final')) AS ph(phase)
       WHERE m.role = 'participant' AND m.engagement_id % 2 = 0""",
]


def _connect(name: str) -> Engine:
    return create_database_engine(url_of(name))


def _populate(engine: Engine, participants: int) -> dict[str, int]:
    with engine.begin() as connection:
        for statement in POPULATE:
            connection.execute(text(statement), {"n": participants, "now": NOW})
        counts = {
            table: int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())  # noqa: S608 - fixed table names
            for table in (
                "enrolments",
                "engagements",
                "engagement_sessions",
                "checkins",
                "competency_ratings",
                "session_themes",
                "goals",
            )
        }
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    return counts


def _groups(session: Session, dimensions: Sequence[str]) -> list[Any]:
    grouped = report_queries.breakdowns(session, 1, dimensions)
    return [group for groups in grouped.values() for group in groups]


COLUMNS = ("Report", "Seconds", "Server CPU s", "Rows", "× COUNT(*) of sessions", "Under 2 s")


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _work(session: Session) -> list[tuple[str, Callable[[], Any]]]:
    """The report queries to time, by name."""
    work: list[tuple[str, Callable[[], Any]]] = [
        (f"by {d}", partial(_groups, session, (d,))) for d in DIMENSIONS
    ]
    return [
        *work,
        (
            "all four breakdowns (one statement)",
            partial(_groups, session, DIMENSIONS),
        ),
        ("competency growth", lambda: report_queries.competency_growth(session, 1)),
        ("development themes", lambda: report_queries.theme_people(session, 1)),
    ]


def _backend_cpu(session: Session) -> Callable[[], float | None]:
    """Return a reader of the CPU seconds this session's PostgreSQL backend has used so far.

    Wall time on a shared machine depends on what else runs; the backend's CPU time does not,
    and is what the query would take on an idle core. It is read from /proc, so only when the
    server runs on this machine (None otherwise).
    """
    pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    stat = Path(f"/proc/{pid}/stat")
    ticks = os.sysconf("SC_CLK_TCK")

    def used() -> float | None:
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime

    return used


def _timed(
    work: Callable[[], Any], repeats: int, cpu: Callable[[], float | None]
) -> tuple[float, float | None, Any]:
    """Run work repeats times; return the median wall and backend CPU seconds and a result."""
    walls: list[float] = []
    cpus: list[float] = []
    result = None
    for _ in range(repeats):
        cpu_before, started = cpu(), time.perf_counter()
        result = work()
        walls.append(time.perf_counter() - started)
        cpu_after = cpu()
        if cpu_before is not None and cpu_after is not None:
            cpus.append(cpu_after - cpu_before)
    return statistics.median(walls), statistics.median(cpus) if cpus else None, result


def _catch_up_costs(app: Any, repeats: int) -> list[tuple[str, float]]:
    """Time recomputing the facts of 1 and 100 participants (what a catch-up does per write)."""
    costs = []
    for size in (1, 100):
        ids = list(range(1, 1 + size * 997, 997))  # spread over the program
        with app.uow() as uow:
            refresh = partial(report_facts.refresh, uow.session, ids)
            seconds, _, _ = _timed(refresh, repeats, lambda: None)
            uow.rollback()
        costs.append((f"catch up the facts of {size} participant(s)", seconds))
    return costs


def _noted(app: Any, engagements: int) -> None:
    """Note sessions logged in this many engagements, as writes through the app would."""
    with app.uow() as uow:
        uow.session.execute(
            insert(ReportStaleRow),
            [{"kind": "engagement", "key": key} for key in range(1, 1 + engagements)],
        )
        uow.commit()


def main() -> None:
    """Build the data, time every report, print the table, drop the database."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3, help="runs per report (median)")
    parser.add_argument("--database", default=DATABASE, help="the benchmark's own database")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="time a database kept by --keep, do not build it"
    )
    args = parser.parse_args()
    if not args.reuse:
        create_database(args.database)
    engine = _connect(args.database)
    try:
        migrate.upgrade(engine)  # a kept database gets the newest indexes too
        settings = Settings(
            environment="development", database_url=str(engine.url), secret_key=SECRET
        )
        app = bootstrap(settings, clock=FixedClock(NOW), engine=engine)
        operator = operator_context(app)
        if not args.reuse:
            ensure_catalogue(operator)
            started = time.perf_counter()
            counts = _populate(engine, args.participants)
            console.print(
                f"Built in {time.perf_counter() - started:.1f} s: "
                + ", ".join(f"{n:,} {table}" for table, n in counts.items())
            )
        # The rows above were written with SQL, not through the app, so no fact was kept yet.
        with app.uow() as uow:
            started = time.perf_counter()
            report_facts.rebuild(uow.session)
            uow.commit()
            console.print(f"Report facts rebuilt in {time.perf_counter() - started:.1f} s")
        # Reports read the published copy: the first report publishes every participant.
        started = time.perf_counter()
        reporting.program_report(operator, 1, "json")
        console.print(f"First publication in {time.perf_counter() - started:.1f} s")
        table = Table(title=f"Reports of program 1 ({args.participants:,} participants)")
        for column in COLUMNS:
            table.add_column(column, justify="left" if column == "Report" else "right")
        worst = 0.0
        with app.uow() as uow:
            cpu = _backend_cpu(uow.session)
            count = text("SELECT count(*) FROM engagement_sessions")
            baseline, baseline_cpu, _ = _timed(
                lambda: uow.session.execute(count).scalar_one(), args.repeats, cpu
            )
            table.add_row(
                "baseline: COUNT(*) of sessions",
                f"{baseline:.3f}",
                _seconds(baseline_cpu),
                "1",
                "1.0",
                "",
            )
            for name, query in _work(uow.session):
                seconds, cpu_seconds, rows = _timed(query, args.repeats, cpu)
                worst = max(worst, seconds)
                table.add_row(
                    name,
                    f"{seconds:.3f}",
                    _seconds(cpu_seconds),
                    str(len(rows)),
                    f"{seconds / baseline:.1f}",
                    "yes" if seconds < TARGET_SECONDS else "NO",
                )
        whole = partial(reporting.program_report, operator, 1, "json")
        # The first report of a process also imports the statistics it needs (SciPy).
        first, _, _ = _timed(whole, 1, lambda: None)
        seconds, _, report = _timed(whole, args.repeats, lambda: None)
        worst = max(worst, seconds)
        for name, value in (
            ("whole report (all of the above, protected, audited)", seconds),
            ("whole report, first of a new process", first),
        ):
            table.add_row(
                name,
                f"{value:.3f}",
                "",
                str(sum(len(t.rows) for t in report.tables)),
                f"{value / baseline:.1f}",
                "yes" if value < TARGET_SECONDS else "NO",
            )
        _noted(app, CATCH_UP)
        behind, _, _ = _timed(whole, 1, lambda: None)
        worst = max(worst, behind)
        table.add_row(
            f"whole report, {CATCH_UP:,} engagements' writes to catch up first",
            f"{behind:.3f}",
            "",
            str(sum(len(t.rows) for t in report.tables)),
            f"{behind / baseline:.1f}",
            "yes" if behind < TARGET_SECONDS else "NO",
        )
        for name, value in _catch_up_costs(app, args.repeats):
            table.add_row(name, f"{value:.4f}", "", "", f"{value / baseline:.2f}", "")
        console.print(table)
        verdict = "met" if worst < TARGET_SECONDS else "NOT met"
        console.print(f"Target: each report under {TARGET_SECONDS:.0f} s — {verdict}.")
    finally:
        engine.dispose()
        if not (args.keep or args.reuse):
            drop_database(args.database)


if __name__ == "__main__":
    main()
