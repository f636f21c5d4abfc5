"""The demo participant in Chromium: home, triage, programs, proposals, check-in, privacy."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from growpath.bootstrap import Growpath
from growpath.services import checkins
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import ARTIFACTS, assert_accessible, log_in, login_of, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _looked_at(page: Page, title: str, name: str) -> None:
    expect(page).to_have_title(f"{title} · growpath")
    assert_accessible(page)
    shot(page, name)


def _main_nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def test_the_demo_participant_goes_through_their_whole_job(
    page: Page, phone: Page, sqlite_app: Growpath, demo: DemoOrganisation, demo_server: str
) -> None:
    # The demo seeds engagements that started weeks ago, with their check-ins already due.
    assert checkins.schedule_checkins(sqlite_app) == 0
    email = login_of(demo, "participant")
    log_in(page, demo_server, email, DEMO_PASSWORD)
    expect(page).to_have_url(f"{demo_server}/home")
    # A mentee who guides nobody is offered no caseload, team or admin.
    nav = page.get_by_role("navigation", name="Main")
    for absent in ("Mentoring", "My team", "Admin"):
        expect(nav.get_by_role("link", name=absent)).to_have_count(0)
    _looked_at(page, "Home", "participant-home")
    expect(page.get_by_role("heading", name="My engagements")).to_be_visible()
    expect(page.get_by_role("heading", name="My competency growth")).to_be_visible()
    checkin = page.get_by_role("link", name=re.compile("^Check-in for "))
    checkin_path = checkin.first.get_attribute("href")
    assert checkin_path is not None

    page.get_by_role("link", name="Take the self-assessment").click()
    _looked_at(page, "Self-assessment", "participant-triage")
    page.get_by_label("Where my career could go next").check()
    page.get_by_label("I joined or changed role in the last six months").check()
    page.get_by_label("Someone who shares advice and experience").check()
    page.get_by_label("A lot").check()
    page.get_by_role("button", name="See what fits me").click()
    expect(page.get_by_role("heading", name="We recommend mentoring")).to_be_visible()
    _looked_at(page, "Your self-assessment result", "participant-triage-result")

    _main_nav(page, "Programs")
    _looked_at(page, "Programs", "participant-programs")
    page.get_by_role("link", name="First-time managers 2026").click()
    expect(page.get_by_text("You cannot join as coachee")).to_be_visible()
    _looked_at(page, "First-time managers 2026", "participant-program-not-eligible")
    page.get_by_role("link", name="Back to programs").click()
    page.get_by_role("link", name="Engineering mentoring 2026").first.click()
    _looked_at(page, "Engineering mentoring 2026", "participant-program")
    page.get_by_role("link", name="See recommended mentors").click()
    expect(page.get_by_text("You are already matched with")).to_be_visible()
    # Each mentor's card: who they are, what they offer, and why they fit, in words.
    first = page.locator(".recommendations > li").first
    expect(first.locator(".avatar")).to_have_attribute("aria-hidden", "true")
    expect(first.get_by_text(re.compile(r"^Why .+ fits you$"))).to_be_visible()
    expect(first.locator(".reasons li").first).to_be_visible()
    for fact in ("Skills", "Languages", "Working hours shared", "Seats left"):
        expect(first.locator("dt", has_text=fact)).to_be_visible()
    expect(first.locator("dd").filter(has_text="English")).to_be_visible()
    page.get_by_text("Why this match: the reasons").first.click()
    _looked_at(page, "Recommended mentors for Engineering mentoring 2026", "participant-recs")
    first.screenshot(path=str(ARTIFACTS / "participant-recs-card.png"))
    recommendations = page.url

    _main_nav(page, "Home")
    page.get_by_role("link", name="My match proposals").click()
    expect(page.get_by_text("Nothing is waiting for your answer.")).to_be_visible()
    _looked_at(page, "My match proposals", "participant-proposals")

    page.goto(f"{demo_server}{checkin_path}")
    expect(page).to_have_title(re.compile(r"^Check-in for .* · growpath$"))
    assert_accessible(page)
    shot(page, "participant-checkin")
    page.get_by_role("group", name="Did you meet since the last check-in?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name=re.compile("How satisfied")).get_by_label("4").check()
    page.get_by_role("group", name=re.compile("How much progress")).get_by_label("3").check()
    page.get_by_label("Anything else? (optional)").fill("We met twice; good momentum.")
    # The program's own required question, after the pulse.
    page.get_by_role("group", name=re.compile(r"\(required\)")).get_by_role("radio").nth(3).check()
    page.get_by_role("button", name="Send check-in").click()
    expect(page.get_by_text("Thank you: your check-in is saved.")).to_be_visible()
    expect(page).to_have_title("Home · growpath")

    _main_nav(page, "Privacy")
    _looked_at(page, "Privacy and my data", "participant-privacy")
    page.get_by_role("button", name=re.compile(r"^Share\b.*my manager sees")).click()
    expect(page.get_by_text("Given: my manager sees my trajectory")).to_be_visible()
    stop = page.get_by_role("button", name=re.compile(r"^Stop sharing\b.*my manager"))
    expect(stop).to_be_visible()
    assert_accessible(page)
    shot(page, "participant-privacy-shared")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data").click()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["account"]["email"] == email
    assert data["consents"][0]["granted"] is True

    # The check-in e-mail's link, followed while logged out, comes back after logging in.
    page.get_by_role("button", name="Log out", exact=True).click()
    page.goto(f"{demo_server}{checkin_path}")
    expect(page).to_have_title("Log in · growpath")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("You answered this check-in")).to_be_visible()

    log_in(phone, demo_server, email, DEMO_PASSWORD)
    _looked_at(phone, "Home", "participant-home-phone")
    phone.goto(recommendations)
    _looked_at(
        phone, "Recommended mentors for Engineering mentoring 2026", "participant-recs-phone"
    )
