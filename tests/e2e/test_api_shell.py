"""Health, OpenAPI and the page shell."""

from __future__ import annotations

from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.entrypoints.app import create_app
from growpath.entrypoints.permissions import ROUTE_RULES, Rule
from growpath.services import accounts
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
    assert 'name="next" value=""' in form.text and "evil.example" not in form.text


def test_an_unknown_page_answers_404(client: TestClient) -> None:
    assert client.get("/nowhere", headers={"accept": "text/html"}).status_code == 404


def _csrf(client: TestClient, path: str) -> str:
    return client.get(path).text.split('name="csrf" value="')[1].split('"')[0]


def test_the_first_admin_is_sent_to_change_the_one_time_password(seeded: Growpath) -> None:
    one_time = "a-one-time-password-3"
    accounts.create_account(
        seeded, "boss@example.com", {Role.ORG_ADMIN}, one_time, must_change_password=True
    )
    with TestClient(create_app(seeded)) as browser:
        response = browser.post(
            "/login",
            data={
                "email": "boss@example.com",
                "password": one_time,
                "csrf": _csrf(browser, "/login"),
            },
        )
        assert "Please replace the one-time password" in response.text
        weak = browser.post(
            "/account/password",
            data={
                "current_password": one_time,
                "new_password": "weak",
                "csrf": _csrf(browser, "/account/password"),
            },
        )
        assert weak.status_code == 422
        assert "at least 12 characters" in weak.text
        done = browser.post(
            "/account/password",
            data={
                "current_password": one_time,
                "new_password": PASSWORD,
                "csrf": _csrf(browser, "/account/password"),
            },
        )
        assert "Your password is changed" in done.text
        # This session stays logged in, and an admin's next step is two-step login.
        after = browser.get("/people", headers={"accept": "text/html"})
        assert after.status_code == 200 and after.url.path == "/account/two-step"


def test_the_api_changes_a_password_and_refuses_a_wrong_current_one(
    client: TestClient, participant_headers: dict[str, str]
) -> None:
    wrong = client.post(
        "/api/v1/me/password",
        headers=participant_headers,
        json={"current_password": "nope-nope-1234", "new_password": "x"},
    )
    assert wrong.status_code == 422
    assert {p["field"] for p in wrong.json()["problems"]} == {"current_password", "new_password"}
    ok = client.post(
        "/api/v1/me/password",
        headers=participant_headers,
        json={"current_password": PASSWORD, "new_password": "brand-new-pass-42"},
    )
    assert ok.status_code == 204


def test_every_page_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/login", "/healthz", "/api/v1/people"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_a_refused_request_is_recorded_with_who_and_from_where(
    seeded: Growpath,
    client: TestClient,
    participant_headers: dict[str, str],
    admin_headers: dict[str, str],
) -> None:
    assert client.get("/api/v1/audit", headers=participant_headers).status_code == 403
    events = client.get(
        "/api/v1/audit", headers=admin_headers, params={"action": "access.denied"}
    ).json()
    assert events[0]["actor_email"] == "person4@example.com"
    assert events[0]["target_id"] == "GET /api/v1/audit"
    assert events[0]["detail"] == {"status": 403}


def test_a_head_health_check_answers_like_get(client: TestClient) -> None:
    response = client.head("/healthz")
    assert response.status_code == 200
    assert response.content == b""


def test_the_openapi_document_says_how_each_operation_authenticates(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert set(document["components"]["securitySchemes"]) == {"bearer", "cookie"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            public = ROUTE_RULES[f"{method.upper()} {path}"] == Rule.PUBLIC
            assert operation["security"] == ([] if public else [{"bearer": []}, {"cookie": []}])
    upload = document["paths"]["/api/v1/people/import"]["post"]["requestBody"]["content"]
    body = upload["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert document["components"]["schemas"][body]["properties"]["file"]["format"] == "binary"
