"""No route answers 500 to a client's mistake: every API route, garbage in, 4xx out."""

from __future__ import annotations

import re

import pytest
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
