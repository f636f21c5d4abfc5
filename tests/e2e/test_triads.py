"""Practice triads over HTTP and the command line: forming (preview, confirm), the observer's
feedback for the members alone, moving a round on; admins, managers and outsiders read nothing."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.entrypoints.app import create_app
from growpath.entrypoints.cli import app as cli
from growpath.services import triads
from tests.conftest import make_account
from tests.e2e.conftest import bearer, log_in_page
from tests.integration.test_triads import Cohort, cohort

SECRET = "Wombat-question: the coach asked 'what else?' four times and waited."
ADMIN = "admin@example.com"


@pytest.fixture
def group(sqlite_app: Growpath) -> Cohort:
    """Three people enrolled in a peer program whose admin is admin@example.com."""
    made = cohort(sqlite_app, range(2, 5))
    make_account(sqlite_app, "person10@example.com", Role.ORG_ADMIN)
    make_account(sqlite_app, "person0@example.com")  # manages persons 2 and 4
    make_account(sqlite_app, "person11@example.com")
    return made


@pytest.fixture
def client(sqlite_app: Growpath, group: Cohort) -> Iterator[TestClient]:
    """A client on the cohort's app."""
    with TestClient(create_app(sqlite_app)) as test_client:
        yield test_client


def _email_of(group: Cohort, person_id: int) -> str:
    return next(c.actor.email for c in group.people.values() if c.actor.person_id == person_id)


def _formed(client: TestClient, group: Cohort) -> tuple[int, dict[str, str]]:
    """Form the triad through the API; return its id and each current role's e-mail."""
    admin = bearer(client, ADMIN)
    preview = client.get(f"/api/v1/programs/{group.program_id}/triads/preview", headers=admin)
    assert preview.status_code == 200, preview.text
    plan = preview.json()["plan"]
    formed = client.post(
        f"/api/v1/programs/{group.program_id}/triads", headers=admin, json={"plan": plan}
    )
    assert formed.status_code == 201, formed.text
    triad_id = formed.json()[0]["id"]
    someone = bearer(client, "person2@example.com")
    view = client.get(f"/api/v1/triads/{triad_id}", headers=someone).json()
    return triad_id, {m["role"]: _email_of(group, m["person_id"]) for m in view["members"]}


def test_a_stale_plan_is_refused_over_the_api_and_forms_nothing(
    client: TestClient, group: Cohort
) -> None:
    admin = bearer(client, ADMIN)
    refused = client.post(
        f"/api/v1/programs/{group.program_id}/triads", headers=admin, json={"plan": "1,2,3"}
    )
    assert refused.status_code == 409, refused.text
    assert "changed since the preview" in refused.json()["detail"]
    assert client.get(f"/api/v1/programs/{group.program_id}/triads", headers=admin).json() == []


def test_members_read_the_feedback_and_admins_managers_and_outsiders_get_404(
    client: TestClient, group: Cohort
) -> None:
    triad_id, roles = _formed(client, group)
    observer = bearer(client, roles["observer"])
    coach = bearer(client, roles["coach"])
    body = {"open_questions": SECRET, "listening": "Summarised twice.", "try_next": "Wait."}
    wrong_role = client.post(f"/api/v1/triads/{triad_id}/feedback", headers=coach, json=body)
    assert wrong_role.status_code == 409, wrong_role.text
    recorded = client.post(f"/api/v1/triads/{triad_id}/feedback", headers=observer, json=body)
    assert recorded.status_code == 200, recorded.text
    for email in roles.values():
        seen = client.get(f"/api/v1/triads/{triad_id}", headers=bearer(client, email))
        assert seen.json()["feedback"][0]["open_questions"] == SECRET
    for email in (ADMIN, "person10@example.com", "person0@example.com", "person11@example.com"):
        headers = bearer(client, email)
        assert client.get(f"/api/v1/triads/{triad_id}", headers=headers).status_code == 404
        posted = client.post(f"/api/v1/triads/{triad_id}/feedback", headers=headers, json=body)
        assert posted.status_code == 404, posted.text
        assert SECRET not in client.get("/api/v1/me/triads", headers=headers).text
    admin = bearer(client, ADMIN)
    states = client.get(f"/api/v1/programs/{group.program_id}/triads", headers=admin)
    assert states.status_code == 200 and SECRET not in states.text
    assert states.json()[0]["current_round"] == 1


def test_an_admin_page_shows_round_numbers_and_the_triad_page_is_not_theirs(
    client: TestClient, group: Cohort
) -> None:
    triad_id, roles = _formed(client, group)
    body = {"open_questions": SECRET, "listening": "Summarised.", "try_next": "Wait."}
    observer = bearer(client, roles["observer"])
    client.post(f"/api/v1/triads/{triad_id}/feedback", headers=observer, json=body)
    log_in_page(client, ADMIN)
    listed = client.get(f"/admin/programs/{group.program_id}/triads")
    assert listed.status_code == 200 and "1 of 3" in listed.text
    assert "Wombat" not in listed.text
    assert client.get(f"/triads/{triad_id}").status_code == 404
    # Everyone enrolled is practising: the preview says so, and offers nothing to confirm.
    preview = client.get(f"/admin/programs/{group.program_id}/triads/preview")
    assert preview.status_code == 200 and "No new triads to preview" in preview.text
    assert f'action="/admin/programs/{group.program_id}/triads"' not in preview.text


def test_the_observer_records_feedback_on_the_page_and_a_member_moves_the_round_on(
    client: TestClient, group: Cohort
) -> None:
    triad_id, roles = _formed(client, group)
    csrf = log_in_page(client, roles["observer"])
    page = client.get(f"/triads/{triad_id}")
    assert "you are the <strong>observer</strong>" in page.text
    # A member finds their triads in the main navigation.
    assert '<a href="/triads" aria-current="page">Triads</a>' in page.text
    empty = client.post(
        f"/triads/{triad_id}/feedback",
        data={"csrf": csrf, "open_questions": SECRET, "listening": "", "try_next": ""},
    )
    assert empty.status_code == 422
    assert 'href="#listening"' in empty.text and SECRET in html.unescape(empty.text)
    saved = client.post(
        f"/triads/{triad_id}/feedback",
        data={
            "csrf": csrf,
            "open_questions": SECRET,
            "listening": "Reflected.",
            "try_next": "Wait.",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    moved = client.post(
        f"/triads/{triad_id}/advance", data={"csrf": csrf, "from_round": "1"}, follow_redirects=True
    )
    assert moved.status_code == 200 and "Round 2 of 3" in moved.text
    again = client.post(f"/triads/{triad_id}/advance", data={"csrf": csrf, "from_round": "1"})
    assert again.status_code == 409 and "already moved on" in html.unescape(again.text)
    assert SECRET in html.unescape(client.get(f"/triads/{triad_id}").text)


def test_the_cli_previews_and_forms_a_programs_triads(
    sqlite_app: Growpath, group: Cohort, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The command line opens the same database with the same keys (enrolment goals are sealed).
    monkeypatch.setenv("GROWPATH_DATABASE_URL", str(sqlite_app.engine.url))
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "test")
    monkeypatch.setenv("GROWPATH_SECRET_KEY", sqlite_app.settings.secret_key)
    monkeypatch.setenv("GROWPATH_MAIL_DIR", str(tmp_path / "mail"))
    runner = CliRunner()
    declined = runner.invoke(cli, ["triads", "form", str(group.program_id)], input="n\n")
    assert declined.exit_code == 1, declined.output
    assert "Person 2" in declined.output and "Nothing was formed" in declined.output
    assert triads.program_triads(group.admin, group.program_id) == []
    formed = runner.invoke(cli, ["triads", "form", str(group.program_id), "--yes"])
    assert formed.exit_code == 0, formed.output
    assert "Formed 1 practice triads" in formed.output
    listed = runner.invoke(cli, ["triads", "list", str(group.program_id)])
    assert "1 of 3" in listed.output
    refused = runner.invoke(cli, ["triads", "form", str(group.program_id), "--yes"])
    assert refused.exit_code == 2 and "at least 3" in refused.output
