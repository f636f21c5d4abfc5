"""An organisation admin deactivates an account after being asked, then reactivates it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import assert_accessible, log_in, login_of, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_an_org_admin_deactivates_an_account_only_once_asked_and_can_undo_it(
    browser: Browser, page: Page, demo: DemoOrganisation, demo_server: str
) -> None:
    email = login_of(demo, "participant")
    participant = browser.new_context().new_page()
    log_in(participant, demo_server, email, DEMO_PASSWORD)
    log_in(page, demo_server, login_of(demo, "org admin"), DEMO_PASSWORD)
    page.goto(f"{demo_server}/admin/accounts")
    page.get_by_label("E-mail contains").fill(email)
    page.get_by_role("button", name="Filter").click()
    accounts = page.get_by_role("region", name="Accounts")
    expect(accounts.get_by_role("row")).to_have_count(2)  # the header and the participant
    assert_accessible(page)
    shot(page, "admin-accounts")

    accounts.get_by_role("link", name=f"Deactivate… {email}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Deactivate {email}?")
    expect(page.get_by_role("listitem").filter(has_text="data and history stay")).to_have_count(1)
    assert_accessible(page)
    shot(page, "admin-account-deactivate")
    page.get_by_role("link", name="Keep it active").click()
    expect(page.get_by_role("region", name="Accounts")).to_contain_text("active")
    participant.reload()
    expect(participant).not_to_have_url(f"{demo_server}/login")

    page.goto(f"{demo_server}/admin/accounts?account_email={email}")
    page.get_by_role("link", name=f"Deactivate… {email}").click()
    page.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_role("status")).to_contain_text(f"{email} is deactivated")
    expect(page.get_by_role("region", name="Accounts")).to_contain_text("deactivated")
    participant.goto(f"{demo_server}/home")
    expect(participant).to_have_url(f"{demo_server}/login?next=/home")

    page.goto(f"{demo_server}/admin/accounts?account_email={email}")
    page.get_by_role("button", name=f"Reactivate {email}").click()
    expect(page.get_by_role("status")).to_contain_text(f"{email} is active again")
    log_in(participant, demo_server, email, DEMO_PASSWORD)
    expect(participant).not_to_have_url(f"{demo_server}/login")
    participant.context.close()
