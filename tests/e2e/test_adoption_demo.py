"""The demo shows adoption: its coaching program's report and /admin's figure, over k managers."""

from __future__ import annotations

from growpath.bootstrap import Growpath
from growpath.entrypoints.web.report_pages import report_html
from growpath.services import practice, reporting
from growpath.services.context import operator_context
from growpath.services.demo import DemoOrganisation
from growpath.services.demo_programs import COACHING


def test_the_demo_coaching_program_reports_its_managers_practising_week_by_week(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    operator = operator_context(sqlite_app)
    with sqlite_app.uow() as uow:
        program = uow.programs.named(COACHING)
    assert program is not None
    report = reporting.program_report(operator, program)
    assert report.adoption is not None
    weeks = [row.cells["practising_weekly"] for row in report.adoption.rows]
    assert len(weeks) == 4
    shares = [cell.value for cell in weeks if cell.value is not None]
    # Over k managers each week, shares between the bands that differ from week to week.
    assert len(shares) >= 2 and len(set(shares)) >= 2
    assert all((cell.people or 0) >= report.min_group for cell in weeks)
    page = report_html(report)
    assert "Managers practising coaching" in page and f"{shares[0]:g}" in page
    organisation = practice.adoption_report(operator)
    assert any(week.share is not None for week in organisation)
