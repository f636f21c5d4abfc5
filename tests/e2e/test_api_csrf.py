"""Attack 8: a cookie-authenticated API write from another site is refused, body or not."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from growpath.entrypoints.permissions import walk_routes
from tests.e2e.conftest import PARTICIPANT, bearer, log_in_page

FOREIGN = {"Origin": "https://evil.example"}
BODYLESS_WRITES = [
    "/api/v1/engagements/1/charter/confirm",
    "/api/v1/actions/1/done",
    "/api/v1/enrolments/1/withdraw",
    "/api/v1/me/logout-everywhere",
    "/api/v1/me/calendar-feed",
]


@pytest.mark.parametrize("path", BODYLESS_WRITES)
def test_a_bodyless_cookie_write_from_another_site_is_refused(
    client: TestClient, path: str
) -> None:
    log_in_page(client, PARTICIPANT)
    response = client.post(path, headers=FOREIGN)
    assert response.status_code == 403, response.text
    assert "X-CSRF-Token" in response.json()["detail"]
    # Nor does leaving the Origin out, or naming the site only in a foreign Referer, help.
    assert client.post(path).status_code == 403
    assert client.post(path, headers={"Referer": "https://evil.example/x"}).status_code == 403
    assert client.post(path, headers={"Origin": "null"}).status_code == 403


@pytest.mark.parametrize("path", BODYLESS_WRITES[:3])
def test_a_cookie_write_from_this_site_or_with_the_token_passes_the_check(
    client: TestClient, path: str
) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    # Past the check, the route answers for itself (no such record here: 404).
    for headers in (
        {"Origin": "http://testserver"},
        {"Referer": "http://testserver/engagements/1"},
        {"X-CSRF-Token": csrf, **FOREIGN},
    ):
        assert client.post(path, headers=headers).status_code == 404, headers
    assert client.post(path, headers={"X-CSRF-Token": "wrong", **FOREIGN}).status_code == 403


def test_logging_out_everywhere_with_the_session_token_works(client: TestClient) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    response = client.post("/api/v1/me/logout-everywhere", headers={"X-CSRF-Token": csrf})
    assert response.status_code == 200, response.text


def test_a_bearer_token_write_is_unaffected_by_its_origin(client: TestClient) -> None:
    headers = {**bearer(client, PARTICIPANT), **FOREIGN}
    assert client.post("/api/v1/actions/1/done", headers=headers).status_code == 404
    assert client.post("/api/v1/me/logout-everywhere", headers=headers).status_code == 200


def test_every_api_write_refuses_a_cookie_from_another_site(client: TestClient) -> None:
    log_in_page(client, PARTICIPANT)
    app = client.app
    writes = [
        (method, re.sub(r"\{[^}]+\}", "1", route.path))
        for route in walk_routes(app.routes)  # type: ignore[attr-defined]
        if route.path.startswith("/api/")
        for method in sorted((route.methods or set()) - {"GET", "HEAD", "OPTIONS"})
    ]
    assert len(writes) > 30
    for method, path in writes:
        response = client.request(method, path, headers=FOREIGN, json={})
        assert response.status_code == 403, (method, path, response.text)
