"""No route answers 500 to a client's mistake: every API route, garbage in, 4xx out."""

from __future__ import annotations

import re
from typing import Any

import pytest
from anyio.from_thread import start_blocking_portal
from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import operator_context

GARBAGE: list[object] = [
    None,
    {},
    [],
    "text",
    12,
    {"role": "wizard"},
    {"action": "explode"},
    {"scheduled_at": "yesterday"},
    {"email": "x" * 400},
    {"answers": {"need": ["list"]}},
    {"accept": "maybe"},
    {"proposal_ids": ["a"]},
    {"status": 7},
    {"capacity": -1},
    {"due_on": "2026-02-30"},
    {"shared_notes": {"goal": 5}},
    {"rating": 99, "phase": "x"},
]
PATH_VALUES = ["1", "abc"]


def api_routes(client: TestClient) -> list[tuple[str, str]]:
    """Return (METHOD, path template) of every JSON API route, from the app's OpenAPI."""
    spec = client.get("/openapi.json").json()
    return sorted(
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        if path.startswith("/api/v1")
        for method in operations
    )


def test_every_api_route_answers_garbage_without_a_server_error(
    seeded: Growpath,
    client: TestClient,
    admin_headers: dict[str, str],
    participant_headers: dict[str, str],
) -> None:
    ensure_catalogue(operator_context(seeded))
    failures = []
    routes = api_routes(client)
    assert len(routes) > 40  # the walk really covers the API
    for method, path in routes:
        for value in PATH_VALUES:
            concrete = re.sub(r"\{[^}]+\}", value, path)
            # A GET has no body, so one garbage body is enough for it.
            for body in GARBAGE if method != "GET" else GARBAGE[:1]:
                for headers in (admin_headers, participant_headers):
                    response = client.request(method, concrete, headers=headers, json=body)
                    if response.status_code >= 500:
                        failures.append(f"{method} {concrete} {body!r}: {response.status_code}")
    assert failures == []


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe", b"[" * 5000])
def test_malformed_bodies_answer_4xx(
    client: TestClient, admin_headers: dict[str, str], content: bytes
) -> None:
    response = client.post(
        "/api/v1/programs",
        content=content,
        headers={**admin_headers, "content-type": "application/json"},
    )
    assert response.status_code in (400, 422)
    assert response.json()["detail"]


def test_a_missing_body_is_named_as_the_body(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    response = client.post("/api/v1/programs", headers=admin_headers)
    assert response.status_code == 422
    answer = response.json()
    assert [p["field"] for p in answer["problems"]] == ["body"]
    assert answer["detail"] == "invalid request: body: Field required"


async def _status_with_host(app: Any, method: str, path: str, host: bytes, cookie: bytes) -> int:
    # Raw ASGI: HTTP clients refuse to send a malformed Host, but a client on the wire can.
    started: list[int] = []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", host), (b"cookie", cookie), (b"origin", b"http://" + host)],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            started.append(message["status"])

    await app(scope, receive, send)
    return started[0]


@pytest.mark.parametrize("host", [b"[", b"[::1", b"a b", b"\xff", b"", b"x" * 3000])
def test_a_malformed_host_header_answers_without_a_server_error(
    client: TestClient, host: bytes
) -> None:
    # A portal runs the app on its own thread's loop: a browser test earlier in this worker
    # may leave Playwright's loop running on the main thread.
    with start_blocking_portal() as portal:
        statuses = {
            (method, path): portal.call(
                _status_with_host, client.app, method, path, host, b"growpath_session="
            )
            for method, path in [
                ("GET", "/api/v1/triage"),
                ("GET", "/home"),
                ("GET", "/login"),
                ("POST", "/login"),
                ("POST", "/api/v1/programs"),
            ]
        }
    assert all(status < 500 for status in statuses.values()), statuses
    assert statuses[("GET", "/api/v1/triage")] == 401
