"""The practice loop through the API and the command line: a manager logs and lists their own
conversations, a report answers once, an admin reads only the protected adoption figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.entrypoints.cli import app as cli
from growpath.services import accounts
from tests.conftest import PASSWORD, START
from tests.e2e.conftest import ADMIN, bearer, log_in_page
from tests.factories import csv_bytes, org_rows

NOTE = "Pangolin: wants to try leading the incident review"
TODAY = START.date().isoformat()


def _conversation(report_person_id: int, **changes: object) -> dict[str, object]:
    return {
        "report_person_id": report_person_id,
        "held_on": TODAY,
        "stages": ["goal", "will"],
        "note": NOTE,
        **changes,
    }


def test_a_manager_logs_through_the_api_and_the_report_answers_once(
    client: TestClient,
    seeded: Growpath,
    participant_headers: dict[str, str],
    admin_headers: dict[str, str],
) -> None:
    # The seeded participant, person 4, manages persons 13 to 15.
    accounts.create_account(seeded, "person13@example.com", {Role.PARTICIPANT}, PASSWORD)
    report = bearer(client, "person13@example.com")
    report_id = client.get("/api/v1/me", headers=report).json()["person_id"]
    manager = participant_headers
    logged = client.post(
        "/api/v1/me/practice/conversations", headers=manager, json=_conversation(report_id)
    )
    assert logged.status_code == 201, logged.text
    assert logged.json()["note"] == NOTE
    conversation = logged.json()["id"]

    refusals = {
        "report_person_id": _conversation(1),  # person 1 reports to person 0, not to them
        "held_on": _conversation(report_id, held_on="2030-01-01"),
        "stages": _conversation(report_id, stages=["grow"]),
    }
    for field, body in refusals.items():
        refused = client.post("/api/v1/me/practice/conversations", headers=manager, json=body)
        assert refused.status_code == 422, refused.text
        assert field in refused.text
    [mine] = client.get("/api/v1/me/practice/conversations", headers=manager).json()
    assert mine["note"] == NOTE
    assert client.get("/api/v1/me/practice/streak", headers=manager).json()["weeks"] == 1
    # Nobody else reads the note: not the report, not an admin.
    for other in (report, admin_headers):
        assert client.get("/api/v1/me/practice/conversations", headers=other).json() == []

    [question] = client.get("/api/v1/me/practice/questions", headers=report).json()
    assert question["conversation_id"] == conversation
    path = f"/api/v1/practice/conversations/{conversation}/answer"
    for other in (manager, admin_headers):
        assert client.post(path, headers=other, json={"answer": 2}).status_code == 404
    assert client.post(path, headers=report, json={"answer": 9}).status_code == 422
    assert client.post(path, headers=report, json={"answer": 2}).status_code == 204
    assert client.post(path, headers=report, json={"answer": 3}).status_code == 409
    seen = client.get("/api/v1/me/practice/feedback", headers=manager).json()
    assert seen == {"enough": False, "answers": 0, "people": 0, "mean": None, "band": ""}

    assert client.get("/api/v1/practice/adoption", headers=manager).status_code == 403
    weeks = client.get("/api/v1/practice/adoption", headers=admin_headers).json()
    # Seven managers, none practising in the last four complete weeks: a band, never a count.
    assert len(weeks) == 4
    assert all(w["practising"] is None and w["text"] == "≤ 15%" for w in weeks)
    assert NOTE not in json.dumps(weeks)


def test_a_participant_who_is_not_the_manager_cannot_log_about_someone_else(
    client: TestClient, participant_headers: dict[str, str]
) -> None:
    refused = client.post(
        "/api/v1/me/practice/conversations",
        headers=participant_headers,
        json=_conversation(2),
    )
    # The seeded participant manages persons 13 to 15 only.
    assert refused.status_code == 422
    assert "is not one of the people who report to you" in refused.text


runner = CliRunner()


def test_practice_adoption_prints_four_weeks_suppressed_under_k(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GROWPATH_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "development")
    monkeypatch.setenv("COLUMNS", "200")
    (tmp_path / "people.csv").write_bytes(csv_bytes(org_rows(10)))
    for command in (["db", "upgrade"], ["people", "import", "people.csv"]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 0, result.output
    table = runner.invoke(cli, ["practice", "adoption"])
    assert table.exit_code == 0, table.output
    assert table.output.count("suppressed") >= 4
    as_json = runner.invoke(cli, ["practice", "adoption", "--json"])
    assert as_json.exit_code == 0, as_json.output
    weeks = json.loads(as_json.output)
    assert [w["text"] for w in weeks] == ["suppressed"] * 4
    assert all(w["practising"] is None for w in weeks)


def test_the_org_admin_sees_adoption_on_the_admin_page_only_as_protected_figures(
    client: TestClient,
) -> None:
    log_in_page(client, ADMIN)
    page = client.get("/admin")
    assert page.status_code == 200
    assert "Managers practising coaching" in page.text
    # Seven managers, none practising: each week reads as a band, never a count of people.
    assert page.text.count("≤ 15%") == 4
