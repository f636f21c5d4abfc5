"""An admin's first login in Chromium: sent to set up two-step login, an authenticator (pyotp)
reads the key, then every later login asks for the code."""

from __future__ import annotations

import pyotp
import pytest
from playwright.sync_api import Page, expect

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.services import accounts
from tests.conftest import PASSWORD
from tests.e2e.browser.conftest import assert_accessible, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
NEW_ADMIN = "person2@example.com"


def _password(page: Page, server: str) -> None:
    page.goto(f"{server}/login")
    page.get_by_label("E-mail").fill(NEW_ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_new_admin_sets_up_two_step_login_and_then_logs_in_with_a_code(
    page: Page, server: str, seeded: Growpath
) -> None:
    accounts.create_account(seeded, NEW_ADMIN, {Role.ORG_ADMIN, Role.PARTICIPANT}, PASSWORD)
    _password(page, server)
    expect(page.get_by_role("heading", name="Two-step login")).to_be_visible()
    expect(page.get_by_text("Administrators log in with two steps")).to_be_visible()
    page.goto(f"{server}/admin")  # no way round it
    expect(page.get_by_role("heading", name="Two-step login")).to_be_visible()
    page.get_by_role("button", name="Set up two-step login").click()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert_accessible(page)
    shot(page, "two-step-set-up")
    authenticator = pyotp.TOTP(page.locator("#totp-secret").inner_text())
    page.get_by_label("The code your app shows now").fill(authenticator.at(seeded.clock.now()))
    page.get_by_role("button", name="Turn on two-step login").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(
        10
    )
    assert_accessible(page)
    page.get_by_role("link", name="I have kept them").click()
    expect(page).to_have_url(f"{server}/admin")
    page.get_by_role("button", name="Log out").click()

    _password(page, server)
    expect(page.get_by_role("heading", name="Two-step login")).to_be_visible()
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("wrong or was used already")
    assert_accessible(page)
    shot(page, "two-step-code")
    # The set-up's code is spent; the app's next one logs in.
    later = seeded.clock.now().timestamp() + 30
    page.get_by_label("Code").fill(authenticator.at(later))
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{server}/admin")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
