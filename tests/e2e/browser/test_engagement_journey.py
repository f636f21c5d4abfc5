"""The pair's journey through their engagement in Chromium: schedule, log, read, act, measure."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from growpath.bootstrap import Growpath
from growpath.services import accounts, engagements
from growpath.services.context import Context
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import assert_accessible, log_in, login_of, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ACTION = "Send the pre-read to the team"
GOAL = "Run the Platform design review"


def shared_engagement(app: Growpath, demo: DemoOrganisation) -> int:
    """Return the running engagement of the demo participant with the demo mentor."""
    actor = accounts.authenticate(app, login_of(demo, "participant"), DEMO_PASSWORD)
    mentor = next(login.name for login in demo.logins if login.role == "mentor")
    return next(
        e.id
        for e in engagements.my_engagements(Context(app, actor, "test"))
        if e.status in ("active", "renewed") and mentor in {m.name for m in e.members}
    )


def _check(page: Page, name: str) -> None:
    assert_accessible(page)
    shot(page, name)


def test_the_mentor_logs_a_session_and_the_mentee_acts_on_it(
    page: Page, phone: Page, demo_server: str, demo: DemoOrganisation, sqlite_app: Growpath
) -> None:
    engagement = f"{demo_server}/engagements/{shared_engagement(sqlite_app, demo)}"
    log_in(page, demo_server, login_of(demo, "mentor"), DEMO_PASSWORD)
    page.goto(engagement)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mentoring with")
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings[:2] == ["Next session", "Open actions"]
    assert headings[-1] == "Engagement status"
    _check(page, "engagement-mentor")

    # Completing asks first and says what it would do; keeping it running changes nothing.
    page.get_by_role("link", name="Complete…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Complete the mentoring relationship?"
    )
    expect(page.get_by_text("This cannot be undone.")).to_be_visible()
    _check(page, "engagement-complete-confirmation")
    page.get_by_role("link", name="Keep it running").click()
    expect(page.get_by_role("link", name="Complete…")).to_be_visible()

    zone = page.get_by_label("Time zone").input_value()
    page.get_by_label("Date and time").fill("2026-01-06T10:00")
    page.get_by_label("Minutes").fill("45")
    page.get_by_label("Where", exact=True).fill("Video call")
    page.get_by_role("button", name="Schedule").click()
    when = f"Tue 6 Jan 2026, 10:00 {zone}"
    expect(page.get_by_role("status").first).to_contain_text(f"Session scheduled for {when}")
    invite = page.get_by_role("link", name=f"Calendar invite for the session of {when} (.ics)")
    assert (invite.get_attribute("href") or "").endswith("/invite.ics")
    page.get_by_role("link", name=f"Log it (the session of {when})", exact=True).click()

    expect(page).to_have_title(f"Session of {when} · growpath")
    expect(page.get_by_text("Only you will ever see these").first).to_be_visible()
    _check(page, "session-form")
    page.get_by_label("Goal", exact=True).fill("Prepare the design review")
    page.get_by_label("Will", exact=True).fill("Share a pre-read on Monday")
    page.get_by_label("Private: reality").fill("Seemed tired; ask about workload")
    page.get_by_label("Feedback").check()
    page.get_by_label("Action 1", exact=True).fill(ACTION)
    page.get_by_label("Due date of action 1").fill("2026-01-12")
    page.get_by_role("button", name="Log the session").click()
    expect(page.get_by_role("status").first).to_have_text("Session logged.")
    expect(page.get_by_text("Seemed tired; ask about workload")).to_be_visible()
    _check(page, "session-logged-mentor")
    session = page.url

    page.get_by_role("button", name="Log out").click()
    log_in(page, demo_server, login_of(demo, "participant"), DEMO_PASSWORD)
    page.goto(session)
    expect(page.get_by_text("Prepare the design review")).to_be_visible()
    expect(page.get_by_text("Share a pre-read on Monday")).to_be_visible()
    expect(page.get_by_text("Seemed tired; ask about workload")).to_have_count(0)
    _check(page, "session-participant")

    page.goto(engagement)
    page.get_by_role("button", name=f"Done with “{ACTION}”").click()
    line = page.locator("#actions li", has_text=ACTION)
    expect(line.get_by_role("status")).to_contain_text("Done")  # swapped in place by htmx
    expect(page.get_by_role("button", name=f"Done with “{ACTION}”")).to_have_count(0)

    adding = page.locator("details", has=page.locator("summary", has_text="Add a goal"))
    if adding.get_attribute("open") is None:
        adding.locator("summary").click()
    page.get_by_label("Goal", exact=True).fill(GOAL)
    page.get_by_label("Measured by").fill("design reviews led per month")
    page.get_by_label("Where it stands now (optional)").fill("0")
    page.get_by_label("Target", exact=True).fill("4")
    page.get_by_label("Due on").fill("2026-03-31")
    page.get_by_role("button", name="Add the goal").click()
    expect(page.get_by_role("status").first).to_have_text("Goal added.")
    goal = page.locator("article.goal", has_text=GOAL)
    goal.get_by_label("Value").fill("1")
    goal.get_by_role("button", name="Record the measurement").click()
    expect(page.get_by_role("status").first).to_have_text("Measurement recorded.")
    goal = page.locator("article.goal", has_text=GOAL)
    expect(goal.locator("svg polyline.series")).to_have_count(1)
    expect(goal.get_by_role("row", name="5 Jan 2026 1")).to_be_visible()
    _check(page, "engagement-participant")

    log_in(phone, demo_server, login_of(demo, "participant"), DEMO_PASSWORD)
    phone.goto(engagement)
    expect(phone.locator("article.goal", has_text=GOAL)).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    _check(phone, "engagement-phone")
