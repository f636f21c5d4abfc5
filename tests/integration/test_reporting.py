"""Program reports on SQLite and PostgreSQL: figures of a hand-built world, threshold, access."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from typing import Any

import pytest

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import InvalidInput, NotFound, PermissionDenied
from growpath.domain.reporting import Cell, Table, band_text
from growpath.entrypoints.http.report_schemas import ReportPublic
from growpath.services import audit, reporting
from growpath.services.context import operator_context
from tests.conftest import make_account
from tests.report_attacker import attack, suppressed_cells
from tests.report_world import build_report_world, program_admin


def _shown(key: str, cell: Cell) -> Any:
    """A cell as published: its value, its band's text, or "suppressed"."""
    if cell.band is not None:
        return band_text(key, cell.band)
    return "suppressed" if cell.suppressed else cell.value


def _values(table: Table, figure: str) -> dict[str, Any]:
    rows = [*table.rows, *([table.total] if table.total else [])]
    return {row.label: _shown(figure, row.cells[figure]) for row in rows}


def _table(report: reporting.Report, key: str) -> Table:
    return next(t for t in report.tables if t.key == key)


@pytest.fixture
def world(app: Growpath) -> int:
    return build_report_world(app)


def test_the_overview_counts_the_hand_built_world(app: Growpath, world: int) -> None:
    report = reporting.program_report(operator_context(app), world)
    figures = {key: _shown(key, cell) for key, cell in report.overview.cells.items()}
    people = {key: cell.people for key, cell in report.overview.cells.items()}
    assert figures == {
        "enrolled": 14,
        "matched": 10,
        "active": 10,
        "match_rate": 71.43,
        "acceptance_rate": 83.33,
        "days_to_first_meeting": 6.0,
        "cadence_kept": 60.0,
        "stalled_14": 40.0,
        "stalled_30": "≤ 10",  # 0 or 1 of the 10 running pairs: a band, not who
        "stalled_90": "≤ 10",
        "goal_attainment": 75.0,
        "satisfaction": 4.0,
        "nps": 10.0,
        "growth": 1.5,
    }
    assert people["acceptance_rate"] == 12
    assert people["days_to_first_meeting"] == 9
    assert people["goal_attainment"] == 6


def test_a_small_department_is_suppressed_with_a_complement(app: Growpath, world: int) -> None:
    report = reporting.program_report(operator_context(app), world)
    departments = _table(report, "by_department")
    # Web has 2 people: hidden, and Data (the smaller of the rest) is hidden with it.
    assert _values(departments, "enrolled") == {
        "Data": "suppressed",
        "Platform": 6,
        "Web": "suppressed",
        "All": 14,
    }
    assert _values(departments, "match_rate")["Platform"] == "≥ 80"  # all 6: a band
    # Only Platform's 6 people answered enough to publish; the others cannot cover Web alone.
    assert _values(departments, "satisfaction") == {
        "Data": "suppressed",
        "Platform": "suppressed",
        "Web": "suppressed",
        "All": 4.0,
    }


def test_levels_cohorts_and_support_split_the_same_people(app: Growpath, world: int) -> None:
    report = reporting.program_report(operator_context(app), world)
    # 7 of Level 3's 8 are matched: near everyone, so a band.
    assert _values(_table(report, "by_level"), "matched") == {
        "Level 3": "≥ 7",
        "Level 4": 3,
        "All": 10,
    }
    assert _values(_table(report, "by_cohort"), "enrolled") == {
        "2025-11": 7,
        "2025-12": "suppressed",
        "Not started": "suppressed",
        "All": 14,
    }
    support = _table(report, "by_support")
    assert _values(support, "enrolled") == {"both": 5, "mentoring": 9, "All": 14}
    assert _values(support, "stalled_14") == {"both": "≤ 20", "mentoring": "≥ 80", "All": 40.0}
    assert _values(support, "nps") == {"both": 60.0, "mentoring": -40.0, "All": 10.0}


def test_competency_growth_has_a_mean_change_and_its_interval(app: Growpath, world: int) -> None:
    report = reporting.program_report(operator_context(app), world)
    feedback = next(r for r in report.competencies.rows if r.label.startswith("Giving"))
    assert {k: c.value for k, c in feedback.cells.items()} == {
        "people": 6,
        "mean_change": 1.5,
        "ci_low": 0.93,
        "ci_high": 2.07,
    }
    others = [r for r in report.competencies.rows if r is not feedback]
    assert others and all(c.suppressed for r in others for c in r.cells.values())


def test_themes_under_the_threshold_are_suppressed_and_not_ranked(
    app: Growpath, world: int
) -> None:
    report = reporting.program_report(operator_context(app), world)
    rows = [(r.label, r.cells["people"].value) for r in report.themes.rows]
    assert rows[0] == ("Delegation", 6)
    hidden = [label for label, value in rows[1:]]
    assert all(value is None for _, value in rows[1:])
    assert hidden == sorted(hidden)  # "Conflict" (2 people) is not ranked above the others


def test_a_higher_threshold_suppresses_more(app: Growpath, world: int) -> None:
    strict = replace(app, settings=app.settings.model_copy(update={"report_min_group": 7}))
    report = reporting.program_report(operator_context(strict), world)
    assert report.min_group == 7
    assert _values(_table(report, "by_department"), "enrolled")["Platform"] == "suppressed"
    assert report.overview.cells["goal_attainment"].suppressed  # 6 people < 7
    assert report.overview.cells["enrolled"].value == 14


@pytest.mark.parametrize("k", [3, 5, 7])
def test_an_attacker_recovers_no_suppressed_cell_of_a_published_report(
    app: Growpath, world: int, k: int
) -> None:
    tuned = replace(app, settings=app.settings.model_copy(update={"report_min_group": k}))
    report = reporting.program_report(operator_context(tuned), world, "json")
    published = ReportPublic.of(report).model_dump(mode="json")
    assert suppressed_cells(published) > 0
    assert attack(published, k) == []


def test_only_administrators_see_reports(app: Growpath, world: int) -> None:
    participant = make_account(app, "report-p0@example.com")
    with pytest.raises(PermissionDenied):
        reporting.program_report(participant, world)
    admin = program_admin(app, "report-g0@example.com", world)
    assert reporting.program_report(admin, world).overview.cells["enrolled"].value == 14
    with pytest.raises(InvalidInput):
        reporting.program_report(admin, world, "xlsx")
    with pytest.raises(NotFound):
        reporting.program_report(operator_context(app), world + 100)


def test_a_program_admin_cannot_read_the_report_of_a_program_they_do_not_administer(
    app: Growpath, world: int
) -> None:
    coaching = world + 1  # the report world's coaching program
    admin = program_admin(app, "report-g0@example.com", coaching)
    with pytest.raises(PermissionDenied):
        reporting.program_report(admin, world)
    unscoped = make_account(app, "report-g1@example.com", Role.PROGRAM_ADMIN)
    with pytest.raises(PermissionDenied):
        reporting.program_report(unscoped, world, "csv")
    assert reporting.program_report(admin, coaching).program_id == coaching


def test_viewing_and_exporting_a_report_is_audited(app: Growpath, world: int) -> None:
    operator = operator_context(app)
    reporting.program_report(operator, world)
    reporting.program_report(operator, world, "csv")
    events = audit.query_audit(operator, action="report.")
    assert [(e.action, e.target_id, e.detail["format"]) for e in events] == [
        ("report.export", str(world), "csv"),
        ("report.view", str(world), "page"),
    ]


def test_the_csv_export_says_suppressed_never_zero(app: Growpath, world: int) -> None:
    report = reporting.program_report(operator_context(app), world, "csv")
    rows = list(csv.DictReader(io.StringIO(reporting.report_csv(report), newline="")))
    assert list(rows[0]) == reporting.CSV_COLUMNS

    def cell(group: str, figure: str) -> tuple[str, ...]:
        row = next(r for r in rows if r["group"] == group and r["figure"] == figure)
        return row["value"], row["status"], row["band"], row["people"], row["as_of"]

    assert cell("Web", "enrolled") == ("", "suppressed", "", "", "2026-01-05")
    assert cell("Platform", "enrolled") == ("6", "published", "", "6", "2026-01-05")
    assert cell("Platform", "match_rate") == ("", "band", "≥ 80", "6", "2026-01-05")
    # The value column holds numbers only, so a spreadsheet or pandas reads it as numbers.
    assert all(isinstance(float(r["value"]), float) for r in rows if r["value"])
    assert {r["program"] for r in rows} == {report.program_name}


def test_the_csv_may_start_with_a_byte_order_mark_for_excel(app: Growpath, world: int) -> None:
    report = reporting.program_report(operator_context(app), world, "csv")
    assert reporting.report_csv(report, bom=True).startswith("\ufeffprogram,")
    assert reporting.report_csv(report).startswith("program,")


def test_a_group_named_like_a_formula_is_exported_inert(app: Growpath, world: int) -> None:
    report = reporting.program_report(operator_context(app), world, "csv")
    table = report.breakdowns[0]
    renamed = replace(
        table, rows=(replace(table.rows[0], label='=HYPERLINK("http://evil.example")'),)
    )
    text = reporting.report_csv(replace(report, breakdowns=(renamed,)))
    groups = [row[3] for row in csv.reader(io.StringIO(text, newline=""))]
    assert """'=HYPERLINK("http://evil.example")""" in groups
    assert not any(group.startswith("=") for group in groups)
