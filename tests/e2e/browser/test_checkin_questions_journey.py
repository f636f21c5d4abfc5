"""Custom check-in questions in Chromium: the admin's pages, the report panel and the member's
check-in, each accessible and without sideways scrolling on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from growpath.bootstrap import Growpath
from growpath.services import accounts, checkins, programs
from growpath.services.context import Context, operator_context
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from growpath.services.demo_programs import MENTORING
from tests.e2e.browser.conftest import assert_accessible, log_in, login_of, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _check(page: Page, name: str) -> None:
    assert_accessible(page)
    shot(page, name)


def _member(app: Growpath, demo: DemoOrganisation, role: str) -> Context:
    return Context(app, accounts.authenticate(app, login_of(demo, role), DEMO_PASSWORD), "test")


def _mentoring(app: Growpath) -> int:
    return next(p.id for p in programs.list_programs(operator_context(app)) if p.name == MENTORING)


def test_a_program_admin_defines_questions_and_reads_them_only_in_aggregate(
    page: Page, sqlite_app: Growpath, demo: DemoOrganisation, demo_server: str
) -> None:
    program_id = _mentoring(sqlite_app)
    log_in(page, demo_server, login_of(demo, "program admin"), DEMO_PASSWORD)
    page.goto(f"{demo_server}/admin/programs/{program_id}")
    page.get_by_role("link", name="Check-in questions").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check-in questions")
    expect(page.get_by_text("How do you usually meet?", exact=True)).to_be_visible()
    _check(page, "questions")
    page.get_by_label("Kind").select_option("choice")
    page.get_by_label("Question", exact=True).fill("Which format helps most?")
    page.get_by_role("button", name="Add the question").click()
    expect(page.get_by_role("alert")).to_contain_text("options")
    _check(page, "questions-problem")
    page.get_by_label(re.compile("the options, one a line")).fill("Video\nIn person")
    page.get_by_role("button", name="Add the question").click()
    expect(page.get_by_role("status")).to_contain_text("Question added")
    page.get_by_role("link", name=re.compile("^Change “How clear")).click()
    expect(page.get_by_text("new words are saved as a new version")).to_be_visible()
    _check(page, "question-change")
    page.go_back()
    page.get_by_role("link", name=re.compile("^Stop asking… “Which format")).click()
    _check(page, "question-retire")
    page.get_by_role("button", name="Stop asking it").click()
    expect(page.get_by_role("status")).to_contain_text("is no longer asked")
    page.goto(f"{demo_server}/admin/programs/{program_id}/report")
    panel = page.get_by_role("region", name="The program's own check-in questions")
    expect(panel).to_contain_text("How clear is your next career step?")
    expect(panel).not_to_contain_text("More time on system design")
    _check(page, "report-questions")


def test_a_member_answers_the_programs_own_questions_after_the_pulse(
    page: Page, sqlite_app: Growpath, demo: DemoOrganisation, demo_server: str
) -> None:
    log_in(page, demo_server, login_of(demo, "mentor"), DEMO_PASSWORD)
    mine = [
        c
        for c in checkins.my_checkins(_member(sqlite_app, demo, "mentor"))
        if c.answered_at is None
    ]
    waiting = next(c for c in mine if c.program_name == MENTORING)
    page.goto(f"{demo_server}/checkins/{waiting.id}")
    expect(page.get_by_text("How clear is your next career step? (required)")).to_be_visible()
    _check(page, "checkin-questions")
    page.get_by_role("group", name="Did you meet since the last check-in?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name=re.compile("How satisfied")).get_by_label("4").check()
    page.get_by_role("group", name=re.compile("How much progress")).get_by_label("3").check()
    page.get_by_role("button", name="Send check-in").click()
    expect(page.get_by_role("alert")).to_contain_text("is required")
    _check(page, "checkin-questions-problem")
    page.get_by_role("group", name=re.compile("How clear is your next")).get_by_label("4").check()
    page.get_by_label(re.compile("What would make this relationship")).fill("A pairing session.")
    page.get_by_role("button", name="Send check-in").click()
    expect(page.get_by_role("status")).to_contain_text("your check-in is saved")
