"""Journeys in Debian's Chromium through Playwright, against a real uvicorn server."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.e2e.browser.conftest import assert_accessible, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_a_participant_logs_in_and_searches_the_people_directory(page: Page, server: str) -> None:
    page.goto(f"{server}/people")
    expect(page).to_have_title("Log in · growpath")
    assert_accessible(page)
    shot(page, "login")
    page.get_by_label("E-mail").fill("person4@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_title("People · growpath")
    expect(page.get_by_text("20 people")).to_be_visible()
    page.get_by_label("Search by name, e-mail or title").fill("person13")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Person 13")).to_be_visible()
    assert_accessible(page)
    shot(page, "people")
    page.get_by_role("link", name="Person 13").click()
    expect(page.get_by_role("heading", name="Person 13")).to_be_visible()
    expect(page.get_by_role("link", name="Person 4")).to_be_visible()  # the manager
    shot(page, "person")
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_title("Log in · growpath")
    page.goto(f"{server}/people")
    expect(page).to_have_title("Log in · growpath")


def test_a_wrong_password_is_shown_on_the_login_page(page: Page, server: str) -> None:
    page.goto(f"{server}/login")
    page.get_by_label("E-mail").fill("person4@example.com")
    page.get_by_label("Password").fill("not-the-password-1")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text("wrong e-mail or password")
