"""The demo manager works through the coaching-skills track; the demo participant sees their
onboarding on Home, on a desktop and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import assert_accessible, log_in, login_of, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_demo_manager_completes_the_next_module_of_the_coaching_track(
    page: Page, phone: Page, demo: DemoOrganisation, demo_server: str
) -> None:
    log_in(page, demo_server, login_of(demo, "manager"), DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Learning").click()
    expect(page).to_have_title("Learning · growpath")
    due = page.get_by_role("region", name="Due for you")
    expect(due.get_by_role("link")).to_have_count(3)
    track = page.get_by_role("region", name="Managers: coaching skills")
    expect(track.get_by_text("completed")).to_have_count(2)
    expect(track.get_by_role("link", name="log your weekly coaching conversation")).to_be_visible()
    assert_accessible(page)
    shot(page, "learn")
    due.get_by_role("link", name="The GROW model").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The GROW model")
    expect(page.get_by_role("heading", name="Practise this")).to_be_visible()
    assert_accessible(page)
    shot(page, "learn-module")
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_text("Marked “The GROW model” complete.")).to_be_visible()
    expect(page.get_by_role("button", name="Mark as complete")).to_have_count(0)
    page.goto(f"{demo_server}/learn")
    expect(page.get_by_role("region", name="Due for you").get_by_role("link")).to_have_count(2)

    log_in(phone, demo_server, login_of(demo, "manager"), DEMO_PASSWORD)
    phone.goto(f"{demo_server}/learn/powerful-questions")
    expect(phone.get_by_role("table")).to_be_visible()
    assert_accessible(phone)
    shot(phone, "learn-module-phone")


def test_the_demo_participant_finds_their_onboarding_on_home(
    page: Page, demo: DemoOrganisation, demo_server: str
) -> None:
    log_in(page, demo_server, login_of(demo, "participant"), DEMO_PASSWORD)
    page.goto(f"{demo_server}/home")
    training = page.get_by_role("region", name="Training for your role")
    expect(training.get_by_role("link", name="Preparing for your meetings")).to_be_visible()
    expect(training.get_by_role("link", name="Driving your mentoring relationship")).to_have_count(
        0
    )
    assert_accessible(page)
    shot(page, "home-training")
