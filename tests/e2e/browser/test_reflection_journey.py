"""Reflection in Chromium: the mentor logs a session, the mentee answers the prompt it raised
on a phone and shares the entry, and the mentor reads it while preparing the next session."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from growpath.bootstrap import Growpath
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import assert_accessible, log_in, login_of, shot
from tests.e2e.browser.test_engagement_journey import shared_engagement

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ACTION = "Ask two peers for feedback on the RFC"
REFLECTION = "Asking felt less awkward once I said why I wanted their view."


def _check(page: Page, name: str) -> None:
    assert_accessible(page)
    shot(page, name)


def test_a_held_session_prompts_the_mentee_who_shares_a_reflection_the_mentor_reads(
    page: Page, phone: Page, demo_server: str, demo: DemoOrganisation, sqlite_app: Growpath
) -> None:
    engagement_id = shared_engagement(sqlite_app, demo)
    engagement = f"{demo_server}/engagements/{engagement_id}"
    log_in(page, demo_server, login_of(demo, "mentor"), DEMO_PASSWORD)
    page.goto(engagement)
    page.get_by_role("link", name=re.compile(r"^Log it \(the session of")).first.click()
    page.get_by_label("Will", exact=True).fill("Gather views before deciding")
    page.get_by_label("Action 1", exact=True).fill(ACTION)
    page.get_by_role("button", name="Log the session").click()
    expect(page.get_by_role("status").first).to_have_text("Session logged.")

    log_in(phone, demo_server, login_of(demo, "participant"), DEMO_PASSWORD)
    phone.goto(f"{demo_server}/home")
    phone.get_by_role("link", name=re.compile(r"^Reflect on your")).first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("My journal")
    expect(phone.get_by_text(f"You committed to “{ACTION}”")).to_be_visible()
    _check(phone, "journal-prompt")
    phone.get_by_label("Your reflection").fill(REFLECTION)
    phone.get_by_label(re.compile(r"^Share this entry with")).check()
    phone.get_by_role("button", name="Save to my journal").click()
    expect(phone.get_by_role("status").first).to_contain_text("shared with your guide")
    expect(phone.get_by_text(REFLECTION)).to_be_visible()
    _check(phone, "journal-shared")

    page.goto(engagement)
    page.get_by_role("link", name="Prepare for the next session").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Prepare for your next session")
    expect(page.get_by_text(REFLECTION)).to_be_visible()
    expect(page.get_by_text(f"What happened with “{ACTION}” since you last met?")).to_be_visible()
    _check(page, "prepare-mentor")

    # Unshared, the entry leaves the mentor's page at once; the mentee still has it.
    phone.get_by_role("button", name=re.compile(r"^Stop sharing")).first.click()
    expect(phone.get_by_role("status").first).to_contain_text("only you can read")
    page.reload()
    expect(page.get_by_text(REFLECTION)).to_have_count(0)
