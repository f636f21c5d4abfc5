"""Journeys in Debian's Chromium through Playwright, against a real uvicorn server."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

from growpath.bootstrap import Growpath
from growpath.entrypoints.web.app import create_app
from tests.conftest import PASSWORD
from tests.factories import free_port

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("GROWPATH_ARTIFACTS", "artifacts")) / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def server(seeded: Growpath) -> Iterator[str]:
    """Serve the seeded app on a free local port for the length of a test."""
    port = free_port()
    config = uvicorn.Config(create_app(seeded), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start within 10 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless."""
    if shutil.which(CHROMIUM) is None:
        message = f"{CHROMIUM} is missing; `make test` installs Debian's chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser tab with its own cookies."""
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_participant_logs_in_and_searches_the_people_directory(page: Page, server: str) -> None:
    page.goto(f"{server}/people")
    expect(page).to_have_title("Log in · growpath")
    _shot(page, "login")
    page.get_by_label("E-mail").fill("person4@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_title("People · growpath")
    expect(page.get_by_text("20 people")).to_be_visible()
    page.get_by_label("Search by name, e-mail or title").fill("person13")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Person 13")).to_be_visible()
    _shot(page, "people")
    page.get_by_role("link", name="Person 13").click()
    expect(page.get_by_role("heading", name="Person 13")).to_be_visible()
    expect(page.get_by_role("link", name="Person 4")).to_be_visible()  # the manager
    _shot(page, "person")
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_title("Log in · growpath")
    page.goto(f"{server}/people")
    expect(page).to_have_title("Log in · growpath")


def test_a_wrong_password_is_shown_on_the_login_page(page: Page, server: str) -> None:
    page.goto(f"{server}/login")
    page.get_by_label("E-mail").fill("person4@example.com")
    page.get_by_label("Password").fill("not-the-password-1")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text("wrong e-mail or password")
