"""Learning over HTTP: reading and completing modules by page and API, Home's training due,
the admins' own modules, the program's onboarding setting, and `growpath modules`."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from growpath.bootstrap import Growpath
from growpath.entrypoints.cli import app as cli
from growpath.entrypoints.cli_support import operator
from growpath.services import accounts, competencies, engagements, enrolment, learning, programs
from growpath.services.context import Context, operator_context
from tests.conftest import PASSWORD
from tests.e2e.conftest import ADMIN, PARTICIPANT, bearer, log_in_page
from tests.factories import csv_bytes, org_rows

runner = CliRunner()
OWN_MODULE = """---
title: How we run one-to-ones
audience: manager
kind: module
themes: [communication]
minutes: 6
practice: Ask one open question in each one-to-one this week.
---
## Weekly, thirty minutes

The report's agenda comes first. <script>alert(1)</script>
"""


def test_a_participant_reads_and_completes_a_module_by_page(client: TestClient) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    index = client.get("/learn")
    assert index.status_code == 200
    assert "Managers: coaching skills" in index.text and "/practice" in index.text
    page = client.get("/learn/grow-model")
    assert page.status_code == 200
    assert "<h2>R — Reality</h2>" in page.text and "Practise this" in page.text
    assert "Mark as complete" in page.text
    done = client.post("/learn/grow-model/complete", data={"csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].endswith("/learn/grow-model")
    again = client.get("/learn/grow-model")
    assert "Mark as complete" not in again.text and "completed" in again.text
    assert client.get("/learn/no-such-module").status_code == 404


def test_a_module_names_its_themes_as_the_organisations_taxonomy_does(
    seeded: Growpath, client: TestClient
) -> None:
    log_in_page(client, PARTICIPANT)
    # Before the taxonomy is installed, a theme shows as its key's words.
    assert "communication, new manager, prioritisation" in client.get("/learn/grow-model").text
    competencies.ensure_catalogue(operator_context(seeded))
    page = client.get("/learn/grow-model").text
    assert "Communication, New manager transition, Prioritisation" in page
    assert "Career growth, Organisational navigation" in client.get("/learn").text


def test_the_api_lists_reads_and_completes_modules(client: TestClient) -> None:
    headers = bearer(client, PARTICIPANT)
    listed = client.get("/api/v1/modules", headers=headers).json()
    assert {m["slug"] for m in listed["resources"]} >= {"career-conversation-map"}
    read = client.get("/api/v1/modules/powerful-questions", headers=headers).json()
    assert read["practice"] and "<h2>" in read["html"] and read["completed_at"] is None
    done = client.post("/api/v1/modules/powerful-questions/complete", headers=headers).json()
    assert done["completed_at"] is not None
    assert client.get("/api/v1/modules/Bad Slug!", headers=headers).status_code == 422


def test_an_enrolled_mentee_sees_their_onboarding_on_home(
    seeded: Growpath, client: TestClient
) -> None:
    admin = Context(seeded, accounts.authenticate(seeded, ADMIN, PASSWORD), "test")
    program = programs.create_from_template(admin, "traditional-mentoring")
    programs.set_status(admin, program.id, "open")
    mentee = Context(seeded, accounts.authenticate(seeded, PARTICIPANT, PASSWORD), "test")
    enrolment.enrol(mentee, program.id, "mentee", {"goals": "Learn to lead design reviews."})
    log_in_page(client, PARTICIPANT)
    home = client.get("/home").text
    assert "Training for your role" in home and "Driving your mentoring relationship" in home


def test_an_org_admin_adds_a_module_and_hides_a_shipped_one_by_api(client: TestClient) -> None:
    headers = bearer(client, ADMIN)
    body = {
        "slug": "our-one-to-ones",
        "title": "Our one-to-ones",
        "audience": "manager",
        "minutes": 5,
        "practice": "Hold one this week.",
        "body": "How we run them <b>here</b>.",
    }
    added = client.post("/api/v1/admin/modules", json=body, headers=headers)
    assert added.status_code == 201 and "&lt;b&gt;" in added.json()["html"]
    bad = client.post(
        "/api/v1/admin/modules", json={**body, "slug": "other", "audience": "ceo"}, headers=headers
    )
    assert bad.status_code == 422 and "audience" in bad.text
    hidden = client.post("/api/v1/admin/modules/delegating/hide", headers=headers)
    assert hidden.status_code == 200 and hidden.json()["hidden"] is True
    participant = bearer(client, PARTICIPANT)
    assert client.get("/api/v1/modules/delegating", headers=participant).status_code == 404
    assert client.get("/api/v1/modules/our-one-to-ones", headers=participant).status_code == 200
    assert (
        client.post("/api/v1/admin/modules/grow-model/hide", headers=participant).status_code == 403
    )


def test_the_admin_page_names_a_bad_field_and_adds_nothing(client: TestClient) -> None:
    csrf = log_in_page(client, ADMIN)
    form = {"csrf": csrf, "slug": "Our Page", "title": "T", "audience": "manager", "kind": "module"}
    answer = client.post("/admin/modules", data={**form, "minutes": "ten", "body": "b"})
    assert answer.status_code == 422
    assert "There is a problem" in answer.text and "must be a whole number" in answer.text
    assert "Our Page" in answer.text
    ok = client.post(
        "/admin/modules",
        data={**form, "slug": "our-page", "minutes": "4", "practice": "Try it.", "body": "Text"},
        follow_redirects=False,
    )
    assert ok.status_code == 303 and ok.headers["location"].endswith("/learn/our-page")
    hide = client.post("/admin/modules/our-page/hide", data={"csrf": csrf}, follow_redirects=False)
    assert hide.status_code == 303
    assert "hidden" in client.get("/admin/modules").text


def test_a_program_admin_sets_the_onboarding_requirement_and_sees_who_waits(
    seeded: Growpath, client: TestClient
) -> None:
    admin = Context(seeded, accounts.authenticate(seeded, ADMIN, PASSWORD), "test")
    program = programs.create_from_template(admin, "traditional-mentoring")
    programs.set_status(admin, program.id, "open")
    mentee = Context(seeded, accounts.authenticate(seeded, PARTICIPANT, PASSWORD), "test")
    enrolment.enrol(mentee, program.id, "mentee", {"goals": "Learn to lead design reviews."})
    headers = bearer(client, ADMIN)
    changed = client.patch(
        f"/api/v1/programs/{program.id}",
        json={"training_required": "before_matching"},
        headers=headers,
    )
    assert changed.status_code == 200 and changed.json()["training_required"] == "before_matching"
    state = client.get(f"/api/v1/programs/{program.id}/training", headers=headers).json()
    assert [w["role"] for w in state["waiting"]] == ["mentee"]
    log_in_page(client, ADMIN)
    page = client.get(f"/admin/programs/{program.id}").text
    assert "Waiting for onboarding: left out of matching" in page
    assert 'name="training_required"' in page
    bad = client.patch(
        f"/api/v1/programs/{program.id}", json={"training_required": "always"}, headers=headers
    )
    assert bad.status_code == 422 and "training_required" in bad.text
    assert engagements.my_engagements(mentee) == []


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A migrated SQLite database of 10 people."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GROWPATH_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "development")
    monkeypatch.setenv("COLUMNS", "200")
    (tmp_path / "people.csv").write_bytes(csv_bytes(org_rows(10)))
    for command in (["db", "upgrade"], ["people", "import", "people.csv"]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 0, result.output
    return tmp_path


def test_the_cli_lists_adds_and_hides_modules(workdir: Path) -> None:
    listed = runner.invoke(cli, ["modules", "list"])
    assert listed.exit_code == 0, listed.output
    assert "grow-model" in listed.output and "shipped" in listed.output
    (workdir / "one-to-ones.md").write_text(OWN_MODULE, encoding="utf-8")
    added = runner.invoke(cli, ["modules", "add", "one-to-ones.md"])
    assert added.exit_code == 0, added.output
    assert "/learn/one-to-ones" in added.output
    assert runner.invoke(cli, ["modules", "hide", "grow-model"]).exit_code == 0
    after = runner.invoke(cli, ["modules", "list"]).output
    assert "one-to-ones" in after and "hidden" in after


def test_the_cli_refuses_a_bad_file_naming_each_field(workdir: Path) -> None:
    bad = OWN_MODULE.replace("audience: manager", "audience: ceo").replace("minutes: 6", "")
    (workdir / "bad.md").write_text(bad, encoding="utf-8")
    refused = runner.invoke(cli, ["modules", "add", "bad.md"])
    assert refused.exit_code == 2
    assert "audience" in refused.output and "minutes" in refused.output
    assert "nothing was written" in refused.output
    assert all(m.shipped for m in learning.admin_modules(operator()))
    missing = runner.invoke(cli, ["modules", "add", "nowhere.md"])
    assert missing.exit_code == 2 and "Cannot read" in missing.output
