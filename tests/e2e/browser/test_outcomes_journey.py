"""An org admin reads last year's mentoring circle's outcomes in the demo, in Debian's Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from growpath.services.demo_outcomes import PAST_PROGRAM
from tests.e2e.browser.conftest import assert_accessible, log_in, login_of, shot
from tests.e2e.conftest import SERVED

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_an_org_admin_reads_outcomes_with_intervals_and_changes_the_turnover_assumption(
    page: Page, demo: DemoOrganisation, demo_server: str
) -> None:
    log_in(page, demo_server, login_of(demo, "org admin"), DEMO_PASSWORD)
    with SERVED[demo_server].uow() as uow:
        program_id = uow.programs.named(PAST_PROGRAM)
    page.goto(f"{demo_server}/admin/programs/{program_id}/report")
    panel = page.get_by_role("region", name=re.compile("^Outcomes: retention and promotion"))
    expect(panel).to_contain_text("not proof of cause")
    table = panel.get_by_role("table", name=re.compile("^Retention and promotion"))
    expect(
        table.get_by_role("row", name=re.compile("^Still employed after 12 months"))
    ).to_contain_text(re.compile(r"\d+(\.\d)?% \(\d+(\.\d)?–\d+(\.\d)?%\)"))
    expect(
        panel.get_by_role("table", name=re.compile("^Still employed, months after"))
    ).to_be_visible()
    assert_accessible(page)
    shot(page, "report-outcomes")
    page.get_by_label("Annual salary").fill("80000")
    page.get_by_label("Cost of replacing a leaver (% of salary)").fill("50")
    page.get_by_role("button", name="Recalculate").click()
    expect(panel).to_contain_text("40,000 per leaver")
    page.get_by_label("Annual salary").fill("a lot")
    page.get_by_role("button", name="Recalculate").click()
    expect(page.get_by_text(re.compile("salary"))).not_to_have_count(0)
