"""Served under a path prefix behind a proxy: every link, form, redirect and file keeps it.

The test client asks for /mentoring/home and a prefix-stripping step hands growpath /home, as
the proxy does (tests/e2e/browser/test_behind_nginx.py drives a real nginx); growpath, told its
root path by GROWPATH_ROOT_PATH or a trusted proxy's X-Forwarded-Prefix, must answer with
addresses under /mentoring that the browser sends back through the proxy.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.types import ASGIApp, Receive, Scope, Send

from growpath.bootstrap import Growpath
from growpath.entrypoints.app import create_app
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from growpath.settings import Settings
from tests.e2e.browser.conftest import login_of
from tests.e2e.browser.test_every_page_is_accessible import (
    ANONYMOUS,
    demo_ids,
    fill,
    page_routes,
    viewer_of,
)
from tests.e2e.conftest import csrf_of, second_step

PREFIX = "/mentoring"
PROXY = ("127.0.0.1", 40000)
ADDRESS = re.compile(r'\b(?:href|action|src|hx-get|hx-post|formaction)="([^"]*)"')


def through_proxy(app: Growpath, prefix: str = PREFIX, **client: Any) -> TestClient:
    """A browser reaching growpath, told it is served under the prefix, through the proxy."""
    settings = app.settings.model_copy(
        update={"root_path": prefix, "base_url": f"https://intranet.example{prefix}"}
    )
    return TestClient(
        stripping(create_app(replace(app, settings=settings))),
        base_url=f"http://testserver{PREFIX}",
        **client,
    )


def stripping(web: ASGIApp) -> ASGIApp:
    """The proxy's part: pass on the path without the prefix."""

    async def proxy(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            assert scope["path"].startswith(f"{PREFIX}/"), f"left the prefix: {scope['path']}"
            path = scope["path"][len(PREFIX) :]
            scope = {**scope, "path": path, "raw_path": path.encode()}
        await web(scope, receive, send)

    return proxy


def log_in(client: TestClient, email: str, app: Growpath) -> None:
    """Log in through the form (and the code page, for an admin), as the browser would
    through the proxy."""
    csrf = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"email": email, "password": DEMO_PASSWORD, "csrf": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    if response.headers["location"] == f"{PREFIX}/login/code":
        response = second_step(client, email, app)
        assert response.status_code == 303, response.text
    assert response.headers["location"].startswith(f"{PREFIX}/")


def strays(html: str) -> list[str]:
    """Return the addresses on a page that leave the prefix (anchors and queries stay on it)."""
    return [
        address
        for address in ADDRESS.findall(html)
        if not address.startswith((f"{PREFIX}/", "#", "?", "https://", "mailto:"))
    ]


def test_every_page_links_forms_and_files_under_the_prefix(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    finders = demo_ids(sqlite_app, demo)
    known: dict[str, object] = {}
    clients: dict[str, TestClient] = {}
    failures = []
    for route in page_routes():
        role = viewer_of(route)
        if role not in clients:
            clients[role] = through_proxy(sqlite_app)
            if role != ANONYMOUS:
                log_in(clients[role], login_of(demo, role), sqlite_app)
        path = fill(route, finders, known)
        response = clients[role].get(path, follow_redirects=False)
        if response.status_code in (302, 303, 307):
            location = response.headers["location"]
            if not location.startswith(f"{PREFIX}/"):
                failures.append(f"{route}: redirects to {location}")
            continue
        if response.status_code != 200:
            failures.append(f"{route} as {role}: status {response.status_code}")
        elif "text/html" in response.headers["content-type"]:
            failures += [f"{route} as {role}: {address}" for address in strays(response.text)]
    assert not failures, "\n".join(failures)


def test_the_menu_marks_the_page_shown_under_the_prefix(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    client = through_proxy(sqlite_app)
    log_in(client, login_of(demo, "participant"), sqlite_app)
    module = re.search(rf'href="{PREFIX}(/learn/[a-z0-9-]+)"', client.get("/learn").text)
    assert module is not None
    shown = [("/home", "/home", "Home"), ("/me/privacy", "/me/privacy", "Privacy")]
    for path, link, name in [*shown, (module[1], "/learn", "Learning")]:
        page = client.get(path)
        assert page.status_code == 200, path
        marked = re.findall(r'<a href="([^"]+)" aria-current="page">([^<]+)</a>', page.text)
        assert marked == [(f"{PREFIX}{link}", name)], path


def test_a_form_post_redirects_under_the_prefix_and_logout_keeps_it(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    client = through_proxy(sqlite_app)
    log_in(client, login_of(demo, "participant"), sqlite_app)
    csrf = csrf_of(client.get("/account/profile").text)
    out = client.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert out.headers["location"] == f"{PREFIX}/login"
    # The session cookie belongs to the prefix, not to every application on the host.
    cookie = client.get("/login").headers["set-cookie"]
    assert f"path={PREFIX};" in cookie.lower()


def test_an_anonymous_visitor_is_sent_to_the_login_and_back(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    client = through_proxy(sqlite_app)
    to_login = client.get(
        "/engagements/1?tab=goals", headers={"Accept": "text/html"}, follow_redirects=False
    )
    # The login page is under the prefix; where to go next is a path within growpath.
    assert to_login.headers["location"] == f"{PREFIX}/login?next=/engagements/1%3Ftab%3Dgoals"
    login_page = client.get("/login?next=/engagements/1").text
    assert 'name="next" value="/engagements/1"' in login_page
    assert f'action="{PREFIX}/login"' in login_page
    assert f'href="{PREFIX}/static/growpath.css"' in login_page


def test_static_files_and_the_api_document_answer_under_the_prefix(sqlite_app: Growpath) -> None:
    client = through_proxy(sqlite_app)
    assert client.get("/static/growpath.css").status_code == 200
    document = client.get("/openapi.json").json()
    assert document["servers"][0]["url"] == PREFIX
    assert f"{PREFIX}/openapi.json" in client.get("/api/docs").text


def test_a_trusted_proxy_names_the_prefix_and_anyone_else_is_ignored(
    sqlite_app: Growpath,
) -> None:
    web = create_app(sqlite_app)
    header = {"X-Forwarded-Prefix": "/apps/mentoring/"}
    proxied = TestClient(web, client=PROXY).get("/", headers=header, follow_redirects=False)
    assert proxied.headers["location"] == "/apps/mentoring/login"
    stranger = TestClient(web, client=("203.0.113.9", 40000))
    assert stranger.get("/", headers=header, follow_redirects=False).headers["location"] == "/login"
    # A malformed prefix is never written into links.
    bad = {"X-Forwarded-Prefix": '/x"><script>'}
    refused = TestClient(web, client=PROXY).get("/", headers=bad, follow_redirects=False)
    assert refused.headers["location"] == "/login"


def test_a_trusted_proxy_gives_the_client_address_for_the_audit_trail(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    client = TestClient(create_app(sqlite_app), client=PROXY)
    client.post(
        "/api/v1/auth/token",
        json={"email": login_of(demo, "participant"), "password": "wrong"},
        headers={"X-Forwarded-For": "198.51.100.7"},
    )
    with sqlite_app.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT source_address FROM audit_events")
        addresses = {row[0] for row in rows}
    assert "198.51.100.7" in addresses


@pytest.mark.parametrize(
    ("root_path", "base_url", "reason"),
    [
        ("mentoring", "http://h", "GROWPATH_ROOT_PATH must be a path prefix"),
        ("/men toring", "http://h", "GROWPATH_ROOT_PATH must be a path prefix"),
        ("/mentoring", "http://h/other", "GROWPATH_BASE_URL's path must be GROWPATH_ROOT_PATH"),
    ],
)
def test_a_root_path_that_cannot_work_is_refused_at_start(
    root_path: str, base_url: str, reason: str
) -> None:
    with pytest.raises(ValueError, match=reason):
        Settings(root_path=root_path, base_url=base_url)


def test_links_in_e_mails_lead_under_the_prefix() -> None:
    settings = Settings(root_path="/mentoring/", base_url="https://intranet.example")
    assert settings.page_url("/home") == "https://intranet.example/mentoring/home"
    assert settings.root_path == "/mentoring"
