"""Attack 9 of the threat model, markup: what people type is shown as text on every page."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.e2e.conftest import log_in_page

SCRIPT = "<script>alert('x')</script>"
IMAGE = '<img src=x onerror="alert(1)">'


def test_markup_in_a_persons_name_and_bio_is_shown_as_text(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    created = client.post(
        "/api/v1/people",
        headers=admin_headers,
        json={
            "email": "mallory@example.com",
            "name": f"Mallory {IMAGE}",
            "title": SCRIPT,
            "bio": f"Hi {SCRIPT}\n{IMAGE}",
            "interests": [SCRIPT],
        },
    )
    assert created.status_code == 201, created.text
    person_id = created.json()["id"]
    log_in_page(client, "person4@example.com")
    for path in (f"/people/{person_id}", "/people?q=mallory"):
        page = client.get(path).text
        assert "Mallory" in page, path
        assert "<script>alert" not in page and "<img src=x" not in page, path
        assert "&lt;script&gt;" in page or "&lt;img" in page, path
