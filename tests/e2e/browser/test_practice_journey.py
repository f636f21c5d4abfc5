"""The demo manager logs this week's coaching conversation and sees the streak; the report
answers the one question from their Home."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from growpath.bootstrap import Growpath
from growpath.services import accounts, practice
from growpath.services.context import Context
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import assert_accessible, log_in, login_of, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
NOTE = "Asked what they would try first; they chose to pair on the migration."


def _acting(app: Growpath, email: str) -> Context:
    return Context(app, accounts.authenticate(app, email, DEMO_PASSWORD), "test")


def test_the_manager_logs_a_conversation_and_sees_the_streak_and_the_report_answers(
    page: Page, phone: Page, sqlite_app: Growpath, demo: DemoOrganisation, demo_server: str
) -> None:
    manager = _acting(sqlite_app, login_of(demo, "manager"))
    streak = practice.my_streak(manager).weeks
    report = practice.practice_page(manager).reports[0].name

    log_in(page, demo_server, login_of(demo, "manager"), DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Practice").click()
    expect(page).to_have_title("Coaching practice · growpath")
    expect(page.locator(".streak")).to_contain_text(f"{streak} weeks")
    # The demo's reports answered: k people's answers close a window, so the figure shows.
    expect(page.get_by_text("on average, over")).to_be_visible()
    expect(page.get_by_role("link", name="Learn the skills")).to_have_attribute("href", "/learn")
    assert_accessible(page)
    shot(page, "practice")

    # A note over the limit is refused with the field named, and nothing is logged.
    page.get_by_label("With").select_option(label=report)
    page.get_by_label("Options: what they could do").check()
    page.get_by_label("Private note (optional)").fill("x" * 4001)
    page.get_by_role("button", name="Log the conversation").click()
    expect(page.get_by_role("alert")).to_contain_text("must be at most 4000 characters")
    assert_accessible(page)

    page.get_by_label("Private note (optional)").fill(NOTE)
    page.get_by_role("button", name="Log the conversation").click()
    expect(page.get_by_role("status").first).to_contain_text(
        f"Your conversation with {report} is logged"
    )
    expect(page.get_by_text(NOTE)).to_be_visible()
    expect(page.locator(".streak")).to_contain_text(f"{streak} weeks")

    log_in(phone, demo_server, login_of(demo, "participant"), DEMO_PASSWORD)
    phone.goto(f"{demo_server}/home")
    manager_name = next(d.name for d in demo.logins if d.role == "manager")
    questions = phone.get_by_role(
        "link", name=f"One question about your conversation with {manager_name}"
    )
    waiting = questions.count()
    assert waiting >= 1
    questions.first.click()
    expect(phone.get_by_role("heading", name="One question")).to_be_visible()
    assert_accessible(phone)
    shot(phone, "practice-question")
    # Sending without a choice names the field, and nothing is saved.
    phone.get_by_role("button", name="Send my answer").click()
    expect(phone.get_by_role("alert")).to_contain_text("choose 1 (asked) to 5 (told)")
    phone.get_by_label("2 · mostly asked").check()
    phone.get_by_role("button", name="Send my answer").click()
    expect(phone.get_by_role("status")).to_contain_text("your answer is saved")
    expect(questions).to_have_count(waiting - 1)
