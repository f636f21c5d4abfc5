"""Report facts kept as the app writes equal facts rebuilt from scratch (SQLite and PostgreSQL).

Every write path that touches sessions, goals, check-ins, ratings, proposals, engagements or
enrolments must leave the kept facts exactly as a full rebuild would compute them; a path that
forgot to refresh shows up here as a difference.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, insert, inspect, select, update

from growpath.adapters import report_facts
from growpath.adapters.clock import FixedClock
from growpath.adapters.orm import (
    Base,
    EngagementMemberRow,
    EngagementRow,
    EnrolmentRow,
    GoalRow,
    ReportCompetencyChangeRow,
    ReportFactsStateRow,
    ReportParticipantRow,
    ReportStaleRow,
    ReportThemeRow,
    SessionRow,
)
from growpath.bootstrap import Growpath
from growpath.services import enrolment, jobs, personal_data, reporting
from growpath.services.context import operator_context
from growpath.services.demo import seed_demo
from tests.report_world import build_report_world

FACT_TABLES: tuple[type[Base], ...] = (
    ReportParticipantRow,
    ReportCompetencyChangeRow,
    ReportThemeRow,
)


def _facts(app: Growpath) -> dict[str, list[dict[str, Any]]]:
    """Every kept fact, in key order, floats rounded past any difference that matters."""

    def value(v: Any) -> Any:
        return round(v, 6) if isinstance(v, float) else v

    with app.uow() as uow:
        return {
            table.__tablename__: [
                {key: value(v) for key, v in row._mapping.items()}
                for row in uow.session.execute(
                    select(*inspect(table).columns).order_by(*inspect(table).primary_key)
                )
            ]
            for table in FACT_TABLES
        }


def _caught_up(app: Growpath) -> dict[str, list[dict[str, Any]]]:
    """The facts once the writes so far are caught up, as the next report would see them."""
    reporting.catch_up_facts(app)
    return _facts(app)


def _stale(app: Growpath) -> list[tuple[str, int]]:
    with app.uow() as uow:
        rows = uow.session.execute(select(ReportStaleRow.kind, ReportStaleRow.key)).all()
        return sorted((kind, key) for kind, key in rows)


def _rebuilt(app: Growpath) -> dict[str, list[dict[str, Any]]]:
    with app.uow() as uow:
        report_facts.rebuild(uow.session)
        uow.commit()
    return _facts(app)


def _built_empty(app: Growpath) -> None:
    # Built on the empty database, so every fact below is one the writes kept, not one a first
    # build computed.
    with app.uow() as uow:
        report_facts.ensure_built(uow.session)
        uow.commit()
        assert report_facts.is_built(uow.session)
        assert not uow.session.scalar(select(func.count()).select_from(ReportParticipantRow))


def test_the_demo_and_a_year_of_jobs_keep_the_facts_a_rebuild_computes(app: Growpath) -> None:
    _built_empty(app)
    seed_demo(app, size=120)
    clock = app.clock
    assert isinstance(clock, FixedClock)
    for _ in range(4):  # proposals lapse, nudges and check-ins fall due
        clock.advance(timedelta(days=30))
        jobs.run_periodic_jobs(app)
    operator = operator_context(app)
    with app.uow() as uow:
        mentee_enrolment, person_id = uow.session.execute(
            select(EngagementMemberRow.enrolment_id, EngagementMemberRow.person_id)
            .where(EngagementMemberRow.role == "participant")
            .order_by(EngagementMemberRow.id)
            .limit(1)
        ).one()
        waiting = uow.session.scalars(
            select(EnrolmentRow.id)
            .where(EnrolmentRow.role == "mentee", EnrolmentRow.id != mentee_enrolment)
            .order_by(EnrolmentRow.id.desc())
            .limit(1)
        ).one()
    enrolment.withdraw(operator, waiting)
    personal_data.erase_person(operator, person_id)
    kept = _caught_up(app)
    assert len(kept["report_participants"]) >= 30
    assert kept["report_themes"], "the demo tags sessions with themes"
    assert kept == _rebuilt(app)


def test_the_hand_built_world_keeps_the_facts_a_rebuild_computes(app: Growpath) -> None:
    _built_empty(app)
    program_id = build_report_world(app)
    kept = _caught_up(app)
    assert program_id in {row["program_id"] for row in kept["report_participants"]}
    assert kept["report_competency_changes"]
    assert kept == _rebuilt(app)


def test_bulk_inserts_and_updates_keep_the_facts_too(app: Growpath) -> None:
    _built_empty(app)
    build_report_world(app)
    before = _caught_up(app)
    now = app.clock.now()
    with app.uow() as uow:
        engagement_id = uow.session.scalars(
            select(EngagementRow.id).order_by(EngagementRow.id).limit(1)
        ).one()
        uow.session.execute(
            insert(SessionRow),
            [
                {
                    "engagement_id": engagement_id,
                    "ical_uid": f"bulk-{day}",
                    "scheduled_at": now - timedelta(days=day),
                    "status": "held",
                    "held_at": now - timedelta(days=day),
                    "created_at": now,
                }
                for day in (1, 2)
            ],
        )
        uow.session.execute(
            update(GoalRow).where(GoalRow.engagement_id == engagement_id).values(status="met")
        )
        uow.commit()
    kept = _caught_up(app)
    assert kept != before
    assert kept == _rebuilt(app)


def _cancel_a_session(app: Growpath, offset: int) -> int:
    """Cancel the offset-th session of the first engagement; return the engagement's id."""
    with app.uow() as uow:
        session = uow.session.scalars(
            select(SessionRow).order_by(SessionRow.engagement_id, SessionRow.id).offset(offset)
        ).first()
        assert session is not None
        session.status, session.held_at = "cancelled", None
        engagement_id = session.engagement_id
        uow.commit()
        return engagement_id


def test_a_held_session_counts_in_the_next_report_without_a_rebuild(app: Growpath) -> None:
    program_id = build_report_world(app)
    operator = operator_context(app)
    before = reporting.program_report(operator, program_id).overview.cells
    engagement_id = _cancel_a_session(app, 0)
    assert _stale(app) == [("engagement", engagement_id)]
    after = reporting.program_report(operator, program_id).overview.cells
    assert _stale(app) == [], "the report caught up the write's note first"
    assert _facts(app) == _rebuilt(app)
    # The facts moved on; the published figures wait for k people's changes (publication).
    assert after == before


def test_a_write_notes_what_it_touched_and_the_periodic_job_catches_up(app: Growpath) -> None:
    build_report_world(app)
    before = _caught_up(app)
    engagement_id = _cancel_a_session(app, 0)
    assert _facts(app) == before, "a write only notes; it recomputes nothing"
    assert _stale(app) == [("engagement", engagement_id)]
    job = jobs.run_periodic_jobs(app)
    assert job.report_facts >= 1
    assert "caught up the report facts of" in str(job)
    assert _stale(app) == []
    assert _facts(app) != before
    assert _facts(app) == _rebuilt(app)


def test_a_write_during_a_catch_up_is_caught_up_the_next_time(app: Growpath) -> None:
    if app.engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time: nothing can interleave")
    build_report_world(app)
    _caught_up(app)
    engagement_id = _cancel_a_session(app, 0)
    taken, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def catch_up() -> None:
        try:
            with app.uow() as uow:
                report_facts.catch_up(uow.session)  # takes the note of the first write
                taken.set()
                release.wait(10)
                uow.commit()
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            failures.append(exc)
            taken.set()

    def write() -> None:
        try:
            # Its note clashes with the one the catch-up took: it waits for the catch-up.
            assert _cancel_a_session(app, 1) == engagement_id
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            failures.append(exc)

    catcher = threading.Thread(target=catch_up)
    catcher.start()
    assert taken.wait(10)
    writer = threading.Thread(target=write)
    writer.start()
    writer.join(1)
    assert writer.is_alive(), "the write's note waits for the catch-up to commit"
    release.set()
    catcher.join(10)
    writer.join(10)
    assert not failures
    assert _stale(app) == [("engagement", engagement_id)]
    assert _caught_up(app) == _rebuilt(app)


def test_a_rolled_back_write_notes_nothing(app: Growpath) -> None:
    build_report_world(app)
    kept = _caught_up(app)
    with app.uow() as uow:
        session = uow.session.scalars(select(SessionRow).order_by(SessionRow.id).limit(1)).one()
        session.status = "cancelled"
        uow.session.flush()
        uow.rollback()
    assert _stale(app) == []
    assert _caught_up(app) == kept


def test_facts_of_another_definition_are_rebuilt(app: Growpath) -> None:
    program_id = build_report_world(app)
    with app.uow() as uow:
        report_facts.rebuild(uow.session)
        uow.session.execute(update(ReportFactsStateRow).values(version=0))
        uow.session.execute(delete(ReportParticipantRow))
        uow.commit()
    report = reporting.program_report(operator_context(app), program_id)
    assert report.overview.cells["enrolled"].value
    with app.uow() as uow:
        assert report_facts.is_built(uow.session)


def test_many_touched_keys_are_noted_once_each_in_batches(app: Growpath) -> None:
    """Noting 250 keys, then 260 of which 250 were noted already, leaves 260 notes."""
    for count in (250, 260):
        with app.uow() as uow:
            report_facts._stale_rows(uow.session, [("enrolment", key) for key in range(count)])
            uow.commit()
    with app.uow() as uow:
        noted = uow.session.execute(select(ReportStaleRow.kind, ReportStaleRow.key)).all()
    assert sorted(noted) == [("enrolment", key) for key in range(260)]
