"""HTTP fixtures: a TestClient on the app, and logged-in clients per role."""

from __future__ import annotations

import copy
import shutil
import threading
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from httpx2 import Response

from growpath.adapters.clock import FixedClock
from growpath.adapters.database import create_database_engine
from growpath.bootstrap import Growpath, bootstrap
from growpath.domain.accounts import Role
from growpath.entrypoints.app import create_app
from growpath.services import accounts
from growpath.services.context import operator_context
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation, seed_demo
from growpath.services.people_import import import_people
from tests.conftest import PASSWORD, START, settings_for
from tests.factories import RecordingMailer, csv_bytes, free_port, org_rows
from tests.second_factor import has_totp, next_code, set_up_totp

ADMIN = "person0@example.com"
PARTICIPANT = "person4@example.com"
# Each served app by its address, so a browser's login can type the account's next code.
SERVED: dict[str, Growpath] = {}


def seed(app: Growpath) -> Growpath:
    """Give an app a 20-person organisation, an org admin and a participant."""
    import_people(operator_context(app), csv_bytes(org_rows(20)), "people.csv")
    accounts.create_account(app, ADMIN, {Role.ORG_ADMIN}, PASSWORD)
    set_up_totp(app, ADMIN)
    accounts.create_account(app, PARTICIPANT, {Role.PARTICIPANT}, PASSWORD)
    return app


@pytest.fixture
def seeded(sqlite_app: Growpath) -> Growpath:
    """An app on SQLite with a 20-person organisation, an org admin and a participant."""
    return seed(sqlite_app)


@pytest.fixture
def client(seeded: Growpath) -> Iterator[TestClient]:
    """An anonymous HTTP client."""
    with TestClient(create_app(seeded)) as test_client:
        yield test_client


def credentials(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    """Return the body of a token request, with the next code when two-step login is on."""
    app: Growpath = client.app.state.growpath  # type: ignore[attr-defined]
    body = {"email": email, "password": password}
    if has_totp(app, email):
        body["code"] = next_code(app, email)
    return body


def bearer(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    """Log in through the API (with the code, when two-step login is on) and return the
    Authorization header."""
    response = client.post("/api/v1/auth/token", json=credentials(client, email, password))
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
    """Log the client in through the login form (and the code page, when two-step login is
    on); return the session's CSRF token for forms."""
    response = client.post(
        "/login",
        data={"email": email, "password": password, "csrf": csrf_of(client.get("/login").text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    if response.headers["location"].endswith("/login/code"):
        response = second_step(client, email)
        assert response.status_code == 303, response.text
    return csrf_of(client.get("/account/password").text)


def log_in_demo(client: TestClient, email: str) -> str:
    """Log a demo login in through the form (an admin's code page too); return where the
    login led."""
    answer = client.post(
        "/login",
        data={
            "email": email,
            "password": DEMO_PASSWORD,
            "csrf": csrf_of(client.get("/login").text),
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    if answer.headers["location"] == "/login/code":  # an admin's second step
        answer = second_step(client, email)
        assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def second_step(client: TestClient, email: str, app: Growpath | None = None) -> Response:
    """Type the account's next code on the code page that follows its password (app: the
    growpath behind the client, when the client wraps it in a proxy)."""
    app = app or client.app.state.growpath  # type: ignore[attr-defined]
    assert app is not None
    page = client.get("/login/code")
    code = {"code": next_code(app, email), "csrf": csrf_of(page.text)}
    return client.post("/login/code", data=code, follow_redirects=False)


def serve(app: Growpath, port: int | None = None) -> Iterator[str]:
    """Serve the app on a port (a free one by default) until the generator is closed."""
    port = port or free_port()
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
    url = f"http://127.0.0.1:{port}"
    SERVED[url] = app
    yield url
    del SERVED[url]
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def demo_template(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> tuple[Path, DemoOrganisation, list[EmailMessage]]:
    """The demo organisation seeded once per test worker (seeding takes seconds), with the mail
    the seeding sent; tests get a copy of its database."""
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "growpath.db"
    shutil.copy(sqlite_template, path)
    engine = create_database_engine(f"sqlite:///{path}")
    mailer = RecordingMailer()
    app = bootstrap(
        settings_for(engine, folder), clock=FixedClock(START), mailer=mailer, engine=engine
    )
    organisation = seed_demo(app)
    # Closing the last connection folds the write-ahead log into the file that is copied.
    engine.dispose()
    return path, organisation, mailer.sent


@pytest.fixture
def demo(
    sqlite_app: Growpath,
    mailer: RecordingMailer,
    demo_template: tuple[Path, DemoOrganisation, list[EmailMessage]],
) -> DemoOrganisation:
    """The demo organisation (people, programs, engagements, one login per role)."""
    if sqlite_app.clock.now() != START:
        # A test that set its own time before seeding gets a demo seeded at that time.
        return seed_demo(sqlite_app)
    path, organisation, sent = demo_template
    sqlite_app.engine.dispose()
    database = Path(str(sqlite_app.engine.url.database))
    for leftover in ("-wal", "-shm"):
        database.with_name(database.name + leftover).unlink(missing_ok=True)
    shutil.copy(path, database)
    mailer.sent.extend(sent)
    return copy.deepcopy(organisation)


@pytest.fixture
def demo_server(sqlite_app: Growpath, demo: DemoOrganisation) -> Iterator[str]:
    """Serve the demo organisation."""
    yield from serve(sqlite_app)
