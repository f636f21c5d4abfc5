"""Session abuse over HTTP: one-time passwords, copied cookies, lockout answers."""

from __future__ import annotations

import statistics
import time
from typing import Any

from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.services import accounts
from tests.conftest import PASSWORD, SHIPPED_HASHER
from tests.e2e.conftest import PARTICIPANT, log_in_page

NEW_PASSWORD = "a-brand-new-password-7"
ONE_TIME = "a-one-time-password-3"


def _page(client: TestClient, path: str) -> Any:
    return client.get(path, headers={"accept": "text/html"}, follow_redirects=False)


def _one_time(client: TestClient, email: str) -> str:
    # Only the operator's bootstrap (`growpath init`) still makes one-time passwords.
    app = client.app.state.growpath  # type: ignore[attr-defined]
    accounts.create_account(app, email, {Role.PARTICIPANT}, ONE_TIME, must_change_password=True)
    return ONE_TIME


def test_the_api_allows_only_the_password_change_while_a_one_time_password_stands(
    client: TestClient,
) -> None:
    one_time = _one_time(client, "person7@example.com")
    token = client.post(
        "/api/v1/auth/token", json={"email": "person7@example.com", "password": one_time}
    )
    assert token.status_code == 200, token.text
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    for path in ("/api/v1/people", "/api/v1/programs", "/api/v1/people/1"):
        refused = client.get(path, headers=headers)
        assert refused.status_code == 403, (path, refused.text)
        assert "password" in refused.json()["detail"]
    assert client.get("/api/v1/me", headers=headers).json()["must_change_password"] is True
    changed = client.post(
        "/api/v1/me/password",
        json={"current_password": one_time, "new_password": NEW_PASSWORD},
        headers=headers,
    )
    assert changed.status_code == 204, changed.text
    # The token issued for the one-time password ended with it; a new one works fully.
    assert client.get("/api/v1/people", headers=headers).status_code == 401
    fresh = client.post(
        "/api/v1/auth/token", json={"email": "person7@example.com", "password": NEW_PASSWORD}
    ).json()["access_token"]
    assert (
        client.get("/api/v1/people", headers={"Authorization": f"Bearer {fresh}"}).status_code
        == 200
    )


def test_pages_keep_sending_a_one_time_password_holder_to_the_password_form(
    client: TestClient,
) -> None:
    one_time = _one_time(client, "person8@example.com")
    log_in_page(client, "person8@example.com", one_time)
    for path in ("/home", "/people", "/account/profile"):
        page = _page(client, path)
        assert page.status_code == 303, path
        assert page.headers["location"] == "/account/password"
    assert client.get("/account/password").status_code == 200


def test_a_one_time_password_does_not_log_in_twice(
    client: TestClient,
) -> None:
    one_time = _one_time(client, "person9@example.com")
    body = {"email": "person9@example.com", "password": one_time}
    assert client.post("/api/v1/auth/token", json=body).status_code == 200
    again = client.post("/api/v1/auth/token", json=body)
    assert again.status_code == 401
    assert again.json()["detail"] == "wrong e-mail or password"


def test_a_cookie_copied_before_logout_stops_working(client: TestClient) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    copied = dict(client.cookies)
    assert _page(client, "/home").status_code == 200
    client.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    client.cookies.clear()
    client.cookies.update(copied)
    replayed = _page(client, "/home")
    assert replayed.status_code == 303
    assert replayed.headers["location"].startswith("/login")


def test_a_password_change_ends_the_cookie_of_another_browser(client: TestClient) -> None:
    log_in_page(client, PARTICIPANT)
    other_browser = dict(client.cookies)
    client.cookies.clear()
    csrf = log_in_page(client, PARTICIPANT)
    changed = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "csrf": csrf},
    )
    assert changed.status_code == 200, changed.text
    assert _page(client, "/home").status_code == 200
    client.cookies.clear()
    client.cookies.update(other_browser)
    assert _page(client, "/home").status_code == 303


def _timed_login(client: TestClient, password: str) -> tuple[float, int, str]:
    started = time.perf_counter()
    response = client.post("/api/v1/auth/token", json={"email": PARTICIPANT, "password": password})
    return time.perf_counter() - started, response.status_code, response.json()["detail"]


def test_a_locked_account_answers_like_a_wrong_password_in_the_same_time(
    client: TestClient,
) -> None:
    # Hashed at the shipped cost, where checking it is most of a login's time (the tests'
    # accounts are hashed at the least cost, which would hide a skipped check).
    app: Growpath = client.app.state.growpath  # type: ignore[attr-defined]
    with app.uow() as uow:
        user = uow.users.by_email(PARTICIPANT)
        assert user is not None
        user.password_hash = SHIPPED_HASHER.hash(PASSWORD)
        uow.commit()
    wrong = [_timed_login(client, "wrong-password-123") for _ in range(accounts.MAX_FAILED_LOGINS)]
    locked = [_timed_login(client, "wrong-password-123") for _ in range(3)]
    assert {(status, detail) for _, status, detail in wrong + locked} == {
        (401, "wrong e-mail or password")
    }
    # A locked account still runs the password hash: no quick answer gives it away.
    wrong_time = statistics.median(t for t, _, _ in wrong)
    locked_time = statistics.median(t for t, _, _ in locked)
    assert locked_time > wrong_time / 2, (locked_time, wrong_time)
