"""Organisation admins give people a login in the pages; nobody else can."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.e2e.conftest import ADMIN, PARTICIPANT, csrf_of, log_in_page


def test_an_org_admin_gives_a_person_a_login_that_asks_for_a_new_password(
    client: TestClient,
) -> None:
    log_in_page(client, ADMIN)
    person = client.get("/people/6")
    assert 'href="/admin/accounts?email=person5%40example.com"' in person.text
    form = client.get("/admin/accounts?email=person5@example.com")
    assert form.status_code == 200 and 'value="person5@example.com"' in form.text
    created = client.post(
        "/admin/accounts",
        data={"csrf": csrf_of(form.text), "email": "person5@example.com", "roles": "participant"},
    )
    assert created.status_code == 200
    password = re.search(r"<code>([^<]+)</code>", created.text)
    assert password is not None
    fresh = TestClient(client.app)
    login = fresh.post(
        "/login",
        data={
            "email": "person5@example.com",
            "password": password.group(1),
            "csrf": csrf_of(fresh.get("/login").text),
        },
        follow_redirects=False,
    )
    assert login.headers["location"] == "/account/password"


def test_a_second_login_for_the_same_person_is_refused_at_the_email_field(
    client: TestClient,
) -> None:
    log_in_page(client, ADMIN)
    csrf = csrf_of(client.get("/admin/accounts").text)
    refused = client.post(
        "/admin/accounts", data={"csrf": csrf, "email": PARTICIPANT, "roles": "participant"}
    )
    assert refused.status_code == 422
    assert 'id="email-error"' in refused.text and "already exists" in refused.text
    bad = client.post(
        "/admin/accounts", data={"csrf": csrf, "email": "x@example.com", "roles": "root"}
    )
    assert bad.status_code == 422 and "unknown role root" in bad.text


def test_a_participant_cannot_give_logins(client: TestClient) -> None:
    log_in_page(client, PARTICIPANT)
    assert client.get("/admin/accounts", headers={"accept": "text/html"}).status_code == 403


def test_an_org_admin_erases_a_person_only_after_typing_their_email(client: TestClient) -> None:
    log_in_page(client, ADMIN)
    page = client.get("/people/8")
    assert "<title>Person 7 · growpath</title>" in page.text
    assert page.text.count("Erase for good") == 1
    csrf = csrf_of(page.text)
    wrong = client.post("/people/8/erase", data={"csrf": csrf, "confirm_email": "person8@x.org"})
    assert wrong.status_code == 422 and 'id="confirm_email-error"' in wrong.text
    assert "Person 7" in client.get("/people/8").text  # nothing changed
    erased = client.post(
        "/people/8/erase", data={"csrf": csrf, "confirm_email": "person7@example.com"}
    )
    assert erased.status_code == 200 and "personal data is erased" in erased.text
    assert "0 people match" in client.get("/people?q=person7%40example.com").text


def test_only_an_org_admin_sees_the_erase_form(client: TestClient) -> None:
    log_in_page(client, PARTICIPANT)
    assert "Erase" not in client.get("/people/8").text
