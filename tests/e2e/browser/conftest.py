"""Browser fixtures: Debian's Chromium through Playwright, a real uvicorn server, axe-core."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect, sync_playwright

from growpath.bootstrap import Growpath
from growpath.i18n import SOURCE_LOCALE, translations
from growpath.services.demo import DemoOrganisation
from tests.e2e.conftest import SERVED, serve
from tests.second_factor import has_totp, next_code

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("GROWPATH_ARTIFACTS", "artifacts")) / "screenshots"
AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-4.14.1.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
PHONE: ViewportSize = {"width": 390, "height": 844}


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
    # Assertions wait up to 15 s, not Playwright's 5: on two shared cores, with the other test
    # worker busy, a cold page (Swagger UI's bundle) took longer. A passing check waits no more.
    expect.set_options(timeout=15_000)
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
    context = browser.new_context(bypass_csp=True, viewport=PHONE, is_mobile=True)
    tab = context.new_page()
    yield tab
    context.close()


def log_in(
    page: Page,
    server: str,
    email: str,
    password: str,
    say: Callable[[str], str] = translations(SOURCE_LOCALE).gettext,
) -> None:
    """Log in through the login form, and the code page when two-step login is on; ``say``
    turns the forms' English labels into the language the pages are in."""
    page.goto(f"{server}/login")
    page.get_by_label(say("E-mail")).fill(email)
    page.get_by_label(say("Password")).fill(password)
    page.get_by_role("button", name=say("Log in")).click()
    app = SERVED.get(server)
    if app is not None and has_totp(app, email):
        expect(page.get_by_role("heading", name=say("Two-step login"))).to_be_visible()
        page.get_by_label(say("Code")).fill(next_code(app, email))
        page.get_by_role("button", name=say("Log in")).click()
    expect(page.get_by_role("button", name=say("Log out"))).to_be_visible()


def shot(page: Page, name: str) -> None:
    """Keep full-page screenshots at desktop and phone width; fail if the phone's overflows."""
    problems = shots(page, name)
    assert not problems, f"{page.url}: " + "; ".join(problems)


def shots(page: Page, name: str) -> list[str]:
    """Screenshot the page as it is and at phone width (``-phone``); return layout problems.

    A page already at phone width (the ``phone`` tab) is taken once. At phone width nothing
    may scroll sideways: a reader would have to pan to read each line.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    if size is None or size["width"] <= PHONE["width"]:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        return _overflow(page)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(PHONE)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{name}-phone.png"), full_page=True)
        return _overflow(page)
    finally:
        page.set_viewport_size(size)


def _overflow(page: Page) -> list[str]:
    # Measured against the viewport's own width, not innerWidth alone: a mobile browser widens
    # its layout viewport to fit content that spills, which would hide the spill. Names the
    # innermost elements reaching past the edge (a box, or text that will not break inside its
    # box), so the fix is easy to find.
    size = page.viewport_size
    wide: dict[str, Any] = page.evaluate(
        """viewport => {
            const width = Math.min(viewport || window.innerWidth, window.innerWidth);
            const scroll = document.scrollingElement.scrollWidth;
            const spills = e => e.getBoundingClientRect().right > width + 1 || (
                e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0
                && getComputedStyle(e).overflowX === 'visible');
            const found = [...document.querySelectorAll('body *')].filter(spills)
                .filter(e => !e.closest('.usa-table-container--scrollable'));
            const past = found.filter(e => !found.some(o => o !== e && e.contains(o)))
                .slice(0, 3)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' "'
                    + (e.textContent || '').trim().slice(0, 40) + '"');
            return {width, scroll, past};
        }""",
        size["width"] if size else None,
    )
    if wide["scroll"] <= wide["width"] + 1:
        return []
    return [
        f"at {wide['width']} px wide the page scrolls sideways to {wide['scroll']} px: "
        + ", ".join(wide["past"])
    ]


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
