"""A participant fills in their profile in Chromium with JavaScript off: rows, choices, a zone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from growpath.bootstrap import Growpath
from growpath.services import accounts, people
from growpath.services.context import Context
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import log_in, login_of, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def without_script(browser: Browser) -> Iterator[Page]:
    """A tab that runs no JavaScript, as some readers' browsers do."""
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_a_participant_adds_skills_in_rows_and_picks_languages_and_a_zone(
    without_script: Page, demo_server: str, demo: DemoOrganisation, sqlite_app: Growpath
) -> None:
    page = without_script
    email = login_of(demo, "participant")
    log_in(page, demo_server, email, DEMO_PASSWORD)
    page.goto(f"{demo_server}/account/profile")
    skills = page.get_by_role("group", name="Skills")
    rows = skills.locator("select").count()
    # "More rows" works without JavaScript: the form comes back with three more empty rows.
    page.get_by_role("button", name="More rows").click()
    expect(skills.locator("select")).to_have_count(rows + 3)
    last = rows + 3
    page.get_by_label(f"Skill {last}", exact=True).fill("Negotiation")
    page.get_by_label(f"Level of skill {last}").select_option("3")
    page.get_by_role("checkbox", name="French (fr)").check()
    page.get_by_label("Time zone").fill("Asia/Singapore")
    shot(page, "profile-rows")
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_role("status").first).to_contain_text("Your profile is saved.")
    actor = accounts.authenticate(sqlite_app, email, DEMO_PASSWORD)
    saved = people.get_person(Context(sqlite_app, actor, "test"), actor.person_id or 0)
    assert saved.skills["negotiation"] == 3
    assert "fr" in saved.languages and saved.timezone == "Asia/Singapore"
