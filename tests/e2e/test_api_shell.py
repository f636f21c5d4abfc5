"""Health, OpenAPI and the page shell."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import PASSWORD


def test_healthz_reports_the_database(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_openapi_documents_the_people_api_under_v1(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {
        "/api/v1/people",
        "/api/v1/people/{person_id}",
        "/api/v1/people/import",
        "/api/v1/auth/token",
    } <= set(spec["paths"])
    assert "PersonCreate" in spec["components"]["schemas"]


def test_the_people_page_sends_anonymous_visitors_to_login(client: TestClient) -> None:
    response = client.get("/people?q=x", headers={"accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/people%3Fq%3Dx"


def test_logging_in_through_the_form_shows_the_directory(client: TestClient) -> None:
    form = client.get("/login")
    csrf = form.text.split('name="csrf" value="')[1].split('"')[0]
    response = client.post(
        "/login",
        data={
            "email": "person4@example.com",
            "password": PASSWORD,
            "csrf": csrf,
            "next": "/people",
        },
    )
    assert response.status_code == 200
    assert "<h1>People</h1>" in response.text
    assert "Person 13" in client.get("/people?q=person13").text


def test_a_login_form_without_its_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    response = client.post(
        "/login",
        data={"email": "person4@example.com", "password": PASSWORD},
        headers={"accept": "text/html"},
    )
    assert response.status_code == 403


def test_a_wrong_password_in_the_form_shows_an_error(client: TestClient) -> None:
    form = client.get("/login")
    csrf = form.text.split('name="csrf" value="')[1].split('"')[0]
    response = client.post(
        "/login", data={"email": "person4@example.com", "password": "wrong-one-123", "csrf": csrf}
    )
    assert response.status_code == 401
    assert "wrong e-mail or password" in response.text


def test_login_never_redirects_off_site(client: TestClient) -> None:
    form = client.get("/login?next=//evil.example/x")
    assert 'value="/people"' in form.text


def test_an_unknown_page_answers_404(client: TestClient) -> None:
    assert client.get("/nowhere", headers={"accept": "text/html"}).status_code == 404
