"""The demo's lessons in Chromium: the participant reads them on Home and follows the trail to
a lesson; the mentor writes one (errors first) and is asked before withdrawing it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import assert_accessible, log_in, login_of, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_demo_participant_reads_a_followed_mentors_lesson_from_home(
    page: Page, phone: Page, demo: DemoOrganisation, demo_server: str
) -> None:
    log_in(page, demo_server, login_of(demo, "participant"), DEMO_PASSWORD)
    page.goto(f"{demo_server}/home")
    panel = page.get_by_role("region", name="New lessons from mentors you follow")
    expect(panel.get_by_role("link", name="Silence is a question too")).to_be_visible()
    panel.get_by_role("link", name="Silence is a question too").click()
    expect(page).to_have_title("Silence is a question too · growpath")
    expect(page.get_by_role("heading", name="What I would do differently")).to_be_visible()
    expect(page.get_by_role("button", name="Stop following", exact=False)).to_be_visible()
    assert_accessible(page)
    shot(page, "lesson")
    page.get_by_role("link", name="Feedback").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lessons on Feedback")
    assert_accessible(page)
    shot(page, "lessons-by-theme")

    log_in(phone, demo_server, login_of(demo, "participant"), DEMO_PASSWORD)
    phone.goto(f"{demo_server}/lessons")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Lessons from mentors")
    assert_accessible(phone)
    shot(phone, "lessons-phone")


def test_the_demo_mentor_writes_a_lesson_and_withdraws_it_after_being_asked(
    page: Page, demo: DemoOrganisation, demo_server: str
) -> None:
    log_in(page, demo_server, login_of(demo, "mentor"), DEMO_PASSWORD)
    page.goto(f"{demo_server}/lessons")
    page.get_by_role("link", name="Write a lesson").click()
    page.get_by_label("Title").fill("Ask what they tried first")
    page.get_by_label("What happened").fill("Too short.")
    page.get_by_label("What you would do differently").fill("Ask.")
    page.get_by_role("button", name="Publish the lesson").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("needs at least 40 characters")
    expect(summary).to_contain_text("choose at least one theme")
    assert_accessible(page)
    shot(page, "lesson-errors")
    page.get_by_label("What happened").fill(
        "I answered every question at once, until my mentee stopped bringing me any."
    )
    page.get_by_label("Delegation").check()
    page.get_by_role("button", name="Publish the lesson").click()
    expect(page.get_by_role("status")).to_contain_text("Your lesson is published.")
    page.get_by_role("link", name="Withdraw this lesson").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Withdraw")
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw the lesson").click()
    expect(page.get_by_role("status")).to_contain_text("You withdrew")
    expect(page.get_by_role("link", name="Ask what they tried first")).to_have_count(0)
