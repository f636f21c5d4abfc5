"""Reflection over HTTP: the prompt after a held session, the journal and its sharing, and the
prepare view, through the API and the pages; everyone outside the pair is refused."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.entrypoints.app import create_app
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import operator_context
from growpath.services.people_import import import_people
from tests.conftest import make_account
from tests.e2e.conftest import bearer, log_in_page
from tests.factories import csv_bytes, org_rows, started_engagement
from tests.integration.conftest import Pair
from tests.mailbox import mail_to

MENTEE, MENTOR, ADMIN = "person13@example.com", "person17@example.com", "admin@example.com"
MANAGER, OUTSIDER = "person4@example.com", "person3@example.com"
ACTION = "Book the Quokka-retro"


@pytest.fixture
def running_pair(sqlite_app: Growpath) -> Pair:
    """A mentoring relationship between person 13 and person 17, started."""
    operator = operator_context(sqlite_app)
    import_people(operator, csv_bytes(org_rows(20)), "people.csv")
    ensure_catalogue(operator)
    admin = make_account(sqlite_app, ADMIN, Role.PROGRAM_ADMIN)
    mentee = make_account(sqlite_app, MENTEE)
    mentor = make_account(sqlite_app, MENTOR)
    for email in (MANAGER, OUTSIDER):
        make_account(sqlite_app, email)
    return Pair(started_engagement(admin, mentee, mentor), mentee, mentor, admin)


@pytest.fixture
def client(sqlite_app: Growpath, running_pair: Pair) -> Iterator[TestClient]:
    """A client on the pair's app."""
    with TestClient(create_app(sqlite_app)) as test_client:
        yield test_client


def _hold(client: TestClient, pair: Pair, sqlite_app: Growpath) -> None:
    mentor = bearer(client, MENTOR)
    when = (sqlite_app.clock.now() + timedelta(hours=1)).isoformat()
    path = f"/api/v1/engagements/{pair.engagement_id}/sessions"
    session = client.post(path, headers=mentor, json={"scheduled_at": when})
    assert session.status_code == 201, session.text
    action = {"description": ACTION, "owner_person_id": pair.mentee.actor.person_id}
    held = client.post(
        f"/api/v1/sessions/{session.json()['id']}/hold", headers=mentor, json={"actions": [action]}
    )
    assert held.status_code == 200, held.text


def test_the_api_prompts_journals_shares_and_prepares(
    sqlite_app: Growpath, running_pair: Pair, client: TestClient
) -> None:
    _hold(client, running_pair, sqlite_app)
    mentee, mentor = bearer(client, MENTEE), bearer(client, MENTOR)
    (prompt,) = client.get("/api/v1/me/reflection-prompts", headers=mentee).json()
    assert f"You committed to “{ACTION}”" in prompt["questions"][0]
    assert client.get("/api/v1/me/reflection-prompts", headers=mentor).json() == []
    path = f"/api/v1/engagements/{running_pair.engagement_id}"
    written = client.post(
        f"{path}/journal",
        headers=mentee,
        json={"text": "Booking it felt lighter than I feared.", "prompt_id": prompt["id"]},
    )
    assert written.status_code == 201, written.text
    entry = written.json()
    assert entry["shared"] is False
    assert client.get(f"{path}/prepare", headers=mentor).json()["reflections"] == []
    shared = client.post(f"/api/v1/journal-entries/{entry['id']}/share", headers=mentee)
    assert shared.status_code == 200 and shared.json()["shared"] is True
    prepared = client.get(f"{path}/prepare", headers=mentor).json()
    assert [r["text"] for r in prepared["reflections"]] == [
        "Booking it felt lighter than I feared."
    ]
    assert prepared["actions"][0]["description"] == ACTION
    assert prepared["questions"][0] == f"What happened with “{ACTION}” since you last met?"
    unshared = client.post(f"/api/v1/journal-entries/{entry['id']}/unshare", headers=mentee)
    assert unshared.json()["shared"] is False
    assert client.get(f"{path}/prepare", headers=mentor).json()["reflections"] == []
    assert [e["id"] for e in client.get("/api/v1/me/journal", headers=mentee).json()] == [
        entry["id"]
    ]
    # The session's invite links to the prepare page; the prompt went out once, by e-mail,
    # without the action's words.
    assert any(
        f"/engagements/{running_pair.engagement_id}/prepare" in body
        for body in mail_to(sqlite_app, MENTOR)
    )
    (mail,) = [b for b in mail_to(sqlite_app, MENTEE) if "reflection question" in b]
    assert "Quokka" not in mail


@pytest.mark.parametrize("who", [ADMIN, MANAGER, OUTSIDER, MENTOR])
def test_nobody_but_the_author_reaches_an_entry_and_only_the_pair_prepares(
    sqlite_app: Growpath, running_pair: Pair, client: TestClient, who: str
) -> None:
    mentee = bearer(client, MENTEE)
    path = f"/api/v1/engagements/{running_pair.engagement_id}"
    entry = client.post(
        f"{path}/journal", headers=mentee, json={"text": "Quokka secret", "shared": True}
    ).json()
    headers = bearer(client, who)
    for verb in ("share", "unshare"):
        refused = client.post(f"/api/v1/journal-entries/{entry['id']}/{verb}", headers=headers)
        assert refused.status_code == 404, refused.text
    assert "Quokka" not in client.get("/api/v1/me/journal", headers=headers).text
    prepared = client.get(f"{path}/prepare", headers=headers)
    if who == MENTOR:
        assert prepared.status_code == 200 and "Quokka secret" in prepared.text
    else:
        assert prepared.status_code == 404 and "Quokka" not in prepared.text
        page = client.get(
            f"/engagements/{running_pair.engagement_id}/prepare",
            headers={**headers, "accept": "text/html"},
        )
        assert page.status_code == 404 and "Quokka" not in page.text


def test_the_api_refuses_bad_journal_input_naming_the_field(
    running_pair: Pair, client: TestClient
) -> None:
    mentee, mentor = bearer(client, MENTEE), bearer(client, MENTOR)
    path = f"/api/v1/engagements/{running_pair.engagement_id}/journal"
    for body, field in (
        ({"text": "  "}, "text"),
        ({"text": "ok", "prompt_id": 99}, "prompt_id"),
        ({"text": 5}, "text"),
        ({}, "text"),
    ):
        refused = client.post(path, headers=mentee, json=body)
        assert refused.status_code == 422, refused.text
        assert [p["field"] for p in refused.json()["problems"]] == [field]
    by_guide = client.post(path, headers=mentor, json={"text": "mine"})
    assert by_guide.status_code == 422
    assert by_guide.json()["problems"][0]["field"] == "engagement_id"
    assert client.get("/api/v1/me/journal", headers=mentee).json() == []


def test_the_pages_show_the_prompt_on_home_save_an_answer_and_share_it(
    sqlite_app: Growpath, running_pair: Pair, client: TestClient
) -> None:
    _hold(client, running_pair, sqlite_app)
    csrf = log_in_page(client, MENTEE)
    home = client.get("/home").text
    link = re.search(r'href="(/journal\?prompt=\d+)"', home)
    assert link is not None and "Reflect on your" in home
    page = client.get(link.group(1)).text
    assert ACTION in page
    prompt_id = re.search(r'name="prompt_id" value="(\d+)"', page)
    assert prompt_id is not None
    empty = client.post(
        "/journal",
        data={
            "csrf": csrf,
            "engagement_id": str(running_pair.engagement_id),
            "prompt_id": prompt_id.group(1),
            "text": " ",
        },
    )
    assert empty.status_code == 422 and "write a few words first" in empty.text
    saved = client.post(
        "/journal",
        data={
            "csrf": csrf,
            "engagement_id": str(running_pair.engagement_id),
            "prompt_id": prompt_id.group(1),
            "text": "It went fine.",
            "shared": "on",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    journal = client.get("/journal").text
    assert "It went fine." in journal and "Stop sharing" in journal
    assert "Reflect on your" not in client.get("/home").text
    engagement = client.get(f"/engagements/{running_pair.engagement_id}").text
    assert f"/engagements/{running_pair.engagement_id}/prepare" in engagement
    client.post("/logout", data={"csrf": csrf})
    log_in_page(client, MENTOR)
    prepare = client.get(f"/engagements/{running_pair.engagement_id}/prepare")
    assert prepare.status_code == 200 and "It went fine." in prepare.text
