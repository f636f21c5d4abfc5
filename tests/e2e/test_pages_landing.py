"""Where each role lands after logging in, what its navigation offers, and the site icon."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.entrypoints.app import create_app
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import login_of
from tests.e2e.conftest import csrf_of, second_step

LANDING = {
    "org admin": "/admin",
    "program admin": "/admin",
    "manager": "/team",
    "mentor": "/mentoring",
    "participant": "/home",
}


def _log_in(client: TestClient, email: str, next: str | None = None) -> str:
    form = client.get("/login" + (f"?next={next}" if next else "")).text
    fields = {"email": email, "password": DEMO_PASSWORD, "csrf": csrf_of(form)}
    if next is not None:
        fields["next"] = next
    response = client.post("/login", data=fields, follow_redirects=False)
    assert response.status_code == 303, response.text
    if response.headers["location"] == "/login/code":  # an admin's second step
        response = second_step(client, email)
        assert response.status_code == 303, response.text
    return response.headers["location"]


def _nav(html: str) -> str:
    return html.split('<nav aria-label="Main">')[1].split("</nav>")[0]


@pytest.mark.parametrize("role", list(LANDING))
def test_each_role_lands_on_the_page_of_its_widest_role(
    sqlite_app: Growpath, demo: DemoOrganisation, role: str
) -> None:
    client = TestClient(create_app(sqlite_app))
    assert _log_in(client, login_of(demo, role)) == LANDING[role]
    assert client.get("/", follow_redirects=False).headers["location"] == LANDING[role]
    assert client.get(LANDING[role]).status_code == 200


def test_an_explicit_next_wins_over_the_landing_page(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    client = TestClient(create_app(sqlite_app))
    assert _log_in(client, login_of(demo, "org admin"), next="/people?q=a") == "/people?q=a"


def test_a_next_off_site_falls_back_to_the_landing_page(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    client = TestClient(create_app(sqlite_app))
    assert _log_in(client, login_of(demo, "manager"), next="//evil.example/x") == "/team"


def test_a_mentee_who_guides_nobody_sees_no_mentoring_team_or_admin(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    client = TestClient(create_app(sqlite_app))
    _log_in(client, login_of(demo, "participant"))
    nav = _nav(client.get("/home").text)
    assert 'href="/home"' in nav
    assert "Mentoring" not in nav and "My team" not in nav and "Admin" not in nav


def test_a_mentor_sees_mentoring_but_not_admin(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    client = TestClient(create_app(sqlite_app))
    _log_in(client, login_of(demo, "mentor"))
    nav = _nav(client.get("/home").text)
    assert 'href="/mentoring"' in nav and 'href="/home"' in nav and "Admin" not in nav


def test_an_admin_sees_admin_and_a_manager_sees_the_team(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    admin = TestClient(create_app(sqlite_app))
    _log_in(admin, login_of(demo, "org admin"))
    assert 'href="/admin"' in _nav(admin.get("/home").text)
    manager = TestClient(create_app(sqlite_app))
    _log_in(manager, login_of(demo, "manager"))
    nav = _nav(manager.get("/home").text)
    assert 'href="/team"' in nav and "Admin" not in nav


def test_the_favicon_is_served_and_every_page_links_it(client: TestClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in icon.text
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/login").text
    assert client.get("/static/favicon.svg").status_code == 200
