"""The footer's language switcher in Chromium with JavaScript off: a visitor, then a person."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import PASSWORD
from tests.e2e.browser.conftest import assert_accessible, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def plain(browser: Browser) -> Iterator[Page]:
    """A tab with JavaScript off: the switcher must work as a plain form."""
    context = browser.new_context(bypass_csp=True, java_script_enabled=False)
    tab = context.new_page()
    yield tab
    context.close()


def test_the_switcher_changes_the_language_without_javascript(plain: Page, server: str) -> None:
    plain.goto(f"{server}/login")
    plain.get_by_label("Language", exact=True).select_option("de")
    plain.get_by_role("button", name="Change language").click()
    expect(plain.get_by_role("link", name="Zum Inhalt springen")).to_be_attached()
    expect(plain.get_by_label("Sprache", exact=True)).to_have_value("de")
    # The login form itself now speaks German.
    plain.get_by_label("E-Mail", exact=True).fill("person4@example.com")
    plain.get_by_label("Passwort", exact=True).fill(PASSWORD)
    plain.get_by_role("button", name="Anmelden").click()
    # Logged in, the switch is saved as the person's own choice.
    plain.get_by_label("Sprache", exact=True).select_option("fr")
    plain.get_by_role("button", name="Sprache wechseln").click()
    expect(plain.get_by_role("button", name="Changer de langue")).to_be_visible()
    plain.goto(f"{server}/account/profile")
    expect(plain.get_by_label("Langue des pages et des e-mails")).to_have_value("fr")
    shot(plain, "language-switcher")


def test_the_switcher_is_accessible(page: Page, server: str) -> None:
    page.goto(f"{server}/login")
    assert_accessible(page)
