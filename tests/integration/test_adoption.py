"""Adoption of the weekly practice under the report protections, on SQLite and PostgreSQL: the
organisation's figure and a program's, which move only when k or more managers changed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from growpath.adapters.clock import FixedClock
from growpath.adapters.orm import EnrolmentRow, PracticeConversationRow, PublishedAdoptionRow
from growpath.bootstrap import Growpath
from growpath.domain.reporting import band_text
from growpath.entrypoints.http.report_schemas import ReportPublic
from growpath.services import people, practice, programs, reporting
from growpath.services.context import Context, operator_context
from growpath.services.people_import import import_people
from tests.conftest import make_account
from tests.factories import csv_bytes, person_row

# The fixed clock stands on Monday 5 January 2026: the last complete week began on 29 December.
LAST_WEEK = date(2025, 12, 29)
WEEK_BEFORE = date(2025, 12, 22)
MANAGERS = 10  # people 0–9, each managing one report (person n + 10); people 20–29 manage nobody


def _world(app: Growpath) -> tuple[Context, int, dict[int, int]]:
    """Import the people, let managers 0–4 practise last week and 0–5 the week before, and
    enrol managers 0–9 and people 20–24 in a program; return the operator, program and ids."""
    operator = operator_context(app)
    rows = [person_row(n) for n in range(MANAGERS)]
    rows += [person_row(n, manager_email=f"person{n - 10}@example.com") for n in range(10, 20)]
    rows += [person_row(n) for n in range(20, 30)]
    import_people(operator, csv_bytes(rows), "people.csv")
    program = programs.create_from_template(operator, "peer-circles").id
    with app.uow() as uow:
        found = {n: uow.people.by_email(f"person{n}@example.com") for n in range(30)}
        ids = {n: person.id for n, person in found.items() if person is not None}
        for n in range(5):
            _practise(uow.session, ids[n], ids[n + 10], LAST_WEEK + timedelta(days=2))
        for n in range(6):
            _practise(uow.session, ids[n], ids[n + 10], WEEK_BEFORE + timedelta(days=1))
        for n in (*range(MANAGERS), *range(20, 25)):
            uow.session.add(
                EnrolmentRow(
                    program_id=program,
                    person_id=ids[n],
                    role="mentee",
                    created_at=datetime(2025, 12, 1, tzinfo=UTC),
                )
            )
        uow.commit()
    return operator, program, ids


def _practise(session: Any, manager: int, report: int, day: date) -> None:
    session.add(
        PracticeConversationRow(
            manager_person_id=manager,
            report_person_id=report,
            held_on=day,
            stages="goal",
            created_at=datetime(2026, 1, 5, 8, tzinfo=UTC),
        )
    )


def _organisation(operator: Context) -> dict[date, tuple[int, str]]:
    return {w.week: (w.managers, w.text) for w in practice.adoption_report(operator)}


def _program(operator: Context, program: int) -> dict[str, dict[str, Any]]:
    table = reporting.program_report(operator, program).adoption
    assert table is not None
    shown: dict[str, dict[str, Any]] = {}
    for row in table.rows:
        cells: dict[str, Any] = {}
        for key, cell in row.cells.items():
            if cell.band is not None:
                cells[key] = band_text(key, cell.band)
            else:
                cells[key] = "suppressed" if cell.suppressed else cell.value
        shown[row.label] = cells
    return shown


def _make_manager(operator: Context, ids: dict[int, int], manager: int, report: int) -> None:
    people.update_person(operator, ids[report], {"manager_email": f"person{manager}@example.com"})


def test_adoption_counts_the_managers_who_practised_each_week(app: Growpath) -> None:
    operator, program, _ = _world(app)
    figures = _organisation(operator)
    assert list(figures) == [date(2025, 12, 8), date(2025, 12, 15), WEEK_BEFORE, LAST_WEEK]
    assert figures[LAST_WEEK] == (MANAGERS, "50%")
    assert figures[WEEK_BEFORE] == (MANAGERS, "60%")
    # Nobody practised three and four weeks ago: 0% is at the scale's bound, so a band.
    assert figures[date(2025, 12, 8)] == (MANAGERS, "≤ 10%")
    # The program's enrolled managers are the same ten (people 20–24 manage nobody).
    shown = _program(operator, program)
    assert shown[f"Week of {LAST_WEEK}"] == {"managers": 10.0, "practising_weekly": 50.0}
    assert shown["Week of 2025-12-08"]["practising_weekly"] == "≤ 10"
    # The JSON and CSV exports carry the same published cells.
    public = ReportPublic.of(reporting.program_report(operator, program, "json"))
    table = next(t for t in public.tables if t.key == "practice_adoption")
    assert table.rows[-1].cells["practising_weekly"].model_dump() == {"value": 50.0, "people": 10}
    csv = reporting.report_csv(reporting.program_report(operator, program, "csv"))
    assert f"practice_adoption,week,Week of {LAST_WEEK},practising_weekly,%,50,published" in csv


def test_adoption_under_k_managers_is_suppressed_in_the_program_report(app: Growpath) -> None:
    operator, _, ids = _world(app)
    small = programs.create_from_template(operator, "senior-leaders").id
    with app.uow() as uow:
        for n in range(4):
            uow.session.add(
                EnrolmentRow(
                    program_id=small,
                    person_id=ids[n],
                    role="mentee",
                    created_at=datetime(2025, 12, 1, tzinfo=UTC),
                )
            )
        uow.commit()
    shown = _program(operator, small)
    assert {v for cells in shown.values() for v in cells.values()} == {"suppressed"}


def test_an_admin_cannot_subtract_a_programs_adoption_from_the_organisations(
    app: Growpath,
) -> None:
    # Report intersection: all managers but one are enrolled; the organisation's figure minus
    # the program's would be that one manager's weeks.
    operator, _, ids = _world(app)
    nine = programs.create_from_template(operator, "senior-leaders").id
    with app.uow() as uow:
        for n in range(9):
            uow.session.add(
                EnrolmentRow(
                    program_id=nine,
                    person_id=ids[n],
                    role="mentee",
                    created_at=datetime(2025, 12, 1, tzinfo=UTC),
                )
            )
        uow.commit()
    shown = _program(operator, nine)
    assert {v for cells in shown.values() for v in cells.values()} == {"suppressed"}
    assert _organisation(operator)[LAST_WEEK] == (MANAGERS, "50%")


def test_an_admin_who_makes_one_person_a_manager_cannot_difference_adoption(
    app: Growpath,
) -> None:
    # Report differencing: read, make one enrolled person a manager, read again and subtract.
    operator, program, ids = _world(app)
    organisation, enrolled = _organisation(operator), _program(operator, program)
    _make_manager(operator, ids, 20, 25)
    assert _organisation(operator) == organisation
    assert _program(operator, program) == enrolled
    for n in range(21, 24):
        _make_manager(operator, ids, n, n + 5)
        assert _organisation(operator) == organisation
        assert _program(operator, program) == enrolled
    # The fifth new manager: k managers changed together, and the figures move by all five.
    _make_manager(operator, ids, 24, 29)
    assert _organisation(operator)[LAST_WEEK] == (15, "33.3%")
    assert _program(operator, program)[f"Week of {LAST_WEEK}"] == {
        "managers": 15.0,
        "practising_weekly": 33.3,
    }


def test_an_admin_who_waits_for_one_more_conversation_cannot_difference_adoption(
    app: Growpath,
) -> None:
    # Report differencing: read, wait for one manager to log last week's conversation, read.
    operator, program, ids = _world(app)
    organisation, enrolled = _organisation(operator), _program(operator, program)
    for n in range(5, 9):
        manager = make_account(app, f"person{n}@example.com")
        practice.log_conversation(manager, ids[n + 10], LAST_WEEK + timedelta(days=4), [], "")
        assert _organisation(operator) == organisation
        assert _program(operator, program) == enrolled
    manager = make_account(app, "person9@example.com")
    practice.log_conversation(manager, ids[19], LAST_WEEK, ["goal"], "")
    # Five managers practised since: the week moves, to everyone, which reads as a band.
    assert _organisation(operator)[LAST_WEEK] == (MANAGERS, "≥ 90%")
    assert _program(operator, program)[f"Week of {LAST_WEEK}"]["practising_weekly"] == "≥ 90"


def test_the_figures_move_to_the_next_week_for_every_manager_at_once(
    app: Growpath, clock: FixedClock
) -> None:
    operator, _, _ = _world(app)
    _organisation(operator)
    clock.advance(timedelta(days=7))
    figures = _organisation(operator)
    assert list(figures)[-1] == date(2026, 1, 5)
    assert figures[LAST_WEEK] == (MANAGERS, "50%")
    assert figures[date(2026, 1, 5)] == (MANAGERS, "≤ 10%")
    with app.uow() as uow:
        # Each manager's published weeks are the window's four, no more.
        weeks = uow.session.scalar(
            select(func.count(func.distinct(PublishedAdoptionRow.week))).where(
                PublishedAdoptionRow.scope == "organisation"
            )
        )
    assert weeks == 4
