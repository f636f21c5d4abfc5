"""SCIM provisioning through /scim/v2: filters, pages, PATCH, the manager, refusals, and the
promise that a person deprovisioned by SCIM can no longer log in by any path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.entrypoints.app import create_app
from growpath.services import scim_tokens
from tests.conftest import PASSWORD
from tests.e2e.conftest import PARTICIPANT, bearer, log_in_page

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
HTML = {"accept": "text/html"}
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@pytest.fixture
def scim(app: Growpath) -> Iterator[TestClient]:
    """A client carrying a fresh SCIM token, on SQLite and PostgreSQL."""
    token = scim_tokens.create_token(app, "test").token
    with TestClient(create_app(app), headers={"Authorization": f"Bearer {token}"}) as client:
        yield client


def _user(email: str, **more: Any) -> dict[str, Any]:
    return {
        "schemas": [USER],
        "userName": email,
        "emails": [{"value": email, "primary": True}],
        **more,
    }


def _patch(*operations: dict[str, Any]) -> dict[str, Any]:
    return {"schemas": [PATCH], "Operations": list(operations)}


def test_create_filter_paginate_and_map_the_manager(scim: TestClient) -> None:
    boss = scim.post("/scim/v2/Users", json=_user("boss@example.com", name={"formatted": "Bo Ss"}))
    assert boss.status_code == 201, boss.text
    assert boss.headers["content-type"].startswith("application/scim+json")
    boss_id = boss.json()["id"]
    made = scim.post(
        "/scim/v2/Users",
        json=_user(
            "ann@example.com",
            name={"givenName": "Ann", "familyName": "Lee"},
            title="Engineer",
            **{
                ENTERPRISE: {
                    "employeeNumber": "E-7",
                    "department": "Platform",
                    "manager": {"value": boss_id},
                }
            },
        ),
    )
    assert made.status_code == 201, made.text
    ann = made.json()
    assert ann[ENTERPRISE]["manager"]["value"] == boss_id
    assert ann[ENTERPRISE]["department"] == "Platform"
    # The manager may be named by employee number too.
    scim.post(
        "/scim/v2/Users", json=_user("cy@example.com", **{ENTERPRISE: {"employeeNumber": "E-9"}})
    )
    dee = scim.post(
        "/scim/v2/Users",
        json=_user("dee@example.com", **{ENTERPRISE: {"manager": {"value": "E-9"}}}),
    )
    assert dee.status_code == 201, dee.text
    found = scim.get("/scim/v2/Users", params={"filter": 'userName eq "ANN@example.com"'}).json()
    assert found["totalResults"] == 1 and found["Resources"][0]["id"] == ann["id"]
    assert found["Resources"][0]["name"] == {"givenName": "Ann", "familyName": "Lee"}
    by_number = scim.get(
        "/scim/v2/Users",
        params={"filter": f'{ENTERPRISE}:employeeNumber eq "E-7" and title sw "eng"'},
    ).json()
    assert [u["id"] for u in by_number["Resources"]] == [ann["id"]]
    first = scim.get("/scim/v2/Users", params={"startIndex": 1, "count": 2}).json()
    second = scim.get("/scim/v2/Users", params={"startIndex": 3, "count": 2}).json()
    assert first["totalResults"] == second["totalResults"] == 4
    assert first["itemsPerPage"] == second["itemsPerPage"] == 2
    assert {u["id"] for u in first["Resources"]}.isdisjoint(u["id"] for u in second["Resources"])
    # Values are bound parameters: a quote in a filter is just a character.
    sly = scim.get("/scim/v2/Users", params={"filter": "userName eq \"x' OR '1'='1\""})
    assert sly.status_code == 200 and sly.json()["totalResults"] == 0


def test_patch_replaces_adds_and_removes(scim: TestClient) -> None:
    made = scim.post("/scim/v2/Users", json=_user("eve@example.com", title="Analyst")).json()
    url = f"/scim/v2/Users/{made['id']}"
    changed = scim.patch(
        url,
        json=_patch(
            {"op": "replace", "path": "title", "value": "Lead"},
            {"op": "add", "path": f"{ENTERPRISE}:department", "value": "Data"},
            {"op": "add", "value": {"displayName": "Eve"}},
        ),
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert body["title"] == "Lead" and body["displayName"] == "Eve"
    assert body[ENTERPRISE]["department"] == "Data"
    removed = scim.patch(url, json=_patch({"op": "remove", "path": "title"})).json()
    assert "title" not in removed
    assert scim.get(url).json()[ENTERPRISE]["department"] == "Data"


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (_user("bad"), "emails"),
        (_user("ok@example.com", title="two\nlines"), "title"),
        (_user("ok@example.com", **{ENTERPRISE: {"manager": {"value": "999999"}}}), "manager"),
        ({"schemas": [USER], "userName": "x@example.com", "active": "maybe"}, "active"),
        ({"schemas": [USER]}, "userName"),
    ],
)
def test_bad_input_is_a_scim_400_naming_the_attribute_and_writes_nothing(
    scim: TestClient, body: dict[str, Any], named: str
) -> None:
    before = scim.get("/scim/v2/Users").json()["totalResults"]
    refused = scim.post("/scim/v2/Users", json=body)
    assert refused.status_code == 400, refused.text
    error = refused.json()
    assert error["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert error["scimType"] in ("invalidValue", "invalidSyntax")
    assert named in error["detail"]
    assert scim.get("/scim/v2/Users").json()["totalResults"] == before


def test_refusals_are_scim_errors_never_500(scim: TestClient) -> None:
    made = scim.post("/scim/v2/Users", json=_user("fay@example.com")).json()
    assert (
        scim.post("/scim/v2/Users", json=_user("FAY@example.com")).json()["scimType"]
        == "uniqueness"
    )
    bad_filter = scim.get("/scim/v2/Users", params={"filter": 'nickName eq "x"'})
    assert bad_filter.status_code == 400 and bad_filter.json()["scimType"] == "invalidFilter"
    assert scim.get("/scim/v2/Users", params={"filter": "userName eq"}).status_code == 400
    garbage = scim.patch(
        f"/scim/v2/Users/{made['id']}",
        content=b"{nope",
        headers={"content-type": "application/scim+json"},
    )
    assert garbage.status_code == 400 and garbage.json()["scimType"] == "invalidSyntax"
    assert scim.get("/scim/v2/Users/abc").status_code == 404
    assert scim.get("/scim/v2/Users/99999999").json()["status"] == "404"
    assert scim.delete("/scim/v2/ServiceProviderConfig").status_code == 405


def test_only_a_scim_token_opens_scim(scim: TestClient, app: Growpath) -> None:
    anonymous = scim.get("/scim/v2/Users", headers={"Authorization": ""})
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    assert scim.get("/scim/v2/Users", headers={"Authorization": "Bearer nope"}).status_code == 401
    listed = scim_tokens.list_tokens(app)
    scim_tokens.revoke_token(app, listed[0].id)
    assert scim.get("/scim/v2/Users").status_code == 401


def test_a_person_deprovisioned_by_scim_can_no_longer_log_in_by_any_path(
    seeded: Growpath,
) -> None:
    token = scim_tokens.create_token(seeded, "idp").token
    idp = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(seeded)) as client, TestClient(create_app(seeded)) as browser:
        api = bearer(client, PARTICIPANT)
        feed = client.post("/api/v1/me/calendar-feed", headers=api)
        assert feed.status_code == 201, feed.text
        feed_path = urlsplit(feed.json()["url"]).path
        assert client.get(feed_path).status_code == 200
        log_in_page(browser, PARTICIPANT)
        assert browser.get("/home", follow_redirects=False).status_code == 200
        found = client.get(
            "/scim/v2/Users", params={"filter": f'userName eq "{PARTICIPANT}"'}, headers=idp
        ).json()
        person_url = f"/scim/v2/Users/{found['Resources'][0]['id']}"
        gone = client.patch(
            person_url,
            json=_patch({"op": "replace", "path": "active", "value": False}),
            headers=idp,
        )
        assert gone.status_code == 200 and gone.json()["active"] is False
        # The existing API token, the existing cookie session, the feed URL and the password.
        assert client.get("/api/v1/me", headers=api).status_code == 401
        assert browser.get("/home", headers=HTML, follow_redirects=False).status_code == 303
        assert client.get(feed_path).status_code == 404
        login = {"email": PARTICIPANT, "password": PASSWORD}
        assert client.post("/api/v1/auth/token", json=login).status_code == 401
        assert browser.get("/login").status_code == 200
        # Reactivated, the person logs in with their own password again; old tokens stay ended.
        back = client.patch(
            person_url, json=_patch({"op": "replace", "path": "active", "value": True}), headers=idp
        )
        assert back.json()["active"] is True
        assert client.post("/api/v1/auth/token", json=login).status_code == 200
        assert client.get("/api/v1/me", headers=api).status_code == 401
        # DELETE deprovisions too, and the person is no SCIM User any more; history stays.
        assert client.delete(person_url, headers=idp).status_code == 204
        assert client.post("/api/v1/auth/token", json=login).status_code == 401
        assert client.get(person_url, headers=idp).status_code == 404
        events = client.get(
            "/api/v1/audit",
            headers=bearer(client, "person0@example.com"),
            params={"action": "scim.user"},
        ).json()
        assert {e["action"] for e in events} >= {
            "scim.user.deprovision",
            "scim.user.reactivate",
            "scim.user.delete",
        }


def test_entra_ids_patch_naming_the_manager_by_a_bare_id_sets_the_manager(
    scim: TestClient,
) -> None:
    boss = scim.post("/scim/v2/Users", json=_user("gus@example.com")).json()["id"]
    made = scim.post("/scim/v2/Users", json=_user("hal@example.com")).json()
    path = f"{ENTERPRISE}:manager"
    changed = scim.patch(
        f"/scim/v2/Users/{made['id']}",
        json=_patch({"op": "Replace", "path": path, "value": boss}),
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()[ENTERPRISE]["manager"]["value"] == boss
    unknown = scim.patch(
        f"/scim/v2/Users/{made['id']}", json=_patch({"op": "add", "path": path, "value": "E-404"})
    )
    assert unknown.status_code == 400 and "manager" in unknown.json()["detail"]
