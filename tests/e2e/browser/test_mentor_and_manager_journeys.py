"""The demo mentor follows their pair; the demo manager follows a consenting report."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from growpath.bootstrap import Growpath
from growpath.services import accounts, consents, trajectory
from growpath.services.context import Context
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import assert_accessible, log_in, login_of, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _acting(app: Growpath, email: str) -> Context:
    return Context(app, accounts.authenticate(app, email, DEMO_PASSWORD), "test")


def test_the_demo_mentor_opens_their_caseload_and_goes_to_their_pair(
    page: Page, phone: Page, demo: DemoOrganisation, demo_server: str
) -> None:
    # The demo mentor guides the demo participant.
    mentee = next(login.name for login in demo.logins if login.role == "participant")
    log_in(page, demo_server, login_of(demo, "mentor"), DEMO_PASSWORD)
    # A mentor lands on their caseload, and the navigation offers it.
    expect(page).to_have_url(f"{demo_server}/mentoring")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Mentoring")).to_have_attribute("aria-current", "page")
    expect(nav.get_by_role("link", name="Admin")).to_have_count(0)
    expect(page).to_have_title("My mentees and coachees · growpath")
    expect(page.get_by_role("heading", name="Sessions to log")).to_be_visible()
    expect(page.get_by_role("link", name=f"Session with {mentee}")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Engineering mentoring 2026")).to_be_visible()
    assert_accessible(page)
    shot(page, "mentoring")
    pair = page.get_by_role("heading", level=3).get_by_role("link", name=mentee)
    target = pair.get_attribute("href")
    pair.click()
    expect(page).to_have_url(f"{demo_server}{target}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(mentee)
    assert_accessible(page)
    shot(page, "mentoring-pair")

    log_in(phone, demo_server, login_of(demo, "mentor"), DEMO_PASSWORD)
    phone.goto(f"{demo_server}/mentoring")
    expect(phone.get_by_role("heading", name="Pairs I guide")).to_be_visible()
    assert_accessible(phone)
    shot(phone, "mentoring-phone")


def test_the_demo_manager_sees_a_consenting_reports_trajectory_and_not_the_others(
    page: Page, phone: Page, sqlite_app: Growpath, demo: DemoOrganisation, demo_server: str
) -> None:
    manager = _acting(sqlite_app, login_of(demo, "manager"))
    reporter = _acting(sqlite_app, login_of(demo, "participant"))
    consents.set_consent(reporter, consents.MANAGER_TRAJECTORY, granted=True)
    reports = trajectory.my_reports(manager)
    sharing = next(name for _, name, shares in reports if shares)
    silent = next(name for _, name, shares in reports if not shares)

    log_in(page, demo_server, login_of(demo, "manager"), DEMO_PASSWORD)
    expect(page).to_have_url(f"{demo_server}/team")  # a manager lands on their team
    expect(page).to_have_title("My team · growpath")
    expect(page.get_by_role("listitem").filter(has_text=silent)).to_contain_text("not shared")
    expect(page.get_by_role("link", name=silent)).to_have_count(0)
    assert_accessible(page)
    shot(page, "team")
    page.get_by_role("link", name=sharing).click()
    expect(page).to_have_title(f"{sharing}'s trajectory · growpath")
    expect(page.get_by_text("Sessions held")).to_be_visible()
    expect(page.get_by_role("table", name="Competency growth since the baseline")).to_be_visible()
    assert_accessible(page)
    shot(page, "team-report")

    page.get_by_label("Competency", exact=True).select_option(label="Delegation")
    page.get_by_label("When").select_option("midpoint")
    rating = page.get_by_role("group", name="Rating (1 = beginning, 5 = role model)")
    # No rating is chosen for the manager: the browser asks for one before posting.
    expect(rating.get_by_role("radio", checked=True)).to_have_count(0)
    rating.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Save my rating").click()
    expect(page.get_by_role("status")).to_have_text("Your rating is saved.")
    assert_accessible(page)

    log_in(phone, demo_server, login_of(demo, "manager"), DEMO_PASSWORD)
    phone.goto(page.url)
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"{sharing}'s trajectory")
    assert_accessible(phone)
    shot(phone, "team-report-phone")
