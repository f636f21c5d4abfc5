"""/scim/v2 under attack (THREAT_MODEL 1, 2, 8, 9): every attempt gets a clear SCIM 4xx, never a
500, and changes nothing it should not (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import PermissionDenied
from growpath.entrypoints.app import create_app
from growpath.services import accounts, consents, scim_tokens, trajectory
from growpath.services.context import Context, operator_context
from growpath.services.people_import import import_people
from tests.conftest import PASSWORD, make_account
from tests.e2e.conftest import bearer, log_in_page
from tests.factories import csv_bytes, org_rows
from tests.mailbox import mail_to

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
ADMIN = "person0@example.com"
REPORT = "person13@example.com"  # reports to person 4
ATTACKER = "attacker@evil.example"


@pytest.fixture
def org(app: Growpath) -> Growpath:
    """Twenty people, an org admin (person 0) and a participant (person 13)."""
    import_people(operator_context(app), csv_bytes(org_rows(20)), "people.csv")
    accounts.create_account(app, ADMIN, {Role.ORG_ADMIN}, PASSWORD)
    accounts.create_account(app, REPORT, {Role.PARTICIPANT}, PASSWORD)
    return app


@pytest.fixture
def client(org: Growpath) -> Iterator[TestClient]:
    """An HTTP client without credentials."""
    with TestClient(create_app(org)) as test_client:
        yield test_client


@pytest.fixture
def idp(org: Growpath) -> dict[str, str]:
    """The identity provider's Authorization header."""
    return {"Authorization": f"Bearer {scim_tokens.create_token(org, 'idp').token}"}


def _scim_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["schemas"] == [ERROR] and body["status"] == str(status)
    assert body.get("detail")
    return body


def _id_of(client: TestClient, idp: dict[str, str], email: str) -> str:
    found = client.get(
        "/scim/v2/Users", params={"filter": f'userName eq "{email}"'}, headers=idp
    ).json()
    assert found["totalResults"] == 1, found
    return str(found["Resources"][0]["id"])


def _patch(*operations: dict[str, Any]) -> dict[str, Any]:
    return {"schemas": [PATCH], "Operations": list(operations)}


def _count(client: TestClient, idp: dict[str, str]) -> int:
    return int(client.get("/scim/v2/Users", headers=idp).json()["totalResults"])


def test_an_admins_api_token_or_cookie_session_opens_no_scim_route(
    client: TestClient, idp: dict[str, str]
) -> None:
    before = _count(client, idp)
    admin_token = bearer(client, ADMIN)
    new_user = {"schemas": [USER], "userName": ATTACKER, "emails": [{"value": ATTACKER}]}
    for method, path, body in (
        ("GET", "/scim/v2/Users", None),
        ("POST", "/scim/v2/Users", new_user),
        ("PATCH", "/scim/v2/Users/1", _patch({"op": "replace", "path": "active", "value": False})),
        ("DELETE", "/scim/v2/Users/1", None),
        ("GET", "/scim/v2/ServiceProviderConfig", None),
    ):
        answer = client.request(method, path, json=body, headers=admin_token)
        assert _scim_error(answer, 401)
        assert answer.headers["www-authenticate"].startswith("Bearer")
    # A logged-in admin's browser, with the session's own CSRF token, is no authority either.
    csrf = log_in_page(client, ADMIN)
    for headers in ({"x-csrf-token": csrf}, {"x-csrf-token": csrf, "Authorization": "Bearer x"}):
        assert _scim_error(client.post("/scim/v2/Users", json=new_user, headers=headers), 401)
        assert _scim_error(client.delete("/scim/v2/Users/1", headers=headers), 401)
    # A SCIM token opens nothing else.
    assert client.get("/api/v1/me", headers=idp).status_code == 401
    assert _count(client, idp) == before


def test_a_revoked_or_made_up_scim_token_is_refused(
    org: Growpath, client: TestClient, idp: dict[str, str]
) -> None:
    token = idp["Authorization"].split()[1]
    for bad in (token + "x", token[:-1], "scim_" + "A" * 43, token.upper(), f"{token} {token}"):
        assert _scim_error(
            client.get("/scim/v2/Users", headers={"Authorization": f"Bearer {bad}"}), 401
        )
    assert _scim_error(
        client.get("/scim/v2/Users", headers={"Authorization": f"Basic {token}"}), 401
    )
    (listed,) = scim_tokens.list_tokens(org)
    scim_tokens.revoke_token(org, listed.id)
    assert _scim_error(client.get("/scim/v2/Users", headers=idp), 401)
    assert _scim_error(client.delete("/scim/v2/Users/1", headers=idp), 401)


@pytest.mark.parametrize(
    "attempt",
    [
        'userName eq "x" or 1 eq 1',
        'userName eq "x" or "1" eq "1"',
        'userName eq "x") or (userName pr',
        "userName eq x or true",
        'userName eq "x"; DROP TABLE people; --',
        'emails[value co "@"] or userName pr',
        'userName eq "' + "x" * 2000 + '"',
        "(" * 400 + 'userName eq "x"' + ")" * 400,
        "not (" * 150 + 'userName eq "x"' + ")" * 150,
        " or ".join(['userName eq "x"'] * 60),
        'userName eq "\x00"',
        'password eq "x"',
        'meta.lastModified gt "2020"',
    ],
    ids=lambda attempt: attempt[:30],
)
def test_a_filter_injection_is_a_scim_400_or_matches_nothing(
    client: TestClient, idp: dict[str, str], attempt: str
) -> None:
    for answer in (
        client.get("/scim/v2/Users", params={"filter": attempt}, headers=idp),
        client.post("/scim/v2/Users/.search", json={"filter": attempt}, headers=idp),
        client.get("/scim/v2/Groups", params={"filter": attempt}, headers=idp),
    ):
        if answer.status_code == 200:
            assert answer.json()["totalResults"] == 0, attempt
        else:
            assert _scim_error(answer, 400)["scimType"] in ("invalidFilter", "invalidValue")
    assert _count(client, idp) == 20


@pytest.mark.parametrize(
    ("params", "start", "shown"),
    [
        ({"count": 10**12}, 1, 20),
        ({"count": 10**40}, 1, 20),
        ({"count": -5}, 1, 0),
        ({"startIndex": -7, "count": 3}, 1, 3),
        ({"startIndex": 0, "count": 3}, 1, 3),
        ({"startIndex": 10**12, "count": 3}, 10**12, 0),
        ({"startIndex": 10**40}, 10**40, 0),
    ],
)
def test_paging_out_of_bounds_is_clamped_never_a_500(
    client: TestClient, idp: dict[str, str], params: dict[str, int], start: int, shown: int
) -> None:
    answer = client.get("/scim/v2/Users", params=params, headers=idp)
    if answer.status_code == 400:
        assert _scim_error(answer, 400)["scimType"] == "invalidValue"
        return
    assert answer.status_code == 200, answer.text
    page = answer.json()
    assert page["totalResults"] == 20 and page["itemsPerPage"] == shown
    assert len(page.get("Resources", [])) == shown


@pytest.mark.parametrize("params", [{"count": "many"}, {"startIndex": "1e3"}, {"count": "1.5"}])
def test_paging_that_is_not_a_number_is_a_scim_400(
    client: TestClient, idp: dict[str, str], params: dict[str, str]
) -> None:
    assert _scim_error(client.get("/scim/v2/Users", params=params, headers=idp), 400)


def test_the_provider_moving_an_org_admins_email_to_an_attacker_waits_for_the_owner(
    org: Growpath, client: TestClient, idp: dict[str, str]
) -> None:
    url = f"/scim/v2/Users/{_id_of(client, idp, ADMIN)}"
    moved = client.patch(
        url,
        json=_patch(
            {"op": "replace", "path": "emails", "value": [{"value": ATTACKER, "primary": True}]}
        ),
        headers=idp,
    )
    assert moved.status_code == 200, moved.text
    # THREAT_MODEL 2: the login and the person's mail stay until the owner confirms.
    assert [e["value"] for e in moved.json()["emails"]] == [ADMIN]
    assert accounts.authenticate(org, ADMIN, PASSWORD).email == ADMIN
    with org.uow() as uow:
        person = uow.people.by_email(ADMIN)
        assert person is not None and uow.users.by_email(ATTACKER) is None
    assert any(ATTACKER in body for body in mail_to(org, ADMIN))  # the owner is told
    # The attacker's mailbox gets a confirmation link, which needs the owner's login to work.
    (confirmation,) = mail_to(org, ATTACKER)
    assert "/account/email/" in confirmation or "confirm" in confirmation.lower()
    # A userName set to the attacker's address changes no login either.
    renamed = client.patch(
        url, json=_patch({"op": "replace", "path": "userName", "value": ATTACKER}), headers=idp
    )
    assert renamed.status_code == 200 and renamed.json()["emails"][0]["value"] == ADMIN
    with org.uow() as uow:
        assert uow.users.by_email(ATTACKER) is None


def test_the_provider_cannot_make_someone_their_own_manager_nor_close_a_loop(
    client: TestClient, idp: dict[str, str]
) -> None:
    report = _id_of(client, idp, REPORT)
    boss = _id_of(client, idp, "person4@example.com")
    for person, manager in ((report, report), (boss, report)):
        refused = client.patch(
            f"/scim/v2/Users/{person}",
            json=_patch(
                {"op": "replace", "path": f"{ENTERPRISE}:manager", "value": {"value": manager}}
            ),
            headers=idp,
        )
        assert "manager" in _scim_error(refused, 400)["detail"]
    shown = client.get(f"/scim/v2/Users/{report}", headers=idp).json()
    assert shown[ENTERPRISE]["manager"]["value"] == boss


def test_a_new_manager_set_by_the_provider_starts_without_the_old_managers_consent(
    org: Growpath, client: TestClient, idp: dict[str, str]
) -> None:
    report = accounts.authenticate(org, REPORT, PASSWORD)
    report_ctx = Context(app=org, actor=report, source_address="test")
    consents.set_consent(report_ctx, consents.MANAGER_TRAJECTORY, granted=True)
    newcomer = make_account(org, "person7@example.com")
    moved = client.patch(
        f"/scim/v2/Users/{report.person_id}",
        json=_patch(
            {
                "op": "replace",
                "path": f"{ENTERPRISE}:manager",
                "value": {"value": str(newcomer.actor.person_id)},
            }
        ),
        headers=idp,
    )
    assert moved.status_code == 200, moved.text
    assert report.person_id is not None
    with pytest.raises(PermissionDenied, match="has not chosen to share"):
        trajectory.report_trajectory(newcomer, report.person_id)
