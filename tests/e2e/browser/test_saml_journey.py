"""Signing in through SAML in Chromium: growpath's login page, the pysaml2 identity provider's
own page (a process of its own), and back to Home."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import bootstrap
from growpath.services.context import operator_context
from growpath.services.people_import import import_people
from tests.e2e.browser.conftest import assert_accessible, shot
from tests.e2e.conftest import serve
from tests.factories import RecordingMailer, csv_bytes, free_port, org_rows
from tests.saml_world import IDP_PASSWORD, saml_world

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def saml_server(
    engine: Engine, tmp_path: Path, clock: FixedClock, mailer: RecordingMailer
) -> Iterator[str]:
    """growpath trusting a running test identity provider, with a 20-person directory (both
    databases)."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    (tmp_path / "saml").mkdir()
    with saml_world(tmp_path / "saml", base_url) as world:
        settings = world.settings(
            database_url=engine.url.render_as_string(hide_password=False),
            mail_dir=tmp_path / "mail",
        )
        app = bootstrap(settings, clock=clock, mailer=mailer, engine=engine)
        import_people(operator_context(app), csv_bytes(org_rows(20)), "people.csv")
        yield from serve(app, port)


def test_a_participant_signs_in_through_saml_and_lands_on_home(
    page: Page, saml_server: str
) -> None:
    page.goto(f"{saml_server}/login")
    assert_accessible(page)
    page.get_by_role("link", name="Sign in with Test IdP").click()
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    page.get_by_label("Username").fill("person13")
    page.get_by_label("Password").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # The provider's page posts the signed answer back; growpath lets this browser in.
    expect(page).to_have_title("Home · growpath")
    expect(page.get_by_role("heading", name="Home", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    shot(page, "saml-home")
