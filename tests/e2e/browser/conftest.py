"""Browser fixtures: Debian's Chromium through Playwright, a real uvicorn server, axe-core."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from growpath.bootstrap import Growpath
from growpath.services.demo import DemoOrganisation
from tests.e2e.conftest import serve

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("GROWPATH_ARTIFACTS", "artifacts")) / "screenshots"
AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-4.14.1.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


@pytest.fixture
def server(seeded: Growpath) -> Iterator[str]:
    """Serve the 20-person test organisation."""
    yield from serve(seeded)


def login_of(demo: DemoOrganisation, role: str) -> str:
    """Return the e-mail of the demo login for a role ("participant", "mentor", ...)."""
    return next(login.email for login in demo.logins if login.role == role)


@pytest.fixture(scope="session")
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
    """A fresh tab with its own cookies; CSP is bypassed only so axe-core can be injected."""
    context = browser.new_context(bypass_csp=True)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh tab sized like a phone."""
    context = browser.new_context(
        bypass_csp=True, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    tab = context.new_page()
    yield tab
    context.close()


def log_in(page: Page, server: str, email: str, password: str) -> None:
    """Log in through the login form."""
    page.goto(f"{server}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def shot(page: Page, name: str) -> None:
    """Keep a full-page screenshot as a CI artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page and return its serious and critical violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]


def assert_accessible(page: Page) -> None:
    """Fail with axe-core's findings if the page has a serious or critical violation."""
    found = axe_violations(page)
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in found
    ]
    assert not found, f"{page.url}: " + "; ".join(details)
