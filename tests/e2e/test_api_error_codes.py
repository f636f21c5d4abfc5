"""API errors: a machine-stable code for programs, the detail in the caller's language."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.e2e.conftest import PARTICIPANT, bearer, log_in_page

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}


def test_a_missing_engagement_answers_not_found_in_the_callers_language(
    client: TestClient,
) -> None:
    headers = bearer(client, PARTICIPANT)
    english = client.get("/api/v1/engagements/999999", headers=headers)
    assert english.status_code == 404
    assert english.json() == {
        "detail": "no engagement with id 999999",
        "problems": [],
        "code": "not_found",
    }
    german = client.get("/api/v1/engagements/999999", headers={**headers, **GERMAN})
    assert german.status_code == 404
    assert german.json()["code"] == "not_found"
    assert german.json()["detail"] == "keine Begleitung mit der ID 999999"


def test_a_wrong_password_answers_authentication_failed_in_german(client: TestClient) -> None:
    body = {"email": PARTICIPANT, "password": "wrong-password-1"}
    refused = client.post("/api/v1/auth/token", json=body, headers=GERMAN)
    assert refused.status_code == 401
    assert refused.json()["code"] == "authentication_failed"
    assert refused.json()["detail"] == "falsche E-Mail-Adresse oder falsches Passwort"


def test_a_cookie_write_from_another_site_is_forbidden_in_german(client: TestClient) -> None:
    log_in_page(client, PARTICIPANT)
    refused = client.post(
        "/api/v1/me/logout-everywhere", headers={"Origin": "https://evil.example", **GERMAN}
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert refused.json()["detail"].startswith("ein Schreibzugriff mit dem Sitzungs-Cookie")


def test_an_unknown_address_and_a_bad_body_carry_their_codes(client: TestClient) -> None:
    assert client.get("/api/v1/no-such-thing").json()["code"] == "not_found"
    invalid = client.post("/api/v1/auth/token", json={"email": PARTICIPANT})
    assert invalid.status_code == 422 and invalid.json()["code"] == "invalid_input"


def test_the_openapi_error_schema_lists_every_code(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()["components"]["schemas"]["ErrorPublic"]
    assert "code" in schema["required"]
    for code in ("invalid_input", "not_found", "forbidden", "authentication_failed"):
        assert code in schema["properties"]["code"]["description"]
