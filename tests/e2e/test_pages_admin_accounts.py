"""Organisation admins invite people in the pages; nobody else can."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.e2e.conftest import ADMIN, PARTICIPANT, csrf_of, log_in_page
from tests.mailbox import mailed_token


def test_an_org_admin_invites_a_person_who_chooses_their_own_password(
    client: TestClient,
) -> None:
    log_in_page(client, ADMIN)
    person = client.get("/people/6")
    assert 'href="/admin/accounts?email=person5%40example.com"' in person.text
    form = client.get("/admin/accounts?email=person5@example.com")
    assert form.status_code == 200 and 'value="person5@example.com"' in form.text
    sent = client.post(
        "/admin/accounts",
        data={"csrf": csrf_of(form.text), "email": "person5@example.com", "roles": "participant"},
    )
    assert sent.status_code == 200
    assert "Invitation sent to person5@example.com" in sent.text
    assert "pending" in sent.text
    growpath = client.app.state.growpath  # type: ignore[attr-defined]
    token = mailed_token(growpath, "person5@example.com", "/invitations")
    invitee = TestClient(client.app)
    page = invitee.get(f"/invitations/{token}")
    assert page.status_code == 200 and "person5@example.com" in page.text
    accepted = invitee.post(
        "/invitations/accept",
        data={"csrf": csrf_of(page.text), "token": token, "password": "my-own-choice-42"},
        follow_redirects=False,
    )
    # They manage people, so they start on their team, as after any login.
    assert accepted.status_code == 303 and accepted.headers["location"] == "/team"
    assert invitee.get("/home").status_code == 200
    assert "accepted" in client.get("/admin/accounts").text


def test_a_second_login_for_the_same_person_is_refused_at_the_email_field(
    client: TestClient,
) -> None:
    log_in_page(client, ADMIN)
    csrf = csrf_of(client.get("/admin/accounts").text)
    refused = client.post(
        "/admin/accounts", data={"csrf": csrf, "email": PARTICIPANT, "roles": "participant"}
    )
    assert refused.status_code == 409
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
    assert 'href="/people/8/erase"' in page.text
    asked = client.get("/people/8/erase")
    assert asked.status_code == 200 and asked.text.count("Erase for good") == 1
    assert "<title>Erase Person 7&#39;s personal data? · growpath</title>" in asked.text
    csrf = csrf_of(asked.text)
    confirmed = {"csrf": csrf, "confirm": "yes"}
    wrong = client.post("/people/8/erase", data={**confirmed, "confirm_email": "person8@x.org"})
    assert wrong.status_code == 422 and 'id="confirm_email-error"' in wrong.text
    assert "Person 7" in client.get("/people/8").text  # nothing changed
    erased = client.post(
        "/people/8/erase", data={**confirmed, "confirm_email": "person7@example.com"}
    )
    assert erased.status_code == 200 and "personal data is erased" in erased.text
    assert "0 people match" in client.get("/people?q=person7%40example.com").text


def test_only_an_org_admin_sees_the_erase_form(client: TestClient) -> None:
    log_in_page(client, PARTICIPANT)
    assert "Erase" not in client.get("/people/8").text
