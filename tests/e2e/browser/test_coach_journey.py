"""The demo coach in Chromium: their caseload, a coachee's engagement, a session logged, what
comes next, and no way into the admin pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from growpath.bootstrap import Growpath
from growpath.services import accounts, engagements
from growpath.services.context import Context
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import assert_accessible, log_in, login_of, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ACTION = "Hold the first one-to-one with each report"


def _coachee(app: Growpath, demo: DemoOrganisation) -> tuple[int, str]:
    """Return the demo coach's running coaching engagement and the coachee's name."""
    actor = accounts.authenticate(app, login_of(demo, "coach"), DEMO_PASSWORD)
    running = next(
        e
        for e in engagements.my_engagements(Context(app, actor, "test"))
        if e.kind == "coaching" and e.status in ("active", "renewed")
    )
    return running.id, next(m.name for m in running.members if m.role == "participant")


def _check(page: Page, name: str) -> None:
    assert_accessible(page)
    shot(page, name)


def test_the_demo_coach_logs_a_session_with_a_coachee_and_sees_what_comes_next(
    page: Page, sqlite_app: Growpath, demo: DemoOrganisation, demo_server: str
) -> None:
    engagement_id, coachee = _coachee(sqlite_app, demo)
    log_in(page, demo_server, login_of(demo, "coach"), DEMO_PASSWORD)

    # A coach lands on their caseload; the navigation offers it and nothing of an admin's.
    expect(page).to_have_url(f"{demo_server}/mentoring")
    expect(page).to_have_title("My mentees and coachees · growpath")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Mentoring")).to_have_attribute("aria-current", "page")
    for absent in ("Admin", "My team"):
        expect(nav.get_by_role("link", name=absent)).to_have_count(0)
    pairs = page.get_by_role("region", name="Pairs I guide")
    card = pairs.get_by_role("listitem").filter(has_text=coachee)
    expect(card).to_contain_text("Coaching · First-time managers 2026")
    _check(page, "coach-caseload")

    card.get_by_role("link", name=coachee).click()
    expect(page).to_have_url(f"{demo_server}/engagements/{engagement_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Coaching with {coachee}")
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings[:2] == ["Next session", "Open actions"]
    _check(page, "coach-engagement")

    zone = page.get_by_label("Time zone").input_value()
    page.get_by_label("Date and time").fill("2026-01-06T08:30")
    page.get_by_label("Minutes").fill("60")
    page.get_by_label("Where", exact=True).fill("Room 4.2")
    page.get_by_role("button", name="Schedule").click()
    when = f"Tue 6 Jan 2026, 08:30 {zone}"
    expect(page.get_by_role("status").first).to_contain_text(f"Session scheduled for {when}")
    page.get_by_role("link", name=f"Log it (the session of {when})", exact=True).click()
    expect(page).to_have_title(f"Session of {when} · growpath")
    _check(page, "coach-session-form")
    page.get_by_label("Goal", exact=True).fill("Settle into leading the team")
    page.get_by_label("Reality", exact=True).fill("Four reports, two of them new")
    page.get_by_label("Will", exact=True).fill("Meet each report one-to-one this week")
    page.get_by_label("Private: options").fill("Try a skip-level with the quiet one")
    page.get_by_label("Action 1", exact=True).fill(ACTION)
    page.get_by_label("Due date of action 1").fill("2026-01-09")
    page.get_by_role("button", name="Log the session").click()
    expect(page.get_by_role("status").first).to_have_text("Session logged.")
    expect(page.get_by_text("Try a skip-level with the quiet one")).to_be_visible()
    _check(page, "coach-session-logged")

    # What comes next: the agreed action is open on the engagement, with questions for the
    # next conversation, and the caseload counts it as due this week.
    page.goto(f"{demo_server}/engagements/{engagement_id}")
    actions = page.get_by_role("region", name="Open actions")
    expect(actions.get_by_role("listitem").filter(has_text=ACTION)).to_have_count(1)
    expect(page.get_by_role("heading", name="For your next conversation")).to_be_visible()
    _check(page, "coach-next-steps")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Mentoring").click()
    due = page.get_by_role("region", name="Actions due")
    expect(due.get_by_role("row").filter(has_text=ACTION)).to_contain_text(coachee)
    _check(page, "coach-caseload-after")

    # A coach is not an admin: the admin pages refuse them in words, with a way back.
    for path in ("/admin", "/admin/accounts", "/admin/audit"):
        refused = page.goto(f"{demo_server}{path}")
        assert refused is not None and refused.status == 403, path
        expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this")
    _check(page, "coach-admin-refused")
