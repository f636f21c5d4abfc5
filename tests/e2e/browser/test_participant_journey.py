"""The demo participant in Chromium: home, triage, programs, proposals, check-in, privacy."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from growpath.bootstrap import Growpath
from growpath.services.demo import DemoOrganisation
from tests.e2e.browser.participant_steps import Words, walk

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_demo_participant_goes_through_their_whole_job(
    page: Page, phone: Page, sqlite_app: Growpath, demo: DemoOrganisation, demo_server: str
) -> None:
    walk(page, phone, sqlite_app, demo, demo_server, Words("en"), "participant")
