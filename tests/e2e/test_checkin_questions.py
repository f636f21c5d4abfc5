"""A program's own check-in questions over HTTP and the command line: admins define them on
pages and the API, members answer them on the check-in page and the API, admins see only the
protected aggregates, and the CLI lists and adds them."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from growpath.entrypoints.cli import app as cli
from growpath.services import checkin_questions
from tests.e2e import test_pages_participant as participant_pages
from tests.e2e.conftest import ADMIN, PARTICIPANT, bearer, log_in_page
from tests.e2e.test_pages_participant import Running, _admin, form_token

# The participant pages' world: person 4 in a running mentoring pair, with a check-in due.
running = participant_pages.running

HTML = {"accept": "text/html"}
SECRET = "my-mentor-never-listens"


def test_an_admin_adds_changes_orders_and_retires_questions_on_the_pages(
    client: TestClient, running: Running
) -> None:
    csrf = log_in_page(client, ADMIN)
    page = f"/admin/programs/{running.program_id}/questions"
    assert "None yet" in client.get(page).text
    refused = client.post(
        page, data={"csrf": csrf, "kind": "choice", "wording": "Where?", "options": "Office"}
    )
    assert refused.status_code == 422
    assert '<a href="#options">' in refused.text and "Where?" in refused.text
    for wording, kind, extra in (
        ("How clear are your goals?", "scale", {"low_label": "not at all", "high_label": "very"}),
        ("Where do you meet?", "choice", {"options": "Office\nVideo"}),
    ):
        added = client.post(page, data={"csrf": csrf, "kind": kind, "wording": wording, **extra})
        assert "Question added" in added.text
    first, second = checkin_questions.list_questions(_admin(running.app), running.program_id)
    moved = client.post(f"{page}/{second.id}/move", data={"csrf": csrf, "direction": "up"})
    assert moved.text.index("Where do you meet?") < moved.text.index("How clear are your goals?")
    form = client.get(f"{page}/{first.id}").text
    assert 'value="How clear are your goals?"' in form
    changed = client.post(
        f"{page}/{first.id}",
        data={"csrf": csrf, "wording": "How clear now?", "low_label": "no", "high_label": ""},
    )
    assert changed.status_code == 422 and '<a href="#high_label">' in changed.text
    asked = client.get(f"{page}/{first.id}/retire")
    assert "Stop asking “How clear are your goals?”" in asked.text
    unconfirmed = client.post(f"{page}/{first.id}/retire", data={"csrf": csrf})
    assert "Stop asking" in unconfirmed.text
    retired = client.post(f"{page}/{first.id}/retire", data={"csrf": csrf, "confirm": "yes"})
    assert "is no longer asked" in retired.text and "No longer asked" in retired.text


def test_a_participant_answers_the_programs_questions_on_the_check_in_page(
    client: TestClient, running: Running
) -> None:
    admin = _admin(running.app)
    scale = checkin_questions.add_question(
        admin, running.program_id, "scale", "How clear?", "not at all", "very", required=True
    )
    words = checkin_questions.add_question(admin, running.program_id, "text", "What would help?")
    log_in_page(client, PARTICIPANT)
    path = f"/checkins/{running.checkin_id}"
    form = client.get(path).text
    assert "How clear? (required)" in form and "1 (not at all)" in form
    pulse = {"met_since_last": "yes", "satisfaction": "4", "progress": "3"}
    missing = client.post(
        path,
        data={"csrf": form_token(form, path), **pulse, f"question_{words.id}": SECRET},
    )
    assert missing.status_code == 422
    assert f'<a href="#question_{scale.id}">' in missing.text
    assert f"{SECRET}</textarea>" in missing.text  # what was typed is kept
    saved = client.post(
        path,
        data={
            "csrf": form_token(form, path),
            **pulse,
            f"question_{scale.id}": "4",
            f"question_{words.id}": SECRET,
        },
    )
    assert "Thank you: your check-in is saved." in saved.text
    answers = checkin_questions.my_answers(running.mentee)
    assert sorted(str(a.answer) for a in answers) == ["4", SECRET]


def test_the_api_defines_asks_and_answers_questions_and_the_report_tells_no_one_apart(
    client: TestClient, running: Running
) -> None:
    admin = bearer(client, ADMIN)
    member = bearer(client, PARTICIPANT)
    questions = f"/api/v1/programs/{running.program_id}/checkin-questions"
    refused = client.post(questions, headers=admin, json={"kind": "scale", "wording": "Clear?"})
    assert refused.status_code == 422
    assert {p["field"] for p in refused.json()["problems"]} >= {"low_label", "high_label"}
    made = client.post(
        questions, headers=admin, json={"kind": "text", "wording": "What would help?"}
    )
    assert made.status_code == 201, made.text
    question_id = made.json()["id"]
    assert client.get(questions, headers=member).status_code == 403
    asked = client.get(f"/api/v1/checkins/{running.checkin_id}/questions", headers=member)
    assert [q["id"] for q in asked.json()] == [question_id]
    answered = client.post(
        f"/api/v1/checkins/{running.checkin_id}/answer",
        headers=member,
        json={
            "met_since_last": True,
            "satisfaction": 4,
            "progress": 3,
            "answers": {str(question_id): SECRET},
        },
    )
    assert answered.status_code == 200, answered.text
    report = client.get(f"/api/v1/programs/{running.program_id}/report", headers=admin)
    (published,) = report.json()["questions"]
    assert published["respondents"] == {"suppressed": True} and published["answers"] == []
    exported = client.get(
        f"/api/v1/programs/{running.program_id}/report", headers=admin, params={"format": "csv"}
    )
    assert SECRET not in report.text and SECRET not in exported.text
    page = client.get(f"/admin/programs/{running.program_id}/report", headers=admin)
    assert "What would help?" in page.text and SECRET not in page.text
    listed = client.get(questions, headers=admin).json()
    assert listed[0]["answers"] == 1


def test_the_cli_lists_and_adds_questions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GROWPATH_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "development")
    assert runner.invoke(cli, ["init", "--admin-email", "admin@example.com"]).exit_code == 0
    made = runner.invoke(cli, ["programs", "create", "--template", "traditional-mentoring"])
    assert made.exit_code == 0, made.output
    bad = runner.invoke(
        cli, ["programs", "questions", "add", "1", "--kind", "choice", "--wording", "Where?"]
    )
    assert bad.exit_code == 2 and "options" in bad.output
    added = runner.invoke(
        cli,
        ["programs", "questions", "add", "1", "--kind", "choice", "--wording", "Where?"]
        + ["--option", "Office", "--option", "Video", "--required"],
    )
    assert added.exit_code == 0, added.output
    listed = runner.invoke(cli, ["programs", "questions", "list", "1"])
    assert listed.exit_code == 0 and "Where?" in listed.output and "asked" in listed.output
