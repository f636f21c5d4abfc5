"""Attack 1 over HTTP: no admin obtains a password, link or token that logs in as someone else
(invitations, password resets, login e-mail changes), through the API, the pages or the audit."""

from __future__ import annotations

from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from tests.e2e.conftest import ADMIN, PARTICIPANT, csrf_of, log_in_page
from tests.mailbox import mail_to, mailed_token

INVITEE = "person5@example.com"
FOREIGN = {"Origin": "https://evil.example"}


def test_an_admin_never_sees_an_invited_persons_link_in_the_api_the_pages_or_the_audit(
    seeded: Growpath, client: TestClient, admin_headers: dict[str, str]
) -> None:
    created = client.post(
        "/api/v1/invitations", headers=admin_headers, json={"email": INVITEE, "roles": []}
    )
    assert created.status_code == 201, created.text
    assert set(created.json()) == {"id", "email", "roles", "created_at", "expires_at", "status"}
    resent = client.post(
        f"/api/v1/invitations/{created.json()['id']}/resend", headers=admin_headers
    )
    token = mailed_token(seeded, INVITEE, "/invitations")
    seen = [
        created.text,
        resent.text,
        client.get("/api/v1/invitations", headers=admin_headers).text,
        client.get("/api/v1/audit", headers=admin_headers).text,
    ]
    log_in_page(client, ADMIN)
    seen += [client.get("/admin/accounts").text, client.get("/admin/audit").text]
    assert all(token not in text for text in seen)
    assert all("password" not in text.lower() for text in seen[:3])


def test_an_invitee_chooses_a_password_on_the_page_and_the_link_then_stops_working(
    seeded: Growpath, client: TestClient, admin_headers: dict[str, str]
) -> None:
    client.post("/api/v1/invitations", headers=admin_headers, json={"email": INVITEE})
    token = mailed_token(seeded, INVITEE, "/invitations")
    page = client.get(f"/invitations/{token}")
    weak = client.post(
        "/invitations/accept",
        data={"csrf": csrf_of(page.text), "token": token, "password": "short"},
    )
    assert weak.status_code == 422 and "at least 12 characters" in weak.text
    accepted = client.post(
        "/invitations/accept",
        data={"csrf": csrf_of(page.text), "token": token, "password": "my-own-choice-42"},
    )
    assert accepted.status_code == 200 and INVITEE in accepted.text  # logged in, at home
    used = client.get(f"/invitations/{token}")
    unknown = client.get("/invitations/" + "x" * 43)
    assert used.status_code == unknown.status_code == 410
    assert "does not work" in used.text and used.text.count(INVITEE) == unknown.text.count(INVITEE)
    client.cookies.clear()  # as another browser, with no session to prove its origin
    again = client.post(
        "/api/v1/auth/invitation", json={"token": token, "password": "another-choice-43"}
    )
    assert again.status_code == 410


def test_an_invitation_without_the_csrf_token_or_from_another_site_is_refused(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    log_in_page(client, ADMIN)
    foreign = client.post("/api/v1/invitations", json={"email": INVITEE}, headers=FOREIGN)
    assert foreign.status_code == 403
    form = client.post("/admin/accounts", data={"email": INVITEE, "roles": "participant"})
    assert form.status_code == 403
    assert client.get("/api/v1/invitations", headers=admin_headers).json() == []


def test_forgot_password_answers_the_same_whether_or_not_the_address_has_an_account(
    seeded: Growpath, client: TestClient
) -> None:
    answers = []
    for email in (PARTICIPANT, "nobody@example.com"):
        page = client.post(
            "/password-reset",
            data={"csrf": csrf_of(client.get("/password-reset").text), "email": email},
        )
        answers.append((page.status_code, page.text.replace(email, "EMAIL")))
        api = client.post("/api/v1/auth/password-reset", json={"email": email})
        answers.append((api.status_code, api.text))
    assert answers[0] == answers[2] and answers[1] == answers[3]
    assert answers[1][0] == 202
    assert mail_to(seeded, "nobody@example.com") == []
    token = mailed_token(seeded, PARTICIPANT, "/password-reset")
    form = client.get(f"/password-reset/{token}")
    assert form.status_code == 200
    reset = client.post(
        "/password-reset/new",
        data={"csrf": csrf_of(form.text), "token": token, "new_password": "reset-and-chosen-5"},
    )
    assert reset.status_code == 200 and "Your password is changed" in reset.text
    client.cookies.clear()
    token_login = client.post(
        "/api/v1/auth/token", json={"email": PARTICIPANT, "password": "reset-and-chosen-5"}
    )
    assert token_login.status_code == 200
    assert client.get(f"/password-reset/{token}").status_code == 410


def test_a_login_email_change_through_the_api_waits_for_the_new_address_and_the_owner(
    seeded: Growpath,
    client: TestClient,
    admin_headers: dict[str, str],
    participant_headers: dict[str, str],
) -> None:
    asked = client.post(
        "/api/v1/me/email", headers=participant_headers, json={"new_email": "p.new@example.com"}
    )
    assert asked.status_code == 202, asked.text
    me = client.get("/api/v1/me", headers=participant_headers).json()
    assert me["email"] == PARTICIPANT
    token = mailed_token(seeded, "p.new@example.com", "/account/email")
    stolen = client.post("/api/v1/me/email/confirm", headers=admin_headers, json={"token": token})
    assert stolen.status_code == 410
    confirmed = client.post(
        "/api/v1/me/email/confirm", headers=participant_headers, json={"token": token}
    )
    assert confirmed.status_code == 200 and confirmed.json()["email"] == "p.new@example.com"
    assert "is now p.new@example.com" in mail_to(seeded, PARTICIPANT)[-1]


def test_an_admins_patch_of_a_persons_email_leaves_their_login_and_mail_alone(
    seeded: Growpath, client: TestClient, admin_headers: dict[str, str]
) -> None:
    person = client.get("/api/v1/people?q=person4", headers=admin_headers).json()["items"][0]
    patched = client.patch(
        f"/api/v1/people/{person['id']}",
        headers=admin_headers,
        json={"email": "admin@evil.example"},
    )
    assert patched.status_code == 200 and patched.json()["email"] == PARTICIPANT
    assert "being changed" in mail_to(seeded, PARTICIPANT)[-1]
    reset = client.post("/api/v1/auth/password-reset", json={"email": "admin@evil.example"})
    assert reset.status_code == 202
    assert not any("/password-reset/" in m for m in mail_to(seeded, "admin@evil.example"))


def test_a_refused_visit_to_a_link_page_leaves_no_token_in_the_audit(
    seeded: Growpath,
    client: TestClient,
    admin_headers: dict[str, str],
    participant_headers: dict[str, str],
) -> None:
    client.post(
        "/api/v1/me/email", headers=participant_headers, json={"new_email": "p.new@example.com"}
    )
    token = mailed_token(seeded, "p.new@example.com", "/account/email")
    # A mail scanner fetching the link, without a session, is refused (401) and audited.
    assert client.get(f"/account/email/{token}").status_code == 401
    trail = client.get("/api/v1/audit?action=access.denied", headers=admin_headers).text
    assert "/account/email/[token]" in trail and token not in trail


def test_the_owner_changes_their_login_email_on_the_account_pages(
    seeded: Growpath, client: TestClient
) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    form = client.get("/account/email")
    assert form.status_code == 200 and PARTICIPANT in form.text
    taken = client.post("/account/email", data={"csrf": csrf, "new_email": ADMIN})
    assert taken.status_code == 409 and 'id="new_email-error"' in taken.text
    asked = client.post("/account/email", data={"csrf": csrf, "new_email": "p.new@example.com"})
    assert asked.status_code == 200 and "on its way to" in asked.text
    token = mailed_token(seeded, "p.new@example.com", "/account/email")
    confirm = client.get(f"/account/email/{token}")
    assert confirm.status_code == 200 and "p.new@example.com" in confirm.text
    done = client.post("/account/email/confirm", data={"csrf": csrf, "token": token})
    assert done.status_code == 200 and "Your login e-mail is now p.new@example.com" in done.text
    assert client.get(f"/account/email/{token}").status_code == 410
