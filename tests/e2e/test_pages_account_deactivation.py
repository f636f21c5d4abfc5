"""Organisation admins list accounts and deactivate them (asked first) or reactivate them,
in the pages and the API; deactivation ends the account's logins at once."""

from __future__ import annotations

from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from tests.conftest import PASSWORD
from tests.e2e.conftest import ADMIN, PARTICIPANT, bearer, csrf_of, log_in_page


def _user_id(client: TestClient, email: str) -> int:
    growpath: Growpath = client.app.state.growpath  # type: ignore[attr-defined]
    with growpath.uow() as uow:
        user = uow.users.by_email(email)
        assert user is not None
        return user.id


def _is_active(client: TestClient, email: str) -> bool:
    growpath: Growpath = client.app.state.growpath  # type: ignore[attr-defined]
    with growpath.uow() as uow:
        user = uow.users.by_email(email)
        assert user is not None
        return user.is_active


def test_the_accounts_page_lists_accounts_and_filters_them_by_email(client: TestClient) -> None:
    log_in_page(client, ADMIN)
    page = client.get("/admin/accounts")
    assert page.status_code == 200
    assert '<h2 id="accounts-heading">Accounts</h2>' in page.text
    assert PARTICIPANT in page.text and "Person 4" in page.text and "your account" in page.text
    participant_id = _user_id(client, PARTICIPANT)
    assert f'href="/admin/accounts/{participant_id}/deactivate"' in page.text
    filtered = client.get("/admin/accounts", params={"account_email": "person4"})
    assert "Person 4" in filtered.text and "Person 0" not in filtered.text
    nothing = client.get("/admin/accounts", params={"account_email": "nobody"})
    assert "No account's e-mail contains “nobody”" in nothing.text


def test_deactivation_asks_first_and_a_post_without_confirm_changes_nothing(
    client: TestClient,
) -> None:
    log_in_page(client, ADMIN)
    participant = TestClient(client.app)
    log_in_page(participant, PARTICIPANT)
    user_id = _user_id(client, PARTICIPANT)
    asked = client.get(f"/admin/accounts/{user_id}/deactivate")
    assert asked.status_code == 200
    assert f"Deactivating {PARTICIPANT} ends every login of the account at once" in asked.text
    assert "Their data and history stay." in asked.text
    unconfirmed = client.post(
        f"/admin/accounts/{user_id}/deactivate",
        data={"csrf": csrf_of(asked.text)},
        follow_redirects=False,
    )
    assert unconfirmed.status_code == 200 and "What will happen" in unconfirmed.text
    assert _is_active(client, PARTICIPANT)
    assert participant.get("/home", follow_redirects=False).status_code == 200


def test_a_confirmed_deactivation_logs_the_person_out_and_reactivation_lets_them_back(
    client: TestClient,
) -> None:
    log_in_page(client, ADMIN)
    participant = TestClient(client.app)
    log_in_page(participant, PARTICIPANT)
    user_id = _user_id(client, PARTICIPANT)
    csrf = csrf_of(client.get(f"/admin/accounts/{user_id}/deactivate").text)
    done = client.post(
        f"/admin/accounts/{user_id}/deactivate", data={"csrf": csrf, "confirm": "yes"}
    )
    assert done.status_code == 200 and f"{PARTICIPANT} is deactivated" in done.text
    assert not _is_active(client, PARTICIPANT)
    logged_out = participant.get("/home", headers={"accept": "text/html"}, follow_redirects=False)
    assert logged_out.status_code == 303 and "/login" in logged_out.headers["location"]
    again = client.post(
        f"/admin/accounts/{user_id}/deactivate", data={"csrf": csrf, "confirm": "yes"}
    )
    assert "already deactivated; nothing changed" in again.text
    back = client.post(f"/admin/accounts/{user_id}/reactivate", data={"csrf": csrf})
    assert back.status_code == 200 and f"{PARTICIPANT} is active again" in back.text
    assert _is_active(client, PARTICIPANT)
    log_in_page(participant, PARTICIPANT)
    assert participant.get("/home", follow_redirects=False).status_code == 200


def test_an_admin_is_told_they_cannot_deactivate_their_own_account(client: TestClient) -> None:
    csrf = log_in_page(client, ADMIN)
    admin_id = _user_id(client, ADMIN)
    asked = client.get(f"/admin/accounts/{admin_id}/deactivate")
    assert asked.status_code == 409 and "your own account" in asked.text
    refused = client.post(
        f"/admin/accounts/{admin_id}/deactivate", data={"csrf": csrf, "confirm": "yes"}
    )
    assert refused.status_code == 409 and _is_active(client, ADMIN)
    assert client.get("/admin/accounts/999999/deactivate").status_code == 404


def test_a_participant_cannot_deactivate_anyone(client: TestClient) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    admin_id = _user_id(client, ADMIN)
    refused = client.post(
        f"/admin/accounts/{admin_id}/deactivate",
        data={"csrf": csrf, "confirm": "yes"},
        headers={"accept": "text/html"},
    )
    assert refused.status_code == 403 and _is_active(client, ADMIN)


def test_the_api_lists_deactivates_and_reactivates_and_the_token_stops_at_once(
    client: TestClient,
) -> None:
    admin = bearer(client, ADMIN)
    participant = bearer(client, PARTICIPANT)
    user_id = _user_id(client, PARTICIPANT)
    listed = client.get("/api/v1/accounts", params={"email_contains": "person4"}, headers=admin)
    assert listed.status_code == 200
    (account,) = listed.json()
    assert account["email"] == PARTICIPANT and account["is_active"] is True
    assert account["roles"] == ["participant"] and account["name"] == "Person 4"
    assert client.get("/api/v1/me", headers=participant).status_code == 200

    done = client.post(f"/api/v1/accounts/{user_id}/deactivate", headers=admin)

    assert done.status_code == 200 and done.json()["is_active"] is False
    assert client.get("/api/v1/me", headers=participant).status_code == 401
    login = client.post("/api/v1/auth/token", json={"email": PARTICIPANT, "password": PASSWORD})
    assert login.status_code == 401
    back = client.post(f"/api/v1/accounts/{user_id}/reactivate", headers=admin)
    assert back.status_code == 200 and back.json()["is_active"] is True
    assert bearer(client, PARTICIPANT)
    own = client.post(f"/api/v1/accounts/{_user_id(client, ADMIN)}/deactivate", headers=admin)
    assert own.status_code == 409 and "your own account" in own.json()["detail"]
    denied = client.get("/api/v1/accounts", headers=bearer(client, PARTICIPANT))
    assert denied.status_code == 403
