"""The admins' journey through the demo organisation, in Debian's Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import assert_accessible, log_in, login_of, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
HEADER = "email,name,title,department,seniority_level,timezone,languages,skills\n"
GOOD = "ada.new@demo.growpath.dev,Ada New,Engineer,Platform,2,Europe/Berlin,en,python:3\n"
BAD = "not-an-email,Bea New,Engineer,Data,3,Europe/Paris,en,sql:2\n"
FIXED = "bea.new@demo.growpath.dev,Bea New,Engineer,Data,3,Europe/Paris,en,sql:2\n"


def _upload(page: Page, content: str) -> None:
    page.get_by_label("HRIS file").set_input_files(
        {"name": "people.csv", "mimeType": "text/csv", "buffer": content.encode()}
    )
    page.get_by_role("button", name="Import").click()


def _check(page: Page, name: str) -> None:
    assert_accessible(page)
    shot(page, name)


def test_an_org_admin_imports_people_and_sees_every_problem_first(
    page: Page, demo: DemoOrganisation, demo_server: str
) -> None:
    log_in(page, demo_server, login_of(demo, "org admin"), DEMO_PASSWORD)
    page.get_by_role("link", name="Admin", exact=True).click()
    page.get_by_role("link", name="Import people").click()
    _upload(page, HEADER + GOOD + BAD)
    problems = page.get_by_role("alert")
    expect(problems).to_contain_text("Nothing was imported")
    expect(problems.get_by_role("row").nth(1)).to_contain_text(re.compile(r"3\s*email"))
    _check(page, "admin-import-problems")
    _upload(page, HEADER + GOOD + FIXED)
    expect(page.get_by_role("status")).to_have_text(
        "Imported 2 people: 2 created, 0 updated, 0 unchanged."
    )
    next_steps = page.get_by_role("region", name="Next steps")
    expect(next_steps.get_by_role("link", name="Invite the 2 new people")).to_have_attribute(
        "href", re.compile(r"/admin/accounts$")
    )
    expect(next_steps.get_by_role("link", name=re.compile("^Run matching for "))).not_to_have_count(
        0
    )
    _check(page, "admin-import")


def test_a_program_admin_creates_matches_approves_and_checks_health_in_their_programs(
    page: Page, phone: Page, demo: DemoOrganisation, demo_server: str
) -> None:
    log_in(page, demo_server, login_of(demo, "program admin"), DEMO_PASSWORD)
    expect(page).to_have_url(f"{demo_server}/admin")  # an admin lands on the overview
    expect(page).to_have_title("Admin · growpath")
    expect(page.get_by_role("link", name="Engineering mentoring 2026", exact=True)).to_be_visible()
    # The demo program admin runs the mentoring program and the draft, not the coaching one.
    expect(page.get_by_role("link", name="First-time managers 2026", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Audit trail")).to_have_count(0)
    expect(page.get_by_role("link", name="Import people")).to_have_count(0)
    _check(page, "admin-overview")

    page.get_by_role("link", name="New program from a track").click()
    expect(page.get_by_text("One conversation with the right person")).to_be_visible()
    _check(page, "admin-program-new")
    page.get_by_role("radio", name=re.compile("^Flash mentoring")).check()
    page.get_by_label("Program name").fill("Flash mentoring spring 2026")
    page.get_by_role("button", name="Create draft program").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Flash mentoring spring 2026")
    page.get_by_role("button", name="Open for enrolment").click()
    expect(page.get_by_role("status")).to_have_text(
        "Flash mentoring spring 2026 is open for enrolment."
    )
    _check(page, "admin-program-created")
    page.get_by_role("link", name="Close the program…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close Flash mentoring spring 2026?")
    expect(page.get_by_text("The 0 running engagement(s) continue until they end.")).to_be_visible()
    _check(page, "admin-program-close-confirm")
    page.get_by_role("link", name="Keep it open").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Flash mentoring spring 2026")
    expect(page.locator(".lead .usa-tag")).to_have_text("open")
    page.get_by_role("link", name="Close the program…").click()
    page.get_by_role("button", name="Close the program").click()
    expect(page.get_by_role("status")).to_have_text("Flash mentoring spring 2026 is closed.")

    page.get_by_role("link", name="Back to programs").click()
    _check(page, "admin-programs")
    page.get_by_role("link", name="Engineering mentoring 2026", exact=True).click()
    expect(page.get_by_role("link", name="Report")).to_have_attribute(
        "href", re.compile(r"/admin/programs/\d+/report$")
    )
    _check(page, "admin-program")
    page.get_by_role("button", name="Run matching").click()
    expect(page.get_by_role("status")).to_contain_text("new pair")
    expect(page.get_by_text("Certified optimal")).to_be_visible()
    first = page.locator(".proposals details").first
    first.locator("summary").click()
    expect(first.get_by_role("rowheader", name="Skills cover the goals")).to_be_visible()
    expect(first).to_contain_text("not in each other's reporting chain")
    _check(page, "admin-match-run")
    run_url = page.url

    page.get_by_role("button", name=re.compile(r"^Approve all \d+ proposed$")).click()
    expect(page.get_by_role("status")).to_contain_text("now wait for both sides' answer")
    expect(page.get_by_text("Every proposal of this run has been decided.")).to_be_visible()
    _check(page, "admin-match-run-approved")

    page.get_by_role("link", name="Back to Engineering mentoring 2026").click()
    page.get_by_role("link", name="Health board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Health board: Engineering mentoring 2026"
    )
    expect(page.get_by_role("heading", name=re.compile("At risk"))).to_be_visible()
    _check(page, "admin-health")

    log_in(phone, demo_server, login_of(demo, "program admin"), DEMO_PASSWORD)
    phone.goto(run_url)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Match run")
    _check(phone, "admin-match-run-phone")


def test_an_org_admin_filters_the_audit_trail(
    page: Page, demo: DemoOrganisation, demo_server: str
) -> None:
    log_in(page, demo_server, login_of(demo, "org admin"), DEMO_PASSWORD)
    page.goto(f"{demo_server}/admin")
    page.get_by_role("link", name="Audit trail").click()
    expect(page).to_have_title("Audit trail · growpath")
    _check(page, "admin-audit")
    page.get_by_label("Action").fill("match.")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("cell", name="match.approve").first).to_be_visible()
    expect(page.get_by_role("cell", name="audit.read")).to_have_count(0)
    page.get_by_label("Actor e-mail").fill(login_of(demo, "org admin"))
    page.get_by_label("Action").fill("audit.")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("cell", name="audit.read").first).to_be_visible()
    _check(page, "admin-audit-filtered")
