"""Static files go out gzipped to clients that accept it; pages and API answers never do."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.e2e.conftest import log_in_page

USWDS = "/static/vendor/uswds-3.14.0/css/uswds.min.css"
GZIP = {"Accept-Encoding": "gzip"}


def test_the_design_systems_stylesheet_is_sent_compressed(client: TestClient) -> None:
    raw = client.get(USWDS, headers={"Accept-Encoding": "identity"})
    packed = client.get(USWDS, headers=GZIP)
    assert raw.status_code == packed.status_code == 200
    assert packed.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in raw.headers
    with client.stream("GET", USWDS, headers=GZIP) as sent:
        on_the_wire = b"".join(sent.iter_raw())
    assert len(on_the_wire) < len(raw.content) / 5
    assert packed.content == raw.content  # the client undoes it; the bytes are the file's


def test_pages_and_api_answers_carrying_secrets_are_never_compressed(
    client: TestClient,
) -> None:
    # A CSRF token beside text a visitor controls, compressed, leaks through sizes (BREACH).
    log_in_page(client, "person4@example.com")
    for path in ("/account/profile?next=" + "a" * 2000, "/api/v1/me", "/login"):
        answer = client.get(path, headers=GZIP)
        assert "content-encoding" not in answer.headers, path
