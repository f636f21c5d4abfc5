"""Single sign-on in Debian's Chromium: through a real OpenID Connect provider's own pages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from playwright.sync_api import Page, expect
from pydantic import SecretStr

from growpath.adapters.clock import SystemClock
from growpath.bootstrap import Growpath
from tests.e2e.browser.conftest import assert_accessible, shot
from tests.e2e.conftest import seed, serve
from tests.oidc_provider import RunningProvider, running_provider

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def provider() -> Iterator[RunningProvider]:
    """The OpenID Connect provider, knowing person 19 (no reports: Home)."""
    with running_provider() as running:
        running.set_user(
            "sub-19", {"email": "person19@example.com", "email_verified": True, "name": "Person 19"}
        )
        yield running


@pytest.fixture
def sso_server(app: Growpath, provider: RunningProvider) -> Iterator[str]:
    """The test organisation served with both passwords and single sign-on (both databases)."""
    seeded = seed(app)
    settings = seeded.settings.model_copy(
        update={
            "auth": "both",
            "oidc_issuer": provider.issuer,
            "oidc_client_id": "growpath",
            "oidc_client_secret": SecretStr("a-client-secret-of-growpath"),
            "oidc_name": "Example IdP",
        }
    )
    app = replace(seeded, settings=settings, clock=SystemClock())
    for url in serve(app):
        # The provider sends the browser back to GROWPATH_BASE_URL: where it is served.
        app.settings = settings.model_copy(update={"base_url": url})
        yield url


def test_a_person_signs_in_through_the_providers_pages_and_lands_on_home(
    page: Page, sso_server: str, provider: RunningProvider
) -> None:
    page.goto(f"{sso_server}/login")
    assert_accessible(page)
    page.get_by_role("link", name="Sign in with Example IdP").click()
    assert page.url.startswith(f"{provider.issuer}/oauth2/authorize")
    page.get_by_placeholder("sub").fill("sub-19")
    page.get_by_role("button", name="Authorize").click()
    expect(page).to_have_title("Home · growpath")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    shot(page, "sso-home")
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("button", name="End session").click()
    expect(page).to_have_title("Log in · growpath")
    page.goto(f"{sso_server}/home")
    expect(page).to_have_title("Log in · growpath")
