"""HTTP fixtures: a TestClient on the app, and logged-in clients per role."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.entrypoints.app import create_app
from growpath.services import accounts
from growpath.services.context import operator_context
from growpath.services.demo import DemoOrganisation, seed_demo
from growpath.services.people_import import import_people
from tests.conftest import PASSWORD
from tests.factories import csv_bytes, free_port, org_rows

ADMIN = "person0@example.com"
PARTICIPANT = "person4@example.com"


@pytest.fixture
def seeded(sqlite_app: Growpath) -> Growpath:
    """An app with a 20-person organisation, an org admin and a participant."""
    import_people(operator_context(sqlite_app), csv_bytes(org_rows(20)), "people.csv")
    accounts.create_account(sqlite_app, ADMIN, {Role.ORG_ADMIN}, PASSWORD)
    accounts.create_account(sqlite_app, PARTICIPANT, {Role.PARTICIPANT}, PASSWORD)
    return sqlite_app


@pytest.fixture
def client(seeded: Growpath) -> Iterator[TestClient]:
    """An anonymous HTTP client."""
    with TestClient(create_app(seeded)) as test_client:
        yield test_client


def bearer(client: TestClient, email: str) -> dict[str, str]:
    """Log in through the API and return the Authorization header."""
    response = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def admin_headers(client: TestClient) -> dict[str, str]:
    """Authorization of the org admin."""
    return bearer(client, ADMIN)


@pytest.fixture
def participant_headers(client: TestClient) -> dict[str, str]:
    """Authorization of a participant."""
    return bearer(client, PARTICIPANT)


def csrf_of(html: str) -> str:
    """Return the CSRF token of the first form on a page."""
    return html.split('name="csrf" value="')[1].split('"')[0]


def log_in_page(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Log the client in through the login form; return the session's CSRF token for forms."""
    response = client.post(
        "/login",
        data={"email": email, "password": password, "csrf": csrf_of(client.get("/login").text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/account/password").text)


def serve(app: Growpath) -> Iterator[str]:
    """Serve the app on a free local port until the generator is closed."""
    port = free_port()
    # As `growpath serve` runs it: the app, not uvicorn, applies the proxy headers.
    config = uvicorn.Config(
        create_app(app), host="127.0.0.1", port=port, log_level="warning", proxy_headers=False
    )
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


@pytest.fixture
def demo(sqlite_app: Growpath) -> DemoOrganisation:
    """Seed the demo organisation (people, programs, engagements, one login per role)."""
    return seed_demo(sqlite_app)


@pytest.fixture
def demo_server(sqlite_app: Growpath, demo: DemoOrganisation) -> Iterator[str]:
    """Serve the demo organisation."""
    yield from serve(sqlite_app)
