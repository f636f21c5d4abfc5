"""No route answers 500 to a client's mistake: every API route, garbage in, 4xx out."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
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
PATH_VALUES = ["1", "999999", "abc", "-1"]


def _routes(client: TestClient) -> list[tuple[str, str]]:
    routes: list[tuple[str, str]] = []
    for route in client.app.routes:  # type: ignore[attr-defined]
        if isinstance(route, APIRoute) and route.path.startswith("/api/v1"):
            routes.extend((method, route.path) for method in sorted(route.methods or ()))
    return routes


def test_every_api_route_answers_garbage_without_a_server_error(
    seeded: Growpath,
    client: TestClient,
    admin_headers: dict[str, str],
    participant_headers: dict[str, str],
) -> None:
    ensure_catalogue(operator_context(seeded))
    failures = []
    for method, path in _routes(client):
        for value in PATH_VALUES:
            concrete = re.sub(r"\{[^}]+\}", value, path)
            for body in GARBAGE:
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
