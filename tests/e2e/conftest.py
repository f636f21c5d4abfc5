"""HTTP fixtures: a TestClient on the app, and logged-in clients per role."""

from __future__ import annotations

import copy
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Generic, TypeVar

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

T = TypeVar("T")
ADMIN = "person0@example.com"
PARTICIPANT = "person4@example.com"
# Each served app by its address, so a browser's login can type the account's next code.
SERVED: dict[str, Growpath] = {}


@dataclass(frozen=True)
class Seeded(Generic[T]):
    """A database seeded once per test worker: its file, what seeding returned, the mail sent."""

    path: Path
    result: T
    sent: list[EmailMessage]


def seed(app: Growpath) -> Growpath:
    """Give an app a 20-person organisation, an org admin and a participant."""
    import_people(operator_context(app), csv_bytes(org_rows(20)), "people.csv")
    accounts.create_account(app, ADMIN, {Role.ORG_ADMIN}, PASSWORD)
    set_up_totp(app, ADMIN)
    accounts.create_account(app, PARTICIPANT, {Role.PARTICIPANT}, PASSWORD)
    return app


def _seeded_once(
    tmp_path_factory: pytest.TempPathFactory,
    sqlite_template: Path,
    seeding: Callable[[Growpath], T],
) -> Seeded[T]:
    """Seed a copy of the empty database once per test worker, at the tests' start time."""
    folder = tmp_path_factory.mktemp("seeded")
    path = folder / "growpath.db"
    shutil.copy(sqlite_template, path)
    engine = create_database_engine(f"sqlite:///{path}")
    mailer = RecordingMailer()
    app = bootstrap(
        settings_for(engine, folder), clock=FixedClock(START), mailer=mailer, engine=engine
    )
    result = seeding(app)
    # Closing the last connection folds the write-ahead log into the file that is copied.
    engine.dispose()
    return Seeded(path, result, mailer.sent)


def _copied(app: Growpath, mailer: RecordingMailer, template: Seeded[T]) -> bool:
    """Give the app a copy of the seeded database and its mail; not when the test moved its
    clock first (seeding then happens at the test's own time)."""
    if app.clock.now() != START:
        return False
    app.engine.dispose()
    database = Path(str(app.engine.url.database))
    for leftover in ("-wal", "-shm"):
        database.with_name(database.name + leftover).unlink(missing_ok=True)
    shutil.copy(template.path, database)
    mailer.sent.extend(template.sent)
    return True


@pytest.fixture(scope="session")
def seeded_template(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Seeded[Growpath]:
    """The 20-person organisation of `seed`, seeded once per test worker."""
    return _seeded_once(tmp_path_factory, sqlite_template, seed)


@pytest.fixture
def seeded(
    sqlite_app: Growpath, mailer: RecordingMailer, seeded_template: Seeded[Growpath]
) -> Growpath:
    """An app on SQLite with a 20-person organisation, an org admin and a participant."""
    # Seeding costs about half a second of CPU, and some thousand tests start from it.
    if not _copied(sqlite_app, mailer, seeded_template):
        seed(sqlite_app)
    return sqlite_app


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
) -> Seeded[DemoOrganisation]:
    """The demo organisation seeded once per test worker (seeding takes seconds)."""
    return _seeded_once(tmp_path_factory, sqlite_template, seed_demo)


@pytest.fixture
def demo(
    sqlite_app: Growpath, mailer: RecordingMailer, demo_template: Seeded[DemoOrganisation]
) -> DemoOrganisation:
    """The demo organisation (people, programs, engagements, one login per role)."""
    if _copied(sqlite_app, mailer, demo_template):
        return copy.deepcopy(demo_template.result)
    return seed_demo(sqlite_app)


@pytest.fixture
def demo_server(sqlite_app: Growpath, demo: DemoOrganisation) -> Iterator[str]:
    """Serve the demo organisation."""
    yield from serve(sqlite_app)
