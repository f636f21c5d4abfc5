"""A request body over its limit is refused with 413 before the app reads it whole."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from starlette.exceptions import HTTPException
from starlette.types import Message

from growpath.entrypoints.http.limits import MAX_BODY_BYTES, MAX_UPLOAD_BYTES, BodyLimit
from tests.e2e.conftest import ADMIN, bearer, log_in_page

CHUNK = 64 * 1024


def _chunks(total: int) -> Iterator[bytes]:
    for _ in range(total // CHUNK):
        yield b"x" * CHUNK


def test_a_100_mb_token_request_is_refused_by_its_content_length(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/token",
        content=b"{}",
        headers={"Content-Type": "application/json", "Content-Length": str(100 * 1024 * 1024)},
    )
    assert response.status_code == 413, response.text
    assert "larger than 1 MiB" in response.json()["detail"]


def test_a_chunked_body_over_the_limit_is_refused_as_it_streams(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/token",
        content=_chunks(MAX_BODY_BYTES + 4 * CHUNK),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413, response.text
    assert response.json()["detail"].startswith("the request body is larger than 1 MiB")


def test_an_oversize_form_post_gets_a_page(client: TestClient) -> None:
    csrf = log_in_page(client, ADMIN)
    response = client.post(
        "/account/password",
        content=_chunks(2 * MAX_BODY_BYTES),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "text/html",
            "X-CSRF-Token": csrf,
        },
    )
    assert response.status_code == 413
    assert "text/html" in response.headers["content-type"]
    assert "larger than 1 MiB" in response.text


def test_an_import_may_be_larger_than_a_form_but_not_without_bound(client: TestClient) -> None:
    headers = bearer(client, ADMIN)
    big = b"email,name\n" + b"#" * (2 * MAX_BODY_BYTES)
    response = client.post(
        "/api/v1/people/import", headers=headers, files={"file": ("people.csv", big)}
    )
    assert response.status_code == 422, response.text  # read, and refused for its content
    response = client.post(
        "/api/v1/people/import",
        headers={**headers, "Content-Length": str(MAX_UPLOAD_BYTES + 1)},
        content=b"",
    )
    assert response.status_code == 413


def test_the_limit_stops_reading_a_stream_soon_after_it_is_passed() -> None:
    pulled = 0
    sent: list[Message] = []

    async def endless() -> Message:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * CHUNK, "more_body": True}

    async def reader(scope: object, receive: object, send: object) -> None:
        while True:
            await receive()  # type: ignore[operator]

    async def keep(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "path": "/api/v1/auth/token", "headers": []}
    # Raised into the app, whose error handler turns it into the 413 answer.
    # In a thread of its own: a browser test in this worker runs Playwright's event loop in
    # this one, and asyncio refuses to start a second loop beside a running one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        outcome = pool.submit(asyncio.run, BodyLimit(reader)(scope, endless, keep))
        with pytest.raises(HTTPException) as refused:
            outcome.result(timeout=30)
    assert refused.value.status_code == 413
    assert pulled == MAX_BODY_BYTES // CHUNK + 1
