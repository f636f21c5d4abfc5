"""The admin parts of the workflow through the command line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from growpath.bootstrap import bootstrap
from growpath.domain.accounts import Actor, Role
from growpath.entrypoints.cli import app
from growpath.services import accounts, enrolment, matching
from growpath.services.context import Context
from tests.conftest import PASSWORD
from tests.factories import csv_bytes, org_rows

runner = CliRunner()
GOALS = "Grow into a staff engineer and learn how design reviews work here."


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with people imported through the CLI."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GROWPATH_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "development")
    assert runner.invoke(app, ["init", "--admin-email", "admin@example.com"]).exit_code == 0
    (tmp_path / "people.csv").write_bytes(csv_bytes(org_rows(20)))
    assert runner.invoke(app, ["people", "import", "people.csv"]).exit_code == 0
    return tmp_path


def _person(n: int) -> Context:
    growpath = bootstrap()
    with growpath.uow() as uow:
        person = uow.people.by_email(f"person{n}@example.com")
        assert person is not None
        actor = Actor(0, person.email, person.id, frozenset({Role.PARTICIPANT}))
    return Context(app=growpath, actor=actor)


def test_an_admin_creates_matches_approves_and_moves_an_engagement(workdir: Path) -> None:
    tracks = runner.invoke(app, ["programs", "tracks"])
    assert "traditional-mentoring" in tracks.output
    created = runner.invoke(
        app,
        [
            "programs",
            "create",
            "--template",
            "traditional-mentoring",
            "--name",
            "Mentoring",
            "--open",
        ],
    )
    assert created.exit_code == 0, created.output
    program_id = int(re.search(r"Created program (\d+)", created.output).group(1))  # type: ignore[union-attr]
    enrolment.enrol(_person(13), program_id, "mentee", {"goals": GOALS})
    enrolment.enrol(_person(17), program_id, "mentor", {"capacity": 1, "expertise": ["go"]})
    listed = runner.invoke(app, ["programs", "list"])
    assert "Mentoring" in listed.output
    run = runner.invoke(app, ["match", "run", str(program_id)])
    assert run.exit_code == 0, run.output
    assert "certified optimal" in run.output and "Person 13" in run.output
    run_id = re.search(r"Match run (\d+)", run.output).group(1)  # type: ignore[union-attr]
    approved = runner.invoke(app, ["match", "approve", run_id])
    assert "1 proposal(s) approved" in approved.output
    proposal = matching.my_proposals(_person(13))[0]
    matching.respond(_person(13), proposal.id, accept=True)
    matching.respond(_person(17), proposal.id, accept=True)
    started = runner.invoke(app, ["engagements", "transition", "1", "start"])
    assert "Engagement 1 is active." in started.output, started.output
    refused = runner.invoke(app, ["engagements", "transition", "1", "resume"])
    assert refused.exit_code == 2
    assert "it is active, not paused" in refused.output
    shown = runner.invoke(app, ["engagements", "show", "1"])
    assert '"status": "active"' in shown.output
    ended = runner.invoke(app, ["engagements", "transition", "1", "end_early"])
    assert ended.exit_code == 2 and "reason" in ended.output


def test_bad_admin_input_exits_2_with_a_message(workdir: Path) -> None:
    unknown = runner.invoke(app, ["programs", "create", "--template", "astronauts"])
    assert unknown.exit_code == 2 and "no track template 'astronauts'" in unknown.output
    bad_date = runner.invoke(
        app, ["programs", "create", "--template", "flash-mentoring", "--starts-on", "soon"]
    )
    assert bad_date.exit_code == 2 and "--starts-on" in bad_date.output
    missing = runner.invoke(app, ["match", "run", "42"])
    assert missing.exit_code == 2 and "no program with id 42" in missing.output


def test_the_operator_names_and_removes_a_programs_admins(workdir: Path) -> None:
    created = runner.invoke(app, ["programs", "create", "--template", "peer-circles"])
    assert created.exit_code == 0, created.output
    program_id = re.search(r"Created program (\d+)", created.output).group(1)  # type: ignore[union-attr]
    accounts.create_account(bootstrap(), "person5@example.com", {Role.PROGRAM_ADMIN}, PASSWORD)
    added = runner.invoke(app, ["programs", "admins", program_id, "--add", "person5@example.com"])
    assert added.exit_code == 0, added.output
    assert "person5@example.com" in added.output
    unknown = runner.invoke(
        app,
        [
            "programs",
            "admins",
            program_id,
            "--add",
            "nobody@example.com",
            "--remove",
            "person5@example.com",
        ],
    )
    assert unknown.exit_code == 2 and "nobody@example.com" in unknown.output
    kept = runner.invoke(app, ["programs", "admins", program_id])
    assert "person5@example.com" in kept.output  # all or nothing: the removal did not happen
    removed = runner.invoke(
        app, ["programs", "admins", program_id, "--remove", "person5@example.com"]
    )
    assert removed.exit_code == 0 and "no administrators" in removed.output
