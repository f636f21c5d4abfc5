"""The demo participant's whole job in Chromium, in German: a browser that asks for de-DE."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from growpath.bootstrap import Growpath
from growpath.services.demo import DemoOrganisation
from tests.e2e.browser.conftest import PHONE
from tests.e2e.browser.participant_steps import Words, walk

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def german(browser: Browser) -> Iterator[Page]:
    """A tab whose browser asks for German (Accept-Language: de-DE)."""
    context = browser.new_context(bypass_csp=True, locale="de-DE")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def german_phone(browser: Browser) -> Iterator[Page]:
    """A phone-sized tab whose browser asks for German."""
    context = browser.new_context(bypass_csp=True, viewport=PHONE, is_mobile=True, locale="de-DE")
    tab = context.new_page()
    yield tab
    context.close()


def test_the_demo_participant_does_their_whole_job_in_german(
    german: Page,
    german_phone: Page,
    sqlite_app: Growpath,
    demo: DemoOrganisation,
    demo_server: str,
) -> None:
    # Every label is the German the catalog gives; each page is checked for lang="de", a
    # German heading and no English leftover of the labels used so far.
    walk(german, german_phone, sqlite_app, demo, demo_server, Words("de"), "participant-de")
