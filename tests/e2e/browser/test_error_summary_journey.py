"""Errors where the eye is, in Chromium: the summary takes the focus and leads to the field."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import assert_accessible, log_in, login_of, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_a_bad_profile_focuses_the_summary_whose_link_leads_to_the_field(
    page: Page, demo: DemoOrganisation, demo_server: str
) -> None:
    log_in(page, demo_server, login_of(demo, "participant"), DEMO_PASSWORD)
    page.goto(f"{demo_server}/account/profile")
    page.get_by_label("Time zone").fill("Mars/Base")
    page.get_by_role("button", name="Save my profile").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Time zone:").click()
    expect(page).to_have_url(f"{demo_server}/account/profile#timezone")
    expect(page.get_by_label("Time zone")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    shot(page, "error-summary")


def test_reloading_a_form_address_and_a_missing_page_lead_somewhere_useful(
    page: Page, demo: DemoOrganisation, demo_server: str
) -> None:
    log_in(page, demo_server, login_of(demo, "participant"), DEMO_PASSWORD)
    page.goto(f"{demo_server}/account/profile")
    missing = page.goto(f"{demo_server}/people/999999")
    assert missing is not None and missing.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We could not find that page")
    assert_accessible(page)
    page.get_by_role("link", name="Go to the page above").click()
    expect(page).to_have_url(f"{demo_server}/people")
    # A form's address opened directly (a reload after posting): the nearest page above it.
    reloaded = page.goto(f"{demo_server}/me/digest")
    assert reloaded is not None and reloaded.status == 200
    expect(page).to_have_url(f"{demo_server}/home")
