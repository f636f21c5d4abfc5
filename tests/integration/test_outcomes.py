"""Outcome comparison on SQLite and PostgreSQL: level history from imports, the published
figures, and the attacks on them (differencing one leave or promotion, narrow cohorts)."""

from __future__ import annotations

from dataclasses import astuple
from datetime import timedelta

import pytest
from sqlalchemy import select

from growpath.adapters.clock import FixedClock
from growpath.adapters.orm import AuditEventRow, EnrolmentRow, LevelSeenRow, PersonRow
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import InvalidInput, PermissionDenied
from growpath.domain.outcomes import TurnoverAssumption
from growpath.services import people
from growpath.services.context import Context
from growpath.services.outcomes import outcomes_csv, program_outcomes, turnover_assumption
from growpath.services.people_import import import_people
from tests.conftest import make_account
from tests.factories import csv_bytes, org_rows
from tests.outcome_world import STARTS, build_outcome_world


def _figures(app: Growpath, operator: Context, program_id: int) -> tuple[object, ...]:
    report = program_outcomes(operator, program_id)
    assert report.comparison is not None
    return astuple(report.comparison)[2:]  # everything but the dates


def test_imports_keep_each_level_change_with_the_day_it_was_seen(
    app: Growpath, operator: Context, clock: FixedClock
) -> None:
    rows = org_rows(6)
    import_people(operator, csv_bytes(rows), "people.csv")
    first = clock.now().date()
    clock.advance(timedelta(days=40))
    rows[3]["seniority_level"] = str(int(rows[3]["seniority_level"]) + 1)
    rows[4]["title"] = "Senior engineer"  # changed, but not their level
    import_people(operator, csv_bytes(rows), "people.csv")
    with app.uow() as uow:
        ids = {p.email: p.id for p in uow.session.scalars(select(PersonRow))}
        person3 = uow.outcomes.levels_of(ids["person3@example.com"])
        person4 = uow.outcomes.levels_of(ids["person4@example.com"])
    level = int(rows[3]["seniority_level"])
    assert person3 == [(first, level - 1), (first + timedelta(days=40), level)]
    assert person4 == [(first, int(rows[4]["seniority_level"]))]


def test_a_program_report_compares_participants_with_matched_others_with_intervals(
    app: Growpath, operator: Context
) -> None:
    program_id = build_outcome_world(app)
    report = program_outcomes(operator, program_id)
    comparison = report.comparison
    assert comparison is not None and not comparison.suppressed
    assert comparison.index_date == STARTS
    assert comparison.match.participants + comparison.match.unmatched == 60
    assert {(o.measure, o.months) for o in comparison.outcomes} == {
        ("retention", 6),
        ("retention", 12),
        ("promotion", 6),
        ("promotion", 12),
    }
    twelve = next(o for o in comparison.outcomes if o.measure == "retention" and o.months == 12)
    for rate in (twelve.participants, twelve.comparison):
        assert rate.low <= (rate.value if rate.value is not None else rate.low) <= rate.high
    assert twelve.difference.low < twelve.difference.high
    assert [p.months for p in comparison.curve] == list(range(1, 13))
    assert report.turnover is not None
    assert report.turnover.low <= report.turnover.high
    csv = outcomes_csv(report)
    assert f"retention,12,difference,{twelve.difference.value}" in csv
    with app.uow() as uow:
        actions = uow.session.scalars(select(AuditEventRow.action)).all()
    assert "outcomes.view" in actions


def test_report_differencing_one_leave_cannot_be_read_from_outcome_figures(
    app: Growpath, operator: Context
) -> None:
    program_id = build_outcome_world(app)
    before = _figures(app, operator, program_id)
    with app.uow() as uow:
        stayer = uow.session.scalars(
            select(PersonRow)
            .join(EnrolmentRow, EnrolmentRow.person_id == PersonRow.id)
            .where(PersonRow.leave_date.is_(None))
        ).first()
        assert stayer is not None
        stayer.leave_date = STARTS + timedelta(days=100)
        uow.commit()
    assert _figures(app, operator, program_id) == before


def test_report_differencing_one_promotion_cannot_be_read_from_outcome_figures(
    app: Growpath, operator: Context
) -> None:
    program_id = build_outcome_world(app)
    before = _figures(app, operator, program_id)
    with app.uow() as uow:
        person = uow.session.scalars(
            select(PersonRow).where(PersonRow.leave_date.is_(None))
        ).first()
        assert person is not None
        uow.session.add(
            LevelSeenRow(person_id=person.id, level=10, seen_on=STARTS + timedelta(days=50))
        )
        uow.commit()
    assert _figures(app, operator, program_id) == before


def test_report_differencing_moving_one_person_into_the_program_changes_nothing_published(
    app: Growpath, operator: Context
) -> None:
    program_id = build_outcome_world(app)
    before = _figures(app, operator, program_id)
    with app.uow() as uow:
        leaver = uow.session.scalars(
            select(PersonRow)
            .outerjoin(EnrolmentRow, EnrolmentRow.person_id == PersonRow.id)
            .where(PersonRow.leave_date.is_not(None), EnrolmentRow.id.is_(None))
        ).first()
        assert leaver is not None
        uow.session.add(
            EnrolmentRow(
                program_id=program_id,
                person_id=leaver.id,
                role="mentee",
                capacity=0,
                created_at=leaver.created_at,
            )
        )
        uow.commit()
    assert _figures(app, operator, program_id) == before


def test_many_changes_are_published_together(app: Growpath, operator: Context) -> None:
    program_id = build_outcome_world(app)
    before = _figures(app, operator, program_id)
    with app.uow() as uow:
        stayers = uow.session.scalars(
            select(PersonRow).where(PersonRow.leave_date.is_(None)).limit(40)
        ).all()
        for person in stayers:
            person.leave_date = STARTS + timedelta(days=30)
        uow.commit()
    assert _figures(app, operator, program_id) != before


def test_report_intersection_a_narrow_cohort_is_suppressed(
    app: Growpath, operator: Context
) -> None:
    program_id = build_outcome_world(app, participants=4, others=100, name="Narrow")
    report = program_outcomes(operator, program_id)
    assert report.comparison is not None and report.comparison.suppressed
    assert report.comparison.outcomes == () and report.turnover is None
    assert "suppressed" in outcomes_csv(report)


def test_a_manager_or_another_programs_admin_cannot_read_outcomes(
    app: Growpath, operator: Context
) -> None:
    program_id = build_outcome_world(app)
    manager = make_account(app, "manager@example.com", Role.PARTICIPANT)
    with pytest.raises(PermissionDenied):
        program_outcomes(manager, program_id)
    other = make_account(app, "lead@example.com", Role.PROGRAM_ADMIN)
    with pytest.raises(PermissionDenied):
        program_outcomes(other, program_id)


def test_the_turnover_assumption_refuses_bad_numbers_naming_the_field() -> None:
    assert turnover_assumption(None, "") == TurnoverAssumption()
    assert turnover_assumption("80,000", "30").cost_per_leaver == pytest.approx(24_000)
    with pytest.raises(InvalidInput) as refused:
        turnover_assumption("lots", "-3")
    assert {p.field for p in refused.value.problems} == {"salary", "share"}


def test_a_program_not_started_has_no_comparison_yet(
    app: Growpath, operator: Context, clock: FixedClock
) -> None:
    program_id = build_outcome_world(app, participants=6, others=20, name="Later")
    with app.uow() as uow:
        program = uow.programs.get(program_id)
        assert program is not None
        program.starts_on = clock.now().date() + timedelta(days=30)
        uow.commit()
    assert program_outcomes(operator, program_id).comparison is None


def test_an_admin_changing_one_persons_level_keeps_it_in_the_history(
    app: Growpath, operator: Context, clock: FixedClock
) -> None:
    import_people(operator, csv_bytes(org_rows(3)), "people.csv")
    with app.uow() as uow:
        person = uow.people.by_email("person2@example.com")
        assert person is not None
        person_id, level = person.id, person.seniority_level
    clock.advance(timedelta(days=3))
    people.update_person(operator, person_id, {"seniority_level": 9})
    people.update_person(operator, person_id, {"title": "Principal"})
    with app.uow() as uow:
        assert uow.outcomes.levels_of(person_id) == [
            (clock.now().date() - timedelta(days=3), level),
            (clock.now().date(), 9),
        ]
